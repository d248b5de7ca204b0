"""Validate content files: schema, then the rules a schema cannot say.

Per-file rules: known scheme, level allowed for that scheme, candidates only with an
unknown level, the scheme's category label known, known categories, known source,
official codes found in the dataset, coherent dates, a slug-shaped file name, no
personal contact details (reuse facts included), at least one carrying collectivity, a
name as written in the source only for a territory that can have changed name, and a
stage date within the project and the source. Cross-file rules: unique slugs (former slugs included),
related initiatives that exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
import re
from typing import TYPE_CHECKING, Any

from .errors import ContentError
from .frontmatter import FrontMatter, parse
from .model import Award, Collectivity, Initiative, Reuse, SourceRef
from .registry import CategoryDef, Registry, load_registry
from .schema import field_name, load_validator, schema_errors
from .settings import portal_path, portal_setting
from .territories import Gazetteer, Place, load_gazetteer
from .vocabulary import NON_OFFICIAL_KINDS, OFFICIAL_CODES, RENAMED_KINDS

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
PHONE_RE = re.compile(r"(?<![\d+])(?:(?:\+|00)33[\s.\-]?(?:\(0\)[\s.\-]?)?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\d)")

Path_ = tuple[str | int, ...]

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


@dataclass
class FileReport:
    """What checking one file gave: the initiative if valid, and the errors."""

    path: str
    initiative: Initiative | None
    errors: list[ContentError]
    front_matter: FrontMatter | None = None

    def line_of(self, where: Path_) -> int:
        """Return the line of a field, or 1 when the file could not be parsed."""
        return self.front_matter.line_of(where) if self.front_matter else 1


class Checker:
    """Validate content files against the schema, the registries and the dataset."""

    def __init__(
        self,
        registry: Registry,
        gazetteer: Gazetteer,
        validator: Draft202012Validator,
        allowed_contacts: Iterable[str] = (),
    ) -> None:
        self.registry = registry
        self.gazetteer = gazetteer
        self.validator = validator
        self.allowed_contacts = frozenset(allowed_contacts)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Checker:
        """Build a checker from Pelican (or plain) settings."""
        return cls(
            load_registry(portal_path(settings, "PORTAL_DATA_DIR")),
            load_gazetteer(portal_path(settings, "PORTAL_GEO_DATA")),
            load_validator(portal_path(settings, "PORTAL_SCHEMA")),
            portal_setting(settings, "PORTAL_ALLOWED_CONTACTS"),
        )

    def check_file(self, path: str, text: str) -> FileReport:
        """Check one file on its own; build its initiative when it is valid."""
        try:
            fm = parse(path, text)
        except ContentError as error:
            return FileReport(path, None, [error])
        errors = schema_errors(self.validator, path, fm)
        if errors:
            return FileReport(path, None, errors, fm)
        rules = _FileRules(self, path, fm)
        return FileReport(path, rules.build(), rules.errors, fm)

    def check_all(self, files: Iterable[tuple[str, str]]) -> list[FileReport]:
        """Check every file, then the rules that span files."""
        reports = [self.check_file(path, text) for path, text in files]
        check_cross_file(reports)
        return reports


class _FileRules:
    """The rules of one file that the JSON Schema cannot express."""

    def __init__(self, checker: Checker, path: str, fm: FrontMatter) -> None:
        self.registry = checker.registry
        self.allowed_contacts = checker.allowed_contacts
        self.gazetteer = checker.gazetteer
        self.path = path
        self.fm = fm
        self.errors: list[ContentError] = []

    def error(self, where: Path_, message: str) -> None:
        self.errors.append(ContentError(self.path, self.fm.line_of(where), field_name(where), message))

    def build(self) -> Initiative | None:
        """The initiative of a file that passed the schema, or None if a rule failed."""
        data = self.fm.data
        slug = PurePosixPath(self.path).stem
        if not SLUG_RE.match(slug):
            self.errors.append(
                ContentError(
                    self.path,
                    1,
                    "nom de fichier",
                    "le nom doit être en minuscules, chiffres et tirets (ex. albi-alimentation-de-proximite.md)",
                )
            )
        self._check_personal_data()
        dates = data.get("dates", {})
        if dates.get("start") and dates.get("end") and dates["end"] < dates["start"]:
            self.error(("dates", "end"), "la fin précède le début")
        if not any(c.get("role", "porteur") == "porteur" for c in data["collectivities"]):
            self.error(
                ("collectivities",),
                "aucune collectivité porteuse : au moins une doit avoir le rôle « porteur » (rôle par défaut)",
            )
        collectivities = [self._collectivity(i, c) for i, c in enumerate(data["collectivities"])]
        awards = [self._award(i, a) for i, a in enumerate(data["awards"])]
        categories = tuple(self._categories(data["categories"]))
        source = self._source(data["source"])
        self._check_stage_date(data, dates.get("start"), source)
        # Every rule that returns None has recorded an error: nothing is dropped silently.
        if self.errors or source is None:
            return None
        return Initiative(
            slug=slug,
            title=data["title"],
            summary=data["summary"],
            collectivities=tuple(c for c in collectivities if c is not None),
            awards=tuple(a for a in awards if a is not None),
            categories=categories,
            key_figures=tuple((f["label"], f["value"]) for f in data.get("key_figures", [])),
            start=dates.get("start"),
            end=dates.get("end"),
            stage=data.get("stage"),
            source=source,
            related=tuple(data.get("related", [])),
            former_slugs=tuple(data.get("former_slugs", [])),
            stage_as_of=data.get("stage_as_of"),
            reuse=Reuse.from_front_matter(data.get("reuse")),
        )

    def _check_stage_date(self, data: dict[str, Any], start: str | None, source: SourceRef | None) -> None:
        """The stage is dated between the project's start and the source that reports it."""
        as_of = data.get("stage_as_of")
        if as_of is None:
            return
        where: Path_ = ("stage_as_of",)
        if "stage" not in data:
            self.error(where, "date d'un état absent : donnez aussi stage")
        if start and as_of[: len(start)] < start[: len(as_of)]:
            self.error(where, f"l'état est daté de {as_of}, avant le début du projet ({start})")
        if source and int(as_of[:4]) > source.document.year:
            self.error(
                where,
                f"l'état est daté de {as_of}, après le document source ({source.document.year}) : "
                "pour un état plus récent, citez aussi la source plus récente",
            )

    def _collectivity(self, index: int, raw: dict[str, Any]) -> Collectivity | None:
        where: Path_ = ("collectivities", index)
        kind = raw["kind"]
        if kind in NON_OFFICIAL_KINDS:
            for key in ("name", "within"):
                if key not in raw:
                    self.error((*where, key), f"champ obligatoire pour la nature « {kind} »")
            if "code" in raw:
                self.error((*where, "code"), f"pas de code pour la nature « {kind} » : donnez name et within")
            if "name" not in raw or "within" not in raw:
                return None
            place = self._place((*where, "within"), raw["within"]["kind"], raw["within"]["code"])
            name, code = raw["name"], None
        else:
            for key in ("name", "within"):
                if key in raw:
                    self.error(
                        (*where, key),
                        f"à ne pas écrire pour la nature « {kind} » : le nom vient du code officiel",
                    )
            if "code" not in raw:
                self.error((*where, "code"), f"champ obligatoire : {OFFICIAL_CODES[kind]}")
                return None
            place = self._place((*where, "code"), kind, raw["code"])
            name, code = (place.name if place else ""), raw["code"]
        named = raw.get("named_in_source")
        if named is not None and kind not in RENAMED_KINDS:
            self.error(
                (*where, "named_in_source"),
                f"seulement pour une région, un département, une commune ou un EPCI, pas pour la nature « {kind} »",
            )
        if place is None:
            return None
        if named is not None and named == name:
            self.error((*where, "named_in_source"), f"« {named} » est le nom actuel : retirez named_in_source")
        departement = self.gazetteer.get("departement", place.departement) if place.departement else None
        region = self.gazetteer.get("region", place.region) if place.region else None
        return Collectivity(kind, code, name, place, departement, region, raw.get("role", "porteur"), named)

    def _place(self, where: Path_, kind: str, code: str) -> Place | None:
        place = self.gazetteer.get(kind, code)
        if place is None:
            self.error(where, f"{OFFICIAL_CODES[kind]} inconnu « {code} » dans le référentiel officiel")
        return place

    def _award(self, index: int, raw: dict[str, Any]) -> Award | None:
        where: Path_ = ("awards", index)
        scheme = self.registry.schemes.get(raw["scheme"])
        if scheme is None:
            known = ", ".join(self.registry.schemes)
            self.error((*where, "scheme"), f"dispositif inconnu « {raw['scheme']} » (dispositifs connus : {known})")
            return None
        level, candidates = raw["level"], tuple(raw.get("candidates", ()))
        if level not in scheme.levels:
            allowed = ", ".join(scheme.levels)
            self.error(
                (*where, "level"),
                f"niveau « {level} » impossible pour {scheme.name} (niveaux permis : {allowed})",
            )
        if level == "inconnu" and not candidates:
            self.error((*where, "level"), "niveau inconnu : donnez les médailles possibles dans candidates")
        if candidates and level != "inconnu":
            self.error((*where, "candidates"), "seulement avec le niveau inconnu")
        if raw["category"] not in self.registry.scheme_labels.get(scheme.key, {}):
            self.error(
                (*where, "category"),
                f"catégorie « {raw['category']} » inconnue pour {scheme.name} "
                "(voir data/categories.yaml, scheme_labels)",
            )
        return Award(scheme, int(raw["year"]), level, candidates, raw["category"], raw.get("distinction"))

    def _categories(self, keys: list[str]) -> Iterator[CategoryDef]:
        for index, key in enumerate(keys):
            category = self.registry.categories.get(key)
            if category is None:
                self.error(("categories", index), f"thématique inconnue « {key} » (voir data/categories.yaml)")
            else:
                yield category

    def _source(self, raw: dict[str, Any]) -> SourceRef | None:
        document = self.registry.sources.get(raw["document"])
        if document is None:
            known = ", ".join(self.registry.sources)
            self.error(("source", "document"), f"document inconnu « {raw['document']} » (documents connus : {known})")
            return None
        return SourceRef(document, raw.get("pages"), raw.get("note"))

    def _check_personal_data(self) -> None:
        lines = self.fm.body.split("\n")
        message = "adresse e-mail ou numéro de téléphone : n'en publiez aucun"
        for offset, line in enumerate(lines):
            if personal_contacts(line, self.allowed_contacts):
                self.errors.append(ContentError(self.path, self.fm.body_first_line + offset, "texte", message))
        for where, value in _strings(self.fm.data, ()):
            if personal_contacts(value, self.allowed_contacts):
                self.error(where, message)


def personal_contacts(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """E-mail addresses and French phone numbers in a text, except the allowed institutional ones."""
    found = [match.group(0) for regex in (EMAIL_RE, PHONE_RE) for match in regex.finditer(text)]
    return [contact for contact in found if contact not in allowed]


def _strings(value: Any, where: Path_) -> Iterator[tuple[Path_, str]]:
    """Yield (path, text) for every string in a parsed front matter."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))


def check_cross_file(reports: list[FileReport]) -> None:
    """Unique slugs across folders and former slugs; related pages that exist."""
    owners: dict[str, str] = {}
    for report in sorted(reports, key=lambda r: r.path):
        slug = PurePosixPath(report.path).stem
        names = [slug, *(report.initiative.former_slugs if report.initiative else ())]
        for name in names:
            if name in owners and owners[name] != report.path:
                report.errors.append(
                    ContentError(report.path, 1, "slug", f"identifiant « {name} » déjà utilisé par {owners[name]}")
                )
            owners.setdefault(name, report.path)
    current = {PurePosixPath(r.path).stem for r in reports}
    for report in reports:
        if report.initiative is None:
            continue
        for index, related in enumerate(report.initiative.related):
            if related not in current or related == report.initiative.slug:
                where = ("related", index)
                report.errors.append(
                    ContentError(
                        report.path,
                        report.line_of(where),
                        field_name(where),
                        f"fiche liée « {related} » introuvable",
                    )
                )
    for report in reports:
        if report.errors:
            report.initiative = None


def content_files(content_dir: str | Path) -> list[tuple[str, str]]:
    """Return (path relative to the project, text) for every content/**/*.md."""
    root = Path(content_dir)
    base = root.parent
    return [(str(path.relative_to(base)), path.read_text(encoding="utf-8")) for path in sorted(root.rglob("*.md"))]
