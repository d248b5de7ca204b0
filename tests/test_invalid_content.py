"""Each kind of invalid file gives `path:line: field: message`, and stops the build.

Each rule is checked against the validator directly (fast); a handful of full builds
check that the build stops and lists every error of every file.
"""

from __future__ import annotations

import subprocess
import sys

from pelican import Pelican
from portal_core.errors import InvalidContentError
from portal_core.validation import Checker
import pytest
from support import ROOT, VALID, page, site_settings, write_files


def build_errors(tmp_path, files: dict[str, str]) -> list[str]:
    """Build the site and return the error lines; fail if the build succeeds."""
    write_files(tmp_path, files)
    with pytest.raises(InvalidContentError) as excinfo:
        Pelican(site_settings(tmp_path)).run()
    return [str(error) for error in excinfo.value.errors]


def checker_errors(files: dict[str, str]) -> list[str]:
    """Check files as the build reads them (content/<name>) and return the error lines, sorted."""
    reports = Checker.from_settings({}).check_all([(f"content/{name}", text) for name, text in files.items()])
    return [str(error) for error in sorted(error for report in reports for error in report.errors)]


def test_broken_yaml(tmp_path):
    bad = page(**{'title: "Un potager dans chaque école"': 'title: "Un potager dans chaque école'})
    errors = build_errors(tmp_path, {"a.md": bad})
    assert len(errors) == 1
    assert errors[0].startswith("content/a.md:")
    assert ": front matter: YAML invalide : " in errors[0]


def test_duplicate_key():
    bad = page(**{'date: "2026-01-15"': 'date: "2026-01-15"\ntitle: "Un autre titre"'})
    assert checker_errors({"a.md": bad}) == [
        "content/a.md:4: front matter: YAML invalide : clé « title » en double (déjà à la ligne 2)"
    ]


def test_unknown_key():
    bad = page(**{'date: "2026-01-15"': 'date: "2026-01-15"\nauteur: "Quelqu\'un"'})
    [error] = checker_errors({"a.md": bad})
    assert error.startswith("content/a.md:4: auteur: champ inconnu (champs permis : awards, categories,")


def test_unknown_nested_key():
    bad = page(**{'code: "81004"': 'code: "81004"\n    nom: "Albi"'})
    [error] = checker_errors({"a.md": bad})
    assert error.startswith(
        "content/a.md:9: collectivities[0].nom: champ inconnu (champs permis : code, kind, name, within)"
    )


def test_missing_field():
    bad = page(**{"categories:\n  - agriculture-alimentation\n": ""})
    assert checker_errors({"a.md": bad}) == ["content/a.md:2: categories: champ obligatoire manquant"]


def test_unknown_code():
    bad = page(**{'code: "81004"': 'code: "81999"'})
    assert checker_errors({"a.md": bad}) == [
        "content/a.md:8: collectivities[0].code: code INSEE de commune inconnu « 81999 » dans le référentiel officiel"
    ]


def test_unquoted_code_with_leading_zero_stays_a_code():
    # YAML 1.1 would read 01000 as the octal number 512; our loader keeps "01000".
    bad = page(**{'code: "81004"': "code: 01000"})
    assert checker_errors({"a.md": bad}) == [
        "content/a.md:8: collectivities[0].code: code INSEE de commune inconnu « 01000 » dans le référentiel officiel"
    ]


def test_no_is_not_false():
    bad = page(**{"level: or": "level: NO"})
    assert checker_errors({"a.md": bad}) == [
        "content/a.md:12: awards[0].level: valeur « NO » non permise "
        "(valeurs permises : or, argent, bronze, aucun, inconnu)"
    ]


def test_wrong_level_for_the_scheme():
    bad = page(**{"level: or": "level: aucun"})
    assert checker_errors({"a.md": bad}) == [
        "content/a.md:12: awards[0].level: niveau « aucun » impossible pour Prix TERRITORIA "
        "(niveaux permis : or, argent, bronze, inconnu)"
    ]


def test_unknown_level_needs_candidates():
    bad = page(**{"level: or": "level: inconnu"})
    assert checker_errors({"a.md": bad}) == [
        "content/a.md:12: awards[0].level: niveau inconnu : donnez les médailles possibles dans candidates"
    ]


def test_unknown_category_label_for_the_scheme():
    bad = page(**{'category: "Aménagement / Urbanisme"': 'category: "Jardinage"'})
    assert checker_errors({"a.md": bad}) == [
        "content/a.md:13: awards[0].category: catégorie « Jardinage » inconnue pour Prix TERRITORIA "
        "(voir data/categories.yaml, scheme_labels)"
    ]


def test_duplicate_slug_across_folders(tmp_path):
    errors = build_errors(tmp_path, {"2017/potager.md": VALID, "2019/potager.md": VALID})
    assert errors == [
        "content/2019/potager.md:1: slug: identifiant « potager » déjà utilisé par content/2017/potager.md"
    ]


def test_related_page_must_exist():
    bad = page(**{"source:": "related:\n  - inexistante\nsource:"})
    assert checker_errors({"a.md": bad}) == ["content/a.md:17: related[0]: fiche liée « inexistante » introuvable"]


def test_personal_contact_details_are_refused():
    bad = VALID + "Contact : jean.dupont@example.org ou 06 12 34 56 78.\n"
    assert checker_errors({"a.md": bad}) == [
        "content/a.md:20: texte: adresse e-mail ou numéro de téléphone : n'en publiez aucun"
    ]


def test_every_error_of_every_file_is_listed(tmp_path):
    files = {
        "a.md": page(**{'code: "81004"': 'code: "81999"', "level: or": "level: NO"}),
        "b.md": page(**{'date: "2026-01-15"': 'date: "15/01/2026"'}),
        "c.md": VALID,
    }
    errors = build_errors(tmp_path, files)
    assert [e.split(":")[0] for e in errors] == ["content/a.md", "content/b.md"]
    assert errors[1].startswith("content/b.md:3: date: « 15/01/2026 » n'a pas le format attendu")
    assert not (tmp_path / "output" / "initiatives" / "c" / "index.html").exists()


def test_pelican_command_exits_non_zero_and_prints_the_errors(tmp_path):
    content = write_files(tmp_path, {"a.md": page(**{'code: "81004"': 'code: "81999"'})})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "-o",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    output = " ".join((result.stdout + result.stderr).split())
    assert "content/a.md:8: collectivities[0].code: code INSEE de commune inconnu « 81999 »" in output


def test_validate_command_lists_all_errors_without_building(tmp_path):
    content = write_files(
        tmp_path,
        {"a.md": page(**{"level: or": "level: NO"}), "b.md": page(**{'code: "81004"': 'code: "81999"'})},
    )
    result = subprocess.run(
        [sys.executable, "-m", "portal_core", "validate", str(content)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/a.md:12: awards[0].level: valeur « NO » non permise "
        "(valeurs permises : or, argent, bronze, aucun, inconnu)",
        "content/b.md:8: collectivities[0].code: code INSEE de commune inconnu « 81999 » dans le référentiel officiel",
    ]
    assert not (tmp_path / "output").exists()


def test_markup_and_pipes_in_plain_text_fields():
    bad = page(**{'title: "Un potager dans chaque école"': 'title: "Un potager <b>bio</b> | école"'})
    assert checker_errors({"a.md": bad}) == [
        "content/a.md:2: title: les caractères <, > et | sont interdits (texte simple, sans HTML)"
    ]
