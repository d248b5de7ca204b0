"""Work on other cores: a forked computation gives its result or raises its error in the
build's process, and the search index built in a forked process is the one built in line."""

from __future__ import annotations

import os
import shutil
import time

from pelican import Pelican
from portal_core import parallel
from portal_core.errors import ContentError, InvalidContentError
from portal_core.parallel import Forked
from portal_search import generator
import pytest
from support import ROOT, file_tree, page, record_forks, site_settings, write_files

TITLE = "Un potager dans chaque école"
FICHES = {
    f"initiatives/{slug}.md": page(**{TITLE: title})
    for slug, title in (("potager", TITLE), ("verger", "Un verger communal"), ("rucher", "Un rucher municipal"))
}


def test_a_forked_computation_returns_its_result_or_raises_its_error():
    assert Forked(lambda: {"pid": os.getpid()}).result()["pid"] != os.getpid()
    error = InvalidContentError([ContentError("data/synonyms.yaml", 3, "mots", "un mot est répété")])

    def failing():
        raise error

    with pytest.raises(InvalidContentError) as raised:
        Forked(failing).result()
    assert str(raised.value) == str(error) and raised.value.errors == error.errors


@pytest.fixture
def forked(monkeypatch):
    """Search indexes built in a forked process from 2 articles on; the pids of those started."""
    monkeypatch.setattr(generator, "MIN_ITEMS", 2)
    monkeypatch.setattr(generator, "cores", lambda: 2)
    return record_forks(monkeypatch)


def build(root, files, **overrides) -> dict[str, bytes]:
    write_files(root, files)
    Pelican(site_settings(root, **overrides)).run()
    return {name: content for name, content in file_tree(root / "output").items() if name.startswith("recherche/")}


def test_the_index_built_in_a_forked_process_is_the_one_built_in_line(tmp_path, forked, monkeypatch):
    built_here: list[int] = []  # a forked process's calls stay in that process
    build_index = generator.build_index
    monkeypatch.setattr(generator, "build_index", lambda *args: built_here.append(1) or build_index(*args))
    in_background = build(tmp_path / "forked", FICHES)
    assert len(forked) == 1 and built_here == []
    monkeypatch.setattr(generator, "MIN_ITEMS", 10**6)
    assert build(tmp_path / "in-line", FICHES) == in_background
    assert len(forked) == 1 and built_here == [1] and len(in_background) > 5


def test_an_error_of_the_forked_index_stops_the_build_as_in_line(tmp_path, forked, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    synonyms = data / "synonyms.yaml"
    synonyms.write_text(synonyms.read_text(encoding="utf-8") + "\n- mots: [vélo]\n", encoding="utf-8")

    def errors(name: str) -> list[str]:
        with pytest.raises(InvalidContentError) as raised:
            build(tmp_path / name, FICHES, PORTAL_DATA_DIR=str(data))
        return [str(error) for error in raised.value.errors]

    in_background = errors("forked")
    assert len(forked) == 1
    monkeypatch.setattr(generator, "MIN_ITEMS", 10**6)
    assert errors("in-line") == in_background
    assert in_background[0].startswith(f"{data / 'synonyms.yaml'}:")


def test_a_build_stopped_before_its_index_stops_it_at_the_next_build(tmp_path, forked, monkeypatch):
    def stopped(self):
        raise RuntimeError("arrêt avant l'index")

    monkeypatch.setattr(generator.SearchGenerator, "generate_context", stopped)
    with pytest.raises(RuntimeError):
        build(tmp_path / "site", FICHES)
    assert len(forked) == 1 and generator._started
    Pelican(site_settings(tmp_path / "site"))
    assert not generator._started
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # stopped and reaped


def test_an_index_whose_process_died_is_built_in_line(tmp_path, forked, monkeypatch):
    parent = os.getpid()
    build_index = generator.build_index

    def dying_in_a_child(*args):
        if os.getpid() != parent:
            os._exit(1)
        return build_index(*args)

    monkeypatch.setattr(generator, "build_index", dying_in_a_child)
    in_line_after_death = build(tmp_path / "died", FICHES)
    assert len(forked) == 1
    monkeypatch.setattr(generator, "MIN_ITEMS", 10**6)
    assert build(tmp_path / "in-line", FICHES) == in_line_after_death


@pytest.fixture
def two_cores(monkeypatch):
    """map_on_cores shares its loops between this process and one forked worker."""
    monkeypatch.setattr(parallel, "cores", lambda: 2)


def doubled_where(item: int) -> tuple[int, int]:
    time.sleep(0.01)  # long enough for the worker to start before this process has done everything
    return 2 * item, os.getpid()


def test_a_loop_on_cores_gives_the_results_of_a_loop_in_line(two_cores):
    results = parallel.map_on_cores(doubled_where, range(40), minimum=2)
    assert [value for value, _ in results] == [2 * item for item in range(40)]
    # Each process starts with a chunk of its own (one item each here), then takes what is left.
    parent, worker = results[0][1], results[1][1]
    assert parent == os.getpid() and worker != parent
    assert {pid for _, pid in results} == {parent, worker}
    assert parallel.map_on_cores(doubled_where, range(3), minimum=4) == [(2 * i, os.getpid()) for i in range(3)]


def test_a_slow_worker_leaves_its_share_to_the_other_process(two_cores):
    parent = os.getpid()

    def slow_in_the_worker(item: int) -> int:
        time.sleep(0.002 if os.getpid() == parent else 0.05)
        return os.getpid()

    pids = parallel.map_on_cores(slow_in_the_worker, range(64), minimum=2)
    assert 2 <= sum(pid != parent for pid in pids) < 16


def failing_at(*positions: int):
    def function(item: int) -> int:
        if item in positions:
            raise InvalidContentError([ContentError(f"content/{item}.md", item, "title", "titre refusé")])
        return item

    return function


@pytest.mark.parametrize(("positions", "first"), [((3, 6), 3), ((2, 5), 2), ((7,), 7), ((0, 1), 0)])
def test_a_loop_on_cores_raises_the_error_a_loop_in_line_raises_first(two_cores, positions, first):
    with pytest.raises(InvalidContentError) as raised:
        parallel.map_on_cores(failing_at(*positions), range(10), minimum=2)
    assert [str(error) for error in raised.value.errors] == [f"content/{first}.md:{first}: title: titre refusé"]


def test_a_loop_whose_worker_dies_stops_the_build(two_cores):
    parent = os.getpid()

    def dying(item: int) -> int:
        if os.getpid() != parent:
            os._exit(1)
        return item

    with pytest.raises(parallel.ChildLost, match="sans résultat"):
        parallel.map_on_cores(dying, range(4), minimum=2)


def test_a_core_busy_with_a_child_is_not_shared(two_cores, monkeypatch):
    index = Forked(lambda: time.sleep(0.5) or "index")  # as the search index's process
    forks = record_forks(monkeypatch)
    assert parallel.busy_cores() == 1
    assert parallel.map_on_cores(doubled_where, range(4), minimum=2) == [(2 * i, os.getpid()) for i in range(4)]
    assert forks == []
    assert index.result() == "index" and parallel.busy_cores() == 0
    assert {pid for _, pid in parallel.map_on_cores(doubled_where, range(4), minimum=2)} - {os.getpid()}
    assert len(forks) == 1
