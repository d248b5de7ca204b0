"""The real content: every page valid, and every source document used.

The rules themselves (codes resolved, no personal contact details…) are the
validator's, tested case by case in test_invalid_content.py.
"""

from __future__ import annotations

from portal_core.registry import load_registry
from portal_core.settings import portal_path
from portal_core.validation import FileReport
from support import ROOT


def test_every_page_is_valid(content_reports: list[FileReport]):
    errors = [str(error) for report in content_reports for error in report.errors]
    assert errors == [], "\n".join(errors)


def test_every_content_file_was_checked(content_reports: list[FileReport]):
    files = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "content").rglob("*.md"))
    assert sorted(report.path for report in content_reports) == files
    assert len(files) >= sum(
        source.announced.get("dossiers", 0)
        for source in load_registry(portal_path({}, "PORTAL_DATA_DIR")).sources.values()
    )


def test_every_source_document_has_pages(content_reports: list[FileReport]):
    used = {r.initiative.source.document.key for r in content_reports if r.initiative}
    assert used == set(load_registry(portal_path({}, "PORTAL_DATA_DIR")).sources)
