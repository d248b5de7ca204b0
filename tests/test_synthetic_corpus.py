"""The benchmark's synthetic corpus: valid fiches, the same for the same seed."""

from __future__ import annotations

from portal_core.validation import Checker, content_files
from support import ROOT

from bench import synthetic_corpus


def test_a_small_corpus_is_valid_and_deterministic(tmp_path):
    first = synthetic_corpus.generate(tmp_path / "a", 40, seed=3)
    again = synthetic_corpus.generate(tmp_path / "b", 40, seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    reports = Checker.from_settings({}).check_all(content_files(tmp_path / "a"))
    assert len(reports) == 40
    assert [str(e) for r in reports for e in r.errors] == []


def test_the_banks_are_a_data_file():
    assert (ROOT / "bench" / "corpus_words.yaml").is_file()
    assert not (ROOT / "bench" / "corpus_words.py").exists()
    assert {"themes", "publics", "stages"} <= set(synthetic_corpus.WORDS)
