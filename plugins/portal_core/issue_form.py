"""The GitHub issue form « Proposer une initiative »: its fields, its YAML and its rendered body.

The form is generated from the data files (`python -m portal_core issue-form`), so its
dropdowns and checkboxes always list the schemes, documents and topics the validator
knows; a test checks that the committed .github/ISSUE_TEMPLATE file is up to date.
GitHub renders a submitted form as Markdown: a `### <label>` heading per field, then the
value, `_No response_` for an empty field and `- [X] option` for a ticked checkbox.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Any

import yaml

from .registry import Registry
from .text import slugify
from .vocabulary import KIND_LABELS, LEVEL_LABELS, OFFICIAL_CODES

FORM_PATH = ".github/ISSUE_TEMPLATE/proposer-une-initiative.yml"
# The label a maintainer adds to an issue to have it turned into a pull request.
PROPOSAL_LABEL = "proposition"
NO_RESPONSE = "_No response_"

TITLE = "Titre de l'initiative"
KIND = "Nature de la collectivité"
COLLECTIVITY = "Collectivité : nom ou code officiel"
SCHEME = "Dispositif de reconnaissance"
YEAR = "Année de la distinction"
LEVEL = "Niveau obtenu"
AWARD_CATEGORY = "Catégorie du prix"
CATEGORIES = "Thématiques du portail"
SUMMARY = "Résumé"
TEXT = "Texte de la fiche"
KEY_FIGURES = "Chiffres clés"
DOCUMENT = "Document source"
PAGES = "Pages du document"
LINK = "Lien vers une source publique"
COMMITMENTS = "Engagements"
COMMITMENT_OPTIONS = (
    "L'initiative est réalisée par une collectivité locale française.",
    "J'ai écrit le résumé et le texte avec mes propres mots.",
    "Le texte ne contient aucune donnée personnelle (nom de particulier, e-mail, téléphone).",
)

# Medal levels a contributor can choose; « inconnu » needs candidates: maintainers only.
FORM_LEVELS = ("or", "argent", "bronze", "aucun")


@dataclass(frozen=True)
class Choices:
    """Label shown in the form → value written in the content file, for each choice field."""

    kinds: dict[str, str]
    schemes: dict[str, str]
    levels: dict[str, str]
    award_categories: dict[str, str]
    categories: dict[str, str]
    documents: dict[str, str]


def choices(registry: Registry) -> Choices:
    """Every option of the form, in the order of the data files."""
    # « TERRITORIA — Mobilité »: the scheme's short name tells the long list apart.
    award_labels = {
        f"{registry.schemes[scheme].short_name} — {label}": label
        for scheme, labels in registry.scheme_labels.items()
        for label in labels
    }
    return Choices(
        kinds={KIND_LABELS[kind]: kind for kind in OFFICIAL_CODES},
        schemes={scheme.name: key for key, scheme in registry.schemes.items()},
        levels={LEVEL_LABELS[level]: level for level in FORM_LEVELS},
        award_categories=award_labels,
        categories={category.label: key for key, category in registry.categories.items()},
        documents={source.title: key for key, source in registry.sources.items()},
    )


def _field(kind: str, label: str, description: str, required: bool, **attributes: Any) -> dict[str, Any]:
    """One form element; checkboxes are required option by option, not as a field."""
    field: dict[str, Any] = {
        "type": kind,
        "id": _field_id(label),
        "attributes": {"label": label, "description": description, **attributes},
    }
    if kind != "checkboxes":
        field["validations"] = {"required": required}
    return field


def _field_id(label: str) -> str:
    return slugify(label).replace("-", "_")


def render(registry: Registry) -> str:
    """The issue form's YAML (deterministic: same data files, same bytes)."""
    options = choices(registry)
    form = {
        "name": "Proposer une initiative",
        "description": (
            "Proposez une initiative primée d'une collectivité locale : un mainteneur la relit avant publication."
        ),
        "title": "[Proposition] ",
        "labels": ["à relire"],
        "body": [
            {
                "type": "markdown",
                "attributes": {
                    "value": (
                        "Merci ! Remplissez ce formulaire avec vos propres mots. Le guide CONTRIBUTING.md "
                        "explique chaque champ. Après relecture, un mainteneur ajoute l'étiquette "
                        f"« {PROPOSAL_LABEL} » : la fiche est alors préparée automatiquement, ou la liste "
                        "des corrections à faire est ajoutée en commentaire."
                    )
                },
            },
            _field("input", TITLE, "Intitulé du projet, tel que la source le donne (texte simple).", True),
            _field(
                "dropdown", KIND, "Quel type de collectivité porte l'initiative ?", True, options=list(options.kinds)
            ),
            _field(
                "input",
                COLLECTIVITY,
                "Nom officiel (ex. « Vannes ») ou code (INSEE, SIREN, département, région). "
                "Si plusieurs communes portent ce nom, ajoutez le département : « Saint-Denis (93) ».",
                True,
            ),
            _field("dropdown", SCHEME, "Le prix ou le label obtenu.", True, options=list(options.schemes)),
            _field("input", YEAR, "Sur quatre chiffres, ex. 2019.", True),
            _field("dropdown", LEVEL, "Médaille obtenue, ou « Sans médaille ».", True, options=list(options.levels)),
            _field(
                "dropdown",
                AWARD_CATEGORY,
                "La catégorie du prix, telle que le dispositif l'écrit (précédée du nom du dispositif).",
                True,
                options=list(options.award_categories),
            ),
            _field(
                "checkboxes",
                CATEGORIES,
                "Une à quatre thématiques. Sans choix, celles de la catégorie du prix sont prises.",
                False,
                options=[{"label": label} for label in options.categories],
            ),
            _field(
                "textarea",
                SUMMARY,
                "Une ou deux phrases (40 à 400 caractères) : ce que fait l'initiative et pour qui.",
                True,
            ),
            _field(
                "textarea",
                TEXT,
                "80 à 250 mots, avec vos propres mots : le problème de départ, ce que la collectivité a fait, "
                "avec quels moyens, et les résultats. Pas de HTML.",
                True,
            ),
            _field(
                "textarea",
                KEY_FIGURES,
                "Facultatif. Un chiffre par ligne, repris exactement de la source : « Libellé : valeur ».",
                False,
            ),
            _field(
                "dropdown", DOCUMENT, "Le document où l'initiative est décrite.", True, options=list(options.documents)
            ),
            _field("input", PAGES, "Facultatif. Ex. « 12 » ou « 12-13 ».", False),
            _field("input", LINK, "Facultatif. Adresse (https://…) d'une page publique sur l'initiative.", False),
            _field(
                "checkboxes",
                COMMITMENTS,
                "Ce que le portail accepte.",
                False,
                options=[{"label": label, "required": True} for label in COMMITMENT_OPTIONS],
            ),
        ],
    }
    return yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


HEADING_RE = re.compile(r"^### (?P<label>.+?)\s*$")
CHECKBOX_RE = re.compile(r"^- \[(?P<mark>[ xX])\] (?P<label>.+?)\s*$")

ALL_LABELS = (
    TITLE, KIND, COLLECTIVITY, SCHEME, YEAR, LEVEL, AWARD_CATEGORY, CATEGORIES,
    SUMMARY, TEXT, KEY_FIGURES, DOCUMENT, PAGES, LINK, COMMITMENTS,
)  # fmt: skip


def parse_body(body: str) -> dict[str, str]:
    """Split a rendered form into {label: value}; empty fields give ''.

    Only headings that are labels of the form start a field, so a contributor's own
    `### …` line inside the text stays part of the text.
    """
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = HEADING_RE.match(line)
        if heading and heading["label"] in ALL_LABELS and heading["label"] not in fields:
            current = fields[heading["label"]] = []
        elif current is not None:
            current.append(line)
    values = {label: "\n".join(lines).strip() for label, lines in fields.items()}
    return {label: "" if value == NO_RESPONSE else value for label, value in values.items()}


def ticked(value: str) -> tuple[list[str], list[str]]:
    """(ticked options, lines that are not checkboxes) of a checkboxes field."""
    marked, other = [], []
    for line in value.split("\n"):
        if not line.strip():
            continue
        box = CHECKBOX_RE.match(line.strip())
        if box is None:
            other.append(line.strip())
        elif box["mark"] in "xX":
            marked.append(box["label"])
    return marked, other
