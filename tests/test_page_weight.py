"""The fiche stays under its 60 KB budget (gzip, search assets apart), measured by page_weight.py."""

from __future__ import annotations

import page_weight
from support import RealSite, content_slugs


def test_every_fiche_fits_the_budget(real_site: RealSite):
    fiches = [
        page_weight.weigh(real_site.output, page)
        for page in sorted((real_site.output / "initiatives").glob("*/index.html"))
        if page_weight.is_fiche(page)
    ]
    heaviest = max(fiches, key=lambda w: w.total)
    assert len(fiches) == len(content_slugs())
    assert heaviest.css > 0, "la feuille de style est comptée"
    assert heaviest.total <= page_weight.BUDGET, heaviest


def test_report_prints_the_fiche_and_every_page_type(real_site: RealSite, capsys):
    assert page_weight.report(real_site.output)
    printed = capsys.readouterr().out
    assert "fiche la plus lourde" in printed and "fiche médiane" in printed
    assert all(label in printed for label, _ in page_weight.PAGE_TYPES)
