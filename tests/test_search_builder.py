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
