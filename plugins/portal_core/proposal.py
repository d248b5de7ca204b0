"""Publish an issue-form proposal as a pull request, from a GitHub workflow.

The workflow passes the issue through environment variables only (never `${{ }}` in a
script): ISSUE_NUMBER, and ISSUE_BODY, which is written to a file and converted by
`from-issue`. On problems, they are commented on the issue and nothing is pushed. On
success, the file is committed on the branch `proposition-<number>` (named from the
number alone), force-pushed, and a pull request is opened unless one is already open
for that branch: editing the issue runs this again and updates the same pull request.

A pull request opened with the workflow's GITHUB_TOKEN does not start the checks of
other workflows (GitHub's rule against recursive runs): a maintainer closes and reopens
it, which starts them under the maintainer's name. See CONTRIBUTING.md.
"""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path
import re
import shlex

BRANCH_PREFIX = "proposition-"
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
# The checkout keeps no credentials: git asks this helper, which reads the token from the
# step's environment when git runs it (never from a command line or a file).
CREDENTIAL_HELPER = 'credential.helper=!f() { echo username=x-access-token; echo "password=$GH_TOKEN"; }; f'


@dataclass(frozen=True)
class Issue:
    """The issue a workflow run is about, read from its environment."""

    number: str
    body: str

    @classmethod
    def from_environment(cls, environ: dict[str, str] = os.environ) -> Issue:  # type: ignore[assignment]
        number = environ.get("ISSUE_NUMBER", "")
        if not re.fullmatch(r"[1-9][0-9]*", number):
            raise SystemExit(f"ISSUE_NUMBER : numéro d'issue attendu, reçu « {number} »")
        return cls(number, environ.get("ISSUE_BODY", ""))

    @property
    def branch(self) -> str:
        return f"{BRANCH_PREFIX}{self.number}"


def comment_command(issue: Issue, report: Path) -> str:
    return f"gh issue comment {issue.number} --body-file {shlex.quote(str(report))}"


def push_commands(issue: Issue, path: str, title: str) -> list[str]:
    """Commit the new file on the proposal's branch and force-push it."""
    message = f"Proposition d'initiative (issue #{issue.number}) : {title}"
    author = f"-c user.name={shlex.quote(BOT_NAME)} -c user.email={shlex.quote(BOT_EMAIL)}"
    credentials = f"-c credential.helper= -c {shlex.quote(CREDENTIAL_HELPER)}"
    return [
        f"git checkout -B {issue.branch}",
        f"git add -- {shlex.quote(path)}",
        f"git {author} commit --quiet -m {shlex.quote(message)}",
        f"git {credentials} push --force origin HEAD:refs/heads/{issue.branch}",
    ]


def open_count_command(issue: Issue) -> str:
    return f"gh pr list --head {issue.branch} --state open --json number --jq length"


def create_command(issue: Issue, base: str, title: str, body: Path) -> str:
    return (
        f"gh pr create --base {shlex.quote(base)} --head {issue.branch} "
        f"--title {shlex.quote('Proposition : ' + title)} --body-file {shlex.quote(str(body))}"
    )


def pull_request_body(issue: Issue, path: str) -> str:
    return (
        f"Fiche `{path}` préparée à partir de l'issue #{issue.number}.\n\n"
        f"Closes #{issue.number}\n\n"
        "Relecture : suivez la liste de contrôle de `.github/PULL_REQUEST_TEMPLATE.md`.\n\n"
        "Les vérifications automatiques ne démarrent pas seules sur une pull request ouverte par un "
        "workflow : un mainteneur la ferme puis la rouvre pour les lancer.\n"
    )
