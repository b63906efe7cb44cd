"""Dutch texts for the declaraties area. Keys are dotted: `<area>.<thing>`."""

MESSAGES: dict[str, str] = {}
