"""``python -m kerasteach``: the same as the ``kerasteach`` command."""

import sys

from .cli import main

sys.exit(main())
