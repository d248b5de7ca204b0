"""Property tests (Hypothesis): generated front matter, valid and invalid, through the validator.

No document may crash the validator; every rejection names the file, a line of the file
and a field; documents built only from valid values are accepted. The examples are
derandomised, so every run (and CI) tries the same ones.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings, strategies as st
from portal_core.validation import Checker
import pytest
from support import report
import yaml

pytestmark = pytest.mark.gate

PATH = "content/initiatives/genere.md"
CHECKER = Checker.from_settings({})
EXAMPLES = {"valides": 1200, "mélangés": 1300, "textes": 1000}
SEEN = dict.fromkeys(EXAMPLES, 0)
PROPERTY = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FRENCH_WORDS = [
    "école", "cantine", "vélo", "potager", "quartier", "réseau", "habitants", "jeunes", "aînés", "eau",
    "énergie", "tri", "déchets", "forêt", "numérique", "données", "santé", "sport", "culture", "mobilité",
    "chaleur", "île", "œuvre", "façade", "démarche", "citoyenne",
]  # fmt: skip
WORDS = st.sampled_from(FRENCH_WORDS)
VALID_PLACES = [("commune", "81004"), ("departement", "81"), ("region", "76"), ("commune", "64545")]
VALID_AWARD = {"scheme": "territoria", "year": "2017", "level": "or", "category": "Aménagement / Urbanisme"}
CATEGORIES = sorted(CHECKER.registry.categories)


def sentence(min_words: int, max_words: int):
    return st.lists(WORDS, min_size=min_words, max_size=max_words).map(" ".join).map(str.capitalize)


@st.composite
def valid_documents(draw) -> dict:
    kind, code = draw(st.sampled_from(VALID_PLACES))
    data = {
        "title": draw(sentence(2, 12)),
        "date": draw(st.dates(date(2000, 1, 1), date(2099, 12, 31))).isoformat(),
        "summary": draw(sentence(12, 30)),
        "collectivities": [{"kind": kind, "code": code}],
        "awards": [VALID_AWARD],
        "categories": draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=4, unique=True)),
        "source": {"document": "territoria-2017"},
    }
    figures = draw(st.lists(st.tuples(sentence(1, 4), sentence(1, 3)), max_size=3))
    if figures:
        data["key_figures"] = [{"label": label, "value": value} for label, value in figures]
    return data


ANY_VALUE = st.recursive(
    st.one_of(st.text(max_size=60), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def mixed_documents(draw) -> dict:
    """A valid document with fields removed, replaced by anything, or added."""
    data = draw(valid_documents())
    for key in draw(st.lists(st.sampled_from(sorted(data)), max_size=3, unique=True)):
        action = draw(st.sampled_from(["drop", "replace"]))
        if action == "drop":
            del data[key]
        else:
            data[key] = draw(ANY_VALUE)
    for key, value in draw(st.dictionaries(st.text(min_size=1, max_size=12), ANY_VALUE, max_size=2)).items():
        data[key] = value
    return data


def document(data: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


def located_problems(text: str) -> list[str]:
    """Check a file; every error must name this file, one of its lines and a field."""
    errors = CHECKER.check_file(PATH, text).errors
    last_line = text.count("\n") + 1
    return [
        str(e)
        for e in errors
        if e.path != PATH or not 1 <= e.line <= last_line or not e.field.strip() or not e.message.strip()
    ]


@settings(PROPERTY, max_examples=EXAMPLES["valides"])
@given(data=valid_documents(), body=sentence(5, 40))
def test_valid_documents_are_accepted(data, body):
    SEEN["valides"] += 1
    assert CHECKER.check_file(PATH, document(data, body)).errors == []


@settings(PROPERTY, max_examples=EXAMPLES["mélangés"])
@given(data=mixed_documents(), body=st.text(max_size=200))
def test_mixed_documents_never_crash_and_every_error_is_located(data, body):
    SEEN["mélangés"] += 1
    assert located_problems(document(data, body)) == []


LINE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["---", "...", "title:", "  - kind: commune", "\t- x", "date: 2024-13-45", "a: [", "b: {", "&x *x"]
    ),
)


@settings(PROPERTY, max_examples=EXAMPLES["textes"])
@given(lines=st.lists(LINE, max_size=12), fenced=st.booleans())
def test_any_text_never_crashes_and_every_error_is_located(lines, fenced):
    SEEN["textes"] += 1
    text = "\n".join(["---", *lines, "---", "corps"] if fenced else lines)
    problems = located_problems(text)
    assert problems == []


@pytest.fixture(scope="module", autouse=True)
def _figure():
    yield
    if all(SEEN.values()):
        report("Hypothesis (en-têtes)", f"{sum(SEEN.values())} documents générés, 0 plantage, chaque refus situé")


def test_a_blank_or_invisible_field_name_is_shown_quoted():
    errors = CHECKER.check_file(PATH, document({**valid_example(), "\r": "x"}, "corps")).errors
    assert [(e.field, e.message.split(" (")[0]) for e in errors] == [('"\\r"', "champ inconnu")]


def valid_example() -> dict:
    return {
        "title": "Un potager",
        "date": "2026-01-15",
        "summary": "La commune installe un potager dans chaque école et forme les enfants.",
        "collectivities": [{"kind": "commune", "code": "81004"}],
        "awards": [VALID_AWARD],
        "categories": ["agriculture-alimentation"],
        "source": {"document": "territoria-2017"},
    }
