"""Transferred weight of the portal's pages (gzip), against the fiche's 60 KB budget.

    .venv/bin/python tests/page_weight.py             # builds output/ first if it is missing
    .venv/bin/python tests/page_weight.py --output DIR --strict

The test suite checks the budget with it on every build of the real content
(tests/test_page_weight.py); run it by hand for the whole table.

For each page: the HTML, plus every stylesheet, script, image and icon it makes the
browser load, each compressed with gzip level 6 (what a web server sends). Search assets
(the search scripts, lunr, the search index) are left out and shown apart: they are
measured by bench/search_bench.py. HTTP headers are not counted. 1 KB = 1 000 bytes.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
import gzip
from html.parser import HTMLParser
from pathlib import Path
import statistics
import sys
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 60_000
# Files of the search feature, measured by its own benchmark.
SEARCH_PREFIXES = ("theme/js/recherche", "theme/vendor/lunr/", "recherche/index/")
# Other page types: (label, glob of pages); the heaviest page of each type is shown.
PAGE_TYPES = (
    ("accueil", "index.html"),
    ("thématiques (index)", "thematiques/index.html"),
    ("thématique", "thematiques/*/index.html"),
    ("territoires (index, carte)", "territoires/index.html"),
    ("région", "territoires/region-*/index.html"),
    ("département", "territoires/departement-*/index.html"),
    ("collectivité", "territoires/commune-*/index.html"),
    ("médailles (index)", "medailles/index.html"),
    ("médaille ou palmarès", "medailles/*/index.html"),
    ("liste paginée", "*/*/page/*/index.html"),
    ("prix et labels (index)", "dispositifs/index.html"),
    ("dispositif", "dispositifs/*/index.html"),
    ("données ouvertes", "donnees/index.html"),
    ("le portail en chiffres", "chiffres/index.html"),
    ("recherche", "recherche/index.html"),
    ("mentions légales", "mentions-legales/index.html"),
    ("accessibilité", "accessibilite/index.html"),
    ("données personnelles", "donnees-personnelles/index.html"),
    ("page 404", "404.html"),
)


class AssetParser(HTMLParser):
    """Collect the URLs a page makes the browser load by itself."""

    LOADED: ClassVar[dict[str, str]] = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "video": "src",
        "audio": "src",
    }
    LINK_RELS: ClassVar[set[str]] = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and self.LINK_RELS & set((values.get("rel") or "").split()):
            self.urls.append(values.get("href") or "")
        elif tag in self.LOADED and values.get(self.LOADED[tag]):
            self.urls.append(values[self.LOADED[tag]] or "")


@dataclass
class Weight:
    """gzip bytes of one page and of what it loads, split by kind."""

    page: str
    html: int
    css: int = 0
    js: int = 0
    other: int = 0
    search: int = 0

    @property
    def total(self) -> int:
        """Everything but the search assets."""
        return self.html + self.css + self.js + self.other


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def local_file(output: Path, page: Path, url: str) -> Path | None:
    """The output file a URL of a page points at, or None if it is another site's.

    The development build (SITEURL "") has root-relative URLs; the test builds use 127.0.0.1.
    """
    page_url = "http://site.invalid/" + page.relative_to(output).as_posix()
    parts = urlsplit(urljoin(page_url, url))
    if parts.netloc != "site.invalid" and not parts.netloc.startswith("127.0.0.1"):
        return None
    path = output / parts.path.lstrip("/")
    return path / "index.html" if path.is_dir() else path


def weigh(output: Path, page: Path) -> Weight:
    """The transferred weight of a page and its assets."""
    parser = AssetParser()
    parser.feed(page.read_text(encoding="utf-8"))
    weight = Weight(page.relative_to(output).as_posix(), gzipped(page))
    for url in dict.fromkeys(parser.urls):
        path = local_file(output, page, url)
        if path is None:
            raise SystemExit(f"{weight.page}: ressource d'un autre site : {url}")
        relative = path.relative_to(output).as_posix()
        size = gzipped(path)
        if relative.startswith(SEARCH_PREFIXES):
            weight.search += size
        elif path.suffix == ".css":
            weight.css += size
        elif path.suffix in (".js", ".mjs"):
            weight.js += size
        else:
            weight.other += size
    return weight


def kb(size: int) -> str:
    return f"{size / 1000:6.1f}"


def row(label: str, weight: Weight, budget: int | None = None) -> str:
    verdict = "" if budget is None else ("  OK" if weight.total <= budget else "  DÉPASSE")
    cells = (kb(weight.html), kb(weight.css), kb(weight.js + weight.other), kb(weight.total), kb(weight.search))
    return f"{label:<34} {'  '.join(cells)}{verdict}  {weight.page}"


def report(output: Path) -> bool:
    """Print the table; return True if every fiche fits the budget."""
    fiches = sorted(
        (weigh(output, page) for page in (output / "initiatives").glob("*/index.html") if is_fiche(page)),
        key=lambda w: (w.total, w.page),
    )
    if not fiches:
        raise SystemExit(f"{output}: aucune fiche (construisez le site : invoke build)")
    header = f"{'page (gzip, ko)':<34} {'  HTML':>6}  {'   CSS':>6}  {'JS+img':>6}  {' TOTAL':>6}  {'recherche':>6}"
    print(f"Poids transféré, gzip niveau 6, sans les fichiers de la recherche (budget fiche : {BUDGET / 1000:.0f} ko)")
    print(header)
    print(row("fiche la plus lourde", fiches[-1], BUDGET))
    print(row("fiche médiane", fiches[len(fiches) // 2], BUDGET))
    print(row("fiche la plus légère", fiches[0], BUDGET))
    median = statistics.median(w.total for w in fiches)
    over = sum(w.total > BUDGET for w in fiches)
    print(f"{len(fiches)} fiches : total médian {median / 1000:.1f} ko, {over} au-delà du budget")
    print()
    print(header)
    for label, pattern in PAGE_TYPES:
        pages = [page for page in output.glob(pattern) if is_fiche(page) or "initiatives" not in pattern]
        if pages:
            heaviest = max((weigh(output, page) for page in pages), key=lambda w: (w.total, w.page))
            suffix = f" (max. de {len(pages)})" if len(pages) > 1 else ""
            print(row(f"{label}{suffix}", heaviest))
    return fiches[-1].total <= BUDGET


def is_fiche(page: Path) -> bool:
    """False for the redirect pages of renamed fiches."""
    return 'http-equiv="refresh"' not in page.read_text(encoding="utf-8")[:2000]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Poids transféré (gzip) des pages du portail, face au budget de 60 ko de la fiche."
    )
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="site construit (défaut : output/)")
    parser.add_argument("--strict", action="store_true", help="code de sortie 1 si une fiche dépasse le budget")
    args = parser.parse_args(argv)
    if not (args.output / "index.html").exists() and args.output == ROOT / "output":
        sys.path.insert(0, str(ROOT))
        import tasks

        tasks.atomic_build(tasks.CONFIG["settings_base"])
    within = report(args.output)
    return 1 if args.strict and not within else 0


if __name__ == "__main__":
    sys.exit(main())
