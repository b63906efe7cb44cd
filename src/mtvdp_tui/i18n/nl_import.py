"""Dutch texts for the import area. Keys are dotted: `<area>.<thing>`."""

MESSAGES: dict[str, str] = {}
