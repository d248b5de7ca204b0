"""Build the search index with lunr.py and cut it into the files the browser loads.

lunr.py computes the index (BM25 scores with field boosts, rounded to 3 decimals) from
the analysed text. The browser does not need the whole index for a query, so it is
shipped in pieces, each loaded when a query needs it:

- `meta.json`: fields, stop words, facets and their values, the list of the other files;
- `docs-*.json`: per initiative, its title rank, year and facet values (for counts);
- `t/*.json`: term shards; a shard holds every term of one or more keys (a term's key
  is its first three letters) with its postings (initiative number, score × 1000 per
  field), so each word of a query needs the single shard of its key;
- `s/*.json`: result cards (title, collectivity, badge, summary), a few initiatives per file.

Refs are initiative numbers (0…N-1, in listing order), never slugs: they repeat in every
posting. Every file but meta.json is named after a hash of its content, so browsers may
cache it for ever.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
import hashlib
import json

from lunr.builder import Builder

from .documents import FACETS, FIELDS, SearchDoc
from .french import Analyzer

FORMAT_VERSION = 2
# Terms are sharded by their first letters: a shard never splits the terms of one key.
KEY_LENGTH = 3


def dumps(data) -> bytes:
    """Compact, deterministic JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def named(folder: str, stem: str, content: bytes) -> str:
    """File name carrying a hash of its content."""
    return f"{folder}{stem}-{hashlib.sha256(content).hexdigest()[:10]}.json"


@dataclass
class IndexFiles:
    """The files of the search index: relative path → bytes."""

    files: dict[str, bytes]
    terms: int

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.files.values())


def build_lunr(docs: list[SearchDoc], analyzer: Analyzer):
    """The lunr.py index of the analysed documents (refs are document numbers)."""
    analyzer.prepare(text for doc in docs for text in doc.fields.values())
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("n")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for number, doc in enumerate(docs):
        record = {name: analyzer.terms(doc.fields[name]) for name, _ in FIELDS}
        record["n"] = str(number)
        builder.add(record)
    return builder.build()


def postings(index) -> dict[str, tuple[int, list[list[int]]]]:
    """term → (term index, per field a flat list [doc delta, score × 1000, …])."""
    fields = [name for name, _ in FIELDS]
    term_of = {posting["_index"]: term for term, posting in index.inverted_index.items()}
    per_term: dict[int, list[list[tuple[int, int]]]] = defaultdict(lambda: [[] for _ in fields])
    for field_ref, vector in index.field_vectors.items():
        name, ref = field_ref.split("/", 1)
        column = fields.index(name)
        elements = vector.elements
        for i in range(0, len(elements), 2):
            per_term[elements[i]][column].append((int(ref), round(elements[i + 1] * 1000)))
    result = {}
    for term_index, columns in per_term.items():
        flat_columns = []
        for column in columns:
            column.sort()
            flat, previous = [], 0
            for doc, score in column:
                flat += [doc - previous, score]
                previous = doc
            flat_columns.append(flat)
        while flat_columns and not flat_columns[-1]:
            flat_columns.pop()
        result[term_of[term_index]] = (term_index, flat_columns)
    return result


def shards(entries: dict[str, tuple[int, list[list[int]]]], target: int) -> list[tuple[str, list]]:
    """Group sorted terms into shards of about `target` bytes, never splitting a key."""
    by_prefix: dict[str, list] = defaultdict(list)
    for term in sorted(entries):
        term_index, columns = entries[term]
        by_prefix[term[:KEY_LENGTH]].append([term, term_index, *columns])
    result: list[tuple[str, list]] = []
    current: list = []
    first = ""
    size = 0
    for prefix in sorted(by_prefix):
        if current and size >= target:
            result.append((first, current))
            current, size = [], 0
        if not current:
            first = prefix
        current.extend(by_prefix[prefix])
        size += len(dumps(by_prefix[prefix]))
    if current:
        result.append((first, current))
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


def index_files(docs: list[SearchDoc], analyzer: Analyzer, shard_bytes: int, chunk: int) -> IndexFiles:
    """Every file of the search index, from the documents in listing order."""
    # lunr.py cannot build an empty index (a site with no valid page yet): no shard then.
    index = build_lunr(docs, analyzer) if docs else None
    entries = postings(index) if index else {}
    files: dict[str, bytes] = {}
    shard_list = []
    for number, (first, terms) in enumerate(shards(entries, shard_bytes)):
        content = dumps(terms)
        name = named("t/", f"{number:03d}", content)
        files[name] = content
        shard_list.append([first, name])

    facets = facet_values(docs)
    position = {f["key"]: {vid: i for i, (vid, _) in enumerate(f["values"])} for f in facets}
    by_title = sorted(range(len(docs)), key=lambda n: (docs[n].title.casefold(), n))
    title_rank = {n: rank for rank, n in enumerate(by_title)}
    rows = [
        [title_rank[n], doc.year, *([position[key][vid] for vid, _, _ in doc.facets[key]] for key, _ in FACETS)]
        for n, doc in enumerate(docs)
    ]
    content = dumps(rows)
    docs_name = named("", "docs", content)
    files[docs_name] = content

    store = []
    for start in range(0, len(docs), chunk):
        content = dumps([doc.card for doc in docs[start : start + chunk]])
        name = named("s/", f"{start // chunk:04d}", content)
        files[name] = content
        store.append(name)

    files["meta.json"] = dumps(
        {
            "version": FORMAT_VERSION,
            "count": len(docs),
            "fields": [name for name, _ in FIELDS],
            "stopWords": sorted(analyzer.stop_words),
            "shards": shard_list,
            "docs": docs_name,
            "store": {"size": chunk, "files": store},
            "facets": facets,
        }
    )
    return IndexFiles(files=files, terms=len(entries))
