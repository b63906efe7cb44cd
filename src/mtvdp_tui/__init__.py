"""mtvdp-tui: the MTVDP programme administration for Dutch GP organisations, in the terminal."""

__version__ = "0.1.0"
APP_NAME = "mtvdp-tui"  # the command, and the name of its folders (platformdirs)
