"""Text helpers of portal_core: fold and slugify."""

from __future__ import annotations

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
