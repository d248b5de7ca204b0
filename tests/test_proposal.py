"""`invoke propose`: the workflow step that turns a labelled issue into a pull request.

Run against a real git clone whose origin is a local bare repository, with a stand-in
`gh` on PATH that records its arguments (GitHub itself cannot be reached from tests).
"""

from __future__ import annotations

import os
from pathlib import Path
import shlex
import shutil
import subprocess

from invoke import Config, Context
from portal_core.proposal import CREDENTIAL_HELPER
import pytest
from support import ROOT

import tasks

ISSUES = Path(__file__).parent / "data" / "issues"
# Records each call; keeps the last --body-file's text, which the task deletes afterwards.
FAKE_GH = """#!/bin/sh
printf '%s\\n' "$*" >> "$GH_LOG"
for last; do :; done
case "$1 $2" in
  "pr list") cat "$GH_OPEN" ;;
  "issue comment"|"pr create") cp "$last" "$GH_LOG.body" ;;
esac
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A clone with one existing fiche, its bare origin, and a recording `gh`."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    existing = work / "content" / "initiatives" / "aix-marseille-provence-saturne-badgeage-beacons.md"
    existing.parent.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "initiatives" / existing.name, existing)
    git(work, "add", ".")
    git(work, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "--quiet", "-m", "init")
    git(work, "push", "--quiet", "origin", "HEAD:main")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("GH_LOG", str(tmp_path / "gh.log"))
    monkeypatch.setenv("GH_OPEN", str(tmp_path / "open"))
    (tmp_path / "open").write_text("0\n", encoding="utf-8")
    monkeypatch.setitem(tasks.CONFIG, "content_path", str(work / "content"))
    monkeypatch.setenv("ISSUE_NUMBER", "42")
    return tmp_path


def propose(sample: str, monkeypatch) -> None:
    monkeypatch.setenv("ISSUE_BODY", (ISSUES / f"{sample}.md").read_text(encoding="utf-8"))
    tasks.propose(Context(Config(overrides={"run": {"in_stream": False, "hide": True}})))


def gh_calls(root: Path) -> list[str]:
    log = root / "gh.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_a_valid_issue_becomes_one_pull_request_updated_on_edit(clone, monkeypatch):
    propose("valide", monkeypatch)
    origin = clone / "origin.git"
    name = "content/initiatives/vannes-des-velos-cargos-partages-pour-les-commercants-du-centre-ville.md"
    assert git(origin, "ls-tree", "--name-only", "-r", "proposition-42").splitlines() == [
        "content/initiatives/aix-marseille-provence-saturne-badgeage-beacons.md",
        name,
    ]
    assert git(origin, "log", "-1", "--format=%an|%s", "proposition-42").strip() == (
        "github-actions[bot]|Proposition d'initiative (issue #42) : "
        "Des vélos-cargos partagés pour les commerçants du centre-ville"
    )
    calls = gh_calls(clone)
    assert calls[0] == "pr list --head proposition-42 --state open --json number --jq length"
    assert calls[1].startswith(
        "pr create --base main --head proposition-42 --title Proposition : Des vélos-cargos partagés"
    )
    assert len(calls) == 2
    assert "Closes #42" in (clone / "gh.log.body").read_text(encoding="utf-8")
    # The contributor edits the issue: same branch, force-pushed, no second pull request.
    (clone / "open").write_text("1\n", encoding="utf-8")
    first = git(origin, "rev-parse", "proposition-42")
    body = (ISSUES / "valide.md").read_text(encoding="utf-8").replace("Vélos-cargos : 12", "Vélos-cargos : 14")
    monkeypatch.setenv("ISSUE_BODY", body)
    git(clone / "work", "checkout", "--quiet", "main")
    git(clone / "work", "clean", "-fdq")
    tasks.propose(Context(Config(overrides={"run": {"in_stream": False, "hide": True}})))
    assert git(origin, "rev-parse", "proposition-42") != first
    assert '"14"' in git(origin, "show", f"proposition-42:{name}")
    assert not any(call.startswith("pr create") for call in gh_calls(clone)[2:])


def test_an_invalid_issue_gets_a_comment_and_nothing_is_pushed(clone, monkeypatch):
    with pytest.raises(SystemExit) as excinfo:
        propose("commune-ambigue", monkeypatch)
    assert "plusieurs territoires s'appellent « Saint-Denis »" in str(excinfo.value.code)
    [call] = gh_calls(clone)
    assert call.startswith("issue comment 42 --body-file ")
    report = (clone / "gh.log.body").read_text(encoding="utf-8")
    assert report.startswith("La proposition ne peut pas encore devenir une fiche :\n\n- « Collectivité")
    assert git(clone / "origin.git", "for-each-ref", "--format=%(refname:short)", "refs/heads").split() == ["main"]


@pytest.mark.parametrize("number", ["", "42; rm -rf /", "0"])
def test_the_issue_number_must_be_a_number(clone, monkeypatch, number):
    monkeypatch.setenv("ISSUE_NUMBER", number)
    with pytest.raises(SystemExit) as excinfo:
        propose("valide", monkeypatch)
    assert "ISSUE_NUMBER : numéro d'issue attendu" in str(excinfo.value.code)
    assert gh_calls(clone) == []


def test_git_gets_the_token_from_the_environment_through_the_credential_helper(tmp_path):
    """What `git push` asks GitHub with: the helper answers from GH_TOKEN, set only for that step."""
    result = subprocess.run(
        f"git -c credential.helper= -c {shlex.quote(CREDENTIAL_HELPER)} credential fill",
        shell=True,
        input="protocol=https\nhost=github.com\npath=exemple/portail.git\n\n",
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={
            "PATH": os.environ["PATH"],
            "GH_TOKEN": "jeton-de-test",
            "GIT_TERMINAL_PROMPT": "0",
            "HOME": str(tmp_path),
        },
    )
    assert "username=x-access-token\n" in result.stdout
    assert "password=jeton-de-test\n" in result.stdout
