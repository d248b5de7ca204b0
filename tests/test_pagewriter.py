"""Pages rendered on every core: the bytes of a build in line, and its first error."""

from __future__ import annotations

import os

from jinja2 import Template
from pelican import Pelican
from pelican.writers import FileOverwriteFailedError
from portal_core import parallel
from portal_core.errors import ContentError, InvalidContentError
from portal_theme import pagewriter, plugin
import pytest
from support import file_tree, page, record_forks, site_settings, write_files

FICHES = {
    f"initiatives/{slug}.md": page(**{"Un potager dans chaque école": title})
    for slug, title in (
        ("potager", "Un potager dans chaque école"),
        ("verger", "Un verger communal"),
        ("rucher", "Un rucher municipal"),
        ("compost", "Un composteur de quartier"),
    )
}


@pytest.fixture
def on_cores(monkeypatch):
    """Pages of any site rendered by two processes; the pids of the workers forked."""
    monkeypatch.setattr(pagewriter, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    return record_forks(monkeypatch)


def build(root, **overrides) -> dict[str, bytes]:
    write_files(root, FICHES)
    Pelican(site_settings(root, **overrides)).run()
    return file_tree(root / "output")


def test_pages_rendered_on_two_cores_are_those_rendered_in_line(tmp_path, on_cores, monkeypatch):
    on_two = build(tmp_path / "two")
    # Each generator's pages at its end: the fiches, then the indexes (the Données page
    # and the redirects are one page: rendered here).
    assert len(on_cores) == 2
    monkeypatch.setattr(pagewriter, "MIN_ITEMS", 10**6)
    forked = len(on_cores)
    in_line = build(tmp_path / "one")
    assert len(on_cores) == forked
    assert in_line == on_two
    assert {"initiatives/rucher/index.html", "territoires/index.html", "donnees/index.html"} <= in_line.keys()
    # Not one empty page (the file Pelican creates when the page is recorded).
    assert not [name for name, content in on_two.items() if name.endswith(".html") and not content]


def test_an_error_in_a_page_rendered_by_a_worker_stops_the_build(tmp_path, on_cores, monkeypatch):
    parent = os.getpid()
    initiative_ld = plugin.initiative_ld

    def refused_in_a_worker(article, **kwargs):
        if os.getpid() != parent:
            raise InvalidContentError(
                [ContentError(article.source_path, 2, "title", f"« {article.title} » est refusé par le test")]
            )
        return initiative_ld(article, **kwargs)

    monkeypatch.setattr(plugin, "initiative_ld", refused_in_a_worker)
    with pytest.raises(InvalidContentError) as raised:
        build(tmp_path / "site")
    assert len(on_cores) == 1  # the build stopped after the fiches
    [error] = raised.value.errors
    # A fiche that a worker rendered, with the message it raised there.
    assert error.path.startswith(str(tmp_path / "site" / "content" / "initiatives"))
    assert (error.line, error.field) == (2, "title") and error.message.endswith("» est refusé par le test")


def test_recorded_pages_keep_pelicans_rules_for_a_file_written_twice(tmp_path):
    writer = pagewriter.PortalWriter(str(tmp_path), settings={"RELATIVE_URLS": False})
    template = Template("{{ text }}")
    with writer.batch(on_cores=False):
        writer.write_file("page.html", template, {}, text="premier")
        writer.write_file("page.html", template, {}, text="second", override_output=True)
        writer.write_file("page.html", template, {}, text="troisième")  # not overwriting the override: skipped
        assert not (tmp_path / "page.html").exists()  # recorded, not written yet
    assert (tmp_path / "page.html").read_text(encoding="utf-8") == "second"
    with pytest.raises(FileOverwriteFailedError, match="already written"), writer.batch(on_cores=False):
        writer.write_file("other.html", template, {}, text="un")
        writer.write_file("other.html", template, {}, text="deux")
    assert not (tmp_path / "other.html").exists()  # nothing rendered after an error
