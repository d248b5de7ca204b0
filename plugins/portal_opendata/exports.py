"""Records and rows of the open-data exports, built from the validated model.

Everything here reads `portal_core.model.Initiative` objects (never the Markdown) and
returns plain dicts of strings, ready to be serialised. Flattening of initiatives.csv:
a field with several values is one cell whose items are joined by `|`; the lists
`collectivity_*` are aligned (the n-th item of each describes the n-th collectivity),
as are `award_*` and `key_figure_*`; an empty item means "not applicable". The
possible levels of an award of unknown level are joined by `+` (« or+argent »).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from portal_core.model import Reuse
from portal_core.text import slugify

if TYPE_CHECKING:
    from portal_core.model import Award, Collectivity, Initiative
    from portal_core.registry import Registry
    from portal_core.territories import Place

LIST_SEPARATOR = "|"
CANDIDATES_SEPARATOR = "+"


class ExportError(ValueError):
    """A value of the content cannot be exported without ambiguity."""


@dataclass(frozen=True)
class Published:
    """An initiative as the site publishes it: the model plus its URL and dates."""

    initiative: Initiative
    url: str
    date: str
    modified: str | None

    @property
    def id(self) -> str:
        """The stable identifier: the slug, which never changes once published."""
        return self.initiative.slug


def collectivity_id(collectivity: Collectivity) -> str:
    """`commune-81004`; for a CCAS or a syndicat, `ccas-commune-54395-ccas-de-nancy`."""
    if collectivity.is_official:
        return f"{collectivity.kind}-{collectivity.code}"
    place = collectivity.place
    return f"{collectivity.kind}-{place.kind}-{place.code}-{slugify(collectivity.name, max_length=200) or 'sans-nom'}"


def _drop_empty(mapping: dict[str, Any]) -> dict[str, Any]:
    """Leave out the optional fields the content did not give."""
    return {key: value for key, value in mapping.items() if value not in (None, "", [], {})}


def _collectivity_front_matter(c: Collectivity) -> dict[str, Any]:
    written: dict[str, Any]
    if c.is_official:
        written = {"kind": c.kind, "code": c.code}
    else:
        written = {"kind": c.kind, "name": c.name, "within": {"kind": c.place.kind, "code": c.place.code}}
    # The default role is left out, as contributors leave it out.
    role = None if c.is_carrier else c.role
    return _drop_empty({**written, "role": role, "named_in_source": c.named_in_source})


def _reuse_front_matter(reuse: Reuse | None) -> dict[str, Any] | None:
    if reuse is None:
        return None
    return _drop_empty(
        {
            "partners": list(reuse.partners),
            "budget": [_drop_empty({"amount": b.amount, "covers": b.covers, "period": b.period}) for b in reuse.budget],
            "team": reuse.team,
            "duration": reuse.duration,
            "success_factors": list(reuse.success_factors),
            "difficulties": list(reuse.difficulties),
            "replication": reuse.replication,
        }
    )


def _award_front_matter(award: Award) -> dict[str, Any]:
    return _drop_empty(
        {
            "scheme": award.scheme.key,
            "year": str(award.year),
            "level": award.level,
            "candidates": list(award.candidates),
            "category": award.category,
            "distinction": award.distinction,
        }
    )


def front_matter(item: Published) -> dict[str, Any]:
    """Rebuild the page's front matter from the model: it validates against the schema."""
    i = item.initiative
    return _drop_empty(
        {
            "title": i.title,
            "date": item.date,
            "modified": item.modified,
            "summary": i.summary,
            "collectivities": [_collectivity_front_matter(c) for c in i.collectivities],
            "awards": [_award_front_matter(a) for a in i.awards],
            "categories": [c.key for c in i.categories],
            "key_figures": [{"label": label, "value": value} for label, value in i.key_figures],
            "dates": _drop_empty({"start": i.start, "end": i.end}),
            "stage": i.stage,
            "stage_as_of": i.stage_as_of,
            "reuse": _reuse_front_matter(i.reuse),
            "source": _drop_empty({"document": i.source.document.key, "pages": i.source.pages, "note": i.source.note}),
            "related": list(i.related),
            "former_slugs": list(i.former_slugs),
        }
    )


def _place(place: Place | None) -> dict[str, str] | None:
    return {"code": place.code, "name": place.name} if place else None


def collectivity_record(c: Collectivity) -> dict[str, Any]:
    """A collectivity with what the official dataset says of it (for initiatives.json)."""
    return {
        "id": collectivity_id(c),
        "kind": c.kind,
        "code": c.code,
        "name": c.name,
        "role": c.role,
        "named_in_source": c.named_in_source,
        "within": None if c.is_official else {"kind": c.place.kind, "code": c.place.code, "name": c.place.name},
        "departement": _place(c.departement),
        "region": _place(c.region),
        "population": c.population if c.is_official else None,
    }


def initiative_record(item: Published) -> dict[str, Any]:
    """One initiative of initiatives.json: id, URL, front matter, resolved collectivities."""
    return {
        "id": item.id,
        "url": item.url,
        "front_matter": front_matter(item),
        "collectivities": [collectivity_record(c) for c in item.initiative.collectivities],
    }


def join(item: Published, field: str, values: Iterable[str | None]) -> str:
    """Join a list cell; refuse an item that holds the separator, as it could not be split back."""
    texts = ["" if value is None else value for value in values]
    for value in texts:
        if LIST_SEPARATOR in value:
            raise ExportError(
                f"fiche « {item.id} » : {field} : « {value} » contient le caractère "
                f"« {LIST_SEPARATOR} », réservé aux listes des fichiers CSV ; retirez-le"
            )
    return LIST_SEPARATOR.join(texts)


# Aligned list columns of initiatives.csv: one item per collectivity, award or key figure.
COLLECTIVITY_COLUMNS = {
    "collectivity_ids": collectivity_id,
    "collectivity_kinds": lambda c: c.kind,
    "collectivity_codes": lambda c: c.code,
    "collectivity_names": lambda c: c.name,
    "collectivity_roles": lambda c: c.role,
    "collectivity_names_in_source": lambda c: c.named_in_source,
    "collectivity_departements": lambda c: c.departement.code if c.departement else None,
    "collectivity_regions": lambda c: c.region.code if c.region else None,
}
AWARD_COLUMNS = {
    "award_schemes": lambda a: a.scheme.key,
    "award_years": lambda a: str(a.year),
    "award_levels": lambda a: a.level,
    "award_candidates": lambda a: CANDIDATES_SEPARATOR.join(a.candidates),
    "award_categories": lambda a: a.category,
    "award_distinctions": lambda a: a.distinction,
}
KEY_FIGURE_COLUMNS = {
    "key_figure_labels": lambda figure: figure[0],
    "key_figure_values": lambda figure: figure[1],
}
BUDGET_COLUMNS = {
    "reuse_budget_amounts": lambda line: line.amount,
    "reuse_budget_covers": lambda line: line.covers,
    "reuse_budget_periods": lambda line: line.period,
}


def initiative_row(item: Published) -> dict[str, str]:
    """One row of initiatives.csv (every value a string, empty when absent)."""
    i = item.initiative
    reuse = i.reuse or Reuse()
    lists = {
        **{name: [get(c) for c in i.collectivities] for name, get in COLLECTIVITY_COLUMNS.items()},
        **{name: [get(a) for a in i.awards] for name, get in AWARD_COLUMNS.items()},
        **{name: [get(f) for f in i.key_figures] for name, get in KEY_FIGURE_COLUMNS.items()},
        **{name: [get(line) for line in reuse.budget] for name, get in BUDGET_COLUMNS.items()},
        "reuse_partners": list(reuse.partners),
        "reuse_success_factors": list(reuse.success_factors),
        "reuse_difficulties": list(reuse.difficulties),
        "categories": [c.key for c in i.categories],
        "related": list(i.related),
        "former_slugs": list(i.former_slugs),
    }
    row = {
        "id": item.id,
        "url": item.url,
        "title": i.title,
        "summary": i.summary,
        "date": item.date,
        "modified": item.modified,
        "start": i.start,
        "end": i.end,
        "stage": i.stage,
        "stage_as_of": i.stage_as_of,
        "reuse_team": reuse.team,
        "reuse_duration": reuse.duration,
        "reuse_replication": reuse.replication,
        "source_document": i.source.document.key,
        "source_pages": i.source.pages,
        "source_note": i.source.note,
        **{name: join(item, name, values) for name, values in lists.items()},
    }
    return {key: value or "" for key, value in row.items()}


def collectivity_rows(items: Iterable[Published]) -> list[dict[str, str]]:
    """The rows of collectivites.csv: each collectivity once, by id, with the initiatives it
    carries (counted) and those it only supports as partner or funder (listed apart)."""
    found: dict[str, tuple[Collectivity, set[str], set[str]]] = {}
    for item in items:
        for c in item.initiative.collectivities:
            _, carried, supported = found.setdefault(collectivity_id(c), (c, set(), set()))
            (carried if c.is_carrier else supported).add(item.id)
    return [
        _collectivity_row(key, c, sorted(carried), sorted(supported - carried))
        for key, (c, carried, supported) in sorted(found.items())
    ]


def _collectivity_row(key: str, c: Collectivity, ids: list[str], supported: list[str]) -> dict[str, str]:
    within = None if c.is_official else c.place
    population = c.population if c.is_official else None
    row = {
        "id": key,
        "kind": c.kind,
        "kind_label": c.kind_label,
        "code": c.code,
        "name": c.name,
        "within_kind": within.kind if within else None,
        "within_code": within.code if within else None,
        "within_name": within.name if within else None,
        "departement_code": c.departement.code if c.departement else None,
        "departement_name": c.departement.name if c.departement else None,
        "region_code": c.region.code if c.region else None,
        "region_name": c.region.name if c.region else None,
        "population": None if population is None else str(population),
        "initiatives": str(len(ids)),
        "initiative_ids": LIST_SEPARATOR.join(ids),
        "supported_initiative_ids": LIST_SEPARATOR.join(supported),
    }
    return {name: value or "" for name, value in row.items()}


def vocabularies(registry: Registry) -> dict[str, Any]:
    """The vocabularies the identifiers of the exports refer to: schemes, categories, sources."""
    return {
        "schemes": {
            key: {"name": s.name, "short_name": s.short_name, "organiser": s.organiser, "url": s.url or None}
            for key, s in registry.schemes.items()
        },
        "categories": {key: {"label": c.label, "description": c.description} for key, c in registry.categories.items()},
        "sources": {
            key: {"title": s.title, "year": s.year, "organiser": s.organiser, "scheme": s.scheme}
            for key, s in registry.sources.items()
        },
    }
