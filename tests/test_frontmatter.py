"""The strict YAML loader: strings stay strings, duplicates and bad YAML are located."""

from __future__ import annotations

from portal_core.errors import ContentError
from portal_core.frontmatter import parse
import pytest


def test_codes_and_words_stay_strings():
    fm = parse("x.md", "---\ncode: 01000\ncorse: 2A004\npays: NO\nannee: 2019\nheure: 12:30\n---\nCorps\n")
    assert fm.data == {"code": "01000", "corse": "2A004", "pays": "NO", "annee": "2019", "heure": "12:30"}


def test_duplicate_key_is_an_error_with_its_line():
    with pytest.raises(ContentError) as error:
        parse("x.md", "---\ntitle: A\nsummary: B\ntitle: C\n---\n")
    assert str(error.value) == "x.md:4: front matter: YAML invalide : clé « title » en double (déjà à la ligne 2)"


def test_broken_yaml_is_an_error_with_its_line():
    with pytest.raises(ContentError) as error:
        parse("x.md", '---\ntitle: "ouvert\nsummary: B\n---\n')
    assert str(error.value).startswith("x.md:4: front matter: YAML invalide : found unexpected end of stream")


def test_missing_front_matter():
    with pytest.raises(ContentError) as error:
        parse("x.md", "title: A\n")
    assert str(error.value).startswith("x.md:1: front matter: en-tête YAML absent")


def test_front_matter_must_be_a_mapping():
    with pytest.raises(ContentError) as error:
        parse("x.md", "---\n- a\n- b\n---\n")
    assert str(error.value) == "x.md:2: front matter: l'en-tête doit être une suite de lignes « clé: valeur »"


def test_bom_and_crlf_are_read_like_pelican_does():
    fm = parse("x.md", "\ufeff---\r\ntitle: A\r\n---\r\nCorps\r\n")
    assert fm.data == {"title": "A"}
    assert fm.body == "Corps\n"
    assert fm.body_first_line == 4


def test_line_of_nested_fields():
    fm = parse("x.md", "---\ntitle: A\nawards:\n  - scheme: s\n    level: or\n  - scheme: t\n    level: NO\n---\n")
    assert fm.line_of(("awards", 1, "level")) == 7
    assert fm.line_of(("awards", 0)) == 4
    assert fm.line_of(("absent",)) == 2
