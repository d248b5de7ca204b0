"""The pages match what each source document announces (data/sources.yaml: announced)."""

from __future__ import annotations

from collections import Counter

from portal_core.model import Initiative
from portal_core.registry import load_registry
from portal_core.settings import portal_path
from portal_core.validation import FileReport
from portal_core.vocabulary import MEDALS
import pytest

# The documents of data/sources.yaml that announce their totals.
DOCUMENTS = [
    source
    for _, source in sorted(load_registry(portal_path({}, "PORTAL_DATA_DIR")).sources.items())
    if source.announced
]


@pytest.fixture(scope="module")
def initiatives(content_reports: list[FileReport]) -> list[Initiative]:
    return [r.initiative for r in content_reports if r.initiative]


def fits(decided: Counter, undecided: list[tuple[str, ...]], totals: dict[str, int]) -> bool:
    """Can each undecided dossier get one of its candidate medals so the totals match?"""
    missing = Counter({level: totals[level] - decided[level] for level in MEDALS})
    if any(count < 0 for count in missing.values()):
        return False

    def assign(index: int) -> bool:
        if index == len(undecided):
            return all(count == 0 for count in missing.values())
        for level in undecided[index]:
            if missing[level] > 0:
                missing[level] -= 1
                if assign(index + 1):
                    return True
                missing[level] += 1
        return False

    return assign(0)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.key)
def test_pages_match_the_totals_the_document_announces(document, initiatives):
    awards = [
        award
        for initiative in initiatives
        if initiative.source.document.key == document.key
        for award in initiative.awards
        if award.scheme.key == document.scheme
    ]
    assert len(awards) == document.announced["dossiers"]
    if "or" in document.announced:
        decided = Counter(a.level for a in awards if a.level in MEDALS)
        undecided = [a.candidates for a in awards if a.level == "inconnu"]
        assert fits(decided, undecided, document.announced), (decided, undecided)


def test_label_2023_levels_as_the_annuaire_lists_them(initiatives):
    # The annuaire gives each label's medal but announces no totals (data/sources.yaml).
    levels = Counter(a.level for i in initiatives for a in i.awards if a.scheme.key == "territoire-innovant")
    assert levels == Counter({"or": 8, "argent": 8, "bronze": 9})


def test_every_unknown_level_has_candidates_and_a_note(initiatives):
    for initiative in initiatives:
        for award in initiative.awards:
            if award.level == "inconnu":
                assert len(award.candidates) >= 2, initiative.slug
                assert initiative.source.note, initiative.slug


def test_fits_can_fail():
    assert fits(Counter(), [("or", "argent")], {"or": 1, "argent": 0, "bronze": 0})
    assert not fits(Counter(), [("or", "argent")], {"or": 0, "argent": 0, "bronze": 1})
    assert not fits(Counter({"or": 2}), [], {"or": 1, "argent": 0, "bronze": 0})


def test_same_collectivity_resolves_to_the_same_code_across_sources(initiatives):
    codes: dict[tuple[str, str], set[str]] = {}
    for initiative in initiatives:
        for c in initiative.collectivities:
            if c.is_official:
                codes.setdefault((c.kind, c.name), set()).add(c.code)
    assert {key: found for key, found in codes.items() if len(found) > 1} == {}
