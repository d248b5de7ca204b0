"""Write the search index (see builder.py) and copy lunr.js and its French stemmer from npm."""

from __future__ import annotations

from dataclasses import dataclass
import logging
from pathlib import Path
import shutil
import time
from typing import Any

from markupsafe import Markup
from pelican.generators import ArticlesGenerator, Generator
from portal_core.model import sort_key
from portal_core.parallel import MIN_ITEMS, ChildLost, Forked, cores
from portal_core.settings import portal_path, portal_setting
from portal_core.workcache import WorkCache

from .builder import IndexFiles, Synonyms, index_files
from .documents import search_doc
from .synonyms import FILE_NAME, load_synonyms

logger = logging.getLogger(__name__)

# Browser libraries from node_modules (pinned in package-lock.json), written into the
# theme's folder: lunr.js and its French stemmer in one file (one request for the search page,
# in this order: lunr, the stemmer support, the French module), and their licences.
VENDOR_BUNDLE = (
    "lunr/lunr-fr.min.js",
    ("lunr/lunr.min.js", "lunr-languages/min/lunr.stemmer.support.min.js", "lunr-languages/min/lunr.fr.min.js"),
)
VENDOR_FILES = {
    "lunr/LICENSE": "lunr/LICENSE",
    "lunr/LICENSE-lunr-languages": "lunr-languages/LICENSE",
}


def inline_json(content: bytes) -> Markup:
    """JSON to write inside a <script type="application/json"> element.

    « < », « > » and « & » can only stand in JSON strings, where their \\u escapes mean
    the same: the element's text can then never close it nor open a comment.
    """
    text = content.decode("utf-8")
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def build_index(settings: dict[str, Any], published: list[Any]) -> tuple[IndexFiles, float]:
    """Every file of the search index, from the published articles; and the seconds it took."""
    started = time.perf_counter()
    node_modules = Path(portal_path(settings, "PORTAL_NODE_MODULES"))
    articles = sorted(published, key=lambda a: (sort_key(a), a.slug))
    docs = [search_doc(article) for article in articles]
    data_dir = Path(portal_path(settings, "PORTAL_DATA_DIR"))
    synonyms = Synonyms(load_synonyms(data_dir), str(data_dir / FILE_NAME))
    cache = WorkCache(settings, "analyse")
    index = index_files(
        docs,
        node_modules,
        synonyms,
        portal_setting(settings, "PORTAL_SEARCH_SHARD_BYTES"),
        portal_setting(settings, "PORTAL_SEARCH_STORE_CHUNK"),
        cache,
    )
    cache.save()
    return index, time.perf_counter() - started


@dataclass
class Started:
    """An index being built in a forked process, from these articles."""

    articles: list[Any]
    job: Forked[tuple[IndexFiles, float]]


# Per build (the context its generators share): the index started once the articles were read.
_started: dict[int, Started] = {}


def start_index(generator: Any) -> None:
    """`article_generator_finalized`: the index depends on the articles alone; with enough
    of them and a second core, it is built in a forked process while the other generators
    work. The search generator takes its result, or its error, where it would have built it."""
    if not isinstance(generator, ArticlesGenerator) or cores() < 2:
        return
    articles = list(generator.context["articles"])
    if len(articles) >= MIN_ITEMS:
        settings = generator.settings
        _started[id(generator.context)] = Started(articles, Forked(lambda: build_index(settings, articles)))


def forget_started(_sender: Any) -> None:
    """`initialized`, `finalized`: an index a failed build never took is stopped."""
    while _started:
        _started.popitem()[1].job.cancel()


def same_items(first: list[Any], second: list[Any]) -> bool:
    """The same objects, in the same order."""
    return len(first) == len(second) and all(a is b for a, b in zip(first, second, strict=True))


class SearchGenerator(Generator):
    """Build the index from the published initiatives, in the order of the lists."""

    def generate_context(self) -> None:
        articles = list(self.context["articles"])
        started = _started.pop(id(self.context), None)
        if started is not None and not same_items(started.articles, articles):
            started.job.cancel()
            started = None
        try:
            self.index, self.seconds = started.job.result() if started else build_index(self.settings, articles)
        except ChildLost:  # the forked process died (its errors are raised, not lost): build it here
            self.index, self.seconds = build_index(self.settings, articles)
        self.node_modules = Path(portal_path(self.settings, "PORTAL_NODE_MODULES"))
        # The search page carries meta.json in itself: its engine starts without a request.
        self.context["search_meta"] = inline_json(self.index.files["meta.json"])

    def generate_output(self, writer: Any) -> None:
        folder = Path(self.output_path, portal_setting(self.settings, "PORTAL_SEARCH_DIR"))
        # Thousands of files in a few folders: each folder made once.
        for parent in {(folder / name).parent for name in self.index.files}:
            parent.mkdir(parents=True, exist_ok=True)
        for name, content in self.index.files.items():
            (folder / name).write_bytes(content)
        vendor = Path(self.output_path, self.settings["THEME_STATIC_DIR"], "vendor")
        for name, source in VENDOR_FILES.items():
            (vendor / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.node_modules / source, vendor / name)
        bundle, parts = VENDOR_BUNDLE
        (vendor / bundle).write_bytes(b"\n;\n".join((self.node_modules / part).read_bytes() for part in parts))
        logger.info(
            "Index de recherche : %d initiatives, %d termes, %d fichiers, %d octets, en %.2f s",
            len(self.context["articles"]),
            self.index.terms,
            len(self.index.files),
            self.index.size,
            self.seconds,
        )
