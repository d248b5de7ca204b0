"""Check front matter against the JSON Schema, with French, located messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator

from .errors import ContentError
from .filecache import cached_on_files

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from .frontmatter import FrontMatter

# Plain text: no markup, and no "|" (the open-data CSV separates list items with it).
NO_MARKUP = "^[^<>|]*$"

TYPE_NAMES = {
    "string": "un texte",
    "array": "une liste (lignes commençant par « - »)",
    "object": "un ensemble de lignes « clé: valeur »",
}


@cached_on_files
def load_validator(schema_path: str) -> Draft202012Validator:
    """Read the schema file once and check that it is itself a valid schema."""
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def property_titles(schema_path: str, name: str) -> dict[str, str]:
    """French titles of a group's fields (« reuse » → {"partners": "Partenaires", …}), in
    schema order, with the group's own title under "": templates take labels from here."""
    group = load_validator(schema_path).schema["properties"][name]
    return {"": group["title"], **{key: spec["title"] for key, spec in group["properties"].items()}}


def field_name(path: tuple[str | int, ...]) -> str:
    """Render a field path as `awards[0].level`; an invisible or blank key is shown quoted, with escapes."""
    out = ""
    for step in path:
        if isinstance(step, str) and not (step.isprintable() and step.strip()):
            step = json.dumps(step)
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "front matter"


def schema_errors(validator: Draft202012Validator, path: str, fm: FrontMatter) -> list[ContentError]:
    """Return every schema violation of a file's front matter."""
    errors = []
    for error in validator.iter_errors(fm.data):
        for where, message in _describe(error):
            errors.append(ContentError(path, fm.line_of(where), field_name(where), message))
    return errors


def _describe(error: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    """Turn one jsonschema error into (field path, French message) pairs."""
    where = tuple(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [key for key in expected if key not in value]
        return [((*where, key), "champ obligatoire manquant") for key in missing]
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        extra = [key for key in value if key not in error.schema.get("properties", {})]
        return [((*where, key), f"champ inconnu (champs permis : {allowed})") for key in extra]
    return [(where, _message(kind, expected, value, error.schema))]


def _message(kind: str, expected: Any, value: Any, schema: dict) -> str:
    if kind == "enum":
        return f"valeur « {value} » non permise (valeurs permises : {', '.join(expected)})"
    if kind == "type":
        return f"doit être {TYPE_NAMES.get(expected, expected)}"
    if kind == "pattern" and expected == NO_MARKUP:
        return "les caractères <, > et | sont interdits (texte simple, sans HTML)"
    if kind == "pattern":
        hint = schema.get("description") or f"motif {expected}"
        return f"« {value} » n'a pas le format attendu : {hint}"
    if kind == "minLength":
        return f"texte trop court ({len(value)} caractères, minimum {expected})"
    if kind == "maxLength":
        return f"texte trop long ({len(value)} caractères, maximum {expected})"
    if kind == "minItems":
        return f"liste trop courte ({len(value)} élément(s), minimum {expected})"
    if kind == "maxItems":
        return f"liste trop longue ({len(value)} éléments, maximum {expected})"
    if kind == "uniqueItems":
        return "la liste contient des doublons"
    if kind == "minProperties":
        return "ne doit pas être vide"
    return f"valeur invalide ({kind})"
