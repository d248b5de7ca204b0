"""Read initiatives from Markdown with strict YAML front matter, and stop bad builds.

Signals:
- `readers_init`: replace Pelican's Markdown reader by ours for `.md` files;
- `article_generator_init`: on a cold build, check and render the files the cache lacks
  in worker processes first (prefetch.py), so the sequential read finds them cached;
- `article_generator_finalized`, then `finalized`: the content read is kept out of the
  garbage collector's full collections for the rest of the build (collector.py);
- `all_generators_finalized`: once every file is read, apply the cross-file rules and
  raise one error listing every problem, so the build exits non-zero. Pelican would
  otherwise log "Could not process" and publish the site without the file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.readers import BaseReader
from portal_core.errors import ContentError, InvalidContentError
from portal_core.settings import portal_path
from portal_core.validation import Checker, FileReport, check_cross_file
from portal_core.workcache import WorkCache, folder_files

from .collector import freeze_read_content, unfreeze
from .markdown_body import converter, plain_text, render
from .prefetch import prefetch

if TYPE_CHECKING:
    from pelican.generators import Generator
    from pelican.readers import Readers


class InitiativeReader(BaseReader):
    """Read `content/**/*.md`: YAML front matter checked against the contract."""

    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.checker = Checker.from_settings(settings)
        self.base = Path(settings["PATH"]).parent
        # One reader per generator per build: the reports live as long as the build.
        self.reports: list[FileReport] = []
        # A file's report depends on its path and text, the vocabularies, the schema and the territories.
        inputs = folder_files(
            *(portal_path(settings, name) for name in ("PORTAL_DATA_DIR", "PORTAL_SCHEMA", "PORTAL_GEO_DATA"))
        )
        self.checks = WorkCache(settings, "checks", inputs)
        self.renders = WorkCache(settings, "markdown", (), json.dumps(settings["MARKDOWN"], sort_keys=True))
        # Made now, before any worker forks: the workers share it, and the first rebuild of
        # `invoke livereload` after a cold build does not pay for it.
        converter(settings["MARKDOWN"])

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Return (HTML, metadata); an invalid file is skipped and reported at the end."""
        path, text = self.source(source_path)
        kept = self.report(path, text)
        # A copy: the cross-file rules add errors to this build's reports, never to the cached one.
        report = FileReport(kept.path, kept.initiative, list(kept.errors), kept.front_matter)
        if report.initiative is None or report.front_matter is None:
            # Not logged here: check_build lists every error once all files are read.
            self.reports.append(report)
            return "", {"status": "skip"}
        # Rendered first: a file whose rendering fails is not reported read, so check_build
        # names it (« illisible par Pelican ») instead of the build going on without it.
        html, body_text = self.rendered(report)
        self.reports.append(report)
        initiative = report.initiative
        data = report.front_matter.data
        metadata = {
            "title": initiative.title,
            "slug": initiative.slug,
            "summary": initiative.summary,
            "date": self.process_metadata("date", data["date"]),
            "initiative": initiative,
        }
        if "modified" in data:
            metadata["modified"] = self.process_metadata("modified", data["modified"])
        # Plain text once per file, for the plugins that read words (search, related).
        metadata["body_text"] = body_text
        return html, metadata

    def source(self, source_path: str) -> tuple[str, str]:
        """The file's path as errors name it (from the project's folder), and its text."""
        return os.path.relpath(source_path, self.base), Path(source_path).read_text(encoding="utf-8")

    @staticmethod
    def check_key(path: str, text: str) -> str:
        """A file's report depends on its path and text (and on the cache's other inputs)."""
        return f"{path}\0{text}"

    def report(self, path: str, text: str) -> FileReport:
        """The file checked on its own: kept from an earlier build, or checked now."""
        return self.checks.get(self.check_key(path, text), lambda: self.checker.check_file(path, text))

    def rendered(self, report: FileReport) -> tuple[str, str]:
        """(safe HTML, plain text) of a valid file's body: kept, or rendered now."""
        assert report.front_matter is not None
        return self.renders.get(report.front_matter.body, lambda: self._render(report))

    def _render(self, report: FileReport) -> tuple[str, str]:
        assert report.front_matter is not None
        html = render(report.front_matter.body, self.settings["MARKDOWN"])
        return html, plain_text(html)

    def save_cache(self) -> None:
        """Keep this build's reports and renderings for the next build."""
        self.checks.save()
        self.renders.save()


def add_reader(readers: Readers) -> None:
    """Use our reader for Markdown files."""
    readers.reader_classes["md"] = InitiativeReader


def prefetch_files(generator: Generator) -> None:
    """Before the articles are read: the files the cache lacks, checked and rendered on every core."""
    if isinstance(generator, ArticlesGenerator):
        reader = generator.readers.readers.get("md")
        if isinstance(reader, InitiativeReader):
            prefetch(generator, reader)


def check_build(generators: list[Generator]) -> None:
    """Raise one error listing every invalid file, after every file was read."""
    errors: list[ContentError] = []
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        reader = generator.readers.readers.get("md")
        reports = reader.reports if isinstance(reader, InitiativeReader) else []
        if isinstance(reader, InitiativeReader):
            reader.save_cache()
        check_cross_file(reports)
        errors += [error for report in reports for error in report.errors]
        known = {report.path for report in reports}
        base = Path(generator.settings["PATH"]).parent
        errors += [
            ContentError(os.path.relpath(Path(generator.path, path), base), 1, "fichier", "illisible par Pelican")
            for path, content in generator.context["generated_content"].items()
            if content is None and os.path.relpath(Path(generator.path, path), base) not in known
        ]
    if errors:
        raise InvalidContentError(errors)


def register() -> None:
    """Connect the reader and the end-of-reading check."""
    signals.readers_init.connect(add_reader)
    signals.article_generator_init.connect(prefetch_files)
    signals.article_generator_finalized.connect(freeze_read_content)
    signals.initialized.connect(unfreeze)
    signals.finalized.connect(unfreeze)
    signals.all_generators_finalized.connect(check_build)
