"""Build the search index with lunr.py and cut it into the files the browser loads.

lunr.py computes the index (BM25 scores with field boosts, rounded to 3 decimals) from
the analysed text. The browser does not need the whole index for a query, so it is
shipped in pieces, each loaded when a query needs it:

- `meta.json`: fields, stop words, facets and their values, the list of the other files;
- `docs-*.json`: per initiative, its year and facet values (for counts and filters);
- `titres-*.json`: per initiative, its rank by title (loaded to sort by title);
- `t-*/N.json`: term shards; a shard holds every term of one or more keys (a term's key
  is its first three letters), each as [term, synonym postings, postings per field],
  postings being flat lists [initiative number delta, score × 1000, …], so each word of a
  query needs the single shard of its key. A term of the synonym list carries, summed,
  the postings of the other words and phrases of its groups (a phrase: the initiatives
  having all its terms), so a word's synonyms need no other shard either;
- `s-*/N.json`: result cards (title, collectivity, badge, summary), a few initiatives per file;
- `p-*/N.json`: beside term shard N, the cards of its words' likely first results, as
  [initiative number, card] (see `lead_docs`), so that a one-word query can usually show its
  first results without waiting for the cards' files;
- `mots-*.json`: every indexed term, sorted, loaded only when a query has a word the index
  does not know, to find the terms one typo away.

Every text, and the phrases of the synonym list, goes through the query engine's own
analyser (french.py runs it under Node), so the index holds the terms the browser makes.

Refs are initiative numbers (0…N-1, in listing order), never slugs: they repeat in every
posting. Every file but meta.json is named after a hash of its content (shards and
cards: their folder is named after a hash of all of them, the files inside are numbered),
so browsers may cache them for ever and meta.json need not list them one by one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
import hashlib
import heapq
from itertools import accumulate
import json
from operator import sub
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.idf import idf as Idf

from .documents import FACETS, FIELDS, SearchDoc
from .french import analyse
from .synonyms import SynonymGroup, analysed_groups

if TYPE_CHECKING:
    from portal_core.workcache import WorkCache

FORMAT_VERSION = 5
# Terms are sharded by their first letters: a shard never splits the terms of one key.
KEY_LENGTH = 3
# Weights of a query's clauses, read by the query engine from meta.json: the typed word,
# the indexed prefixes of the word being typed, its synonyms, the word being typed as a
# prefix, the words one typo away.
BOOSTS = {"exact": 10, "stemPrefix": 5, "synonym": 4, "prefix": 3, "typo": 2}
# Cards carried beside a shard: for words of at least LEAD_MIN_DOCS initiatives, the most
# common first, their LEAD_COUNT likely first results (the engine shows 5 first; a few more
# absorb near ties), LEAD_MAX_CARDS cards at most (about 6 to 9 KB gzip per shard).
LEAD_COUNT = 8
LEAD_MIN_DOCS = 2
LEAD_MAX_CARDS = 80


def dumps(data: Any) -> bytes:
    """Compact, deterministic JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest(*contents: bytes) -> str:
    """Short hash of some contents."""
    sha = hashlib.sha256()
    for content in contents:
        sha.update(hashlib.sha256(content).digest())
    return sha.hexdigest()[:10]


def named(folder: str, stem: str, content: bytes) -> str:
    """File name carrying a hash of its content."""
    return f"{folder}{stem}-{digest(content)}.json"


def folder_of(stem: str, contents: list[bytes]) -> str:
    """Folder named after a hash of all its files (files inside are numbered 0, 1, 2…)."""
    return f"{stem}-{digest(*contents)}/"


@dataclass
class IndexFiles:
    """The files of the search index: relative path → bytes."""

    files: dict[str, bytes]
    terms: int

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.files.values())


class DocumentCount:
    """What lunr.py's `idf` reads of one field of a term's posting, `len(field.keys())`:
    how many documents have the term in that field. lunr.py keeps a dict of those
    documents, with their metadata; the count is all the scores need."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0

    def keys(self) -> range:
        return range(self.count)


class AnalysedBuilder(Builder):
    """lunr.py's Builder for documents whose fields are lists of analysed terms.

    lunr.py stays the index builder: its configuration (fields and boosts, `b`, `k1`), its
    average field lengths and its `idf` make the scores. What it does slowly in pure
    Python, or keeps in memory for its own queries, is replaced by the same computation:

    - `add`: Builder.add wraps every term in a Token carrying a deep copy of its metadata,
      runs the pipeline (which `filled` empties), and keeps each field's term frequencies
      and, per term, a dict of the documents having it. Here each field's length and, per
      term and field, the number of documents having it (all lunr.py's `idf` reads) are
      counted; the documents themselves are kept (the caller holds them anyway);
    - `term_postings` instead of `build`: lunr.py would put each score into a `Vector` per
      field by a binary search and a list insert, then this module would read every vector
      back to group the scores by term. Here each field's term frequencies are counted
      again, one field at a time, and each BM25 score computed as lunr.py's
      `_create_field_vectors` computes it (same expression, same rounding to 3 decimals)
      goes straight into its term's posting list. No token set either: it serves lunr.py's
      own queries, and the browser queries the shards.

    tests/test_search_builder.py builds the same documents with lunr.py's unmodified
    Builder and proves the postings, and every file of the index, identical.
    """

    def __init__(self) -> None:
        super().__init__()
        self.analysed: list[dict[str, Any]] = []

    def add(self, doc: dict[str, Any], attributes: dict | None = None) -> None:
        doc_ref = str(doc[self._ref])
        # Refs are the documents' numbers, in order: posting lists come out sorted.
        if doc_ref != str(self.document_count):
            raise ValueError(f"document {doc_ref} ajouté à la place {self.document_count}")
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        self.analysed.append(doc)
        inverted_index = self.inverted_index
        for field_name in self._fields:
            terms = doc[field_name] or ()
            self.field_lengths[f"{field_name}{FieldRef.JOINER}{doc_ref}"] = len(terms)
            # Each term once, in the order Builder.add meets them (the order of `_index`).
            for term in dict.fromkeys(map(str.lower, terms)):
                posting = inverted_index.get(term)
                if posting is None:
                    posting = {name: DocumentCount() for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    inverted_index[term] = posting
                posting[field_name].count += 1

    def term_postings(self) -> dict[str, list[list[int]]]:
        """term → per field a flat list [doc delta, score × 1000, …] (trailing empty fields left out).

        The score is lunr.py's field vector value for that term in that field of that
        document: BM25 with lunr.py's idf, times the field's boost, rounded to 3 decimals.
        """
        self._calculate_average_field_lengths()
        k1, b = self._k1, self._b
        fields = list(self._fields.values())
        # term → (its idf, its per-field flat lists of [doc, weight, …] in doc order)
        terms: dict[str, tuple[float, list[list[int]]]] = {
            term: (Idf(posting, self.document_count), [[] for _ in fields])
            for term, posting in self.inverted_index.items()
        }
        for doc, analysed in enumerate(self.analysed):
            doc_ref = str(doc)
            doc_boost = self._documents[doc_ref].get("boost", 1)
            for column, field in enumerate(fields):
                field_length = self.field_lengths[f"{field.name}{FieldRef.JOINER}{doc_ref}"]
                # The subexpressions of lunr.py's formula, in its order: the same floats.
                normalised = k1 * (1 - b + b * (field_length / self.average_field_length[field.name]))
                for term, tf in Counter(map(str.lower, analysed[field.name] or ())).items():
                    idf, columns = terms[term]
                    score = idf * ((k1 + 1) * tf) / (normalised + tf)
                    score *= field.boost
                    score *= doc_boost
                    columns[column] += (doc, round(round(score, 3) * 1000))
        result = {}
        for term, (_, columns) in terms.items():
            for flat in columns:
                docs = flat[::2]
                flat[2::2] = map(sub, docs[1:], docs)
            while columns and not columns[-1]:
                columns.pop()
            result[term] = columns
        return result


AnyBuilder = TypeVar("AnyBuilder", bound=Builder)


def filled(builder: AnyBuilder, doc_terms: list[dict[str, list[str]]]) -> AnyBuilder:
    """A lunr.py builder with our fields and boosts, no pipeline, fed the analysed documents
    (refs are document numbers)."""
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("n")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for number, terms in enumerate(doc_terms):
        record: dict[str, object] = dict(terms)
        record["n"] = str(number)
        builder.add(record)
    return builder


def lunr_postings(doc_terms: list[dict[str, list[str]]]) -> dict[str, list[list[int]]]:
    """Postings of the analysed documents, as lunr.py scores them."""
    return filled(AnalysedBuilder(), doc_terms).term_postings()


def flatten(weights: dict[int, int]) -> list[int]:
    """{doc: weight} → [doc delta, weight, …] in doc order."""
    flat, previous = [], 0
    for doc in sorted(weights):
        flat += [doc - previous, weights[doc]]
        previous = doc
    return flat


def doc_weights(columns: list[list[int]]) -> dict[int, int]:
    """A term's weight per doc, summed over its fields."""
    total: dict[int, int] = defaultdict(int)
    for flat in columns:
        for doc, weight in zip(accumulate(flat[0::2]), flat[1::2], strict=True):
            total[doc] += weight
    return total


def synonym_postings(entries: dict[str, list[list[int]]], groups: list[list[list[str]]]) -> dict[str, list[int]]:
    """For each word of the synonym list (indexed or not): the summed postings of the other
    words and phrases of its groups (a phrase counts where all its terms are)."""
    used = {term for group in groups for phrase in group for term in phrase}
    weights = {term: doc_weights(entries[term]) for term in used if term in entries}

    def phrase_weights(phrase: list[str]) -> dict[int, int]:
        if any(term not in weights for term in phrase):
            return {}
        docs = set.intersection(*(set(weights[term]) for term in phrase))
        return {doc: sum(weights[term][doc] for term in phrase) for doc in docs}

    summed: dict[str, dict[int, int]] = {}
    for group in groups:
        for phrase in group:
            if len(phrase) != 1:
                continue
            total = summed.setdefault(phrase[0], defaultdict(int))
            for other in group:
                if other != phrase:
                    for doc, weight in phrase_weights(other).items():
                        total[doc] += weight
    return {term: flatten(total) for term, total in summed.items() if total}


@dataclass
class Shard:
    """Terms of one or more keys: the first key, the shard's JSON, its words' likely first results."""

    first: str
    content: bytes
    leads: list[int]


def lead_docs(rows: list[list]) -> set[int]:
    """The likely first results of one-word queries, for the words of a shard's rows
    ([term, synonym postings, postings per field]) found in LEAD_MIN_DOCS initiatives or
    more: the most common words first (by their number of postings over the fields), each
    word's whole set or nothing, LEAD_MAX_CARDS at most.

    Not the ranking (the engine ranks, and downloads any card still missing): a guess at its
    first results from the same weights. Initiatives having the word in their title come
    first, then by the word's weight plus that of its synonyms, as the engine weighs them."""
    # Commonest first: by postings (a word's initiatives, counted once per field it is in).
    postings = (
        (sum(len(column) for column in columns) // 2, term, synonyms, columns) for term, synonyms, *columns in rows
    )
    words = sorted(
        (-length, term, synonyms, columns) for length, term, synonyms, columns in postings if length >= LEAD_MIN_DOCS
    )
    leads: set[int] = set()
    for _, _, synonyms, columns in words:
        if len(leads) == LEAD_MAX_CARDS:
            break
        own = doc_weights(columns)
        if len(own) < LEAD_MIN_DOCS:
            continue
        # Enough initiatives with the word in their title: the others cannot come first.
        title = set(doc_weights(columns[:1]))
        enough = len(title) >= LEAD_COUNT
        score = {doc: BOOSTS["exact"] * own[doc] for doc in (title if enough else own)}
        for doc, weight in doc_weights([synonyms]).items():
            if not enough or doc in score:
                score[doc] = score.get(doc, 0) + BOOSTS["synonym"] * weight
        best = heapq.nsmallest(LEAD_COUNT, score, key=lambda doc: (doc not in title, -score[doc], doc))
        if len(leads.union(best)) <= LEAD_MAX_CARDS:
            leads.update(best)
    return leads


def shards(entries: dict[str, list[list[int]]], synonyms: dict[str, list[int]], target: int) -> list[Shard]:
    """Group sorted terms into shards of about `target` bytes, never splitting a key."""
    by_prefix: dict[str, list] = defaultdict(list)
    # A word of the synonym list that no initiative uses still gets an entry: its synonyms.
    for term in sorted(entries.keys() | synonyms.keys()):
        by_prefix[term[:KEY_LENGTH]].append([term, synonyms.get(term, []), *entries.get(term, [])])
    result: list[Shard] = []
    # A shard's JSON is its keys' JSON lists, without their brackets, joined in one list.
    current: list[bytes] = []
    rows: list[list] = []
    first = ""
    size = 0

    def close() -> None:
        result.append(Shard(first, b"[" + b",".join(current) + b"]", sorted(lead_docs(rows))))

    for prefix in sorted(by_prefix):
        if current and size >= target:
            close()
            current, rows, size = [], [], 0
        if not current:
            first = prefix
        content = dumps(by_prefix[prefix])
        current.append(content[1:-1])
        rows += by_prefix[prefix]
        size += len(content)
    if current:
        close()
    return result


def facet_values(docs: list[SearchDoc]) -> list[dict]:
    """Each facet with its values in display order: [{key, label, values: [[id, label]]}]."""
    result = []
    for key, label in FACETS:
        seen: dict[str, tuple[str, str]] = {}
        for doc in docs:
            for value_id, value_label, sort in doc.facets[key]:
                seen[value_id] = (sort, value_label)
        ordered = sorted(seen.items(), key=lambda item: (item[1][0], item[0]))
        result.append({"key": key, "label": label, "values": [[vid, vlabel] for vid, (_, vlabel) in ordered]})
    return result


@dataclass(frozen=True)
class Synonyms:
    """The synonym list and the path of its file (for error messages)."""

    groups: list[SynonymGroup]
    path: str


def index_files(
    docs: list[SearchDoc],
    node_modules: Path,
    synonyms: Synonyms,
    shard_bytes: int,
    chunk: int,
    cache: WorkCache | None = None,
) -> IndexFiles:
    """Every file of the search index, from the documents in listing order."""
    names = [name for name, _ in FIELDS]
    texts = [doc.fields[name] for doc in docs for name in names]
    phrases = [phrase for group in synonyms.groups for phrase in group.phrases]
    analysis = analyse(node_modules, texts + phrases, cache)
    doc_terms = [
        dict(zip(names, analysis.terms[start : start + len(names)], strict=True))
        for start in range(0, len(texts), len(names))
    ]
    groups = analysed_groups(synonyms.path, synonyms.groups, analysis.terms[len(texts) :])
    # lunr.py cannot build an empty index (a site with no valid page yet): no shard then.
    entries = lunr_postings(doc_terms) if docs else {}
    files: dict[str, bytes] = {}

    expansions = synonym_postings(entries, groups)
    cut = shards(entries, expansions, shard_bytes)
    shard_dir = folder_of("t", [shard.content for shard in cut])
    for number, shard in enumerate(cut):
        files[f"{shard_dir}{number}.json"] = shard.content
    # Each card is encoded once: for the store's files and for those beside the shards.
    encoded = [dumps(doc.card) for doc in docs]
    leads = [b"[" + b",".join(b"[%d,%s]" % (doc, encoded[doc]) for doc in shard.leads) + b"]" for shard in cut]
    lead_dir = folder_of("p", leads)
    for number, content in enumerate(leads):
        files[f"{lead_dir}{number}.json"] = content

    cards = [b"[" + b",".join(encoded[start : start + chunk]) + b"]" for start in range(0, len(docs), chunk)]
    store_dir = folder_of("s", cards)
    for number, content in enumerate(cards):
        files[f"{store_dir}{number}.json"] = content

    # Facet values of each initiative, column by column (a column of small numbers
    # compresses well); a single value is written bare, several as a list.
    facets = facet_values(docs)
    position = {f["key"]: {vid: i for i, (vid, _) in enumerate(f["values"])} for f in facets}
    columns = []
    for key, _ in FACETS:
        column = []
        for doc in docs:
            values = [position[key][vid] for vid, _, _ in doc.facets[key]]
            column.append(values[0] if len(values) == 1 else values)
        columns.append(column)
    content = dumps({"years": [doc.year for doc in docs], "facets": columns})
    docs_name = named("", "docs", content)
    files[docs_name] = content

    # Rank of each initiative by title, loaded only when a user sorts by title.
    by_title = sorted(range(len(docs)), key=lambda n: (docs[n].title.casefold(), n))
    ranks = [0] * len(docs)
    for rank, number in enumerate(by_title):
        ranks[number] = rank
    content = dumps(ranks)
    titles_name = named("", "titres", content)
    files[titles_name] = content

    content = dumps(sorted(entries.keys() | expansions.keys()))
    vocabulary_name = named("", "mots", content)
    files[vocabulary_name] = content

    files["meta.json"] = dumps(
        {
            "version": FORMAT_VERSION,
            "count": len(docs),
            "fields": [name for name, _ in FIELDS],
            "stopWords": analysis.stop_words,
            "synonyms": groups,
            "boosts": BOOSTS,
            "shards": {"dir": shard_dir, "firsts": [shard.first for shard in cut]},
            "leads": {"dir": lead_dir},
            "docs": docs_name,
            "titles": titles_name,
            "vocabulary": vocabulary_name,
            "store": {"dir": store_dir, "size": chunk},
            "facets": facets,
        }
    )
    return IndexFiles(files=files, terms=len(entries))
