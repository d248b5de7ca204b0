"""The validated initiative, with everything derived from codes and registries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .vocabulary import KIND_LABELS, LEVEL_LABELS, ROLE_LABELS, level_rank

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
    # What it did for the initiative (porteur, partenaire, financeur): indexes count carriers.
    role: str = "porteur"
    # The name the source gives a territory that no longer exists under it (Champagne-Ardenne).
    named_in_source: str | None = None

    @property
    def is_carrier(self) -> bool:
        """True when the collectivity carries the initiative (not only a partner or a funder)."""
        return self.role == "porteur"

    @property
    def role_label(self) -> str:
        """French label of the role: « Porteur », « Partenaire », « Financeur »."""
        return ROLE_LABELS[self.role]

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
class BudgetLine:
    """An amount the source gives, with what it covers and its period when the source says."""

    amount: str
    covers: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class Reuse:
    """What it takes to copy the initiative, as its source states it (never invented)."""

    partners: tuple[str, ...] = ()
    budget: tuple[BudgetLine, ...] = ()
    team: str | None = None
    duration: str | None = None
    success_factors: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    replication: str | None = None

    @classmethod
    def from_front_matter(cls, raw: dict | None) -> Reuse | None:
        """Build the reuse facts from the validated `reuse` object; None when absent."""
        if not raw:
            return None
        return cls(
            partners=tuple(raw.get("partners", ())),
            budget=tuple(BudgetLine(b["amount"], b.get("covers"), b.get("period")) for b in raw.get("budget", ())),
            team=raw.get("team"),
            duration=raw.get("duration"),
            success_factors=tuple(raw.get("success_factors", ())),
            difficulties=tuple(raw.get("difficulties", ())),
            replication=raw.get("replication"),
        )

    def texts(self) -> list[str]:
        """Every sentence of the reuse facts, in field order (for the search)."""
        budget = [" ".join(filter(None, (b.amount, b.covers, b.period))) for b in self.budget]
        return [
            *self.partners,
            *budget,
            *filter(None, (self.team, self.duration)),
            *self.success_factors,
            *self.difficulties,
            *filter(None, (self.replication,)),
        ]


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
    # The date the source describes the stage at (AAAA, AAAA-MM or AAAA-MM-JJ), if given.
    stage_as_of: str | None = None
    reuse: Reuse | None = None

    @property
    def carriers(self) -> tuple[Collectivity, ...]:
        """The collectivities that carry the initiative (validation ensures at least one)."""
        return tuple(c for c in self.collectivities if c.is_carrier)

    @property
    def supporters(self) -> tuple[Collectivity, ...]:
        """The collectivities that are only partners or funders."""
        return tuple(c for c in self.collectivities if not c.is_carrier)

    @property
    def stage_date(self) -> str:
        """When the stage was observed: stage_as_of, or else the source document's year."""
        return self.stage_as_of or str(self.source.document.year)

    @property
    def best_award(self) -> Award:
        """The award to show first: the most recent, then the best medal."""
        return min(self.awards, key=lambda a: (-a.year, a.medal_rank))


def sort_key(article: Any) -> tuple[int, int, str]:
    """Order of every list of initiatives: year (latest first), then medal, then title."""
    award = article.initiative.best_award
    return (-award.year, award.medal_rank, article.title.casefold())
