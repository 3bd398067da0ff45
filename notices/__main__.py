"""Run the command-line interface with ``python -m notices``."""

from notices.cli import main

main()
