"""Each table of portal_core.vocabulary lists exactly the values the schema allows."""

from __future__ import annotations

import json

from portal_core import vocabulary
from support import ROOT

SCHEMA = json.loads((ROOT / "schema" / "initiative.schema.json").read_text(encoding="utf-8"))
AWARD = SCHEMA["$defs"]["award"]["properties"]


def test_levels_are_the_schema_levels_best_first():
    assert sorted(vocabulary.LEVELS) == sorted(AWARD["level"]["enum"])
    assert list(vocabulary.LEVEL_LABELS) == AWARD["level"]["enum"]
    assert vocabulary.LEVELS[:3] == vocabulary.MEDALS == ("or", "argent", "bronze")
    assert [vocabulary.level_rank(level) for level in ("or", "bronze", "inconnu", "aucun")] == [0, 2, 3, 4]


def test_medals_are_the_schema_candidates():
    assert list(vocabulary.MEDALS) == AWARD["candidates"]["items"]["enum"]


def test_the_medal_index_has_one_page_per_level_and_one_for_distinctions():
    assert set(vocabulary.LEVEL_TITLES) == {*vocabulary.LEVELS, vocabulary.DISTINCTION}


def test_stages_are_the_schema_stages():
    assert list(vocabulary.STAGE_LABELS) == SCHEMA["properties"]["stage"]["enum"]


def test_kinds_are_the_schema_kinds():
    assert list(vocabulary.KIND_LABELS) == SCHEMA["$defs"]["collectivity"]["properties"]["kind"]["enum"]
    assert list(vocabulary.OFFICIAL_CODES) == SCHEMA["$defs"]["official_kind"]["enum"]
    assert vocabulary.NON_OFFICIAL_KINDS == ("ccas", "syndicat", "autre")


def test_every_label_is_written():
    tables = (vocabulary.LEVEL_LABELS, vocabulary.LEVEL_TITLES, vocabulary.STAGE_LABELS, vocabulary.KIND_LABELS)
    assert all(label.strip() for table in tables for label in table.values())
