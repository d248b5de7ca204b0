"""The accessibility statement lists the automated checks the suite actually runs, with true figures."""

from __future__ import annotations

import datetime
import json
import re

from portal_core.settings import DEFAULTS
from portal_theme.plugin import load_checks
from support import PAGE_TYPES, ROOT, RealSite, soup

from bench import lighthouse

CHECKS = load_checks(str(ROOT / DEFAULTS["PORTAL_CHECKS"]))


def test_the_checks_file_matches_the_suite():
    datetime.date.fromisoformat(CHECKS["date"])
    text = " ".join(f"{c['what']} {c['result']}" for c in CHECKS["checks"])
    assert {int(n) for n in re.findall(r"(\d+) types de page", text)} == {len(PAGE_TYPES)}
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    npm = {c["npm"] for c in CHECKS["checks"] if "npm" in c}
    assert npm == {"axe-core", "vnu-jar", "lighthouse"}
    assert all(f"node_modules/{name}" in lock for name in npm)
    measured = next(c["result"] for c in CHECKS["checks"] if c["name"] == "Lighthouse")
    low = float(re.search(r"performance de (\d,\d\d)", measured).group(1).replace(",", "."))
    assert low >= lighthouse.TARGETS["performance"]
    for category in ("accessibilité", "bonnes pratiques", "référencement"):
        assert f"{category} 1,00" in measured


def test_the_statement_shows_every_check_with_its_version_and_result(real_site: RealSite):
    page = soup(real_site.output / "accessibilite" / "index.html")
    rows = {
        row.th.get_text(" ", strip=True): row.find_all("td")[-1].get_text(" ", strip=True)
        for row in page.select("table tbody tr")
    }
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    expected = {
        c["name"] + (f" (version {lock['node_modules/' + c['npm']]['version']})" if "npm" in c else ""): " ".join(
            c["result"].split()
        )
        for c in CHECKS["checks"]
    }
    assert rows == expected
