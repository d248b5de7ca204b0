"""Pages rendered on every core: Pelican's writer, whose pages wait for the end of their generator.

Rendering the Jinja pages is most of a build's work once the fiches are read, and each
page depends only on the context the generators built before: no page reads another.
`PortalWriter` is Pelican's writer (given by the `get_writer` signal) with one change:
while a generator writes its output (`batch`, around each generator's
`generate_output`), a page is recorded rather than rendered — Pelican still builds
its context, paginates, checks that no file is written twice and creates its folder,
in the same order — and when the generator is done, the pages it recorded are rendered
and written by `map_on_cores` (from MIN_ITEMS fiches on): the same bytes as one by one,
and the error of the first failing page, in the order the generator wrote them.

A page is rendered at once when a plugin listens to `content_written` (it would hear
only the pages of the build's own process), or outside a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
import contextlib
from dataclasses import dataclass
import functools
import io
import logging
import os
from typing import IO, TYPE_CHECKING, Any

from pelican import signals
from pelican.writers import FileOverwriteFailedError, Writer
from portal_core.parallel import MIN_ITEMS, map_on_cores

logger = logging.getLogger("pelican.writers")  # Pelican's messages, under Pelican's logger

if TYPE_CHECKING:
    from jinja2 import Template
    from pelican import Pelican
    from pelican.generators import Generator


@dataclass
class Page:
    """One page to render: its template, its context, and the file it goes to."""

    template: Template
    context: dict[str, Any]
    path: str = ""


def render_page(page: Page) -> None:
    """Render a page and write it, as Pelican's writer does (UTF-8 text)."""
    output = page.template.render(page.context)
    if page.path != os.devnull:  # Pelican skips a page that must not overwrite another
        with open(page.path, "w", encoding="utf-8") as file:
            file.write(output)


class _Recording:
    """Stands for a template during `write_file`: keeps the context Pelican renders it with."""

    def __init__(self, template: Template, pages: list[Page]) -> None:
        self.template, self.pages = template, pages

    def render(self, context: dict[str, Any]) -> str:
        self.pages.append(Page(self.template, context))
        return ""


class PortalWriter(Writer):
    """Pelican's writer; within a batch, pages are rendered when the batch ends, on every core."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self._pages: list[Page] | None = None

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any) -> None:
        if self._pages is None or signals.content_written.receivers:
            return super().write_file(name, template, context, *args, **kwargs)
        return super().write_file(name, _Recording(template, self._pages), context, *args, **kwargs)

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> IO[str]:
        if self._pages is None or not self._pages or self._pages[-1].path:
            opened: IO[str] = super()._open_w(filename, encoding, override=override)
            return opened  # a page rendered now, or a feed
        # Pelican's checks and bookkeeping (Writer._open_w: a file is written once, or
        # overwritten once when asked), in the order of the writes, without creating the
        # file: on a disk, creating it twice cost thousands of slow opens at 5 000 fiches.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            filename = os.devnull
        elif filename in self._written_files:
            if override:
                logger.info('Overwriting "%s"', filename)
            else:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)"
                )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        self._pages[-1].path = filename
        return io.StringIO()

    @contextlib.contextmanager
    def batch(self, on_cores: bool) -> Iterator[None]:
        """Record the pages written inside, then render them all (not after an error)."""
        if self._pages is not None:  # already in a batch: the outer one renders
            yield
            return
        self._pages = []
        try:
            yield
            pages = self._pages
        finally:
            self._pages = None
        self.render(pages, on_cores)

    def render(self, pages: list[Page], on_cores: bool) -> None:
        """Render and write the pages of a batch, on every core or here."""
        if on_cores:
            map_on_cores(render_page, pages, minimum=2)
        else:
            for page in pages:
                render_page(page)


def provide_writer(pelican: Pelican) -> type[PortalWriter]:
    """The `get_writer` signal: Pelican makes its writer from this class."""
    return PortalWriter


def batch_pages(generator: Generator) -> None:
    """Render the pages of each generator at the end of its output (`generator_init`)."""
    generate_output: Callable[[Any], None] | None = getattr(generator, "generate_output", None)
    if generate_output is None:
        return

    @functools.wraps(generate_output)
    def batched(writer: Any) -> None:
        if not isinstance(writer, PortalWriter):
            generate_output(writer)
            return
        # A small site is rendered here: forking would cost more than it saves.
        with writer.batch(on_cores=len(generator.context.get("articles", ())) >= MIN_ITEMS):
            generate_output(writer)

    generator.generate_output = batched
