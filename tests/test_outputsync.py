"""sync_tree: the served folder ends as the fresh one, and only changed files are rewritten."""

from __future__ import annotations

from portal_core.outputsync import sync_tree
from support import file_tree, write_files


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
