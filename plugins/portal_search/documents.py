"""What the search knows of each initiative: indexed fields, facet values, a result card.

Data flows one way: the validated `Initiative` of each article becomes a `SearchDoc`;
the index builder never looks at front matter itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from portal_core.text import fold as fold_for_sort

if TYPE_CHECKING:
    from portal_core.model import Collectivity, Initiative
from portal_core.vocabulary import KIND_LABELS, LEVEL_LABELS, MEDALS, level_rank

# Indexed fields and their boosts: title > collectivity > categories > territory > summary > body.
FIELDS: tuple[tuple[str, int], ...] = (
    ("titre", 10),
    ("collectivite", 6),
    ("thematiques", 4),
    ("territoire", 3),
    ("resume", 2),
    ("texte", 1),
)

# Facets in the order the search page shows them: (key = URL parameter, French label).
FACETS: tuple[tuple[str, str], ...] = (
    ("categorie", "Thématique"),
    ("region", "Région"),
    ("departement", "Département"),
    ("medaille", "Médaille"),
    ("dispositif", "Prix ou label"),
    ("annee", "Année"),
    ("type", "Type de collectivité"),
    ("taille", "Taille de la collectivité"),
)
# Population bands of the carrying collectivity: (id, label, lower bound in inhabitants).
SIZE_BANDS: tuple[tuple[str, str, int], ...] = (
    ("moins-2000", "Moins de 2 000 habitants", 0),
    ("2000-10000", "De 2 000 à 10 000 habitants", 2_000),
    ("10000-50000", "De 10 000 à 50 000 habitants", 10_000),
    ("50000-200000", "De 50 000 à 200 000 habitants", 50_000),
    ("plus-200000", "Plus de 200 000 habitants", 200_000),
)


@dataclass
class SearchDoc:
    """One initiative as the search sees it (its address is in the result card)."""

    title: str
    year: int
    fields: dict[str, str]
    facets: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # key → [(id, label, sort)]
    card: dict[str, Any] = field(default_factory=dict)


def territory_label(collectivity: Collectivity) -> str:
    """« Département, Région » of a collectivity, as far as it applies."""
    parts = []
    if collectivity.departement and collectivity.kind not in ("departement", "region"):
        parts.append(collectivity.departement.name)
    if collectivity.region and collectivity.kind != "region":
        parts.append(collectivity.region.name)
    return ", ".join(dict.fromkeys(parts))


def reuse_text(initiative: Initiative) -> str:
    """Issue 15: the « Pour reprendre l'idée » facts and the territories' names as the source
    wrote them (« Champagne-Ardenne »), searched with the body text."""
    former = [c.named_in_source for c in initiative.collectivities if c.named_in_source]
    facts = initiative.reuse.texts() if initiative.reuse else []
    return " ".join([*former, *facts])


def size_band(population: int | None) -> list[tuple[str, str, str]]:
    """The facet value of a population (none when it is not known)."""
    if population is None:
        return []
    number = max(i for i, (_, _, floor) in enumerate(SIZE_BANDS) if population >= floor)
    band_id, label, _ = SIZE_BANDS[number]
    return [(band_id, label, str(number))]


def search_doc(article: Any) -> SearchDoc:
    """Build the search view of one article."""
    initiative = article.initiative
    # Facets, sizes and cards follow the carriers, as the indexes do; partners and
    # funders stay searchable by name (collectivite field).
    collectivities = initiative.carriers
    awards = initiative.awards
    best = initiative.best_award
    places = [p for c in collectivities for p in (c.departement, c.region) if p is not None]
    facets: dict[str, list[tuple[str, str, str]]] = {
        "categorie": [(c.key, c.label, fold_for_sort(c.label)) for c in initiative.categories],
        "region": [(c.region.code, c.region.name, fold_for_sort(c.region.name)) for c in collectivities if c.region],
        "departement": [
            (c.departement.code, f"{c.departement.name} ({c.departement.code})", c.departement.code)
            for c in collectivities
            if c.departement
        ],
        "medaille": [(a.level, LEVEL_LABELS[a.level], f"{level_rank(a.level)}") for a in awards],
        "dispositif": [(a.scheme.key, a.scheme.short_name, fold_for_sort(a.scheme.short_name)) for a in awards],
        "annee": [(str(a.year), str(a.year), f"{9999 - a.year:04d}") for a in awards],
        "type": [(c.kind, KIND_LABELS[c.kind], f"{list(KIND_LABELS).index(c.kind):02d}") for c in collectivities],
        # The first carrier gives the size; for a CCAS or a syndicat, the
        # population is that of its territory, as the fiche shows it.
        "taille": size_band(collectivities[0].population),
    }
    facets = {key: list(dict.fromkeys(values)) for key, values in facets.items()}
    figures = " ".join(f"{label} {value}" for label, value in initiative.key_figures)
    fields = {
        "titre": initiative.title,
        "collectivite": " ".join(c.name for c in initiative.collectivities),
        "thematiques": " ".join(
            [c.label for c in initiative.categories]
            + [a.category for a in awards]
            + [a.scheme.short_name for a in awards]
            # Medal and year words: « vélo 2017 », « déchèterie médaille d'or ».
            + [f"{'médaille ' if a.level in MEDALS else ''}{a.level_label} {a.year}" for a in awards]
        ),
        "territoire": " ".join(dict.fromkeys(p.name for p in places)),
        "resume": initiative.summary,
        "texte": f"{article.body_text} {figures} {reuse_text(initiative)}".rstrip(),
    }
    card = {
        "u": article.url,
        "t": initiative.title,
        "c": ", ".join(c.name for c in collectivities),
        "p": "; ".join(dict.fromkeys(filter(None, (territory_label(c) for c in collectivities)))),
        "l": best.level,
        "b": f"{best.level_label} · {best.scheme.short_name} {best.year}",
        "y": best.year,
        "r": initiative.summary,
    }
    return SearchDoc(
        title=initiative.title,
        year=max(a.year for a in awards),
        fields=fields,
        facets=facets,
        card=card,
    )
