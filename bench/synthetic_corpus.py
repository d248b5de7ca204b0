"""Generate synthetic initiatives that pass the portal's validation, for the search benchmark.

    .venv/bin/python bench/synthetic_corpus.py OUT [--count 1000 5000] [--seed 1] [--validate]

writes OUT/<count>/initiatives/*.md for each count; each OUT/<count> is a content folder
(`.venv/bin/python -m portal_core validate OUT/1000`). The text comes from the banks of
bench/corpus_words.yaml; collectivities are real official codes of
@etalab/decoupage-administratif; categories, schemes, levels, award categories and
sources come from data/*.yaml. Initiative i depends only on (seed, i), so the first
1 000 initiatives of a 5 000 corpus are the 1 000 of the smaller one.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
import json
from pathlib import Path
import random
import re
import sys
import time
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from portal_core.registry import load_registry  # noqa: E402
from portal_core.settings import portal_path  # noqa: E402
from portal_core.territories import read_dataset  # noqa: E402
from portal_core.text import slugify  # noqa: E402
import yaml  # noqa: E402

# Word and phrase banks: themes, sentences, publics, partners… (see the file's header).
WORDS = yaml.safe_load((Path(__file__).with_name("corpus_words.yaml")).read_text(encoding="utf-8"))

# Kinds of the first collectivity, with weights.
KINDS = {
    "commune": 58,
    "epci": 18,
    "departement": 10,
    "region": 5,
    "arrondissement": 2,
    "ccas": 3,
    "syndicat": 2,
    "autre": 2,
}
SCHEME_WEIGHTS = {
    "territoria": 50,
    "territoire-innovant": 25,
    "inet-projet-collectif": 10,
    "rapport-innovation-2015": 15,
}
# Years a scheme's second award may have (the first one takes its source document's year).
SCHEME_YEARS = {
    "territoria": (2012, 2024),
    "territoire-innovant": (2018, 2024),
    "inet-projet-collectif": (2019, 2023),
    "rapport-innovation-2015": (2015, 2015),
}
LEVEL_WEIGHTS = {"or": 45, "argent": 30, "bronze": 20, "inconnu": 5}
LEVEL_WORDS = {"or": "d'or", "argent": "d'argent", "bronze": "de bronze", "inconnu": ""}
EPCI_PREFIXES = {"CC ": "communauté de communes ", "CA ": "communauté d'agglomération ", "CU ": "communauté urbaine "}
# INSEE « type de liaison »: the form of « de » before a name (the article is part of a commune's name).
LIAISON = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "des ", 7: "de las ", 8: "de los "}
ARTICLES = ("Le ", "La ", "Les ", "L'")
# Bodies without an official code, named after the collectivity they belong to: (name, article).
OTHER_BODIES = {
    "ccas": [("centre communal d'action sociale", "le ")],
    "syndicat": [
        ("syndicat départemental d'énergie", "le "),
        ("syndicat mixte des eaux", "le "),
        ("syndicat de traitement des déchets", "le "),
        ("syndicat mixte du numérique", "le "),
    ],
    "autre": [
        ("office de tourisme", "l'"),
        ("régie de quartier", "la "),
        ("maison de l'emploi", "la "),
        ("centre social", "le "),
    ],
}


@dataclass(frozen=True)
class Place:
    """An official territory with the French forms the templates need."""

    kind: str
    code: str
    nom: str  # « Albi », « Communauté de communes du Perche »
    sujet: str  # subject of a sentence: « Albi », « le département de l'Ain »
    de_nom: str  # « d'Albi », « du Mans », « de la région Bretagne »
    departement: str | None
    a_nom: str = ""  # communes only: « à Albi », « au Mans »


def capitalise(text: str) -> str:
    """Upper-case the first letter only."""
    return text[:1].upper() + text[1:]


def a_form(name: str) -> str:
    """« à » + a commune's name: « à Albi », « au Mans », « aux Mureaux »."""
    for article, contracted in (("Le ", "au "), ("Les ", "aux ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    return "à " + name


def de_form(name: str, liaison: int, has_article: bool) -> str:
    """« de » + name: « d'Albi », « du Mans », « de l'Ain »."""
    if has_article:
        for article, contracted in (("Le ", "du "), ("Les ", "des ")):
            if name.startswith(article):
                return contracted + name[len(article) :]
        return "de " + name
    if liaison in (0, 1) and name[:1] in "AEIOUYÉÈÎÂH":
        return "d'" + name
    return LIAISON.get(liaison, "de ") + name


class Territories:
    """Communes, EPCI, départements and régions of the official dataset, to draw from."""

    def __init__(self, geo: str | None = None) -> None:
        dataset = read_dataset(geo or portal_path({}, "PORTAL_GEO_DATA"))
        regions = {r["code"]: r for r in dataset.regions if r.get("zone") in ("metro", "drom")}
        deps = {d["code"]: d for d in dataset.departements if d["region"] in regions}
        self.regions = [self._region(r) for r in regions.values()]
        self.departements = [self._departement(d) for d in deps.values()]
        self.communes, self.arrondissements, self.towns = [], [], []
        self.by_departement: dict[str, list[Place]] = defaultdict(list)
        for row in dataset.communes:
            if row["departement"] in deps:
                place = self._commune(row)
                self.communes.append(place)
                self.by_departement[row["departement"]].append(place)
                # Award winners are more often towns than villages: see commune().
                if (row.get("population") or 0) >= 5000:
                    self.towns.append(place)
        self.arrondissements = [self._arrondissement(row) for row in dataset.arrondissements]
        self.communes_by_code = {p.code: p for p in self.communes}
        self.epci, self.epci_members = [], {}
        for row in dataset.epci:
            members = [m["code"] for m in row["membres"] if m["code"] in self.communes_by_code]
            if members:
                place = self._epci(row, self.communes_by_code[members[0]].departement)
                self.epci.append(place)
                self.epci_members[place.code] = members

    @staticmethod
    def _commune(row: dict) -> Place:
        name = row["nom"]
        de_nom = de_form(name, row.get("typeLiaison", 0), name.startswith(ARTICLES))
        return Place("commune", row["code"], name, name, de_nom, row["departement"], a_form(name))

    @staticmethod
    def _arrondissement(row: dict) -> Place:
        match = re.match(r"(.*) (\d+(?:er|e)) Arrondissement$", row["nom"])
        city, rank = match.groups() if match else (row["nom"], "")
        sujet = f"le {rank} arrondissement de {city}" if rank else row["nom"]
        return Place("arrondissement", row["code"], row["nom"], sujet, "du" + sujet[2:], row["departement"])

    @staticmethod
    def _departement(row: dict) -> Place:
        de_nom = de_form(row["nom"], row.get("typeLiaison", 0), False)
        return Place("departement", row["code"], row["nom"], f"le département {de_nom}", de_nom, row["code"])

    @staticmethod
    def _region(row: dict) -> Place:
        de_nom = de_form(row["nom"], row.get("typeLiaison", 0), False)
        return Place("region", row["code"], row["nom"], f"la région {row['nom']}", de_nom, None)

    @staticmethod
    def _epci(row: dict, departement: str) -> Place:
        name = row["nom"]
        for short, long in EPCI_PREFIXES.items():
            if name.startswith(short):
                name = long + name[len(short) :]
                break
        if row["type"] in ("CC", "CA", "CU"):
            sujet = "la " + name
        elif row["type"] == "EPT":
            sujet = "l'établissement public territorial " + name
        else:
            sujet = name if "Métropole" in name.split()[-1:] else "la " + name[:1].lower() + name[1:]
        de_nom = "de " + sujet if not sujet.startswith("le ") else "du " + sujet[3:]
        return Place("epci", row["code"], capitalise(name), sujet, de_nom, departement)

    def commune(self, rng: random.Random) -> Place:
        """A commune, a town one time in two."""
        return rng.choice(self.towns if rng.random() < 0.5 else self.communes)

    def neighbour(self, rng: random.Random, place: Place) -> Place:
        """A commune of the same département (any commune for a région)."""
        pool = self.by_departement.get(place.departement or "") or self.communes
        return rng.choice(pool)


@dataclass
class Drawn:
    """The random choices behind one initiative."""

    theme: dict
    collectivities: list[dict]
    place: Place
    awards: list[dict]
    categories: list[str]
    source: str


class CorpusDrafter:
    """Draw initiatives from the banks, the official territories and the registries."""

    def __init__(self, seed: int = 1, territories: Territories | None = None) -> None:
        self.seed = seed
        self.territories = territories or Territories()
        self.registry = load_registry(str(ROOT / "data"))
        self.themes = list(WORDS["themes"].values())
        self.sources_by_scheme: dict[str, list] = defaultdict(list)
        for source in self.registry.sources.values():
            self.sources_by_scheme[source.scheme].append(source)

    # --- collectivities -------------------------------------------------
    def _first_collectivity(self, rng: random.Random) -> tuple[dict, Place]:
        t = self.territories
        kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        if kind in ("commune", "ccas", "autre"):
            place = t.commune(rng)
        else:
            pools = {
                "epci": t.epci,
                "departement": t.departements,
                "region": t.regions,
                "arrondissement": t.arrondissements,
                "syndicat": t.departements,
            }
            place = rng.choice(pools[kind])
        if kind in OTHER_BODIES:
            label, article = rng.choice(OTHER_BODIES[kind])
            name = f"{capitalise(label)} {place.de_nom}"
            sujet = article + label + " " + place.de_nom
            de_nom = {"le ": "du ", "la ": "de la ", "l'": "de l'"}[article] + label + " " + place.de_nom
            raw = {"kind": kind, "name": name, "within": {"kind": place.kind, "code": place.code}}
            return raw, Place(kind, "", name, sujet, de_nom, place.departement)
        return {"kind": kind, "code": place.code}, place

    def _collectivities(self, rng: random.Random) -> tuple[list[dict], Place]:
        first, place = self._first_collectivity(rng)
        found = [first]
        if rng.random() < 0.12:
            if first["kind"] == "epci":
                member = self.territories.communes_by_code[rng.choice(self.territories.epci_members[place.code])]
                found.append({"kind": "commune", "code": member.code})
            else:
                other = self.territories.neighbour(rng, place)
                if other.code != first.get("code"):
                    found.append({"kind": "commune", "code": other.code})
        return found, place

    # --- awards and categories ---------------------------------------------
    def _label(self, rng: random.Random, scheme: str, categories: list[str]) -> str:
        labels = self.registry.scheme_labels[scheme]
        fitting = [label for label, cats in labels.items() if set(cats) & set(categories[:1])]
        fitting = fitting or [label for label, cats in labels.items() if set(cats) & set(categories)]
        return rng.choice(fitting or sorted(labels))

    def _award(self, rng: random.Random, scheme: str, year: int, categories: list[str]) -> dict:
        levels = self.registry.schemes[scheme].levels
        weights = [LEVEL_WEIGHTS.get(level, 1) for level in levels]
        award = {"scheme": scheme, "year": str(year), "level": rng.choices(levels, weights=weights)[0]}
        if award["level"] == "inconnu":
            award["candidates"] = sorted(rng.sample(["or", "argent", "bronze"], 2))
        award["category"] = self._label(rng, scheme, categories)
        if scheme == "territoria" and rng.random() < 0.04:
            award["distinction"] = rng.choice(["TERRITORIA d'Excellence", "Prix spécial du jury"])
        return award

    def _awards(self, rng: random.Random, theme: dict) -> tuple[list[dict], list[str], str]:
        categories = list(theme["categories"][: rng.choice((1, 2, 2))])
        scheme = rng.choices(list(SCHEME_WEIGHTS), weights=list(SCHEME_WEIGHTS.values()))[0]
        source = rng.choice(self.sources_by_scheme[scheme])
        awards = [self._award(rng, scheme, source.year, categories)]
        if rng.random() < 0.1:
            other = rng.choices(list(SCHEME_WEIGHTS), weights=list(SCHEME_WEIGHTS.values()))[0]
            awards.append(self._award(rng, other, rng.randint(*SCHEME_YEARS[other]), categories))
        for award in awards:
            for key in self.registry.categories_for_label(award["scheme"], award["category"]):
                if key not in categories and len(categories) < 4:
                    categories.append(key)
        return awards, categories, source.key

    def draw(self, rng: random.Random) -> Drawn:
        """Draw the theme, collectivities, awards, categories and source of one initiative."""
        theme = rng.choice(self.themes)
        collectivities, place = self._collectivities(rng)
        awards, categories, source = self._awards(rng, theme)
        return Drawn(theme, collectivities, place, awards, categories, source)

    # --- text --------------------------------------------------------------
    def initiative(self, index: int, taken: list[str]) -> tuple[str, str]:
        """Return (slug, Markdown text) of initiative `index`; `taken` holds earlier slugs."""
        rng = random.Random(f"{self.seed}:{index}")
        drawn = self.draw(rng)
        slots = Slots(rng, drawn, self.territories)
        title = capitalise(rng.choice(drawn.theme["titres"]).format_map(slots))[:200]
        slug = unique_slug(f"{short_name(drawn.place)} {title}", set(taken))
        text = render(rng, drawn, slots, title, taken)
        return slug, text


class Slots(dict):
    """Template slots: fixed per initiative, numbers and variants drawn at each use."""

    NUMBERS: ClassVar[dict[str, Callable[[random.Random], str]]] = {
        "n": lambda r: str(r.randint(2, 40)),
        "n2": lambda r: str(r.randint(20, 950)),
        "n3": lambda r: french_int(r.randint(1, 60) * r.choice((100, 250, 1000))),
        "pct": lambda r: f"{r.randint(5, 85)} %",
        "annee": lambda r: str(r.randint(2012, 2026)),
        "duree": lambda r: str(r.randint(2, 6)),
        "mois": lambda r: str(r.randint(3, 18)),
        "montant": lambda r: r.choice(
            (f"{french_int(r.randint(2, 95) * 10000)} €", f"{r.randint(1, 9)},{r.randint(1, 9)} millions d'euros")
        ),
    }

    def __init__(self, rng: random.Random, drawn: Drawn, territories: Territories) -> None:
        objets = rng.sample(drawn.theme["objets"], 2)
        voisine, voisine2 = territories.neighbour(rng, drawn.place), territories.neighbour(rng, drawn.place)
        super().__init__(
            sujet=drawn.place.sujet,
            nom=drawn.place.nom,
            de_nom=drawn.place.de_nom,
            objet=objets[0],
            objet2=objets[1],
            projet=project_name(rng),
            voisine=voisine.nom,
            voisine2=voisine2.nom,
            de_voisine=voisine.de_nom,
        )
        self.rng, self.place, self.territories = rng, drawn.place, territories

    def __missing__(self, key: str) -> str:
        if key[:1].isupper():
            return capitalise(self[key[:1].lower() + key[1:]])
        if key in self.NUMBERS:
            return self.NUMBERS[key](self.rng)
        if key in WORDS["variants"]:
            return self.rng.choice(WORDS["variants"][key])
        if key == "public":
            return self.rng.choice(WORDS["publics"])
        if key == "partenaire":
            return self.rng.choice(WORDS["partenaires"])
        if key in self.PLACES:
            return self.PLACES[key](self)
        raise KeyError(key)

    def _neighbours(self, form: str) -> str:
        places = [self.territories.neighbour(self.rng, self.place) for _ in range(self.rng.randint(2, 4))]
        names = [getattr(place, form) for place in places]
        return ", ".join(names[:-1]) + " et " + names[-1]

    PLACES: ClassVar[dict[str, Callable[[Slots], str]]] = {
        "a_voisine": lambda self: self.territories.neighbour(self.rng, self.place).a_nom,
        "voisines": lambda self: self._neighbours("nom"),
        "de_voisines": lambda self: self._neighbours("de_nom"),
        "a_ailleurs": lambda self: self.rng.choice(self.territories.towns).a_nom,
        "de_ailleurs": lambda self: self.rng.choice(self.territories.towns).de_nom,
    }


def french_int(value: int) -> str:
    """12500 → « 12 500 »."""
    return f"{value:,}".replace(",", " ")


def project_name(rng: random.Random) -> str:
    """A coined project name: « Vélilys », « Cit'Lab »."""
    return rng.choice(WORDS["projet_debuts"]) + rng.choice(WORDS["projet_fins"])


def short_name(place: Place) -> str:
    """The name used in a slug."""
    for long in EPCI_PREFIXES.values():
        if place.nom.lower().startswith(long):
            return place.nom[len(long) :]
    return place.nom


def unique_slug(text: str, taken: set[str]) -> str:
    """A slug of at most 70 characters, suffixed -2, -3… if already taken."""
    base = slugify(text, max_length=70)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def award_sentence(award: dict, registry_scheme_name: str) -> str:
    """One closing sentence naming the award."""
    if award["scheme"] == "territoria":
        level = LEVEL_WORDS[award["level"]]
        prize = " ".join(part for part in ("un TERRITORIA", level, award["year"]) if part)
        return f"L'initiative a reçu {prize} dans la catégorie « {award['category']} »."
    if award["scheme"] == "territoire-innovant":
        return f"Elle a obtenu le Label « Territoire Innovant » {award['year']}, niveau {award['level']}."
    if award["scheme"] == "inet-projet-collectif":
        return f"Une équipe d'élèves de l'INET en a fait son projet collectif en {award['year']}."
    return f"L'initiative figure parmi les exemples du {registry_scheme_name}."


# Sentences that may take an opener start with one of these words.
COMMON_START = re.compile(r"^(Le|La|Les|L'|Des|Du|Un|Une|Chaque|Aucun|Plusieurs|Cette|Ce|Ces|Deux|Trois)\b")


def sentence(rng: random.Random, template: str, slots: Slots) -> str:
    """Fill a template, sometimes after an opener (« Concrètement, les agents… »)."""
    if rng.random() < 0.3 and COMMON_START.match(template):
        template = rng.choice(WORDS["ouvertures"]) + " " + template[:1].lower() + template[1:]
    return capitalise(template.format_map(slots))


def body(rng: random.Random, drawn: Drawn, slots: Slots) -> str:
    """Markdown paragraphs of 200 to 600 words, in the order context, action, means, results, next."""
    theme = drawn.theme
    pools = {
        "contexte": rng.sample(WORDS["contexte"], 2) + rng.sample(theme["constats"], len(theme["constats"])),
        "demarche": rng.sample(theme["actions"], len(theme["actions"]))
        + rng.sample(WORDS["demarche"], len(WORDS["demarche"])),
        "moyens": rng.sample(WORDS["moyens"], len(WORDS["moyens"])),
        "resultats": rng.sample(theme["resultats"], len(theme["resultats"])) + rng.sample(WORDS["resultats"], 4),
        "suite": rng.sample(WORDS["suite"], 2),
    }
    minimum = {"contexte": 2, "demarche": 3, "moyens": 1, "resultats": 2, "suite": 1}
    fill = lambda key: sentence(rng, pools[key].pop(0), slots)  # noqa: E731
    filled = {key: [fill(key) for _ in range(count)] for key, count in minimum.items()}
    # The closing award sentence adds about 15 words.
    target = rng.randint(220, 560) - 15
    count = sum(len(s.split()) for part in filled.values() for s in part)
    order = ["demarche", "resultats", "contexte", "demarche", "moyens", "suite"]
    step = 0
    while any(pools.values()):
        key = order[step % len(order)]
        step += 1
        if pools[key]:
            if count >= target:
                break
            filled[key].append(fill(key))
            count += len(filled[key][-1].split())
    paragraphs = [" ".join(filled["contexte"])]
    actions = filled["demarche"]
    if len(actions) >= 6 and rng.random() < 0.3:
        paragraphs.append(" ".join(actions[:2]))
        paragraphs.append("\n".join(f"- {a.rstrip('.')} ;" for a in actions[2:5]))
        actions = actions[5:]
    half = max(1, len(actions) // 2)
    paragraphs += [" ".join(actions[:half]), " ".join(actions[half:])]
    paragraphs += [" ".join(filled["moyens"]), " ".join(filled["resultats"]), " ".join(filled["suite"])]
    return "\n\n".join(p for p in paragraphs if p)


def render(rng: random.Random, drawn: Drawn, slots: Slots, title: str, taken: list[str]) -> str:
    """The whole file: YAML front matter, then the body."""
    q = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731 (JSON strings are YAML strings)
    summary = f"{capitalise(drawn.place.sujet)} {rng.choice(WORDS['resume_verbes'])} {slots['objet']} "
    summary += rng.choice(WORDS["resume_fins"]).format_map(slots) + ". "
    summary += capitalise(rng.choice(drawn.theme["actions"]).format_map(slots))
    if len(summary) > 400:
        summary = summary[: summary.index(". ") + 1]
    lines = [
        "---",
        f"title: {q(title)}",
        f'date: "{rng.randint(2024, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"',
        "summary: >-",
        f"  {summary}",
        "collectivities:",
    ]
    for c in drawn.collectivities:
        if "code" in c:
            lines += [f"  - kind: {c['kind']}", f"    code: {q(c['code'])}"]
        else:
            lines += [
                f"  - kind: {c['kind']}",
                f"    name: {q(c['name'])}",
                "    within:",
                f"      kind: {c['within']['kind']}",
                f"      code: {q(c['within']['code'])}",
            ]
    lines.append("awards:")
    for a in drawn.awards:
        lines += [f"  - scheme: {a['scheme']}", f"    year: {q(a['year'])}", f"    level: {a['level']}"]
        if "candidates" in a:
            lines.append(f"    candidates: [{', '.join(a['candidates'])}]")
        lines.append(f"    category: {q(a['category'])}")
        if "distinction" in a:
            lines.append(f"    distinction: {q(a['distinction'])}")
    lines.append("categories:")
    lines += [f"  - {key}" for key in drawn.categories]
    figures = drawn.theme["figures"] + WORDS["generic_figures"]
    chosen = rng.sample(figures, rng.randint(0, 4))
    lines.append("key_figures:" + ("" if chosen else " []"))
    for label, value in chosen:
        lines += [f"  - label: {q(label)}", f"    value: {q(value.format_map(slots))}"]
    first_year = int(drawn.awards[0]["year"])
    if rng.random() < 0.6:
        start = rng.randint(first_year - 6, first_year)
        lines += ["dates:", f'  start: "{start}"']
        if rng.random() < 0.3:
            lines.append(f'  end: "{rng.randint(start, first_year + 3)}"')
    lines.append(f"stage: {rng.choice(WORDS['stages'])}")
    lines += ["source:", f"  document: {drawn.source}"]
    if rng.random() < 0.5:
        page = rng.randint(3, 120)
        lines.append(f'  pages: "{page}"' if rng.random() < 0.7 else f'  pages: "{page}-{page + 1}"')
    if taken and rng.random() < 0.15:
        related = sorted(set(rng.sample(taken, min(len(taken), rng.randint(1, 3)))))
        lines.append("related:")
        lines += [f"  - {slug}" for slug in related]
    lines.append("---")
    text = body(rng, drawn, slots)
    scheme = drawn.awards[0]["scheme"]
    closing = award_sentence(
        drawn.awards[0], "rapport « L'innovation au pouvoir ! » (2015)" if scheme.startswith("rapport") else scheme
    )
    return "\n".join(lines) + "\n" + text + "\n\n" + closing + "\n"


def generate(folder: Path, count: int, seed: int = 1, drafter: CorpusDrafter | None = None) -> list[Path]:
    """Write `count` initiatives into folder/initiatives/; return their paths."""
    drafter = drafter or CorpusDrafter(seed)
    target = Path(folder) / "initiatives"
    target.mkdir(parents=True, exist_ok=True)
    taken: list[str] = []
    paths = []
    for index in range(count):
        slug, text = drafter.initiative(index, taken)
        taken.append(slug)
        path = target / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def validate(folder: Path) -> int:
    """Run the portal's validator on a generated content folder; return the number of errors."""
    from portal_core.validation import Checker, content_files

    reports = Checker.from_settings({}).check_all(content_files(folder))
    errors = sorted(error for report in reports for error in report.errors)
    for error in errors[:50]:
        print(error, file=sys.stderr)
    return len(errors)


def main(argv: list[str] | None = None) -> int:
    """Generate one content folder per count."""
    parser = argparse.ArgumentParser(
        description="Génère des fiches synthétiques valides (dossier SORTIE/<taille>/initiatives/) "
        "pour le banc d'essai de la recherche ; la fiche n dépend seulement de (graine, n)."
    )
    parser.add_argument("output", type=Path, help="dossier qui reçoit un dossier de contenu par taille")
    parser.add_argument("--count", type=int, nargs="+", default=[1000, 5000], help="nombre de fiches par corpus")
    parser.add_argument("--seed", type=int, default=1, help="graine du tirage (même graine, mêmes fiches)")
    parser.add_argument("--validate", action="store_true", help="vérifier chaque fiche avec le validateur du portail")
    args = parser.parse_args(argv)
    drafter = CorpusDrafter(args.seed)
    failed = 0
    for count in args.count:
        folder = args.output / str(count)
        start = time.perf_counter()
        generate(folder, count, args.seed, drafter)
        print(f"{count} initiatives → {folder}/initiatives ({time.perf_counter() - start:.1f} s)")
        if args.validate:
            errors = validate(folder)
            print(f"  validation : {errors} erreur(s)")
            failed += errors
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
