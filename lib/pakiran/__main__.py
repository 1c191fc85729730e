"""Entry point for ``python -m pakiran``."""
import sys

from .cli import main

sys.exit(main())
