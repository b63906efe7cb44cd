"""Allow `python -m mtvdp_tui`."""

from mtvdp_tui.cli import main

raise SystemExit(main())
