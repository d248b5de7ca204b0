"""The validated initiative, with everything derived from codes and registries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .vocabulary import KIND_LABELS, LEVEL_LABELS, level_rank

if TYPE_CHECKING:
    from .registry import CategoryDef, Scheme, Source
    from .territories import Place


@dataclass(frozen=True)
class Collectivity:
    """A collectivity carrying an initiative, resolved against the official dataset.

    For kinds found in the dataset, `place` is the collectivity itself; for a CCAS, a
    syndicat or another body, `name` is written in the content and `place` is the
    official territory it belongs to (`within`).
    """

    kind: str
    code: str | None
    name: str
    place: Place
    departement: Place | None
    region: Place | None

    @property
    def kind_label(self) -> str:
        """French label of the collectivity's kind."""
        return KIND_LABELS[self.kind]

    @property
    def population(self) -> int | None:
        """Population of the collectivity (of its territory for a CCAS or syndicat)."""
        return self.place.population

    @property
    def is_official(self) -> bool:
        """True when the collectivity itself is in the official dataset."""
        return self.code is not None


@dataclass(frozen=True)
class Award:
    """One distinction of an initiative."""

    scheme: Scheme
    year: int
    level: str
    candidates: tuple[str, ...]
    category: str
    distinction: str | None

    @property
    def level_label(self) -> str:
        """What is known of the level: « Or », or « Or ou Argent » when undecided."""
        if self.level == "inconnu" and self.candidates:
            labels = [LEVEL_LABELS[c] for c in sorted(self.candidates, key=level_rank)]
            return " ou ".join(labels)
        return LEVEL_LABELS[self.level]

    @property
    def medal_rank(self) -> int:
        """Sort key: or, argent, bronze, then undecided, then no medal."""
        return level_rank(self.level)


@dataclass(frozen=True)
class SourceRef:
    """Where the page's facts come from."""

    document: Source
    pages: str | None
    note: str | None


@dataclass(frozen=True)
class Initiative:
    """An initiative of the portal, ready for generators and templates."""

    slug: str
    title: str
    summary: str
    collectivities: tuple[Collectivity, ...]
    awards: tuple[Award, ...]
    categories: tuple[CategoryDef, ...]
    key_figures: tuple[tuple[str, str], ...]
    start: str | None
    end: str | None
    stage: str | None
    source: SourceRef
    related: tuple[str, ...]
    former_slugs: tuple[str, ...]

    @property
    def best_award(self) -> Award:
        """The award to show first: the most recent, then the best medal."""
        return min(self.awards, key=lambda a: (-a.year, a.medal_rank))


def sort_key(article: Any) -> tuple[int, int, str]:
    """Order of every list of initiatives: year (latest first), then medal, then title."""
    award = article.initiative.best_award
    return (-award.year, award.medal_rank, article.title.casefold())
