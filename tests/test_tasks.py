"""The invoke tasks: `new` scaffolds a valid file; `validate` fails on bad content."""

from __future__ import annotations

from invoke import Context
from portal_core.validation import Checker, content_files
import pytest

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
    tasks.new(Context(), **args)
    with pytest.raises(SystemExit):
        tasks.new(Context(), **args)


def test_test_task_passes_arguments_to_pytest(monkeypatch):
    ran = []
    monkeypatch.setattr(Context, "run", lambda self, command, **kwargs: ran.append(command))
    tasks.test(Context(remainder="-x -k 'potager et école'"), fast=True)
    tasks.test(Context())
    assert ran == [
        f"{tasks.sys.executable} -m pytest -m 'not browser' -x -k 'potager et école'",
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
