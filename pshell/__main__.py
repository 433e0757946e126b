"""`python -m pshell`."""

from pshell.cli import main

raise SystemExit(main())
