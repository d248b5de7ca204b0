"""Issue form → content file: `python -m portal_core from-issue BODY_FILE`.

The sample bodies in tests/data/issues/ are written as GitHub renders a submitted form.
A valid one gives a file that `invoke validate` accepts; an invalid one gives French
messages naming the form's fields, and no file.
"""

from __future__ import annotations

from pathlib import Path
import re

from invoke import Config, Context
from portal_core import __main__ as cli, issue_form
from portal_core.from_issue import convert
from portal_core.registry import load_registry
from portal_core.settings import portal_path
from portal_core.validation import Checker, content_files
import pytest
from support import ROOT
import yaml

import tasks

ISSUES = Path(__file__).parent / "data" / "issues"
VALID = ["valide", "valide-code-epci"]
DATE = "2026-12-01"


@pytest.fixture(scope="module")
def existing():
    return content_files(ROOT / "content")


def problems(name: str, existing) -> list[str]:
    body = (ISSUES / f"{name}.md").read_text(encoding="utf-8")
    result = convert(body, Checker.from_settings({}), existing, DATE)
    assert result.path == "" and result.text == ""
    return result.problems


def from_issue(name: str, content: Path, capsys) -> tuple[int, str]:
    """Run `python -m portal_core from-issue` in-process: (exit code, output)."""
    code = cli.main(["from-issue", str(ISSUES / f"{name}.md"), "--content", str(content), "--date", DATE])
    return code, capsys.readouterr().out


def test_every_sample_is_a_rendered_form():
    samples = sorted(ISSUES.glob("*.md"))
    assert len(samples) >= 9
    for sample in samples:
        values = issue_form.parse_body(sample.read_text(encoding="utf-8"))
        assert list(values) == list(issue_form.ALL_LABELS), sample.name


@pytest.mark.parametrize("name", VALID)
def test_a_valid_form_gives_a_file_that_validates(tmp_path, monkeypatch, capsys, name):
    content = tmp_path / "content"
    code, output = from_issue(name, content, capsys)
    assert code == 0, output
    [written] = sorted(content.rglob("*.md"))
    assert output == f"{written}\n"
    monkeypatch.setitem(tasks.CONFIG, "content_path", str(content))
    validation = tasks.validate(Context(Config(overrides={"run": {"in_stream": False, "hide": True}})))
    assert validation.ok and "1/1 fiche(s) valide(s), 0 erreur(s)" in validation.stderr


def test_the_valid_form_is_written_field_by_field(tmp_path, capsys):
    from_issue("valide", tmp_path / "content", capsys)
    [report] = Checker.from_settings({}).check_all(content_files(tmp_path / "content"))
    initiative = report.initiative
    assert report.path == "content/initiatives/vannes-des-velos-cargos-partages-pour-les-commercants-du-centre-ville.md"
    assert initiative.title == "Des vélos-cargos partagés pour les commerçants du centre-ville"
    [collectivity] = initiative.collectivities
    assert (collectivity.kind, collectivity.code, collectivity.name) == ("commune", "56260", "Vannes")
    [award] = initiative.awards
    assert (award.scheme.key, award.year, award.level, award.category) == ("territoria", 2019, "or", "Mobilité")
    assert [c.key for c in initiative.categories] == ["attractivite-economie", "mobilite"]
    assert initiative.key_figures == (("Vélos-cargos", "12"), ("Commerçants inscrits", "85"))
    assert (initiative.source.document.key, initiative.source.pages) == ("territoria-2019", "14")
    assert initiative.source.note == "Source publique : https://www.exemple.fr/velos-cargos"


def test_a_form_without_topics_takes_those_of_the_award_category_and_keeps_its_text(tmp_path, capsys):
    from_issue("valide-code-epci", tmp_path / "content", capsys)
    [report] = Checker.from_settings({}).check_all(content_files(tmp_path / "content"))
    assert [c.key for c in report.initiative.categories] == ["services-publics-numerique"]
    assert report.initiative.collectivities[0].code == "200054807"
    body = Path(tmp_path / report.path).read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "### Résumé\n" in body and "« < 5 % »" in body


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("champ-obligatoire-manquant", ["« Résumé » : champ obligatoire"]),
        (
            "commune-inconnue",
            [
                "« Collectivité : nom ou code officiel » : aucun territoire de nature « commune » "
                "ne s'appelle « Villeimaginaire-sur-Mer »."
            ],
        ),
        (
            "texte-trop-long",
            [
                "« Texte de la fiche » : 20\u202f000 caractères, 6\u202f000 au plus : "
                "résumez en 80 à 250 mots, avec vos propres mots"
            ],
        ),
        (
            "titre-en-double",
            [
                "« Titre de l'initiative » : une fiche porte déjà ce titre : "
                "content/initiatives/aix-marseille-provence-saturne-badgeage-beacons.md "
                "(page initiatives/aix-marseille-provence-saturne-badgeage-beacons/)"
            ],
        ),
    ],
)
def test_an_invalid_form_gives_french_messages(existing, name, expected):
    assert problems(name, existing) == expected


def test_an_ambiguous_commune_lists_every_namesake(existing):
    [message] = problems("commune-ambigue", existing)
    assert message.startswith(
        "« Collectivité : nom ou code officiel » : plusieurs territoires s'appellent « Saint-Denis » : "
    )
    for namesake in ("code 93066, Seine-Saint-Denis (93)", "code 97411, La Réunion (974)", "code 11339, Aude (11)"):
        assert namesake in message
    assert message.endswith("Donnez le code officiel, ou le département entre parenthèses, ex. « Saint-Denis (93) »")


def test_a_topic_outside_the_vocabulary_is_refused_with_the_list(existing):
    [message] = problems("thematique-inconnue", existing)
    assert message.startswith(
        "« Thématiques du portail » : « Astrologie » n'est pas une thématique du portail (thématiques : "
    )
    assert "Mobilités" in message and "Santé" in message


def test_markup_in_every_text_field_is_refused(existing):
    found = problems("injection-html", existing)
    labels = [message.split(" » : ")[0] + " »" for message in found]
    assert labels == [
        f"« {label} »"
        for label in (
            issue_form.TITLE,
            issue_form.COLLECTIVITY,
            issue_form.YEAR,
            issue_form.SUMMARY,
            issue_form.TEXT,
            issue_form.KEY_FIGURES,
            issue_form.PAGES,
            issue_form.LINK,
        )
    ]
    assert all("HTML" in message for message in found)
    assert not any("<script" in message for message in found)


@pytest.mark.parametrize("name", [path.stem for path in sorted(ISSUES.glob("*.md")) if path.stem not in VALID])
def test_an_invalid_form_writes_no_file(tmp_path, capsys, name):
    content = tmp_path / "content"
    content.mkdir()
    (content / "existant.md").write_text(
        (ROOT / "content" / "initiatives" / "aix-marseille-provence-saturne-badgeage-beacons.md").read_text(
            encoding="utf-8"
        ),
        encoding="utf-8",
    )
    code, output = from_issue(name, content, capsys)
    assert code == 1
    assert output.startswith("La proposition ne peut pas encore devenir une fiche :\n\n- « ")
    assert sorted(p.name for p in content.rglob("*")) == ["existant.md"]


def test_personal_data_is_reported_on_the_form_field(existing):
    body = (ISSUES / "valide.md").read_text(encoding="utf-8")
    body = body.replace("avec une formation courte", "avec une formation courte (contact : 06 12 34 56 78)")
    result = convert(body, Checker.from_settings({}), existing, DATE)
    assert result.problems == ["« Texte de la fiche » : adresse e-mail ou numéro de téléphone : n'en publiez aucun"]


def test_a_level_the_scheme_does_not_give_is_reported_on_the_form_field(existing):
    body = (
        (ISSUES / "valide.md")
        .read_text(encoding="utf-8")
        .replace("### Niveau obtenu\n\nOr", "### Niveau obtenu\n\nSans médaille")
    )
    result = convert(body, Checker.from_settings({}), existing, DATE)
    assert result.problems == [
        "« Niveau obtenu » : niveau « aucun » impossible pour Prix TERRITORIA "
        "(niveaux permis : or, argent, bronze, inconnu)"
    ]


def test_the_committed_issue_form_is_generated_from_the_data_files():
    generated = issue_form.render(load_registry(portal_path({}, "PORTAL_DATA_DIR")))
    committed = (ROOT / issue_form.FORM_PATH).read_text(encoding="utf-8")
    assert committed == generated, "lancez : python -m portal_core issue-form > " + issue_form.FORM_PATH


def test_a_prize_category_of_another_scheme_lists_the_schemes_own(existing):
    body = (
        (ISSUES / "valide.md")
        .read_text(encoding="utf-8")
        .replace("TERRITORIA — Mobilité", "Territoire Innovant — Moderniser le service public")
    )
    result = convert(body, Checker.from_settings({}), existing, DATE)
    [problem] = result.problems
    assert problem.startswith(
        "« Catégorie du prix » : « Moderniser le service public » n'est pas une catégorie de ce dispositif "
        "(catégories : « Aménagement / Urbanisme », "
    )
    assert "« Mobilité »" in problem


def test_the_issue_form_follows_githubs_rules_for_forms():
    """GitHub refuses a form with duplicate ids, labels or options, or validations on checkboxes."""
    form = yaml.safe_load((ROOT / issue_form.FORM_PATH).read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form)
    fields = [element for element in form["body"] if element["type"] != "markdown"]
    assert {element["type"] for element in fields} <= {"input", "textarea", "dropdown", "checkboxes"}
    ids = [element["id"] for element in fields]
    labels = [element["attributes"]["label"] for element in fields]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[a-z0-9_-]+", i) for i in ids)
    assert labels == list(issue_form.ALL_LABELS)
    for element in fields:
        options = element["attributes"].get("options", [])
        names = [option["label"] if isinstance(option, dict) else option for option in options]
        assert len(set(names)) == len(names) and all(names), element["id"]
        assert ("validations" in element) == (element["type"] != "checkboxes"), element["id"]
