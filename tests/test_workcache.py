"""The cache of per-file work: a cached build gives the bytes of a cold build, whatever was edited.

Each test builds a small project with livereload's rebuild (cache warm from the previous
build), edits one kind of file, rebuilds, and compares the tree with a build from
nothing (empty cache, fresh folder) of the same files.
"""

from __future__ import annotations

import json

from pelican.log import FatalLogger
import pytest
from support import Project, count_checks, file_tree, page, write_files

FICHES = {
    "initiatives/potager.md": page(),
    "initiatives/verger.md": page(**{"Un potager dans chaque école": "Un verger communal"}),
    "initiatives/rucher.md": page(**{"Un potager dans chaque école": "Un rucher municipal"}),
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(FatalLogger, "fatal_lvl", FatalLogger.fatal_lvl)
    built = Project(tmp_path)
    write_files(tmp_path, FICHES)
    assert built.rebuild()
    return built


@pytest.fixture
def checked(monkeypatch):
    """The paths of the files the checker really checks (not taken from the cache)."""
    return count_checks(monkeypatch)


def assert_same_as_cold(project: Project, tmp_path) -> dict[str, bytes]:
    tree = file_tree(project.output)
    assert project.cold_build(tmp_path / "cold") == tree
    return tree


def test_an_edited_fiche_is_the_only_one_checked_again(project, checked, tmp_path):
    project.edit("content/initiatives/verger.md", "Un verger communal", "Un verger partagé")
    assert project.rebuild()
    assert checked == ["content/initiatives/verger.md"]
    assert sorted(p.name for p in project.cache.iterdir()) == [
        "analyse.pickle",
        "checks.pickle",
        "locator.pickle",
        "markdown.pickle",
    ]
    tree = assert_same_as_cold(project, tmp_path)
    assert any(b"Un verger partag" in content for name, content in tree.items() if name.startswith("recherche/"))


def test_an_edit_to_data_checks_every_fiche_again(project, checked, tmp_path):
    project.edit("data/categories.yaml", "label: Agriculture et alimentation", "label: Alimentation et agriculture")
    assert project.rebuild()
    assert len(checked) == 3
    assert "Alimentation et agriculture" in project.read("thematiques/index.html")
    assert_same_as_cold(project, tmp_path)


def test_an_edit_to_the_schema_or_a_template_gives_a_cold_build(project, tmp_path):
    schema_path = project.root / "schema" / "initiative.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["title"]["description"] = "Titre de la fiche (modifié)"
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    project.edit("theme/templates/base.html", '<footer class="site-footer">', '<footer class="site-footer">Marque')
    assert project.rebuild()
    assert "Marque" in project.read("index.html")
    tree = assert_same_as_cold(project, tmp_path)
    assert any("Titre de la fiche (modifié)".encode() in content for content in tree.values())


def test_deleted_and_renamed_fiches_leave_every_index_feed_search_file_and_export(project, tmp_path):
    before = file_tree(project.output)
    assert any(b"verger" in content for name, content in before.items() if name.startswith("donnees/"))
    (project.content / "initiatives" / "verger.md").rename(project.content / "initiatives" / "vergers.md")
    (project.content / "initiatives" / "rucher.md").unlink()
    assert project.rebuild()
    tree = assert_same_as_cold(project, tmp_path)
    for name, content in tree.items():
        assert b"rucher" not in content.lower(), name
        assert b"/verger/" not in content and b'"verger"' not in content, name
    assert any(b"Un verger communal" in content for name, content in tree.items() if name.startswith("recherche/"))
    assert "vergers" in project.read("feeds/all.atom.xml")
