"""mtvdp-tui: the MTVDP programme administration for Dutch GP organisations, in the terminal."""

import logging

__version__ = "0.1.0"
APP_NAME = "mtvdp-tui"  # the command, and the name of its folders (platformdirs)

# Without a log file attached (tests, library use) records go nowhere, rather than to stderr
# through logging's last resort, where a traceback would land in the middle of the screen.
logging.getLogger(__name__).addHandler(logging.NullHandler())
