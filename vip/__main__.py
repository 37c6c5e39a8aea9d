import sys

from vip.cli import main

sys.exit(main())
