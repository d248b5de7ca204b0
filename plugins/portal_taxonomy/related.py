"""Related initiatives, computed once per build: shared places, topics and words.

Score of a pair = 4 per shared collectivity + 2 if they share a département + 1 per
shared category + 6 × cosine similarity of their words (title, summary, body). An
initiative's own `related` list comes first; the best-scored others fill up to MAX.

Scores are summed over inverted lists (word, collectivity, département, category →
initiatives), so only pairs that share something are ever scored, and each word vector
keeps its TOP_WORDS heaviest words. A key held by more than COMMON initiatives (a
frequent word, a big département, a broad category) brings no candidate of its own: it
only adds its share to the candidates that rarer keys found, best first, and only to
those that could still reach the best few completed so far with everything the common
keys can add (exact: the others could not have been chosen). So the work per initiative is bounded by its keys ×
COMMON, and the build grows linearly with thousands of initiatives. Below COMMON
initiatives (the real content) every score is the full one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
import heapq
from itertools import chain
import math
import re
from typing import TYPE_CHECKING, Any

from portal_core.buildmemo import BuildMemo
from portal_core.parallel import map_on_cores
from portal_core.text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pelican.contents import Article

MIN_RELATED, MAX_RELATED = 3, 6
# Words kept per initiative for the text similarity (the heaviest TF-IDF weights).
TOP_WORDS = 40
# Beyond MIN_RELATED, only pairs at least this close are shown.
GOOD_SCORE = 2.0
# A key shared by more initiatives than this only adds to candidates found by rarer keys.
COMMON = 100
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


def _words(text: str) -> Counter[str]:
    return Counter(w for w in WORD_RE.findall(fold(text)) if w not in STOP)


# `invoke livereload`: only the texts an edit changed are counted again.
WORD_COUNTS: BuildMemo[str, Counter[str]] = BuildMemo(_words)


def _tfidf(articles: list[Article]) -> list[dict[str, float]]:
    WORD_COUNTS.new_build()
    counts = [WORD_COUNTS(" ".join([a.title, a.initiative.summary, a.body_text])) for a in articles]
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


class _Keys:
    """What each initiative holds (words, places, topics) and the inverted lists."""

    def __init__(self, articles: list[Article], common: int) -> None:
        self.common = common
        self.vectors = _tfidf(articles)
        self.places = [_places(a) for a in articles]
        self.topics = [{c.key for c in a.initiative.categories} for a in articles]
        self.words: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for j, vector in enumerate(self.vectors):
            for word, weight in vector.items():
                self.words[word].append((j, weight))
        # The heaviest weight of each word: what a common word can add to a score at most.
        self.heaviest = {word: max(weight for _, weight in postings) for word, postings in self.words.items()}
        # The norm of each vector on the common words: with Cauchy-Schwarz, a bound of what
        # the common words of any initiative can add to this one's score.
        self.common_norm = [
            math.sqrt(sum(weight * weight for word, weight in vector.items() if len(self.words[word]) > common))
            for vector in self.vectors
        ]
        self.collectivities = _postings(p[0] for p in self.places)
        self.departements = _postings(p[1] for p in self.places)
        self.categories = _postings(self.topics)

    def _rare(self, postings: dict[Any, list], keys: Iterable[Any]) -> tuple[list[Any], list[Any]]:
        """Split keys into (rare, common) by the length of their inverted list."""
        rare: list[Any] = []
        common: list[Any] = []
        for key in keys:
            (rare if len(postings[key]) <= self.common else common).append(key)
        return rare, common

    def scores(self, i: int, count: int) -> dict[int, float]:
        """Score of every initiative sharing a rare key with initiative i.

        Only the `count` best can be chosen: a candidate too far behind them to catch up
        with everything the common keys can add keeps its (lower) partial score.
        """
        scores: dict[int, float] = defaultdict(float)
        rare_words, common_words = self._rare(self.words, self.vectors[i])
        rare_places, common_places = self._rare(self.collectivities, self.places[i][0])
        rare_departements, common_departements = self._rare(self.departements, self.places[i][1])
        rare_topics, common_topics = self._rare(self.categories, self.topics[i])
        for word in rare_words:
            weight = self.vectors[i][word]
            for j, other_weight in self.words[word]:
                scores[j] += 6 * weight * other_weight
        for key in rare_places:
            for j in self.collectivities[key]:
                scores[j] += 4
        same_departement = {j for key in rare_departements for j in self.departements[key]}
        for j in same_departement:
            scores[j] += 2
        for topic in rare_topics:
            for j in self.categories[topic]:
                scores[j] += 1
        scores.pop(i, None)
        if common_words or common_places or common_departements or common_topics:
            # Two bounds of what the common words can add: each word at its heaviest weight,
            # and the cosine's (Cauchy-Schwarz: the other vector has norm 1).
            by_word = sum(6 * self.vectors[i][word] * self.heaviest[word] for word in common_words)
            by_norm = 6 * math.sqrt(sum(self.vectors[i][word] ** 2 for word in common_words))
            most = min(by_word, by_norm)
            most += 4 * len(common_places) + 2 * bool(common_departements) + len(common_topics)
            self._add_common(
                i,
                scores,
                count,
                most,
                same_departement,
                common_words,
                common_places,
                common_departements,
                common_topics,
            )
        return scores

    def _add_common(
        self,
        i: int,
        scores: dict[int, float],
        count: int,
        most: float,
        same_departement: set[int],
        words: list[str],
        places: list[Any],
        departements: list[Any],
        topics: list[str],
    ) -> None:
        """Add the share of the common keys to the candidates that can still be among the `count` best.

        Candidates are completed best partial score first. Once `count` of them are
        complete, a candidate whose partial score plus `most` (all the common keys can
        add) stays below the `count`-th complete score cannot be chosen, nor can any
        after it: they keep their partial scores. A candidate whose own bound (the common
        words at most this initiative's common norm × its common norm, plus every common
        place and topic) stays below it is passed over the same way.
        """
        weights = {word: 6 * self.vectors[i][word] for word in words}
        places_set, departements_set, topics_set = set(places), set(departements), set(topics)
        # What the common words can add to candidate j: at most by_words × its common norm.
        by_words = 6 * math.sqrt(sum(self.vectors[i][word] ** 2 for word in words))
        rest = 4 * len(places_set) + 2 * bool(departements_set) + len(topics_set)
        best: list[float] = []  # the `count` best complete scores so far, smallest first
        for j in sorted(scores, key=scores.__getitem__, reverse=True):
            if len(best) == count:
                if scores[j] < best[0] - most - 1e-9:
                    break
                # This one alone cannot catch up: it keeps its partial score (the next may).
                if scores[j] + by_words * self.common_norm[j] + rest < best[0] - 1e-9:
                    continue
            vector = self.vectors[j]
            # fsum is exactly rounded: the same float whatever the order of the shared words.
            scores[j] += math.fsum([weights[word] * vector[word] for word in weights.keys() & vector.keys()])
            other_places, other_departements = self.places[j]
            if places_set:
                scores[j] += 4 * len(places_set & other_places)
            if departements_set and j not in same_departement and not departements_set.isdisjoint(other_departements):
                scores[j] += 2
            if topics_set:
                scores[j] += len(topics_set & self.topics[j])
            if len(best) < count:
                heapq.heappush(best, scores[j])
            elif scores[j] > best[0]:
                heapq.heapreplace(best, scores[j])


def _best(scores: dict[int, float], count: int, articles: list[Article]) -> list[tuple[int, float]]:
    """The `count` best (index, score) pairs, best first, ties by slug: only they can be chosen."""
    if len(scores) > count:
        floor = heapq.nlargest(count, scores.values())[-1]
        scores = {j: score for j, score in scores.items() if score >= floor}
    return sorted(scores.items(), key=lambda item: (-item[1], articles[item[0]].slug))


def compute_related(articles: list[Article], common: int = COMMON) -> dict[str, list[Article]]:
    """Map each initiative's slug to 3–6 related initiatives (fewer only on tiny sites).

    The initiatives are dealt out to every core once the keys are built (`map_on_cores`):
    each list depends only on the keys, so it is the same whichever process computes it.
    """
    position = {a.slug: i for i, a in enumerate(articles)}
    keys = _Keys(articles, common)
    by_name = sorted(range(len(articles)), key=lambda j: articles[j].slug)

    def choose(i: int) -> list[int]:
        chosen = [position[s] for s in articles[i].initiative.related if s in position]
        scores = keys.scores(i, len(chosen) + MAX_RELATED)
        ranked = _best(scores, len(chosen) + MAX_RELATED, articles)
        # Initiatives sharing nothing score 0: they may still fill up to MIN_RELATED, by name.
        unscored = ((j, 0.0) for j in by_name if j != i and j not in scores)
        for j, score in chain(ranked, unscored):
            if len(chosen) >= MAX_RELATED or (len(chosen) >= MIN_RELATED and score < GOOD_SCORE):
                break
            if j not in chosen:
                chosen.append(j)
        return chosen[:MAX_RELATED]

    lists = map_on_cores(choose, range(len(articles)))
    return {article.slug: [articles[j] for j in chosen] for article, chosen in zip(articles, lists, strict=True)}
