"""sync_tree: the served folder ends as the fresh one, and only changed files are rewritten.

The fresh folder may live on another file system (a RAM disk, `scratch_folder`).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
import shutil
import time
from types import SimpleNamespace

from portal_core import outputsync, parallel
from portal_core.outputsync import scratch_folder, sync_tree
import pytest
from support import file_tree, record_forks, write_files


def test_sync_replaces_changed_removes_gone_and_swaps_files_and_folders(tmp_path):
    served = write_files(
        tmp_path / "served", {"same.txt": "x", "edited.txt": "old", "gone/a.txt": "a", "was-file": "f"}
    )
    fresh = write_files(
        tmp_path / "fresh", {"same.txt": "x", "edited.txt": "new", "was-file/inside.txt": "d", "gone": "now a file"}
    )
    expected = file_tree(fresh)
    kept = (served / "same.txt").stat().st_ino
    changed = sync_tree(fresh, served)
    assert file_tree(served) == expected
    assert changed == ["edited.txt", "gone", "gone/a.txt", "was-file", "was-file/inside.txt"]
    assert (served / "same.txt").stat().st_ino == kept
    assert not fresh.exists()


def test_files_compared_on_two_cores_give_the_sync_in_line(tmp_path, monkeypatch):
    def trees(name: str) -> tuple[Path, Path]:
        served = write_files(tmp_path / name / "served", {f"p/{n}.html": f"page {n}" for n in range(100)})
        fresh = {f"p/{n}.html": f"page {n}" + ("modifiée" if n % 7 == 0 else "") for n in range(3, 120)}
        return write_files(tmp_path / name / "fresh", fresh), served

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    forks = record_forks(monkeypatch)
    fresh, served = trees("two")
    expected = file_tree(fresh)
    on_two = sync_tree(fresh, served)
    assert len(forks) == 1 and file_tree(served) == expected
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    fresh, served = trees("one")
    assert sync_tree(fresh, served) == on_two
    assert len(forks) == 1 and file_tree(served) == expected
    assert len(on_two) == 3 + 14 + 20  # gone, rewritten, added


def test_sync_removes_folders_left_empty_at_every_depth(tmp_path):
    served = write_files(tmp_path / "served", {"a/b/c/gone.txt": "x", "a/kept.txt": "k", "d/e/gone.txt": "y"})
    fresh = write_files(tmp_path / "fresh", {"a/kept.txt": "k"})
    assert sync_tree(fresh, served) == ["a/b/c/gone.txt", "d/e/gone.txt"]
    assert sorted(p.relative_to(served).as_posix() for p in served.rglob("*")) == ["a", "a/kept.txt"]


def test_sync_copies_files_from_another_file_system(tmp_path, monkeypatch):
    served = write_files(tmp_path / "served", {"same.txt": "x", "edited.txt": "old"})
    fresh = write_files(tmp_path / "fresh", {"same.txt": "x", "edited.txt": "new", "added/new.txt": "n"})
    expected = file_tree(fresh)
    replace = os.replace

    def across_devices(source, target):
        if str(fresh) in str(source):  # as a rename from a RAM disk to the disk fails
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        replace(source, target)

    monkeypatch.setattr(outputsync.os, "replace", across_devices)
    assert sync_tree(fresh, served) == ["added/new.txt", "edited.txt"]
    assert file_tree(served) == expected
    assert not fresh.exists()


def test_the_scratch_folder_is_removed_even_after_a_failure(tmp_path):
    served = tmp_path / "output"
    with pytest.raises(RuntimeError), scratch_folder(served) as fresh:
        write_files(fresh, {"index.html": "x"})
        raise RuntimeError("échec")
    assert fresh.name == "output"
    assert not fresh.parent.exists()  # renamed at once, then removed by a thread
    outputsync.wait_removals()
    assert not [p for p in fresh.parent.parent.iterdir() if p.name.startswith(fresh.parent.name)]


def test_the_next_scratch_folder_waits_until_the_last_one_is_gone(tmp_path, monkeypatch):
    served = write_files(tmp_path / "site" / "output", {"index.html": "y"})
    monkeypatch.setattr(outputsync, "scratch_parent", lambda served: tmp_path)
    rmtree = shutil.rmtree
    monkeypatch.setattr(outputsync.shutil, "rmtree", lambda *args, **kwargs: time.sleep(0.3) or rmtree(*args, **kwargs))
    with scratch_folder(served) as fresh:
        write_files(fresh, {f"page-{n}.html": "z" * n for n in range(200)})
        sync_tree(fresh, served)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".suppression")]  # still being removed
    with scratch_folder(served):
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".suppression")] == []
    assert file_tree(served) == {f"content/page-{n}.html": b"z" * n for n in range(200)}


def test_the_ram_disk_is_used_only_with_room_and_orphans_are_removed(tmp_path, monkeypatch):
    memory = tmp_path / "shm"
    orphan = memory / f"{outputsync.SCRATCH_PREFIX}999999999-abc"
    alive = memory / f"{outputsync.SCRATCH_PREFIX}{os.getpid()}-abc"
    write_files(orphan, {"index.html": "x"})
    write_files(alive, {"index.html": "x"})
    served = write_files(tmp_path / "site" / "output", {"index.html": "y" * 1000})
    monkeypatch.setattr(outputsync, "MEMORY", memory)
    monkeypatch.setattr(outputsync, "MEMORY_MINIMUM", 0)
    assert outputsync.scratch_parent(served) == memory
    assert not orphan.exists() and alive.exists()  # a killed process's folder goes, a living one's stays
    # Too little room: twice the served site is needed.
    monkeypatch.setattr(outputsync.shutil, "disk_usage", lambda path: SimpleNamespace(free=1999))
    assert outputsync.scratch_parent(served) == served.parent
    # After an update, the size is the one the update saw: the site is not measured again.
    sync_tree(write_files(tmp_path / "fresh", {"index.html": "z" * 900}), served)
    assert outputsync.SITE_BYTES[str(served)] == 900
    assert outputsync.scratch_parent(served) == memory
