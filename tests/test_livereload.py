"""`invoke livereload` rebuilds in one process: every rebuild sees every edit.

The rebuilds below are the ones livereload runs (`tasks.live_rebuild`, the atomic build),
one after the other in this process, on a copy of the data, schema and theme, so that
each kind of file can be edited: a fiche, data/*.yaml, schema/*.json, a template and
the settings file. A failed rebuild prints `path:line: field: message` and leaves the
last good site in place.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path
import weakref

from pelican import signals
from pelican.log import FatalLogger
from portal_core import parallel
from portal_core.filecache import cached_on_files, files_signature
from portal_opendata import generator as opendata
from portal_theme import pagewriter
import pytest
from support import Project, file_tree, page, write_files

import tasks


@pytest.fixture
def project(tmp_path, monkeypatch):
    # `--fatal warnings` is a class attribute of Pelican's logger: restore it for later tests.
    monkeypatch.setattr(FatalLogger, "fatal_lvl", FatalLogger.fatal_lvl)
    return Project(tmp_path)


def test_each_rebuild_sees_every_kind_of_edit(project, capsys):
    assert project.rebuild()
    assert "Un potager dans chaque école" in project.read("initiatives/potager/index.html")
    assert "Agriculture et alimentation" in project.read("thematiques/index.html")
    assert "Éditeur initial" in project.read("mentions-legales/index.html")

    project.edit("content/initiatives/potager.md", "Un potager dans chaque école", "Un verger dans chaque école")
    project.edit("data/categories.yaml", "label: Agriculture et alimentation", "label: Alimentation et agriculture")
    project.edit(
        "theme/templates/base.html", '<footer class="site-footer">', '<footer class="site-footer">Marque-gabarit'
    )
    project.settings(publisher="Nouvel éditeur")
    assert project.rebuild()
    fiche = project.read("initiatives/potager/index.html")
    assert "Un verger dans chaque école" in fiche and "Un potager" not in fiche
    assert "Marque-gabarit" in fiche
    assert "Alimentation et agriculture" in project.read("thematiques/index.html")
    assert "Nouvel éditeur" in project.read("mentions-legales/index.html")
    good = file_tree(project.output)

    # The schema now refuses a title that long: the old validator must not be reused.
    schema_path = project.root / "schema" / "initiative.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["title"]["maxLength"] = 10
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert not project.rebuild()
    printed = capsys.readouterr().err
    assert "content/initiatives/potager.md:2: title: " in printed
    assert "10" in printed.split("title: ", 1)[1].splitlines()[0]
    assert file_tree(project.output) == good


def test_a_broken_fiche_keeps_the_last_good_site_and_prints_its_errors(project, capsys):
    assert project.rebuild()
    good = file_tree(project.output)
    project.edit("content/initiatives/potager.md", "level: or", "level: platine")
    capsys.readouterr()
    assert not project.rebuild()
    printed = capsys.readouterr().err.splitlines()
    assert printed[0].startswith("content/initiatives/potager.md:12: awards[0].level: ")
    assert "platine" in printed[0]
    assert "dernière construction réussie" in printed[-1]
    assert file_tree(project.output) == good
    assert not project.output.with_name("output.new").exists()

    project.edit("content/initiatives/potager.md", "level: platine", "level: argent")
    assert project.rebuild()
    assert file_tree(project.output) != good


def test_file_cache_reloads_when_a_file_changes(tmp_path):
    calls = []

    @cached_on_files
    def load(location: str) -> str:
        calls.append(location)
        return (Path(location) / "a.txt").read_text(encoding="utf-8")

    (tmp_path / "a.txt").write_text("un", encoding="utf-8")
    assert load(str(tmp_path)) == "un"
    assert load(str(tmp_path)) == "un"
    assert len(calls) == 1
    before = files_signature(str(tmp_path))
    # Same size, same folder: the time (or, for a save by renaming, the inode) tells the change.
    replacement = tmp_path / "a.tmp"
    replacement.write_text("deux"[:2], encoding="utf-8")
    replacement.replace(tmp_path / "a.txt")
    assert files_signature(str(tmp_path)) != before
    assert load(str(tmp_path)) == "de"
    (tmp_path / "b.txt").write_text("nouveau fichier", encoding="utf-8")
    load(str(tmp_path))
    assert len(calls) == 3


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("cores", [1, 2])
def test_a_rebuild_rewrites_only_the_files_whose_bytes_change(project, tmp_path, monkeypatch, cores):
    # With 2, the rebuilds render their pages on two processes (portal_theme.pagewriter);
    # the cold build they are compared with, in a new process, renders them in line.
    monkeypatch.setattr(pagewriter, "MIN_ITEMS", 1 if cores > 1 else 10**6)
    monkeypatch.setattr(parallel, "cores", lambda: cores)
    write_files(project.root, {"initiatives/verger.md": page(**{"Un potager": "Un verger"})})
    assert project.rebuild()
    before, old_bytes = _stamps(project.output), file_tree(project.output)
    project.edit("content/initiatives/verger.md", "Un verger", "Un verger partagé")
    # The body: the words of related initiatives and the feeds' entries come from it.
    project.edit("content/initiatives/verger.md", "Les enfants cultivent", "Les voisins cultivent")
    (project.content / "initiatives" / "potager.md").rename(project.content / "initiatives" / "jardin.md")
    assert project.rebuild()
    after, new_bytes = _stamps(project.output), file_tree(project.output)

    # The same tree as a build from nothing, in a new process, byte for byte.
    assert project.cold_build(tmp_path / "cold") == new_bytes
    assert "initiatives/potager/index.html" not in after and "initiatives/jardin/index.html" in after
    assert "Les voisins cultivent" in project.read("feeds/all.atom.xml")
    unchanged = {path for path in before.keys() & after.keys() if old_bytes[path] == new_bytes[path]}
    rewritten = {path for path in before.keys() & after.keys() if before[path] != after[path]}
    assert unchanged and "theme/css/portail.css" in unchanged and "accessibilite/index.html" in unchanged
    assert rewritten == (before.keys() & after.keys()) - unchanged
    assert not project.output.with_name("output.new").exists()


def test_an_edit_of_a_body_builds_no_export_again(project, tmp_path, monkeypatch):
    built = []
    build_catalogue = opendata.build_catalogue
    monkeypatch.setattr(opendata, "build_catalogue", lambda *inputs: built.append(1) or build_catalogue(*inputs))
    assert project.rebuild()
    before = len(built)  # none when an earlier test built the same exports in this process
    project.edit("content/initiatives/potager.md", "Les enfants cultivent", "Les voisins cultivent")
    assert project.rebuild()
    assert len(built) == before
    assert project.cold_build(tmp_path / "cold") == file_tree(project.output)
    project.edit("content/initiatives/potager.md", "Un potager dans chaque école", "Un verger dans chaque école")
    assert project.rebuild()
    assert len(built) == before + 1
    assert "Un verger dans chaque école" in project.read("donnees/initiatives.csv")


def test_a_rebuild_lets_its_articles_go_and_leaves_the_collector_on(project):
    read: list[weakref.ref] = []

    def remember(generator):
        read.extend(weakref.ref(article) for article in generator.articles)

    signals.article_generator_finalized.connect(remember)
    try:
        assert project.rebuild()
        write_files(project.root, {"initiatives/verger.md": page(**{"Un potager": "Un verger"})})
        assert project.rebuild()
    finally:
        signals.article_generator_finalized.disconnect(remember)
    assert len(read) == 3
    # Pelican's memos (get_content, get_summary) would keep every article of every rebuild.
    assert all(ref() is None for ref in read)
    assert gc.isenabled()


def test_the_collector_is_paused_during_a_rebuild_and_finds_its_cycles():
    class Node:
        pass

    with tasks.rebuild_memory():
        assert not gc.isenabled()
        node = Node()
        node.loop = node
        ref = weakref.ref(node)
        del node
        assert ref() is not None  # a cycle: only the collector frees it
    assert ref() is None
    assert gc.isenabled()
