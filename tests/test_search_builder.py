"""The index builder's own `add` and `term_postings` give lunr.py's index, byte for byte.

AnalysedBuilder replaces lunr.py's slow pure-Python steps (Token objects, Vector inserts)
by the same computation on plain structures. The reference here is lunr.py's unmodified
Builder: its `add`, its `build` (field vectors), the scores read back from the vectors.
"""

from __future__ import annotations

from collections import defaultdict
import random

from lunr.builder import Builder
from portal_search import builder
from portal_search.documents import FACETS, FIELDS, SearchDoc
from portal_search.synonyms import FILE_NAME, load_synonyms
from support import ROOT

NAMES = [name for name, _ in FIELDS]


def lunr_reference(doc_terms: list[dict[str, list[str]]]) -> dict[str, list[list[int]]]:
    """Postings as lunr.py's own Builder scores them: read back from its field vectors."""
    index = builder.filled(Builder(), doc_terms).build()
    term_of = {posting["_index"]: term for term, posting in index.inverted_index.items()}
    per_term: dict[int, list[dict[int, int]]] = defaultdict(lambda: [{} for _ in NAMES])
    for field_ref, vector in index.field_vectors.items():
        name, ref = field_ref.split("/", 1)
        elements = vector.elements
        for i in range(0, len(elements), 2):
            per_term[elements[i]][NAMES.index(name)][int(ref)] = round(elements[i + 1] * 1000)
    result = {}
    for term_index, columns in per_term.items():
        flat_columns = [builder.flatten(column) for column in columns]
        while flat_columns and not flat_columns[-1]:
            flat_columns.pop()
        result[term_of[term_index]] = flat_columns
    return result


def corpus(count: int, seed: int = 7) -> list[dict[str, list[str]]]:
    """Analysed documents with a skewed vocabulary: rare and common terms, repeats, empty fields."""
    rng = random.Random(seed)
    vocabulary = [f"mot{n}" for n in range(400)] + ["potag", "ecol", "velo", "Ecol"]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    lengths = {"titre": 6, "collectivite": 3, "thematiques": 8, "territoire": 2, "resume": 20, "texte": 150}
    return [
        {name: rng.choices(vocabulary, weights, k=rng.randrange(0, 2 * lengths[name])) for name in NAMES}
        for _ in range(count)
    ]


def test_postings_are_lunr_builders_scores():
    docs = corpus(300)
    docs[3]["titre"] = []
    docs[5]["titre"] += ["unique", "unique"]
    ours = builder.lunr_postings(docs)
    assert ours == lunr_reference(docs)
    assert "ecol" in ours and "Ecol" not in ours  # lunr.py lower-cases, as ours does
    assert any(len(columns) < len(NAMES) for columns in ours.values())  # trailing empty fields left out


def test_every_index_file_is_the_one_lunr_builder_gives(monkeypatch):
    rng = random.Random(3)
    words = ["potager", "école", "écoles", "vélo", "jardin", "compost", "cantine", "déchets", "mobilité", "solaire"]
    docs = [
        SearchDoc(
            title=f"Initiative {n}",
            year=2015 + n % 5,
            fields={name: " ".join(rng.choices(words, k=rng.randrange(1, 30))) for name in NAMES},
            facets={key: [(f"{key}{n % 3}", f"{key} {n % 3}", f"{n % 3}")] for key, _ in FACETS},
            card={"u": f"initiatives/{n}/", "t": f"Initiative {n}"},
        )
        for n in range(40)
    ]
    data = ROOT / "data"
    synonyms = builder.Synonyms(load_synonyms(data), str(data / FILE_NAME))

    def files() -> dict[str, bytes]:
        return builder.index_files(docs, ROOT / "node_modules", synonyms, 300, 4).files

    ours = files()
    monkeypatch.setattr(builder, "lunr_postings", lunr_reference)
    assert files() == ours
    assert len([name for name in ours if name.startswith("t-")]) > 1  # several shards


def test_lead_docs_are_a_words_likely_first_results():
    """Cards carried beside a shard: per word of LEAD_MIN_DOCS initiatives or more, those
    with the word in their title first, then by the word's weight plus its synonyms'."""
    common = list(range(builder.LEAD_MIN_DOCS + 10))
    # Doc 0 has the word in its title (a small weight); docs 1… by weight, 30+ highest.
    title = builder.flatten({0: 1})
    body = builder.flatten({doc: 100 + doc for doc in common if doc})
    # A synonym lifts doc 1 above every other doc but 0.
    synonyms = builder.flatten({1: 10_000})
    rare = builder.flatten(dict.fromkeys(range(40, 40 + builder.LEAD_MIN_DOCS - 1), 5000))
    rows = [["word", synonyms, title, [], [], [], [], body], ["rare", [], [], [], [], [], [], rare]]
    leads = builder.lead_docs(rows)
    by_weight = sorted(common[2:], reverse=True)[: builder.LEAD_COUNT - 2]
    assert leads == {0, 1, *by_weight}


def test_lead_docs_keep_the_most_common_words_within_their_cap():
    """Past LEAD_MAX_CARDS cards, a word's set is left out whole; commoner words come first."""
    size = builder.LEAD_MIN_DOCS + builder.LEAD_COUNT
    rows, expected, first = [], set(), 0
    for word in range(builder.LEAD_MAX_CARDS // builder.LEAD_COUNT + 2):
        docs = range(first, first + size + word)  # later words are more common
        rows.append([f"w{word:02d}", [], [], [], [], [], [], builder.flatten({doc: 1000 + doc for doc in docs})])
        first += size + word
    kept = sorted(rows, key=lambda row: -len(row[-1]))[: builder.LEAD_MAX_CARDS // builder.LEAD_COUNT]
    for row in kept:
        weights = builder.doc_weights(row[2:])
        expected.update(sorted(weights, key=lambda doc: -weights[doc])[: builder.LEAD_COUNT])
    assert builder.lead_docs(rows) == expected
