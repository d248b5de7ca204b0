"""Text helpers of portal_core: fold and slugify."""

from __future__ import annotations

import unicodedata

from portal_core.text import fold, slugify


def test_fold_drops_case_and_accents():
    assert fold("Île-de-France") == "ile-de-france"
    assert fold("ŒUVRE Çà") == "œuvre ca"


def test_slugify_keeps_ascii_letters_digits_and_single_hyphens():
    assert slugify("J'allume ma rue !") == "j-allume-ma-rue"
    assert slugify("Écoles & crèches : l'été 2024") == "ecoles-creches-l-ete-2024"
    assert slugify("  --  ") == ""


def test_slugify_cuts_at_max_length_without_a_trailing_hyphen():
    assert slugify("un deux trois", max_length=8) == "un-deux"


def test_fold_is_casefold_nfkd_without_combining_marks_for_every_character():
    # The definition, character by character, against the table-driven fold; every code
    # point of the Basic Multilingual Plane, and a text mixing them.
    def reference(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    characters = [chr(code) for code in range(0x10000) if not 0xD800 <= code <= 0xDFFF]
    assert [fold(ch) for ch in characters] == [reference(ch) for ch in characters]
    mixed = "".join(characters[::7])
    assert fold(mixed) == reference(mixed)
