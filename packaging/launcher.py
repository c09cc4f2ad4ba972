"""Entry point for frozen builds: the same as the `rampwin-desktop` command."""

import sys

from rampwin_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
