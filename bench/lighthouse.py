"""Lighthouse 12 (npm, Debian's Chromium, mobile emulation) on five pages of the portal.

    .venv/bin/python bench/lighthouse.py                 # builds output/ first if it is missing
    .venv/bin/python bench/lighthouse.py --output DIR --strict

Pages: home, the largest fiche, the search page with results, a région (territory index)
and the territories page with its map. Targets: accessibility, best practices and SEO at
1.00, performance at least 0.95, and a cumulative layout shift of at most 0.1 on the
search page. The site is served on 127.0.0.1 by a plain static server (no compression,
no cache headers, as a worst case); about 10 s per page on two cores.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
import json
import os
from pathlib import Path
import subprocess
import sys
import tempfile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from portal_core.chromium import CHROMIUM  # noqa: E402
from portal_core.server import LocalServer  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
MAX_CLS = 0.1
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
    " --no-first-run"
)


@dataclass(frozen=True)
class Audit:
    """The scores of one page, and what failed."""

    name: str
    path: str
    scores: dict[str, float]
    cls: float
    failed: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def problems(self) -> list[str]:
        found = [f"{c} {self.scores[c]:.2f} < {t:.2f}" for c, t in TARGETS.items() if self.scores[c] < t]
        if self.name == "recherche" and self.cls > MAX_CLS:
            found.append(f"CLS {self.cls:.3f} > {MAX_CLS}")
        return found

    def line(self) -> str:
        scores = " ".join(f"{c} {self.scores[c]:.2f}" for c in CATEGORIES)
        verdict = "PASS" if self.passed else "FAIL (" + "; ".join(self.problems) + ")"
        return f"{self.name:<12} {scores} CLS {self.cls:.3f}  {verdict}"


def pages(output: Path) -> dict[str, str]:
    """The five pages Lighthouse audits, by name: URL path relative to the site."""
    fiche = max((output / "initiatives").glob("*/index.html"), key=lambda p: (p.stat().st_size, p.parent.name))
    region = sorted(p.parent.name for p in (output / "territoires").glob("region-*/index.html"))[0]
    return {
        "accueil": "",
        "fiche": f"initiatives/{fiche.parent.name}/",
        "recherche": "recherche/?q=v%C3%A9lo",
        "territoire": f"territoires/{region}/",
        "carte": "territoires/",
    }


def audit_page(name: str, url: str, path: str, folder: Path) -> Audit:
    """Run Lighthouse on one URL and read its JSON report."""
    report = folder / f"{name}.json"
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={CHROME_FLAGS}",
         f"--only-categories={','.join(CATEGORIES)}", "--output=json", f"--output-path={report}"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=True,
    )  # fmt: skip
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: data["categories"][c]["score"] or 0.0 for c in CATEGORIES}
    failed = sorted(
        audit_id
        for audit_id, audit in data["audits"].items()
        if audit.get("scoreDisplayMode") in ("binary", "numeric") and (audit.get("score") or 0) < 1
    )
    return Audit(name, path, scores, data["audits"]["cumulative-layout-shift"]["numericValue"], failed)


def audit_pages(output: Path, address: str) -> list[Audit]:
    """Audit the five pages of a site already served at `address`, one after the other."""
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse manque : lancez « npm ci »")
    with tempfile.TemporaryDirectory() as folder:
        return [audit_page(n, f"{address}/{p}", p, Path(folder)) for n, p in pages(output).items()]


def audit_site(output: Path) -> list[Audit]:
    """Serve a development build (root-relative links) on 127.0.0.1 and audit its five pages."""
    with LocalServer(output) as server:
        return audit_pages(output, server.url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="site construit (défaut : output/)")
    parser.add_argument("--strict", action="store_true", help="sortir en erreur si une page manque un objectif")
    args = parser.parse_args(argv)
    if not (args.output / "index.html").exists():
        subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=ROOT, check=True)
    audits = audit_site(args.output)
    for audit in audits:
        print(audit.line())
        if not audit.passed:
            print(f"    audits sous 1 : {', '.join(audit.failed)}")
    return 1 if args.strict and not all(a.passed for a in audits) else 0


if __name__ == "__main__":
    sys.exit(main())
