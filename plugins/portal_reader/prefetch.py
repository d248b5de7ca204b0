"""Cold builds on every core: check and render the files the cache lacks in worker processes.

Pelican reads the files one by one, in one process. Checking a file and rendering its
Markdown depend on that file alone, and their results already go through the per-file
cache (`portal_core.workcache`). So, once the reader exists and before Pelican reads
anything, the files whose results the cache lacks are checked and rendered by a pool of
forked processes (as many as there are cores), and their results put into the reader's
caches: Pelican's sequential read then finds every result there.

The output is the sequential build's: the workers run the reader's own code on the same
text, and the reader uses their results exactly as it uses a result kept from an earlier
build (tests/test_prefetch.py compares the trees). Errors too: a file's report, with its
errors, is a result like any other, and a file whose work raises in a worker is left to
the sequential read, which raises as it always did. So are the files of a worker that
dies (killed, out of memory): the sequential read does whatever the workers left.

Nothing changes when the cache is off (`PORTAL_CACHE_DIR` empty), on one core, or when
few files are missing: the workers would cost more than they save.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
import gc
import multiprocessing
import os
from typing import TYPE_CHECKING

from portal_core.parallel import MIN_ITEMS, cores

if TYPE_CHECKING:
    from pelican.generators import ArticlesGenerator
    from portal_core.validation import FileReport

    from .plugin import InitiativeReader

# Files per task sent to a worker: few enough messages, and still an even share.
CHUNK = 16

# The reader the forked workers use (set in the parent just before the fork).
_reader: InitiativeReader | None = None

Result = tuple[str, "FileReport", "tuple[str, str] | None"]


def body_of(report: FileReport) -> str | None:
    """The Markdown body of a file the reader renders (a valid one), else None."""
    return report.front_matter.body if report.initiative is not None and report.front_matter is not None else None


def _work(source_paths: list[str]) -> list[Result]:
    """In a worker: the report and, for a valid file, the rendering of each file."""
    assert _reader is not None
    results = []
    for source_path in source_paths:
        try:
            path, text = _reader.source(source_path)
            report = _reader.report(path, text)
            rendering = _reader.rendered(report) if body_of(report) is not None else None
        except Exception:  # left to the sequential read, which reports it as it always did
            continue
        results.append((_reader.check_key(path, text), report, rendering))
    return results


def missing(reader: InitiativeReader, source_paths: list[str]) -> list[str]:
    """The files whose report or rendering the reader's caches lack."""
    sources = {}
    for source_path in source_paths:
        try:
            sources[source_path] = reader.source(source_path)
        except (OSError, UnicodeDecodeError):  # left to the sequential read, which reports it
            continue
    keys = {source_path: reader.check_key(path, text) for source_path, (path, text) in sources.items()}
    unchecked = set(reader.checks.missing(keys.values()))
    todo = []
    for source_path, key in keys.items():
        if key in unchecked:
            todo.append(source_path)
            continue
        report = reader.report(*sources[source_path])
        body = body_of(report)
        if body is not None and reader.renders.missing([body]):
            todo.append(source_path)
    return todo


def prefetch(generator: ArticlesGenerator, reader: InitiativeReader) -> None:
    """Fill the reader's caches for the files they lack, in parallel (see the module's doc)."""
    global _reader
    count = cores()
    if reader.checks.path is None or count < 2:
        return
    files = generator.get_files(generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"])
    paths = sorted(os.path.abspath(os.path.join(generator.path, f)) for f in files if f.endswith(".md"))
    todo = missing(reader, paths)
    if len(todo) < MIN_ITEMS:
        return
    # Read once here rather than once in each worker.
    reader.renders.stored  # noqa: B018
    chunks = [todo[start : start + CHUNK] for start in range(0, len(todo), CHUNK)]
    _reader = reader
    # What exists now lives through the build: the workers' collections need not walk it,
    # and the pages it sits on stay shared with the parent (gc.freeze's documented use).
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            for results in pool.map(_work, chunks):
                for check_key, report, rendering in results:
                    reader.checks.put(check_key, report)
                    body = body_of(report)
                    if rendering is not None and body is not None:
                        reader.renders.put(body, rendering)
    except BrokenProcessPool:
        pass  # a worker died (killed, out of memory): the sequential read does what it left
    finally:
        _reader = None
        gc.unfreeze()
