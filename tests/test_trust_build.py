"""The build is reproducible (same sources, same bytes) and atomic (a failed build publishes nothing)."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path
import shutil
import subprocess
import sys

import pytest
from support import ROOT, VALID, report, write_files

import tasks

pytestmark = pytest.mark.gate


def pelican_build(content: Path, output: Path, env: dict[str, str], clock: str | None = None) -> None:
    """Build with the development settings in a fresh Python process (its own hash seed and clock)."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(output), "-q"]
    if clock:
        if not shutil.which("faketime"):
            pytest.fail("faketime manque : lancez « make browser » (paquet faketime)")
        command = ["faketime", clock, *command]
    subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, check=True)


def copy_content(target: Path, mtime: float) -> Path:
    """A copy of content/ whose files all carry the given modification time."""
    shutil.copytree(ROOT / "content", target)
    for path in [target, *target.rglob("*")]:
        os.utime(path, (mtime, mtime))
    return target


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_two_builds_give_byte_identical_trees(tmp_path):
    """Different PYTHONHASHSEED, file times, clock (faketime) and time zone: same bytes."""
    first, second = tmp_path / "un", tmp_path / "deux"
    pelican_build(copy_content(tmp_path / "a" / "content", 1_000_000_000), first, {"PYTHONHASHSEED": "1", "TZ": "UTC"})
    pelican_build(
        copy_content(tmp_path / "b" / "content", 1_900_000_000),
        second,
        {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland"},
        clock="2031-07-14 03:04:05",
    )
    files = tree(first)
    assert files == tree(second)
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    same = len(files) - len(mismatch) - len(errors)
    report("Reproductible", f"{same}/{len(files)} fichiers identiques octet par octet")
    assert len(files) > 500
    assert mismatch == [] and errors == []


def test_a_failed_build_leaves_the_published_site_untouched(tmp_path, monkeypatch):
    """tasks.atomic_build: good build published; then an invalid fiche → non-zero exit, same bytes."""
    content = write_files(tmp_path, {"initiatives/potager.md": VALID})
    settings = tmp_path / "conf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nPATH = {str(content)!r}\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    monkeypatch.setitem(tasks.CONFIG, "deploy_path", str(output))
    tasks.atomic_build(str(settings))
    before = {name: (output / name).read_bytes() for name in tree(output)}
    assert "initiatives/potager/index.html" in before
    impossible_date = VALID.replace('date: "2026-01-15"', 'date: "2026-13-45"')
    (content / "initiatives" / "cassee.md").write_text(impossible_date, encoding="utf-8")
    with pytest.raises(SystemExit) as failed:
        tasks.atomic_build(str(settings))
    assert failed.value.code
    after = {name: (output / name).read_bytes() for name in tree(output)}
    report("Atomique", f"échec → sortie {failed.value.code!r}, {len(after)}/{len(before)} fichiers publiés inchangés")
    assert after == before
    assert not output.with_name("output.new").exists()
