"""`python -m yiwu_reports` runs `make-report`."""

from .cli import main

main()
