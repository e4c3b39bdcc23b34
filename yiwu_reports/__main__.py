"""`python -m yiwu_reports` runs `make-report`."""

from .cli import main

if __name__ == "__main__":  # not when make-report's worker process imports this module
    main()
