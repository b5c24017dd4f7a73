"""``python -m shortlist``: the same commands as ``shortlist-py``."""

import sys

from .cli import main

sys.exit(main())
