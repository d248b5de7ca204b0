"""Open data: /donnees/ exports, their schemas, the Données page and redirects.

Most checks read one sample site of three pages (an EPCI with two awards, one of
unknown level; a CCAS with its commune; a commune page with every optional field and
a former slug), built once for the module with the same helpers as `build_site`.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
from pathlib import Path
import re
import subprocess
import sys

from frictionless import Package, Resource, Schema
from jsonschema import Draft202012Validator
from pelican import Pelican
from portal_core.errors import InvalidContentError
from portal_core.frontmatter import parse
from portal_core.validation import EMAIL_RE, PHONE_RE
from portal_core.vocabulary import KIND_LABELS, LEVEL_LABELS, MEDALS, OFFICIAL_CODES, STAGE_LABELS
from portal_opendata.exports import ExportError
from portal_opendata.serialise import csv_bytes, json_bytes
import pytest
from support import ROOT, VALID, page, site_settings, soup, write_files

SITEURL = "http://example.test"

POTAGER = page(
    **{
        '    code: "81004"': (
            '    code: "81004"\n'
            "  - kind: region\n"
            '    code: "76"\n'
            "    role: financeur\n"
            '    named_in_source: "Midi-Pyrénées"'
        ),
        'date: "2026-01-15"': 'date: "2026-01-15"\nmodified: "2026-03-02"',
        "  document: territoria-2017": (
            "  document: territoria-2017\n"
            '  pages: "12-13"\n'
            '  note: "Le dossier de presse place Albi dans le Tarn, à juste titre."\n'
            "key_figures:\n"
            "  - label: Écoles équipées\n"
            '    value: "12, dont 3 « maternelles »"\n'
            "  - label: Légumes récoltés\n"
            '    value: "1,5 tonne par an"\n'
            "dates:\n"
            '  start: "2015-09"\n'
            '  end: "2019"\n'
            "stage: termine\n"
            'stage_as_of: "2017-03"\n'
            "reuse:\n"
            "  partners:\n"
            "    - Chambre d'agriculture du Tarn\n"
            "  budget:\n"
            '    - amount: "12 000 €"\n'
            "      covers: investissement\n"
            '    - amount: "3 000 €"\n'
            '      period: "par an"\n'
            "  team: Deux jardiniers municipaux\n"
            "  success_factors:\n"
            "    - L'adhésion des enseignants\n"
            "    - Un jardinier référent par école\n"
            "  replication: Repris par deux communes voisines\n"
            "related:\n"
            "  - cantine-lyon\n"
            "former_slugs:\n"
            "  - potager-ecoles"
        ),
    }
)
CANTINE_LYON = page(
    **{
        'title: "Un potager dans chaque école"': 'title: "Une cantine « locale », 100 % bio"',
        "kind: commune": "kind: epci",
        'code: "81004"': 'code: "200046977"',
        '  - scheme: territoria\n    year: "2017"\n    level: or\n    category: "Aménagement / Urbanisme"': (
            "  - scheme: territoria\n"
            '    year: "2019"\n'
            "    level: inconnu\n"
            "    candidates: [argent, or]\n"
            '    category: "Services aux personnes"\n'
            "  - scheme: territoire-innovant\n"
            '    year: "2023"\n'
            "    level: bronze\n"
            '    category: "Territoire inclusif"\n'
            '    distinction: "Coup de cœur du jury"'
        ),
        "  - agriculture-alimentation": "  - agriculture-alimentation\n  - solidarites",
        "document: territoria-2017": "document: territoria-2019",
    }
)
CCAS_NANCY = page(
    **{
        'title: "Un potager dans chaque école"': 'title: "Un jardin partagé pour les aînés"',
        '  - kind: commune\n    code: "81004"': (
            "  - kind: ccas\n"
            '    name: "CCAS de Nancy"\n'
            "    within:\n"
            "      kind: commune\n"
            '      code: "54395"\n'
            "  - kind: commune\n"
            '    code: "81004"'
        ),
    }
)
SAMPLE = {
    "initiatives/potager.md": POTAGER,
    "initiatives/cantine-lyon.md": CANTINE_LYON,
    "initiatives/ccas-nancy.md": CCAS_NANCY,
}
SLUGS = sorted(Path(name).stem for name in SAMPLE)
FRONT_MATTER = {Path(name).stem: parse(name, text).data for name, text in SAMPLE.items()}
DATA_FILES = [
    "collectivites.csv",
    "collectivites.tableschema.json",
    "datapackage.json",
    "initiative.schema.json",
    "initiatives.csv",
    "initiatives.json",
    "initiatives.tableschema.json",
]


def build(root: Path, files: dict[str, str]) -> Path:
    """Build a site in `root`, as the build_site fixture does; return its output folder."""
    write_files(root, files)
    Pelican(site_settings(root, SITEURL=SITEURL)).run()
    return root / "output"


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("sample"), SAMPLE)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in rows}


# One row per initiative ---------------------------------------------------------------


def test_exports_have_exactly_one_row_per_initiative_page(output):
    rows = read_csv(output / "donnees" / "initiatives.csv")
    document = read_json(output / "donnees" / "initiatives.json")
    assert [row["id"] for row in rows] == SLUGS
    assert [item["id"] for item in document["initiatives"]] == SLUGS
    assert document["count"] == len(SLUGS)
    pages = sorted(p.parent.name for p in (output / "initiatives").glob("*/index.html"))
    assert pages == sorted([*SLUGS, "potager-ecoles"])  # the pages, plus one redirect


def test_collectivities_are_listed_once_with_their_initiatives(output):
    rows = by_id(read_csv(output / "donnees" / "collectivites.csv"))
    assert list(rows) == ["ccas-commune-54395-ccas-de-nancy", "commune-81004", "epci-200046977", "region-76"]
    albi = rows["commune-81004"]
    assert (albi["kind"], albi["code"], albi["name"]) == ("commune", "81004", "Albi")
    assert (albi["departement_code"], albi["departement_name"], albi["region_code"]) == ("81", "Tarn", "76")
    assert (albi["initiatives"], albi["initiative_ids"]) == ("2", "ccas-nancy|potager")
    assert int(albi["population"]) > 40000
    ccas = rows["ccas-commune-54395-ccas-de-nancy"]
    assert (ccas["code"], ccas["population"], ccas["within_code"], ccas["within_name"]) == (
        "",
        "",
        "54395",
        "Nancy",
    )
    assert (ccas["departement_code"], ccas["region_name"]) == ("54", "Grand Est")
    lyon = rows["epci-200046977"]
    assert (lyon["name"], lyon["departement_code"], lyon["initiatives"]) == ("Métropole de Lyon", "69", "1")
    # A funder is listed, but the initiative it funds is not counted as its own.
    region = rows["region-76"]
    assert (region["initiatives"], region["initiative_ids"], region["supported_initiative_ids"]) == ("0", "", "potager")
    assert albi["supported_initiative_ids"] == ""


def test_the_data_page_counts_carrying_collectivities(output):
    lead = soup(output / "donnees" / "index.html").select_one(".lead").get_text(" ", strip=True)
    assert "portées par 3 collectivités" in lead


# Schemas ------------------------------------------------------------------------------


def validate_csv(folder: Path, name: str):
    schema = Schema.from_descriptor(read_json(folder / name.replace(".csv", ".tableschema.json")))
    return Resource(path=name, basepath=str(folder), schema=schema).validate()


def report_text(report) -> str:
    return "\n".join(str(row) for row in report.flatten(["rowNumber", "fieldName", "type", "note"]))


@pytest.mark.parametrize("name", ["initiatives.csv", "collectivites.csv"])
def test_csv_validates_against_its_table_schema(output, name):
    report = validate_csv(output / "donnees", name)
    assert report.valid, report_text(report)
    assert report.tasks[0].stats["rows"] == len(read_csv(output / "donnees" / name))


def test_data_package_validates(output):
    report = Package(str(output / "donnees" / "datapackage.json")).validate()
    assert report.valid, report_text(report)
    assert [task.name for task in report.tasks] == ["initiatives", "collectivites"]


def test_table_schema_rejects_a_bad_row(output, tmp_path):
    """The schema has teeth: a medal that does not exist, a duplicated id fail validation."""
    text = (output / "donnees" / "initiatives.csv").read_text(encoding="utf-8")
    for name in ("initiatives.csv", "initiatives.tableschema.json"):
        (tmp_path / name).write_text((output / "donnees" / name).read_text(encoding="utf-8"), encoding="utf-8")
    lines = text.splitlines(keepends=True)
    bad = text.replace(",inconnu|bronze,", ",platine|bronze,")
    assert bad != text
    (tmp_path / "initiatives.csv").write_text(bad + lines[1], encoding="utf-8")
    report = validate_csv(tmp_path, "initiatives.csv")
    errors = {(error.type, getattr(error, "field_name", None)) for error in report.tasks[0].errors}
    assert ("constraint-error", "award_levels") in errors
    assert ("primary-key", None) in errors


def test_table_schemas_use_the_portal_vocabularies():
    initiatives = read_json(ROOT / "schema" / "initiatives.tableschema.json")
    collectivites = read_json(ROOT / "schema" / "collectivites.tableschema.json")
    front = read_json(ROOT / "schema" / "initiative.schema.json")
    fields = {f["name"]: f for f in initiatives["fields"]}
    cfields = {f["name"]: f for f in collectivites["fields"]}
    assert cfields["kind"]["constraints"]["enum"] == list(KIND_LABELS)
    assert cfields["within_kind"]["constraints"]["enum"] == list(OFFICIAL_CODES)
    assert fields["stage"]["constraints"]["enum"] == list(STAGE_LABELS) == front["properties"]["stage"]["enum"]
    assert re.findall(r"\w+", fields["award_levels"]["constraints"]["pattern"])[:5] == list(LEVEL_LABELS)
    assert re.findall(r"\w+", fields["award_candidates"]["constraints"]["pattern"])[:3] == list(MEDALS)
    assert f"({'|'.join(KIND_LABELS)})" in fields["collectivity_kinds"]["constraints"]["pattern"]
    for field in [*initiatives["fields"], *collectivites["fields"]]:
        assert field.get("title") and field.get("description"), field["name"]


def test_json_holds_the_front_matter_and_validates_against_the_published_schema(output):
    document = read_json(output / "donnees" / "initiatives.json")
    validator = Draft202012Validator(read_json(output / "donnees" / "initiative.schema.json"))
    rows = by_id(read_csv(output / "donnees" / "initiatives.csv"))
    for item in document["initiatives"]:
        assert list(validator.iter_errors(item["front_matter"])) == [], item["id"]
        assert item["front_matter"] == FRONT_MATTER[item["id"]]
        assert item["url"] == rows[item["id"]]["url"] == f"{SITEURL}/initiatives/{item['id']}/"
        assert [c["id"] for c in item["collectivities"]] == rows[item["id"]]["collectivity_ids"].split("|")
    assert document["updated"] == "2026-03-02"
    assert document["license"]["title"] == "Licence Ouverte / Open Licence 2.0"
    assert set(document["vocabularies"]) == {"schemes", "categories", "sources"}
    assert (output / "donnees" / "initiative.schema.json").read_bytes() == (
        ROOT / "schema" / "initiative.schema.json"
    ).read_bytes()


# Round trip: CSV → the facts of the front matter -------------------------------------


def items(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def aligned(cell: str, count: int) -> list[str]:
    values = cell.split("|") if cell else [""] * count
    assert len(values) == count, cell
    return values


def collectivity_from_csv(row: dict[str, str], role: str, named_in_source: str) -> dict:
    if row["code"]:
        data = {"kind": row["kind"], "code": row["code"]}
    else:
        data = {
            "kind": row["kind"],
            "name": row["name"],
            "within": {"kind": row["within_kind"], "code": row["within_code"]},
        }
    if role != "porteur":
        data["role"] = role
    if named_in_source:
        data["named_in_source"] = named_in_source
    return data


def reuse_from_csv(row: dict[str, str]) -> dict:
    amounts = items(row["reuse_budget_amounts"])
    budget = zip(
        amounts,
        aligned(row["reuse_budget_covers"], len(amounts)),
        aligned(row["reuse_budget_periods"], len(amounts)),
        strict=True,
    )
    reuse = {
        "partners": items(row["reuse_partners"]),
        "budget": [
            {key: value for key, value in zip(("amount", "covers", "period"), line, strict=True) if value}
            for line in budget
        ],
        "team": row["reuse_team"],
        "duration": row["reuse_duration"],
        "success_factors": items(row["reuse_success_factors"]),
        "difficulties": items(row["reuse_difficulties"]),
        "replication": row["reuse_replication"],
    }
    return {key: value for key, value in reuse.items() if value not in ("", [])}


def award_from_csv(scheme, year, level, candidates, category, distinction) -> dict:
    award = {"scheme": scheme, "year": year, "level": level, "category": category}
    if candidates:
        award["candidates"] = candidates.split("+")
    if distinction:
        award["distinction"] = distinction
    return award


def front_matter_from_csv(row: dict[str, str], collectivities: dict[str, dict[str, str]]) -> dict:
    """Read a row of initiatives.csv back as front matter, following the Données page."""
    schemes = items(row["award_schemes"])
    n = len(schemes)
    awards = zip(
        schemes,
        aligned(row["award_years"], n),
        aligned(row["award_levels"], n),
        aligned(row["award_candidates"], n),
        aligned(row["award_categories"], n),
        aligned(row["award_distinctions"], n),
        strict=True,
    )
    labels = items(row["key_figure_labels"])
    ids = items(row["collectivity_ids"])
    roles = aligned(row["collectivity_roles"], len(ids))
    names_in_source = aligned(row["collectivity_names_in_source"], len(ids))
    data = {
        "title": row["title"],
        "date": row["date"],
        "modified": row["modified"],
        "summary": row["summary"],
        "collectivities": [
            collectivity_from_csv(collectivities[key], role, named)
            for key, role, named in zip(ids, roles, names_in_source, strict=True)
        ],
        "awards": [award_from_csv(*award) for award in awards],
        "categories": items(row["categories"]),
        "key_figures": [
            {"label": label, "value": value}
            for label, value in zip(labels, aligned(row["key_figure_values"], len(labels)), strict=True)
        ],
        "dates": {key: row[key] for key in ("start", "end") if row[key]},
        "stage": row["stage"],
        "stage_as_of": row["stage_as_of"],
        "reuse": reuse_from_csv(row),
        "source": {key: row[f"source_{key}"] for key in ("document", "pages", "note") if row[f"source_{key}"]},
        "related": items(row["related"]),
        "former_slugs": items(row["former_slugs"]),
    }
    return {key: value for key, value in data.items() if value not in ("", [], {})}


def test_csv_round_trips_to_the_front_matter(output):
    rows = read_csv(output / "donnees" / "initiatives.csv")
    collectivities = by_id(read_csv(output / "donnees" / "collectivites.csv"))
    for row in rows:
        assert front_matter_from_csv(row, collectivities) == FRONT_MATTER[row["id"]], row["id"]
    potager = by_id(rows)["potager"]
    assert potager["key_figure_values"] == "12, dont 3 « maternelles »|1,5 tonne par an"
    assert potager["collectivity_roles"] == "porteur|financeur"
    assert potager["collectivity_names_in_source"] == "|Midi-Pyrénées"
    assert potager["reuse_budget_periods"] == "|par an"
    assert potager["stage_as_of"] == "2017-03"
    assert by_id(rows)["cantine-lyon"]["award_candidates"] == "argent+or|"


def test_aligned_collectivity_columns(output):
    row = by_id(read_csv(output / "donnees" / "initiatives.csv"))["ccas-nancy"]
    assert row["collectivity_kinds"] == "ccas|commune"
    assert row["collectivity_codes"] == "|81004"
    assert row["collectivity_names"] == "CCAS de Nancy|Albi"
    assert row["collectivity_departements"] == "54|81"
    assert row["collectivity_regions"] == "44|76"


# Determinism, no HTML, no personal data ----------------------------------------------

BUILD_SCRIPT = (
    "import sys; from pathlib import Path; from pelican import Pelican; "
    "from support import site_settings; "
    "Pelican(site_settings(Path(sys.argv[1]), SITEURL=sys.argv[2])).run()"
)


def published_files(output: Path) -> dict[str, bytes]:
    """The exports, the Données page, the redirect page and a fiche's citations, by relative path."""
    paths = [
        *sorted((output / "donnees").iterdir()),
        output / "initiatives" / "potager-ecoles" / "index.html",
        output / "initiatives" / "potager" / "citation.json",
        output / "initiatives" / "potager" / "citation.bib",
    ]
    return {str(path.relative_to(output)): path.read_bytes() for path in paths}


def test_two_builds_are_byte_identical_whatever_the_hash_seed(output, tmp_path):
    # Second build: another process, another hash seed, files written in another order.
    write_files(tmp_path, dict(reversed(SAMPLE.items())))
    env = {
        **os.environ,
        "PYTHONHASHSEED": "4242",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT / "plugins"), str(ROOT)]),
    }
    done = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(tmp_path), SITEURL],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    first, second = published_files(output), published_files(tmp_path / "output")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_exports_are_utf8_with_unix_line_endings(output):
    for name in DATA_FILES:
        raw = (output / "donnees" / name).read_bytes()
        assert b"\r" not in raw, name
        assert not raw.startswith(b"\xef\xbb\xbf"), name
        assert raw.endswith(b"\n"), name
        raw.decode("utf-8")


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_no_html_and_no_personal_data_in_exports(output):
    folder = output / "donnees"
    values = [
        v for name in ("initiatives.csv", "collectivites.csv") for row in read_csv(folder / name) for v in row.values()
    ]
    values += list(strings(read_json(folder / "initiatives.json")))
    assert len(values) > 100
    for value in values:
        assert "<" not in value and ">" not in value, value
        assert not EMAIL_RE.search(value) and not PHONE_RE.search(value), value
    # The body of a page (rendered as HTML on the site) is not part of the exports.
    assert not [v for v in values if "cultivent des légumes" in v]


def test_a_list_separator_in_a_value_stops_the_build(tmp_path):
    figures = 'key_figures:\n  - label: Élèves | parents\n    value: "300"'
    bad = page(**{"  document: territoria-2017": f"  document: territoria-2017\n{figures}"})
    write_files(tmp_path, {"initiatives/potager.md": bad})
    # The front-matter contract already refuses it, so `invoke validate` reports it too.
    with pytest.raises(InvalidContentError, match=r"key_figures\[0\]\.label: les caractères <, > et \| sont interdits"):
        Pelican(site_settings(tmp_path)).run()


def test_csv_bytes_quotes_minimally_and_checks_columns():
    assert (
        csv_bytes(["a", "b"], [{"a": 'x, "y"', "b": "l1\nl2"}, {"a": "", "b": "z"}])
        == b'a,b\n"x, ""y""","l1\nl2"\n,z\n'
    )
    with pytest.raises(ExportError):
        csv_bytes(["a", "b"], [{"a": "1"}])


def test_json_bytes_sorts_keys_and_keeps_accents():
    assert json_bytes({"b": 1, "a": ["é"]}) == '{\n  "a": [\n    "é"\n  ],\n  "b": 1\n}\n'.encode()


# Stable identifiers: redirects -------------------------------------------------------


def test_redirect_page_at_the_former_slug(output):
    html = soup(output / "initiatives" / "potager-ecoles" / "index.html")
    target = f"{SITEURL}/initiatives/potager/"
    assert html.html["lang"] == "fr"
    assert html.title.get_text().strip()
    assert html.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert html.find("link", rel="canonical")["href"] == target
    assert [a["href"] for a in html.find_all("a")] == [target]
    assert (output / "initiatives" / "potager" / "index.html").exists()


def test_renaming_a_page_keeps_a_redirect_at_the_old_url(build_site, tmp_path):
    before = build_site({"initiatives/potager-ecoles.md": VALID})
    assert (
        soup(before / "initiatives" / "potager-ecoles" / "index.html").h1.get_text() == "Un potager dans chaque école"
    )
    (tmp_path / "content" / "initiatives" / "potager-ecoles.md").unlink()
    renamed = page(**{"  document: territoria-2017": "  document: territoria-2017\nformer_slugs: [potager-ecoles]"})
    after = build_site({"initiatives/potager.md": renamed})
    old = soup(after / "initiatives" / "potager-ecoles" / "index.html")
    assert old.find("link", rel="canonical")["href"] == "http://example.test/initiatives/potager/"
    assert [row["id"] for row in read_csv(after / "donnees" / "initiatives.csv")] == ["potager"]


# The Données page ---------------------------------------------------------------------


def test_donnees_page_links_every_file_and_the_links_resolve(output):
    html = soup(output / "donnees" / "index.html")
    prefix = f"{SITEURL}/donnees/"
    links = {a["href"] for a in html.select("table.files a")}
    assert links == {prefix + name for name in DATA_FILES}
    for href in {a["href"] for a in html.find_all("a") if a["href"].startswith(prefix)}:
        path = output / "donnees" / href.removeprefix(prefix)
        assert (path / "index.html" if href.endswith("/") else path).is_file(), href
    footer = soup(output / "initiatives" / "potager" / "index.html").select_one("footer a[href$='/donnees/']")
    assert footer.get_text().startswith("Données ouvertes")
    assert footer["href"] == prefix


def test_the_data_folder_is_a_setting(build_site):
    output = build_site({"initiatives/potager.md": VALID}, PORTAL_OPENDATA_DIR="open-data")
    assert not (output / "donnees").exists()
    assert (output / "open-data" / "initiatives.csv").is_file()
    data = read_json(output / "open-data" / "initiatives.json")
    assert data["schema"] == f"{SITEURL}/open-data/initiative.schema.json"
    footer = soup(output / "initiatives" / "potager" / "index.html").select_one("footer a[href$='/open-data/']")
    assert footer.get_text().startswith("Données ouvertes")
    files = {a["href"] for a in soup(output / "open-data" / "index.html").select("table.files a")}
    assert f"{SITEURL}/open-data/initiatives.csv" in files


def test_donnees_page_documents_every_field_from_the_schemas(output):
    html = soup(output / "donnees" / "index.html")
    text = html.get_text(" ")
    for name in ("initiatives", "collectivites"):
        fields = [f["name"] for f in read_json(ROOT / "schema" / f"{name}.tableschema.json")["fields"]]
        caption = html.find("caption", string=f"Colonnes de {name}.csv")
        rows = [th.get_text() for th in caption.find_parent("table").select("tbody th")]
        assert rows == fields
    front = read_json(ROOT / "schema" / "initiative.schema.json")["properties"]
    rows = html.find("caption", string="Champs de front_matter").find_parent("table").select("tbody th")
    assert [th.get_text() for th in rows] == list(front)
    for words in ("Licence Ouverte / Open Licence 2.0", "à chaque modification du contenu", "« | »", "MIT"):
        assert words in text, words


def test_donnees_page_is_accessible(output):
    html = soup(output / "donnees" / "index.html")
    assert html.html["lang"] == "fr"
    levels = [int(h.name[1]) for h in html.find_all(re.compile(r"^h[1-6]$"))]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    tables = html.find_all("table")
    assert len(tables) == 6  # files, two CSV, JSON keys, front matter, crosswalk
    for table in tables:
        assert table.caption and table.caption.get_text().strip()
        assert {th.get("scope") for th in table.select("thead th")} == {"col"}
        assert {th.get("scope") for th in table.select("tbody th")} == {"row"}
