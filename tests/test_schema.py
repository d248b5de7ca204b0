"""The JSON Schema is the contract: closed, documented in French, and valid."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from portal_core.frontmatter import parse
import pytest
from support import ROOT

SCHEMA = json.loads((ROOT / "schema" / "initiative.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)


def objects(schema, where="racine"):
    """Yield every object schema with where it sits."""
    if schema.get("type") == "object":
        yield where, schema
    for key, sub in schema.get("properties", {}).items():
        yield from objects(sub, f"{where}.{key}")
    if isinstance(schema.get("items"), dict):
        yield from objects(schema["items"], f"{where}[]")
    for key, sub in schema.get("$defs", {}).items():
        yield from objects(sub, f"$defs.{key}")


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(("where", "schema"), list(objects(SCHEMA)))
def test_every_object_is_closed(where, schema):
    assert schema.get("additionalProperties") is False, where


def test_every_top_level_field_has_a_french_title_and_description():
    for name, field in SCHEMA["properties"].items():
        assert field.get("title") and field.get("description"), name


def test_unknown_keys_are_rejected():
    data = parse("x.md", (ROOT / "content" / "initiatives" / "urrugne-j-allume-ma-rue.md").read_text()).data
    assert not list(VALIDATOR.iter_errors(data))
    for extra in ({"auteur": "X"}, {"awards": [{**data["awards"][0], "medaille": "or"}]}):
        errors = list(VALIDATOR.iter_errors({**data, **extra}))
        assert [e.validator for e in errors] == ["additionalProperties"]
