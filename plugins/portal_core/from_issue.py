"""Turn a submitted « Proposer une initiative » issue form into a content file.

The body is untrusted text. Every field is checked against the form's choices and the
schema's rules, a commune name is resolved to its official code when exactly one
territory has that name, and the file is then checked by the same Checker as the build.
Any problem is reported in French, naming the form's field, and no file is produced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
import json
from pathlib import PurePosixPath
import re
from typing import TYPE_CHECKING, Any

from . import issue_form as form
from .errors import ContentError
from .frontmatter import parse
from .places import describe, exact_places, find_places, name_key
from .text import slugify
from .validation import Checker
from .verbatim import copied_runs

if TYPE_CHECKING:
    from .territories import Gazetteer, Place

# Where a new fiche goes, relative to the content folder.
INITIATIVES_DIR = "initiatives"
# A fiche's text is 80 to 250 words; this bound leaves room and stops pasted documents.
MAX_TEXT_CHARACTERS = 6000
MAX_CATEGORIES = 4
MAX_KEY_FIGURES = 8
CODE_RE = re.compile(r"^[0-9AB]{2,9}$")
YEAR_RE = re.compile(r"^(19|20)\d{2}$")
PAGES_RE = re.compile(r"^\d+(-\d+)?$")
LINK_RE = re.compile(r"^https?://[^\s<>|\"'`]+$")
# Characters the schema refuses in one-line texts (no HTML, no table syntax).
MARKUP_RE = re.compile(r"[<>|]")
# An HTML tag or comment in Markdown: « < 5 % » stays allowed.
TAG_RE = re.compile(r"<\s*[A-Za-z!/?]")

# Content error fields (validation.py) → the form field a contributor can correct.
FIELD_LABELS = (
    ("title", form.TITLE),
    ("nom de fichier", form.TITLE),
    ("slug", form.TITLE),
    ("summary", form.SUMMARY),
    ("collectivities", form.COLLECTIVITY),
    ("awards[0].scheme", form.SCHEME),
    ("awards[0].year", form.YEAR),
    ("awards[0].level", form.LEVEL),
    ("awards[0].category", form.AWARD_CATEGORY),
    ("categories", form.CATEGORIES),
    ("key_figures", form.KEY_FIGURES),
    ("source.document", form.DOCUMENT),
    ("source.pages", form.PAGES),
    ("source.note", form.LINK),
    ("texte", form.TEXT),
)


@dataclass
class Conversion:
    """The content file (path relative to the content folder, text), or the problems found."""

    path: str = ""
    text: str = ""
    problems: list[str] = field(default_factory=list)
    title: str = ""


class _Reader:
    """Read the form's fields one by one, collecting every problem."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self.problems: list[str] = []

    def problem(self, label: str, message: str) -> None:
        self.problems.append(f"« {label} » : {message}")

    def text(self, label: str, required: bool = True) -> str:
        value = self.values.get(label, "")
        if label not in self.values:
            self.problem(label, "rubrique absente du texte de l'issue (le formulaire a-t-il été modifié ?)")
        elif not value and required:
            self.problem(label, "champ obligatoire")
        return value

    def line(self, label: str, required: bool = True) -> str:
        """A one-line text: whitespace folded, no markup."""
        value = " ".join(self.text(label, required).split())
        if MARKUP_RE.search(value):
            self.problem(label, "pas de HTML ni de caractères < > | : écrivez du texte simple")
            return ""
        return value

    def choice(self, label: str, options: dict[str, str]) -> str:
        value = self.text(label)
        if value and value not in options:
            self.problem(
                label, f"« {value} » n'est pas un choix du formulaire (choix possibles : {', '.join(options)})"
            )
            return ""
        return options.get(value, "")


def convert(
    body: str, checker: Checker, existing: Iterable[tuple[str, str]], date: str, sources: frozenset[bytes] = frozenset()
) -> Conversion:
    """Build the content file of an issue body, or list what to correct.

    `sources` are the fingerprints of the source documents (verbatim.load_fingerprints):
    a summary or text copied from them is refused.
    """
    registry, gazetteer = checker.registry, checker.gazetteer
    options = form.choices(registry)
    read = _Reader(form.parse_body(body))
    title = read.line(form.TITLE)
    kind = read.choice(form.KIND, options.kinds)
    collectivity = read.line(form.COLLECTIVITY)
    scheme = read.choice(form.SCHEME, options.schemes)
    year = read.line(form.YEAR)
    if year and not YEAR_RE.match(year):
        read.problem(form.YEAR, f"« {year} » : écrivez l'année sur quatre chiffres, ex. 2019")
    level = read.choice(form.LEVEL, options.levels)
    award_category = read.choice(form.AWARD_CATEGORY, options.award_categories)
    categories = _categories(read, options.categories)
    summary = read.line(form.SUMMARY)
    text = _body_text(read)
    key_figures = _key_figures(read)
    document = read.choice(form.DOCUMENT, options.documents)
    pages = read.line(form.PAGES, required=False)
    if pages and not PAGES_RE.match(pages):
        read.problem(form.PAGES, f"« {pages} » : écrivez une page ou un intervalle, ex. 12 ou 12-13")
    link = read.line(form.LINK, required=False)
    if link and (not LINK_RE.match(link) or len(link) > 300):
        read.problem(form.LINK, "donnez une seule adresse web complète, commençant par https://")
    place = None
    if kind and collectivity:
        place = _place(read, gazetteer, kind, collectivity)
    if scheme and award_category and award_category not in registry.scheme_labels.get(scheme, {}):
        labels = ", ".join(f"« {label} »" for label in registry.scheme_labels.get(scheme, {}))
        read.problem(
            form.AWARD_CATEGORY,
            f"« {award_category} » n'est pas une catégorie de ce dispositif (catégories : {labels})",
        )
    if not categories and scheme and award_category:
        categories = list(registry.categories_for_label(scheme, award_category))
    if title:
        _check_duplicate_title(read, title, existing)
    ticks, _ = form.ticked(read.text(form.COMMITMENTS, required=False))
    for commitment in form.COMMITMENT_OPTIONS:
        if commitment not in ticks:
            read.problem(form.COMMITMENTS, f"engagement à cocher : « {commitment} »")
    if read.problems or place is None:
        return Conversion(problems=read.problems)

    slug = _slug(title, place.name)
    path = f"{INITIATIVES_DIR}/{slug}.md"
    front = {
        "title": title,
        "date": date,
        "summary": summary,
        "collectivities": [{"kind": kind, "code": place.code}],
        "awards": [{"scheme": scheme, "year": year, "level": level, "category": award_category}],
        "categories": categories,
        "key_figures": key_figures,
        "stage": "inconnu",
        "source": _source(document, pages, link),
    }
    front_text = f"---\n{_yaml(front)}---\n"
    file_text = f"{front_text}{text}\n"
    problems = _check(checker, path, file_text, existing) + _copies(path, file_text, front_text.count("\n"), sources)
    return Conversion(path, file_text, problems, title)


def _source(document: str, pages: str, link: str) -> dict[str, str]:
    """The source reference; the public link, which the schema has no field for, goes in its note."""
    source = {"document": document}
    if pages:
        source["pages"] = pages
    if link:
        source["note"] = f"Source publique : {link}"
    return source


def _copies(path: str, text: str, front_lines: int, sources: frozenset[bytes]) -> list[str]:
    """Runs of words copied from a source document, on the summary or on the text."""
    return [
        f"« {form.SUMMARY if run.line <= front_lines else form.TEXT} » : {len(run.words)} mots recopiés d'un "
        f"document source (« {' '.join(run.words)} ») : écrivez avec vos propres mots, seuls les faits et les "
        "chiffres peuvent rester"
        for run in copied_runs(path, text, sources)
    ]


def _categories(read: _Reader, options: dict[str, str]) -> list[str]:
    ticks, stray = form.ticked(read.text(form.CATEGORIES, required=False))
    for label in ticks + stray:
        if label not in options:
            read.problem(
                form.CATEGORIES,
                f"« {label} » n'est pas une thématique du portail (thématiques : {', '.join(options)})",
            )
    keys = [options[label] for label in ticks if label in options]
    if len(keys) > MAX_CATEGORIES:
        read.problem(form.CATEGORIES, f"{len(keys)} thématiques cochées : {MAX_CATEGORIES} au plus")
    return keys


def _body_text(read: _Reader) -> str:
    text = read.text(form.TEXT).strip()
    if TAG_RE.search(text):
        read.problem(form.TEXT, "pas de HTML (balises < >) : écrivez du texte simple, en Markdown si besoin")
    if len(text) > MAX_TEXT_CHARACTERS:
        read.problem(
            form.TEXT,
            f"{_count(len(text))} caractères, {_count(MAX_TEXT_CHARACTERS)} au plus : "
            "résumez en 80 à 250 mots, avec vos propres mots",
        )
    return text


def _count(number: int) -> str:
    """20000 → « 20 000 », as French writes numbers."""
    return f"{number:,}".replace(",", "\u202f")


def _key_figures(read: _Reader) -> list[dict[str, str]]:
    figures = []
    lines = [
        line.strip().removeprefix("- ").strip() for line in read.text(form.KEY_FIGURES, required=False).split("\n")
    ]
    for number, line in enumerate((line for line in lines if line), start=1):
        label, separator, value = line.rpartition(":")
        label, value = " ".join(label.split()), " ".join(value.split())
        if not separator or not label or not value:
            read.problem(form.KEY_FIGURES, f"ligne {number} « {line} » : écrivez « Libellé : valeur »")
        elif MARKUP_RE.search(line):
            read.problem(form.KEY_FIGURES, f"ligne {number} : pas de HTML ni de caractères < > |")
        else:
            figures.append({"label": label, "value": value})
    if len(figures) > MAX_KEY_FIGURES:
        read.problem(form.KEY_FIGURES, f"{len(figures)} chiffres : {MAX_KEY_FIGURES} au plus")
    return figures


def _place(read: _Reader, gazetteer: Gazetteer, kind: str, query: str) -> Place | None:
    """The one official territory of that kind with that code or exact name."""
    if CODE_RE.match(query):
        place = gazetteer.get(kind, query)
        if place is None:
            read.problem(
                form.COLLECTIVITY, f"code « {query} » inconnu pour la nature « {kind} » dans le référentiel officiel"
            )
        return place
    exact = exact_places(gazetteer, query, (kind,))
    if len(exact) == 1:
        return exact[0]
    if exact:
        listed = " ; ".join(describe(gazetteer, place) for place in exact)
        read.problem(
            form.COLLECTIVITY,
            f"plusieurs territoires s'appellent « {query} » : {listed}. "
            "Donnez le code officiel, ou le département entre parenthèses, ex. « Saint-Denis (93) »",
        )
        return None
    hint, found = "", find_places(gazetteer, query, (kind,))
    if found:
        hint = " Noms proches : " + " ; ".join(describe(gazetteer, place) for place in found[:5]) + "."
    read.problem(form.COLLECTIVITY, f"aucun territoire de nature « {kind} » ne s'appelle « {query} ».{hint}")
    return None


def _check_duplicate_title(read: _Reader, title: str, existing: Iterable[tuple[str, str]]) -> None:
    wanted = name_key(title)
    for path, text in existing:
        try:
            other = str(parse(path, text).data.get("title", ""))
        except ContentError:
            continue
        if name_key(other) == wanted:
            slug = PurePosixPath(path).stem
            read.problem(form.TITLE, f"une fiche porte déjà ce titre : {path} (page initiatives/{slug}/)")


def _slug(title: str, place_name: str) -> str:
    title_slug, place_slug = slugify(title), slugify(place_name)
    return title_slug if title_slug.startswith(place_slug) else slugify(f"{place_name} {title}")


def _yaml(value: Any, indent: str = "") -> str:
    """Block YAML of the front matter; every string double-quoted (JSON is valid YAML)."""
    out = ""
    for key, item in value.items():
        if isinstance(item, dict):
            out += f"{indent}{key}:\n{_yaml(item, indent + '  ')}"
        elif isinstance(item, list):
            out += f"{indent}{key}:" + (" []\n" if not item else "\n")
            for element in item:
                if isinstance(element, dict):
                    block = _yaml(element, indent + "    ")
                    out += f"{indent}  - " + block[len(indent) + 4 :]
                else:
                    out += f"{indent}  - {json.dumps(element, ensure_ascii=False)}\n"
        else:
            out += f"{indent}{key}: {json.dumps(item, ensure_ascii=False)}\n"
    return out


def _check(checker: Checker, path: str, text: str, existing: Iterable[tuple[str, str]]) -> list[str]:
    """The build's own checks on the new file, and a file name no other file has."""
    problems = []
    for error in sorted(checker.check_file(path, text).errors):
        label = next((label for prefix, label in FIELD_LABELS if error.field.startswith(prefix)), error.field)
        problems.append(f"« {label} » : {error.message}")
    if any(PurePosixPath(p).stem == PurePosixPath(path).stem for p, _ in existing):
        problems.append(f"« {form.TITLE} » : le fichier {path} existe déjà : choisissez un titre plus précis")
    return problems
