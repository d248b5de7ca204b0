"""Related initiatives, computed once per build: shared places, topics and words.

Score of a pair = 4 per shared collectivity + 2 if they share a département + 1 per
shared category + 6 × cosine similarity of their words (title, summary, body). An
initiative's own `related` list comes first; the best-scored others fill up to MAX.

Scores are summed over inverted lists (word, collectivity, département, category →
initiatives), so only pairs that share something are ever scored, and each word vector
keeps its TOP_WORDS heaviest words: the build stays fast with thousands of initiatives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain
import math
import re
from typing import TYPE_CHECKING, Any

from portal_core.text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pelican.contents import Article

MIN_RELATED, MAX_RELATED = 3, 6
# Words kept per initiative for the text similarity (the heaviest TF-IDF weights).
TOP_WORDS = 40
# Beyond MIN_RELATED, only pairs at least this close are shown.
GOOD_SCORE = 2.0
WORD_RE = re.compile(r"[a-z]{4,}")
# Frequent French words that say nothing about a project (accent-free: words are folded first).
STOP = {
    "avec",
    "dans",
    "pour",
    "plus",
    "leur",
    "leurs",
    "sont",
    "elle",
    "elles",
    "mais",
    "cette",
    "ainsi",
    "comme",
    "tout",
    "tous",
    "toute",
    "toutes",
    "entre",
    "aussi",
    "afin",
    "depuis",
    "dont",
    "etre",
    "fait",
    "faire",
    "sans",
    "sous",
    "vers",
    "chez",
    "tres",
    "peut",
    "chaque",
    "autres",
    "autre",
    "ville",
    "commune",
    "communes",
    "projet",
    "projets",
    "collectivite",
    "collectivites",
    "habitants",
}


def _words(article: Article) -> Counter[str]:
    text = fold(" ".join([article.title, article.initiative.summary, article.body_text]))
    return Counter(w for w in WORD_RE.findall(text) if w not in STOP)


def _tfidf(articles: list[Article]) -> list[dict[str, float]]:
    counts = [_words(a) for a in articles]
    df = Counter(word for c in counts for word in c)
    total = len(articles)
    vectors = []
    for c in counts:
        vec = {w: n * math.log(1 + total / df[w]) for w, n in c.items()}
        kept = sorted(vec.items(), key=lambda item: (-item[1], item[0]))[:TOP_WORDS]
        norm = math.sqrt(sum(v * v for _, v in kept)) or 1.0
        vectors.append({w: v / norm for w, v in kept})
    return vectors


def _places(article: Article) -> tuple[set[tuple[str, str]], set[str]]:
    collectivities = {(c.kind, c.code or c.name) for c in article.initiative.collectivities}
    departements = {c.place.departement for c in article.initiative.collectivities if c.place.departement}
    return collectivities, departements


def _postings(keys_per_article: Iterable[Iterable[Any]]) -> dict[Any, list[int]]:
    """key → indexes of the initiatives that have it."""
    postings: dict[Any, list[int]] = defaultdict(list)
    for i, keys in enumerate(keys_per_article):
        for key in keys:
            postings[key].append(i)
    return postings


def _scores(
    i: int,
    vectors: list[dict[str, float]],
    places: list[tuple[set[tuple[str, str]], set[str]]],
    topics: list[set[str]],
    words: dict[str, list[tuple[int, float]]],
    collectivities: dict[Any, list[int]],
    departements: dict[Any, list[int]],
    categories: dict[Any, list[int]],
) -> dict[int, float]:
    """Score of every initiative sharing something with initiative i."""
    scores: dict[int, float] = defaultdict(float)
    for word, weight in vectors[i].items():
        for j, other_weight in words[word]:
            scores[j] += 6 * weight * other_weight
    for key in places[i][0]:
        for j in collectivities[key]:
            scores[j] += 4
    for j in {j for key in places[i][1] for j in departements[key]}:
        scores[j] += 2
    for topic in topics[i]:
        for j in categories[topic]:
            scores[j] += 1
    scores.pop(i, None)
    return scores


def compute_related(articles: list[Article]) -> dict[str, list[Article]]:
    """Map each initiative's slug to 3–6 related initiatives (fewer only on tiny sites)."""
    by_slug = {a.slug: a for a in articles}
    vectors = _tfidf(articles)
    places = [_places(a) for a in articles]
    topics = [{c.key for c in a.initiative.categories} for a in articles]
    words: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for j, vector in enumerate(vectors):
        for word, weight in vector.items():
            words[word].append((j, weight))
    lists = (
        words,
        _postings(p[0] for p in places),
        _postings(p[1] for p in places),
        _postings(topics),
    )
    by_name = sorted(range(len(articles)), key=lambda j: articles[j].slug)
    result = {}
    for i, article in enumerate(articles):
        chosen = [by_slug[s] for s in article.initiative.related if s in by_slug]
        scores = _scores(i, vectors, places, topics, *lists)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], articles[item[0]].slug))
        # Initiatives sharing nothing score 0: they may still fill up to MIN_RELATED, by name.
        unscored = ((j, 0.0) for j in by_name if j != i and j not in scores)
        for j, score in chain(ranked, unscored):
            if len(chosen) >= MAX_RELATED or (len(chosen) >= MIN_RELATED and score < GOOD_SCORE):
                break
            if articles[j] not in chosen:
                chosen.append(articles[j])
        result[article.slug] = chosen[:MAX_RELATED]
    return result
