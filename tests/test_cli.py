"""`python -m portal_core`: lookup ranks the exact name first, validate speaks GitHub's annotations."""

from __future__ import annotations

import re
import subprocess
import sys

from portal_core.errors import ContentError
from portal_core.workflow_commands import error_command
from support import ROOT, page, write_files

# What GitHub's runner parses: `::error <key=value,...>::<message>` (actions/toolkit, command.ts).
WORKFLOW_COMMAND_RE = re.compile(r"^::(?P<command>\w+) (?P<properties>[^:]*)::(?P<message>.*)$")


def portal_core(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "portal_core", *args], capture_output=True, text=True, check=False, cwd=cwd
    )


def unescape(value: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def parse_command(line: str) -> dict[str, str]:
    """Read an annotation line as the runner does."""
    match = WORKFLOW_COMMAND_RE.match(line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match["properties"].split(","))
    return {
        "command": match["command"],
        **{key: unescape(value) for key, value in properties.items()},
        "message": unescape(match["message"]),
    }


def test_lookup_lists_the_exact_name_first_with_its_departement():
    result = portal_core("lookup", "Vannes")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Vannes, commune, code 56260, Morbihan (56), pop. ")
    # Then names starting with « Vannes », then names containing it.
    assert lines[1].startswith("Vannes-")
    first_contains = next(i for i, line in enumerate(lines) if not line.startswith("Vannes"))
    assert all(not line.startswith("Vannes") for line in lines[first_contains:])
    assert any(line.startswith("Chavannes-sur-Reyssouze, ") for line in lines[first_contains:])


def test_lookup_ignores_accents_hyphens_and_takes_a_departement_hint():
    lines = portal_core("lookup", "saint denis (93)").stdout.splitlines()
    assert lines[0].startswith("Saint-Denis, commune, code 93066, Seine-Saint-Denis (93)")
    assert len(lines) == 3 and all("Seine-Saint-Denis" in line for line in lines)


def test_lookup_of_an_unknown_name_says_so():
    result = portal_core("lookup", "Villeimaginaire-sur-Mer")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Aucun territoire ne s'appelle « Villeimaginaire-sur-Mer »" in result.stderr


def test_lookup_piped_into_head_ends_without_a_traceback():
    result = subprocess.run(
        f"{sys.executable} -m portal_core lookup a | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
    assert result.stderr == ""


def test_validate_github_format_annotates_the_broken_lines(tmp_path):
    content = write_files(
        tmp_path,
        {
            "initiatives/a.md": page(**{"level: or": "level: NO"}),
            "initiatives/b.md": page(**{'code: "81004"': 'code: "81999"'}),
        },
    )
    result = portal_core("validate", "--format", "github", str(content))
    assert result.returncode == 1
    annotations = [parse_command(line) for line in result.stdout.splitlines()]
    assert [(a["command"], a["file"], a["line"], a["title"]) for a in annotations] == [
        ("error", "content/initiatives/a.md", "12", "awards[0].level"),
        ("error", "content/initiatives/b.md", "8", "collectivities[0].code"),
    ]
    assert annotations[0]["message"].startswith("valeur « NO » non permise (valeurs permises : or, argent")
    assert "1/2 fiche(s) valide(s)" not in result.stdout
    assert "0/2 fiche(s) valide(s), 2 erreur(s)" in result.stderr


def test_annotations_escape_what_would_end_a_property_or_the_message():
    line = error_command(ContentError("content/a,b.md", 3, "awards[0]: x", "100 % faux\nsur deux lignes"))
    assert "\n" not in line
    assert parse_command(line) == {
        "command": "error",
        "file": "content/a,b.md",
        "line": "3",
        "title": "awards[0]: x",
        "message": "100 % faux\nsur deux lignes",
    }


def test_help_and_usage_errors_are_in_french():
    help_text = portal_core("--help").stdout
    assert help_text.startswith("utilisation : python -m portal_core [-h] COMMANDE ...")
    assert "afficher cette aide et quitter" in help_text and "show this help" not in help_text
    missing = portal_core("lookup")
    assert missing.returncode == 2
    assert missing.stderr.splitlines() == [
        "utilisation : python -m portal_core lookup [-h] NOM",
        "python -m portal_core lookup : erreur : argument(s) obligatoire(s) manquant(s) : NOM",
    ]
    unknown = portal_core("valider").stderr.splitlines()[-1]
    assert unknown.startswith(
        "python -m portal_core : erreur : argument COMMANDE : choix inconnu 'valider' (choix possibles : 'validate',"
    )


def test_lookup_puts_the_most_populated_namesake_first_whatever_its_kind():
    lines = portal_core("lookup", "Bretagne").stdout.splitlines()
    assert lines[0].startswith("Bretagne, région, code 53, pop. ")
    assert [line.split(", code")[0] for line in lines[1:3]] == ["Bretagne, commune", "Bretagne, commune"]
    aix = portal_core("lookup", "Métropole d'Aix-Marseille-Provence").stdout.splitlines()[0]
    assert aix.startswith(
        "Métropole d'Aix-Marseille-Provence, intercommunalité (EPCI), code 200054807, Bouches-du-Rhône (13)"
    )
