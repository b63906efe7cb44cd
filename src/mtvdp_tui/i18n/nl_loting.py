"""Dutch texts for the loting area. Keys are dotted: `<area>.<thing>`."""

MESSAGES: dict[str, str] = {}
