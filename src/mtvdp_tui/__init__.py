"""mtvdp-tui: the MTVDP programme administration for Dutch GP organisations, in the terminal."""

__version__ = "0.1.0"
