"""Query a built site's search index from the command line, with the browser's engine.

python -m portal_search output/recherche/index "cantine bio"

The query engine is JavaScript (theme/static/js/recherche-engine.js); query.js runs it
under Node on the index files, as the browser does.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
import subprocess
import sys

from portal_core.settings import PROJECT_ROOT

QUERY_SCRIPT = Path(__file__).with_name("query.js")


def query(index: Path, text: str, limit: int, node_modules: Path = PROJECT_ROOT / "node_modules") -> str:
    """The engine's answer for one query, as JSON text."""
    run = subprocess.run(
        ["node", str(QUERY_SCRIPT), str(node_modules), str(index), text, str(limit)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode:
        raise SystemExit(f"recherche impossible dans {index} : {run.stderr.strip()}")
    return run.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description="Interroger l'index de recherche d'un site construit.")
    parser.add_argument("index", type=Path, help="dossier de l'index (output/recherche/index)")
    parser.add_argument("query", help="la requête, telle qu'on la tape")
    parser.add_argument("--limit", type=int, default=10, help="nombre de résultats affichés")
    args = parser.parse_args()
    if not (args.index / "meta.json").is_file():
        sys.exit(f"{args.index} : pas d'index de recherche (meta.json absent) ; construisez d'abord le site")
    answer = json.loads(query(args.index, args.query, args.limit))
    partial = answer["partial"]
    print(
        f"{answer['total']} résultat(s) pour « {args.query} »"
        + (f", dont {partial} avec une partie des mots" if partial else "")
    )
    for word in answer["unmatched"]:
        print(f"aucun résultat pour « {word} »")
    for item in answer["items"]:
        mark = "~" if item["partial"] else " "
        print(f"{item['score']:9.3f} {mark} {item['title']}  ({item['url']})")


if __name__ == "__main__":
    main()
