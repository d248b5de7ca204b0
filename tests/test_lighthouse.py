"""Lighthouse 12 on five pages of the real build (bench/lighthouse.py): about a minute."""

from __future__ import annotations

import pytest
from support import RealSite, report

from bench import lighthouse

pytestmark = [pytest.mark.browser, pytest.mark.lighthouse]


def test_lighthouse_scores_on_five_pages(real_site: RealSite, tmp_path):
    """Accessibility, best practices, SEO 1.00; performance ≥ 0.95; CLS ≤ 0.1 on the search page.

    The performance score is a lab measure that a busy machine lowers: a page that misses
    only that target is measured once more.
    """
    audits = lighthouse.audit_pages(real_site.output, real_site.siteurl)
    for index, audit in enumerate(audits):
        if audit.problems and all(p.startswith("performance") for p in audit.problems):
            audits[index] = lighthouse.audit_page(audit.name, real_site.url(audit.path), audit.path, tmp_path)
    for audit in audits:
        report(f"Lighthouse {audit.name}", audit.line().removeprefix(audit.name).strip())
    assert [a.name for a in audits if not a.passed] == []
