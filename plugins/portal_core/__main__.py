"""Command line for contributors.

`python -m portal_core validate [CONTENT_DIR]` lists every error of the content;
`python -m portal_core lookup NAME` finds official codes of territories by name.
"""

from __future__ import annotations

import argparse
import sys

from .settings import portal_path
from .territories import OFFICIAL_CODES, load_gazetteer
from .text import fold
from .validation import Checker, content_files


def _fold(text: str) -> str:
    return fold(text).replace("-", " ").replace("'", " ")


def lookup(name: str) -> int:
    """Print the territories whose name contains `name` (accents and case ignored)."""
    gazetteer = load_gazetteer(portal_path({}, "PORTAL_GEO_DATA"))
    wanted = _fold(name)
    found = 0
    for kind in OFFICIAL_CODES:
        for place in gazetteer.all(kind):
            if wanted in _fold(place.name):
                found += 1
                print(
                    f"{kind}\t{place.code}\t{place.name}\t"
                    f"dép. {place.departement}\trég. {place.region}\tpop. {place.population}"
                )
    return 0 if found else 1


def main(argv: list[str] | None = None) -> int:
    """Validate the content folder and print each error as path:line: field: message."""
    parser = argparse.ArgumentParser(prog="portal_core", description=__doc__)
    parser.add_argument("command", choices=["validate", "lookup"])
    parser.add_argument("argument", nargs="?", default="content", help="content folder, or name to look up")
    args = parser.parse_args(argv)
    if args.command == "lookup":
        return lookup(args.argument)
    reports = Checker.from_settings({}).check_all(content_files(args.argument))
    errors = sorted(error for report in reports for error in report.errors)
    for error in errors:
        print(error)
    valid = sum(1 for report in reports if report.initiative is not None)
    print(f"{valid}/{len(reports)} fiche(s) valide(s), {len(errors)} erreur(s)", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
