"""What a benchmark run was measured on: the commit and the machine (printed and saved in the JSON)."""

from __future__ import annotations

from pathlib import Path
import subprocess

ROOT = Path(__file__).resolve().parent.parent


def git_state() -> dict[str, object]:
    """The commit measured, and whether the working tree had changes (the build uses the tree)."""

    def run_git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return {
        "commit": run_git("rev-parse", "HEAD"),
        "dirty": bool(run_git("status", "--porcelain", "--untracked-files=no")),
    }
