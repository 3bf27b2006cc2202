"""Run the command line as ``python -m dialbook``."""

import sys

from dialbook.cli import main

sys.exit(main())
