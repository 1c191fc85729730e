"""Command line: ``python -m pakiran validate|dictionary [--data DIR]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import data_dir
from .validation import validate


def _validate(args: argparse.Namespace) -> int:
    folder = Path(args.data) if args.data else data_dir()
    problems = validate(folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s); row numbers count the header as row 1.", file=sys.stderr)
    return 1 if problems else 0


def _dictionary(args: argparse.Namespace) -> int:
    from .dictionary import markdown

    print(markdown(Path(args.data) if args.data else data_dir()), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pakiran", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every table; print all problems; exit 1 if any")
    check.add_argument("--data", help="data folder (default: the package's, or $PAKIRAN_DATA)")
    check.set_defaults(run=_validate)
    words = commands.add_parser("dictionary", help="print the data dictionary (Markdown) from datapackage.json")
    words.add_argument("--data", help="data folder (default: the package's, or $PAKIRAN_DATA)")
    words.set_defaults(run=_dictionary)
    args = parser.parse_args(argv)
    return args.run(args)
