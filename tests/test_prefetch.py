"""Cold builds check and render the files in worker processes: same bytes, same errors;
and the content read is kept out of the garbage collector's way until the build ends.

The threshold is lowered so that tiny sites use the workers. The parent process counts
the files it checks itself: a forked worker's count stays in the worker.
"""

from __future__ import annotations

import gc
import os

from pelican import Pelican, signals
from portal_core.errors import InvalidContentError
from portal_reader import plugin, prefetch
import pytest
from support import count_checks, file_tree, page, site_settings, write_files

TITLE = "Un potager dans chaque école"
FICHES = {
    f"initiatives/{slug}.md": page(**{TITLE: title})
    for slug, title in (
        ("potager", TITLE),
        ("verger", "Un verger communal"),
        ("rucher", "Un rucher municipal"),
        ("composteur", "Des composteurs partagés"),
        ("mare", "Une mare pédagogique"),
    )
}
BAD = page(**{'    code: "81004"': '    code: "99999"', TITLE: "Une haie champêtre"})


@pytest.fixture
def checked_here(monkeypatch):
    """The paths the parent process checks itself; the workers' threshold lowered to 2 files."""
    monkeypatch.setattr(prefetch, "MIN_ITEMS", 2)
    monkeypatch.setattr(prefetch, "cores", lambda: 2)
    return count_checks(monkeypatch)


def build(root, files: dict[str, str], **overrides) -> dict[str, bytes]:
    write_files(root, files)
    Pelican(site_settings(root, **overrides)).run()
    return file_tree(root / "output")


def build_errors(root, files: dict[str, str], **overrides) -> list[str]:
    with pytest.raises(InvalidContentError) as raised:
        build(root, files, **overrides)
    return [str(error) for error in raised.value.errors]


def test_workers_build_the_bytes_of_a_sequential_build(tmp_path, checked_here):
    parallel = build(tmp_path / "parallel", FICHES)
    assert checked_here == []  # every file was checked by a worker
    sequential = build(tmp_path / "sequential", FICHES, PORTAL_CACHE_DIR="")
    assert len(checked_here) == len(FICHES)  # no cache: no workers
    assert parallel == sequential
    assert "initiatives/mare/index.html" in parallel


def test_workers_leave_the_errors_of_a_sequential_build(tmp_path, checked_here):
    files = {**FICHES, "initiatives/haie.md": BAD}
    parallel = build_errors(tmp_path / "parallel", files)
    assert checked_here == []
    sequential = build_errors(tmp_path / "sequential", files, PORTAL_CACHE_DIR="")
    assert parallel == sequential
    assert len(parallel) == 1 and parallel[0].startswith("content/initiatives/haie.md:8: collectivities[0].code: ")


def test_a_file_that_fails_in_a_worker_fails_as_it_always_did(tmp_path, checked_here, monkeypatch):
    render = plugin.render

    def failing(body, settings):
        if "Une mare" in body:
            raise ValueError("rendu impossible")
        return render(body, settings)

    files = {**FICHES, "initiatives/mare.md": FICHES["initiatives/mare.md"] + "\nUne mare.\n"}
    monkeypatch.setattr(plugin, "render", failing)
    parallel = build_errors(tmp_path / "parallel", files)
    assert checked_here == ["content/initiatives/mare.md"]  # only the failed file, read again in order
    sequential = build_errors(tmp_path / "sequential", files, PORTAL_CACHE_DIR="")
    assert parallel == sequential == ["content/initiatives/mare.md:1: fichier: illisible par Pelican"]


def test_content_read_is_frozen_for_the_rest_of_the_build_only(tmp_path):
    frozen: list[int] = []

    def record(_generators):
        frozen.append(gc.get_freeze_count())

    signals.all_generators_finalized.connect(record)
    try:
        build(tmp_path / "site", FICHES)
        assert frozen and frozen[0] > 1000  # the articles read, and all else alive then
        assert gc.get_freeze_count() == 0
        build_errors(tmp_path / "failed", {**FICHES, "initiatives/haie.md": BAD})
        assert gc.get_freeze_count() > 0  # a failed build never sends `finalized`…
        Pelican(site_settings(tmp_path / "site"))
        assert gc.get_freeze_count() == 0  # … the next build gives them back at its start
    finally:
        signals.all_generators_finalized.disconnect(record)
        gc.unfreeze()


def test_an_unreadable_file_is_reported_as_in_a_sequential_build(tmp_path, checked_here):
    def errors(name: str, **overrides) -> list[str]:
        write_files(tmp_path / name, FICHES)
        (tmp_path / name / "content" / "initiatives" / "latin1.md").write_bytes(page().encode("latin-1"))
        with pytest.raises(InvalidContentError) as raised:
            Pelican(site_settings(tmp_path / name, **overrides)).run()
        return [str(error) for error in raised.value.errors]

    parallel = errors("parallel")
    assert checked_here == []
    assert parallel == errors("sequential", PORTAL_CACHE_DIR="")
    assert parallel == ["content/initiatives/latin1.md:1: fichier: illisible par Pelican"]


def dying(source_paths: list[str]) -> list:
    """A worker that dies (killed, out of memory) instead of working."""
    os._exit(1)


def test_a_dead_worker_leaves_its_files_to_the_sequential_read(tmp_path, checked_here, monkeypatch):
    monkeypatch.setattr(prefetch, "_work", dying)
    parallel = build(tmp_path / "parallel", FICHES)
    assert sorted(checked_here) == sorted(f"content/{name}" for name in FICHES)
    assert parallel == build(tmp_path / "sequential", FICHES, PORTAL_CACHE_DIR="")


def test_nothing_is_frozen_while_the_collector_is_paused(tmp_path):
    """livereload pauses the collector for a rebuild and collects its young objects once."""
    frozen: list[int] = []

    def record(_generators):
        frozen.append(gc.get_freeze_count())

    signals.all_generators_finalized.connect(record)
    gc.disable()
    try:
        build(tmp_path / "site", FICHES)
    finally:
        gc.enable()
        signals.all_generators_finalized.disconnect(record)
    assert frozen == [0]
