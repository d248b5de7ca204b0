"""The real content: every page valid, codes resolved, no personal contact details."""

from __future__ import annotations

from support import ROOT
from portal_core.validation import EMAIL_RE, PHONE_RE, Checker, content_files
import pytest

FILES = content_files(ROOT / "content")
REPORTS = Checker.from_settings({}).check_all(FILES)


@pytest.mark.parametrize("report", REPORTS, ids=[r.path for r in REPORTS])
def test_page_is_valid(report):
    assert report.errors == [], "\n".join(str(e) for e in report.errors)


def test_there_is_content():
    assert len(REPORTS) >= 3


@pytest.mark.parametrize(("path", "text"), FILES, ids=[p for p, _ in FILES])
def test_no_email_or_phone_number(path, text):
    assert not EMAIL_RE.search(text), path
    assert not PHONE_RE.search(text), path
