"""Gates on the real build's output: CSP, valid HTML, links and anchors, no personal data, icons.

Each gate records its figure with support.report; the run prints them all at the end.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
import shutil
import subprocess

from portal_core.settings import DEFAULTS, portal_setting
from portal_core.validation import Checker, personal_contacts
from portal_theme.icons import icon_files
import pytest
from support import DATA_BLOCK_TYPES, ROOT, VALID, RealSite, html_pages, link_problems, report, site_settings, soup

pytestmark = pytest.mark.gate

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def csp_directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as {directive: sources}."""
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def csp_problems(page: Path) -> list[str]:
    """The page's <meta> CSP must come first in <head> after the charset, and be strict."""
    html = soup(page)
    metas = html.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    if len(metas) != 1:
        return [f"{len(metas)} CSP au lieu d'une"]
    head = [e for e in html.head.children if getattr(e, "name", None)]
    problems = []
    if head[:2] != [html.find("meta", charset=True), metas[0]]:
        problems.append("la CSP n'est pas juste après <meta charset>")
    policy = csp_directives(metas[0]["content"])
    scripts = policy.get("script-src", policy.get("default-src", []))
    if "'self'" not in scripts or any(s in scripts for s in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:")):
        problems.append(f"script-src trop large : {scripts}")
    if policy.get("object-src") != ["'none'"]:
        problems.append("object-src n'est pas 'none'")
    if policy.get("base-uri") not in (["'self'"], ["'none'"]):
        problems.append("base-uri n'est pas 'self'")
    ignored = {"frame-ancestors", "report-uri", "sandbox"} & set(policy)
    if ignored:
        problems.append(f"directives ignorées dans un <meta> : {sorted(ignored)}")
    # Data blocks (JSON-LD, the search page's meta.json) are never run: only scripts count.
    inline = [s for s in html.find_all("script") if not s.get("src") and s.get("type") not in DATA_BLOCK_TYPES]
    if inline:
        problems.append(f"{len(inline)} script(s) en ligne")
    styled = html.find_all(style=True) + html.find_all("style")
    if styled:
        problems.append(f"{len(styled)} style(s) en ligne, bloqués par style-src")
    return problems


def test_every_page_has_a_strict_content_security_policy(real_site: RealSite):
    pages = html_pages(real_site.output)
    problems = {page: csp_problems(page) for page in pages}
    failing = {str(p.relative_to(real_site.output)): found for p, found in problems.items() if found}
    report("CSP (pages)", f"{len(pages) - len(failing)}/{len(pages)} pages avec une CSP stricte en <meta>")
    assert len(pages) > 400
    assert failing == {}


def test_csp_setting_allows_no_inline_script():
    policy = csp_directives(DEFAULTS["PORTAL_CSP"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]


def test_every_page_is_valid_html(real_site: RealSite):
    """The Nu HTML validator (npm vnu-jar, run with Java) on every page: 0 errors (RGAA 8.2)."""
    if not VNU.exists():
        pytest.fail("vnu-jar manque : lancez « npm ci »")
    if not shutil.which("java"):
        pytest.fail("Java manque : lancez « make browser » (paquet default-jre-headless)")
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(real_site.output)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    pages = len(html_pages(real_site.output))
    report("HTML (Nu validator)", f"{len(errors)} erreur(s) sur {pages} pages")
    assert errors == []
    assert run.returncode == 0


def test_every_internal_link_and_anchor_resolves_at_the_root(real_site: RealSite):
    checked, problems = link_problems(real_site)
    report("Liens (racine)", f"{len(problems)} cassé(s) sur {checked} liens internes et ancres")
    assert checked > 10000
    assert problems == []


def test_the_link_checker_finds_broken_links_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="ici">x</p>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/#ici">ok</a> <a href="a/#ailleurs">ancre</a> <a href="/b/">page</a>'
        ' <a href="javascript:alert(1)">js</a> <a href="https://example.org/">dehors</a>',
        encoding="utf-8",
    )
    checked, problems = link_problems(RealSite(tmp_path, "http://127.0.0.1:1"))
    assert checked == 3
    assert sorted(problems) == [
        "index.html : adresse dangereuse 'javascript:alert(1)'",
        "index.html : ancre introuvable 'a/#ailleurs'",
        "index.html : lien cassé '/b/'",
    ]


def published_texts(output: Path) -> dict[str, list[Path]]:
    """The published files people or machines read, by kind."""
    return {
        "pages": html_pages(output),
        "flux": sorted((output / "feeds").rglob("*.xml")),
        "recherche": sorted(p for p in (output / "recherche").rglob("*.json")),
        "exports": sorted(p for p in (output / "donnees").iterdir() if p.suffix in (".csv", ".json")),
    }


def test_no_personal_contact_in_content_or_output(real_site: RealSite):
    """Only the institutional contacts of PORTAL_ALLOWED_CONTACTS may appear (none today)."""
    allowed = portal_setting(site_settings(ROOT), "PORTAL_ALLOWED_CONTACTS")
    sources = sorted((ROOT / "content").rglob("*.md"))
    found = [f"{p.relative_to(ROOT)} : {c}" for p in sources for c in personal_contacts(p.read_text("utf-8"), allowed)]
    groups = published_texts(real_site.output)
    for kind, files in groups.items():
        for path in files:
            text = path.read_text(encoding="utf-8")
            if kind == "pages":
                html = soup(path)
                links = [a["href"] for a in html.find_all(href=True) if a["href"].startswith(("mailto:", "tel:"))]
                text = html.get_text(" ") + " " + " ".join(links)
            found += [f"{path.relative_to(real_site.output)} : {c}" for c in personal_contacts(text, allowed)]
    sizes = ", ".join(f"{len(files)} {kind}" for kind, files in groups.items())
    report("Données personnelles", f"{len(found)} adresse(s) ou numéro(s) dans {len(sources)} fiches, {sizes}")
    assert all(len(files) > 0 for files in groups.values())
    assert found == []


def test_the_contact_scan_finds_personal_contacts():
    assert personal_contacts("Écrire à jean.dupont@mairie-exemple.fr ou au 06 12 34 56 78.") == [
        "jean.dupont@mairie-exemple.fr",
        "06 12 34 56 78",
    ]
    assert personal_contacts("SIRET 21810004700017, code 81004, 5 854 allumages en 2023") == []


def test_only_allowed_institutional_contacts_pass_the_validation():
    text = VALID + "Écrire à contact@ville-exemple.fr ou à jean.dupont@ville-exemple.fr.\n"
    allowed = Checker.from_settings({"PORTAL_ALLOWED_CONTACTS": ["contact@ville-exemple.fr"]})
    assert personal_contacts(text, ["contact@ville-exemple.fr"]) == ["jean.dupont@ville-exemple.fr"]
    errors = allowed.check_file("content/initiatives/a.md", text).errors
    assert [str(e) for e in errors] == [
        "content/initiatives/a.md:20: texte: adresse e-mail ou numéro de téléphone : n'en publiez aucun"
    ]
    only_allowed = VALID + "Écrire à contact@ville-exemple.fr.\n"
    assert allowed.check_file("content/initiatives/a.md", only_allowed).errors == []
    assert Checker.from_settings({}).check_file("content/initiatives/a.md", only_allowed).errors != []


def test_favicon_and_touch_icon_are_ours_and_reproducible(real_site: RealSite):
    committed = {name: (ROOT / "theme" / "static" / "img" / name).read_bytes() for name in icon_files()}
    assert committed == icon_files(), "relancez « python -m portal_theme.icons »"
    assert (real_site.output / "favicon.ico").read_bytes() == committed["favicon.ico"]
    home = soup(real_site.output / "index.html")
    icons = {link["rel"][0]: link["href"] for link in home.find_all("link", rel=["icon", "apple-touch-icon"])}
    assert icons["apple-touch-icon"] == f"{real_site.siteurl}/theme/img/apple-touch-icon.png"
    assert (real_site.output / "theme" / "img" / "favicon.svg").exists()
