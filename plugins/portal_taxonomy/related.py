"""Related initiatives, computed once per build: shared places, topics and words.

Score of a pair = 4 per shared collectivity + 2 if they share a département + 1 per
shared category + 6 × cosine similarity of their words (title, summary, body). An
initiative's own `related` list comes first; the best-scored others fill up to MAX.
"""

from __future__ import annotations

from collections import Counter
import math
import re
import unicodedata

from bs4 import BeautifulSoup

MIN_RELATED, MAX_RELATED = 3, 6
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


def _words(article) -> Counter:
    text = " ".join(
        [
            article.title,
            article.initiative.summary,
            BeautifulSoup(article.content, "html.parser").get_text(" "),
        ]
    )
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return Counter(w for w in WORD_RE.findall(text) if w not in STOP)


def _tfidf(articles) -> list[dict[str, float]]:
    counts = [_words(a) for a in articles]
    df = Counter(word for c in counts for word in c)
    total = len(articles)
    vectors = []
    for c in counts:
        vec = {w: n * math.log(1 + total / df[w]) for w, n in c.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _places(article) -> tuple[set, set]:
    collectivities = {(c.kind, c.code or c.name) for c in article.initiative.collectivities}
    departements = {c.place.departement for c in article.initiative.collectivities if c.place.departement}
    return collectivities, departements


def compute_related(articles) -> dict[str, list]:
    """Map each initiative's slug to 3–6 related initiatives (fewer only on tiny sites)."""
    by_slug = {a.slug: a for a in articles}
    vectors = _tfidf(articles)
    places = [_places(a) for a in articles]
    topics = [{c.key for c in a.initiative.categories} for a in articles]
    result = {}
    for i, article in enumerate(articles):
        chosen = [by_slug[s] for s in article.initiative.related if s in by_slug]
        scored = []
        for j, other in enumerate(articles):
            if i == j or other in chosen:
                continue
            score = (
                4 * len(places[i][0] & places[j][0])
                + 2 * bool(places[i][1] & places[j][1])
                + len(topics[i] & topics[j])
                + 6 * _cosine(vectors[i], vectors[j])
            )
            scored.append((-score, other.slug, other))
        scored.sort(key=lambda t: (t[0], t[1]))
        for negative_score, _, other in scored:
            if len(chosen) >= MAX_RELATED or (len(chosen) >= MIN_RELATED and -negative_score < GOOD_SCORE):
                break
            chosen.append(other)
        result[article.slug] = chosen[:MAX_RELATED]
    return result
