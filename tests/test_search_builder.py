"""The index builder's own `add` makes the very index lunr.py's Builder makes."""

from __future__ import annotations

from lunr.builder import Builder
from portal_search import builder
from portal_search.documents import FIELDS


def test_analysed_builder_gives_lunr_builders_index(monkeypatch):
    names = [name for name, _ in FIELDS]
    docs = [
        {
            name: [f"{name}{n % 3}", "potag", "ecol", f"mot{n}", "potag"][: 2 + (n + k) % 4]
            for k, name in enumerate(names)
        }
        for n in range(12)
    ]
    docs[3][names[0]] = []
    ours = builder.build_lunr(docs).serialize()
    monkeypatch.setattr(builder, "AnalysedBuilder", Builder)
    assert builder.build_lunr(docs).serialize() == ours
    assert ours["invertedIndex"] and ours["fieldVectors"]
