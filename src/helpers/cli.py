"""Command line of the compendium: ``python -m helpers.cli report``."""

from __future__ import annotations

import argparse
import sys

from helpers.build import build_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.cli", description="Rebuild the compendium's reports."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("report", help="run every report job of notebooks/reports.yml")
    arguments = parser.parse_args(argv)
    if arguments.command == "report":
        for outputs in build_all():
            print(" ".join(str(path) for path in outputs.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
