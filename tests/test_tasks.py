"""The invoke tasks: `new` scaffolds a valid file; `validate` fails on bad content."""

from __future__ import annotations

import re
import shlex

from invoke import Config, Context
from invoke.exceptions import UnexpectedExit
from portal_core.validation import Checker, content_files
import pytest
from support import ROOT, page, write_files

import tasks


def test_new_scaffolds_a_file_that_validates(tmp_path, monkeypatch):
    monkeypatch.setitem(tasks.CONFIG, "content_path", str(tmp_path / "content"))
    tasks.new(
        Context(),
        title="Un parc naturel communal, vitrine de la biodiversité",
        code="81004",
        source="territoria-2019",
        category="Transition énergétique",
        level="or",
    )
    path = tmp_path / "content" / "initiatives" / "un-parc-naturel-communal-vitrine-de-la-biodiversite.md"
    assert path.exists()
    [report] = Checker.from_settings({}).check_all(content_files(tmp_path / "content"))
    assert report.errors == []
    assert [c.key for c in report.initiative.categories] == ["environnement-energie"]


def test_new_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.setitem(tasks.CONFIG, "content_path", str(tmp_path / "content"))
    args = {"title": "Même titre", "code": "81004", "source": "territoria-2017", "category": "Communication"}
    args["level"] = "or"
    tasks.new(Context(), **args)
    with pytest.raises(SystemExit):
        tasks.new(Context(), **args)


def test_test_task_passes_arguments_to_pytest(monkeypatch):
    ran = []
    monkeypatch.setattr(Context, "run", lambda self, command, **kwargs: ran.append(command))
    tasks.test(Context(remainder="-x -k 'potager et école'"), fast=True)
    tasks.test(Context())
    assert ran == [
        f"{tasks.sys.executable} -m pytest -m 'not browser and not gate' -x -k 'potager et école'",
        f"{tasks.sys.executable} -m pytest",
    ]


def test_lint_runs_every_checker_and_names_those_that_fail(monkeypatch):
    class Result:
        def __init__(self, failed):
            self.failed = failed

    ran = []

    def run(self, command, **kwargs):
        ran.append(command)
        return Result("djhtml" in command or "eslint" in command)

    monkeypatch.setattr(Context, "run", run)
    with pytest.raises(SystemExit, match=r"en échec : djhtml \(gabarits\), eslint \(scripts\)$"):
        tasks.lint(Context())
    assert len(ran) == len(tasks.LINTERS) == 5
    assert all(tasks.sys.executable in command for command in ran if "eslint" not in command)


def test_validate_task_can_print_github_annotations(tmp_path, monkeypatch):
    content = write_files(tmp_path, {"a.md": page(**{"level: or": "level: NO"})})
    monkeypatch.setitem(tasks.CONFIG, "content_path", str(content))
    with pytest.raises(UnexpectedExit) as excinfo:
        tasks.validate(Context(Config(overrides={"run": {"in_stream": False, "hide": True}})), format="github")
    assert excinfo.value.result.stdout.startswith("::error file=content/a.md,line=12,title=awards[0].level::valeur")


def new_args(tmp_path, monkeypatch, **args):
    monkeypatch.setitem(tasks.CONFIG, "content_path", str(tmp_path / "content"))
    return {"title": "Des vélos-cargos partagés", "code": "56260", "source": "territoria-2019", "level": "or", **args}


def scaffolded(tmp_path):
    [report] = Checker.from_settings({}).check_all(content_files(tmp_path / "content"))
    assert report.errors == []
    award = report.initiative.awards[0]
    return award.category, [c.key for c in report.initiative.categories]


def test_new_accepts_a_topic_for_category(tmp_path, monkeypatch):
    tasks.new(Context(), **new_args(tmp_path, monkeypatch, category="mobilite"))
    assert scaffolded(tmp_path) == ("Mobilité", ["mobilite"])


def test_new_takes_topics_beside_the_award_category(tmp_path, monkeypatch):
    tasks.new(Context(), **new_args(tmp_path, monkeypatch, category="Mobilité", topic="mobilite,sante"))
    assert scaffolded(tmp_path) == ("Mobilité", ["mobilite", "sante"])


VALUES = "Valeurs possibles :"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"category": "Vélo"}, f"--category : « Vélo » n'est pas une catégorie du prix pour territoria. {VALUES}"),
        (
            {"category": "Mobilité", "topic": "velo"},
            f"--topic : « velo » n'est pas une thématique du portail. {VALUES}",
        ),
        (
            {"source": "territoria-2042", "category": "Mobilité"},
            f"--source : « territoria-2042 » n'est pas un document source (data/sources.yaml). {VALUES} territoria",
        ),
        ({"category": ""}, "--category : donnez la catégorie du prix pour territoria, parmi : "),
        (
            {"category": "Mobilité", "kind": "mairie"},
            f"--kind : « mairie » n'est pas une nature de collectivité. {VALUES} commune ;",
        ),
        (
            {"category": "Mobilité", "level": "aucun"},
            f"--level : « aucun » n'est pas un niveau possible pour territoria. {VALUES} or ; argent",
        ),
    ],
)
def test_new_lists_the_valid_values_of_a_wrong_option(tmp_path, monkeypatch, args, message):
    with pytest.raises(SystemExit) as excinfo:
        tasks.new(Context(), **new_args(tmp_path, monkeypatch, **args))
    assert str(excinfo.value.code).startswith(message)
    assert not (tmp_path / "content").exists()


def test_the_invoke_new_example_of_contributing_works(tmp_path, monkeypatch):
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    command = re.search(r"^\.venv/bin/invoke new (.*?)\n\.venv/bin/invoke validate", guide, re.M | re.S)[1]
    words = shlex.split(command.replace("\\\n", " "))
    options = {words[i].removeprefix("--"): words[i + 1] for i in range(0, len(words), 2)}
    monkeypatch.setitem(tasks.CONFIG, "content_path", str(tmp_path / "content"))
    tasks.new(Context(), **options)
    assert scaffolded(tmp_path) == ("Mobilité", ["mobilite"])
