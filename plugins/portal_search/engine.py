"""Query the shipped index files with lunr.py, exactly as the browser does with lunr.js.

The browser's worker (theme/static/js/recherche-worker.js) implements the same steps;
tests compare both on a list of French queries (the parity test). Used by the tests
and by `python -m portal_search DIR "requête"`.

A query is cut into words. Each word becomes a set of lunr clauses, OR-ed; each clause
is run on the shard of its term's key (its first three letters, see builder.py), and
a word's score is the sum over its shards, in the order of their keys. The clauses:
- its term (folded, singular, stemmed), boost 10;
- for the word being typed (the last one, when the query does not end with a space) of
  three letters or more: the folded word as a prefix (boost 3), and its own prefixes of
  4 letters or more that are indexed terms (boost 5), so that results never vanish as
  the word grows past its stem;
- for terms of 5 letters or more that are not indexed (a typo, most likely), the term
  within one edit (boost 1); the edit is looked for within the word's shard, so a typo
  in the first three letters is missed.
Initiatives must match every word (AND); their score is the sum of the word scores.
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path
import re

from lunr.index import Index
from lunr.query import Query
from lunr.token_set import TokenSet
from lunr.vector import Vector

from .builder import KEY_LENGTH
from .french import Stemmer, words

MAX_WORDS = 8
MAX_LENGTH = 200
EXACT_BOOST = 10
PREFIX_BOOST = 3
STEM_PREFIX_BOOST = 5
FUZZY_BOOST = 1
FUZZY_MIN_LENGTH = 5
TRAILING_SPACE = re.compile(r"\s$")


def word_specs(query: str, stop_words: frozenset[str], term_of) -> list[dict]:
    """The clauses of each word of a query (see the module docstring)."""
    query = query[:MAX_LENGTH]
    found = words(query)[:MAX_WORDS]
    typing = bool(found) and not TRAILING_SPACE.search(query)
    specs, seen = [], set()
    for position, word in enumerate(found):
        last = typing and position == len(found) - 1
        stop = word in stop_words
        if (stop and not last) or (word, last) in seen:
            continue
        seen.add((word, last))
        clauses = []
        if not stop:
            clauses.append({"term": term_of(word), "boost": EXACT_BOOST})
        if last and len(word) >= KEY_LENGTH:
            clauses.append({"term": word, "boost": PREFIX_BOOST, "wildcard": True})
            for length in range(max(4, len(word) - 5), len(word)):
                clauses.append({"term": word[:length], "boost": STEM_PREFIX_BOOST})
        if not stop and len(term_of(word)) >= FUZZY_MIN_LENGTH:
            clauses.append({"term": term_of(word), "boost": FUZZY_BOOST, "fuzzy": True})
        if clauses:
            specs.append({"word": word, "clauses": clauses})
    return specs


def shard_index(entries: list, fields: list[str]) -> Index:
    """A lunr.py Index over one shard's terms (exact for every query on those terms)."""
    inverted, vectors = {}, {}
    for term, term_index, *columns in entries:
        posting = {name: {} for name in fields}
        posting["_index"] = term_index
        for column, flat in enumerate(columns):
            doc = 0
            for i in range(0, len(flat), 2):
                doc += flat[i]
                posting[fields[column]][str(doc)] = {}
                vectors.setdefault(f"{fields[column]}/{doc}", []).append((term_index, flat[i + 1] / 1000))
        inverted[term] = posting
    field_vectors = {ref: Vector([x for pair in sorted(pairs) for x in pair]) for ref, pairs in vectors.items()}
    return Index(inverted, field_vectors, TokenSet.from_list(sorted(inverted)), fields, pipeline=None)


class SearchIndex:
    """The search index of a built site, read from its files."""

    def __init__(self, folder: Path, node_modules: Path) -> None:
        self.folder = Path(folder)
        self.meta = json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
        self.stop_words = frozenset(self.meta["stopWords"])
        self.stemmer = Stemmer(node_modules)
        self.firsts = self.meta["shards"]["firsts"]
        self.loaded: dict[str, Index] = {}

    def shard_for(self, key: str) -> Index | None:
        """The index of the shard holding the terms of a key."""
        position = bisect.bisect_right(self.firsts, key) - 1
        if position < 0:
            return None
        name = f"{self.meta['shards']['dir']}{position}.json"
        if name not in self.loaded:
            entries = json.loads((self.folder / name).read_text(encoding="utf-8"))
            self.loaded[name] = shard_index(entries, self.meta["fields"])
        return self.loaded[name]

    def cards(self) -> list[dict]:
        """Every result card, in initiative order."""
        store = self.meta["store"]
        chunks = -(-self.meta["count"] // store["size"])
        return [
            card
            for number in range(chunks)
            for card in json.loads((self.folder / f"{store['dir']}{number}.json").read_text(encoding="utf-8"))
        ]

    def prepare(self, queries) -> None:
        """Stem the words of many queries in one Node run (each run costs a Node start)."""
        self.stemmer.term_all(w for q in queries for w in words(q))

    def term_of(self, word: str) -> str:
        return self.stemmer.term_all([word])[word]

    def rank(self, query: str) -> list[tuple[int, float]]:
        """(initiative number, score), best first; empty when nothing matches."""
        specs = word_specs(query, self.stop_words, self.term_of)
        if not specs:
            return []
        total: dict[int, float] | None = None
        for spec in specs:
            groups: dict[str, list[dict]] = {}
            for clause in spec["clauses"]:
                groups.setdefault(clause["term"][:KEY_LENGTH], []).append(clause)
            scores: dict[int, float] = {}
            for key in sorted(groups):
                index = self.shard_for(key)
                if index is None:
                    continue
                # Typo tolerance only for words the index does not know.
                clauses = [c for c in groups[key] if not (c.get("fuzzy") and c["term"] in index.inverted_index)]
                if not clauses:
                    continue
                lunr_query = index.create_query()
                for clause in clauses:
                    lunr_query.term(
                        clause["term"],
                        use_pipeline=False,
                        boost=clause["boost"],
                        wildcard=Query.WILDCARD_TRAILING if clause.get("wildcard") else Query.WILDCARD_NONE,
                        edit_distance=1 if clause.get("fuzzy") else 0,
                    )
                for match in index.query(lunr_query):
                    doc = int(match["ref"])
                    scores[doc] = scores.get(doc, 0.0) + match["score"]
            if total is None:
                total = scores
            else:
                total = {doc: total[doc] + score for doc, score in scores.items() if doc in total}
        return sorted(total.items(), key=lambda item: (-round(item[1], 6), item[0]))
