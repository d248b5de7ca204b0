"""Query a built site's search index from the command line, as the browser would.

python -m portal_search output/recherche/index "cantine bio"
"""

from __future__ import annotations

import argparse
from pathlib import Path

from portal_core.settings import PROJECT_ROOT

from .engine import SearchIndex


def main() -> None:
    parser = argparse.ArgumentParser(description="Interroger l'index de recherche d'un site construit.")
    parser.add_argument("index", type=Path, help="dossier de l'index (output/recherche/index)")
    parser.add_argument("query", help="la requête, telle qu'on la tape")
    parser.add_argument("--limit", type=int, default=10, help="nombre de résultats affichés")
    args = parser.parse_args()
    index = SearchIndex(args.index, PROJECT_ROOT / "node_modules")
    cards = index.cards()
    ranked = index.rank(args.query)
    print(f"{len(ranked)} résultat(s) pour « {args.query} »")
    for doc, score in ranked[: args.limit]:
        print(f"{score:8.3f}  {cards[doc]['t']}  ({cards[doc]['u']})")


if __name__ == "__main__":
    main()
