"""Write the search index (see builder.py) and copy lunr.js and its French stemmer from npm."""

from __future__ import annotations

import logging
from pathlib import Path
import shutil
import time
from typing import Any

from pelican.generators import Generator
from portal_core.model import sort_key
from portal_core.settings import portal_path, portal_setting
from portal_core.workcache import WorkCache

from .builder import Synonyms, index_files
from .documents import search_doc
from .synonyms import FILE_NAME, load_synonyms

logger = logging.getLogger(__name__)

# Browser libraries from node_modules (pinned in package-lock.json), written into the
# theme's folder: lunr.js and its French stemmer in one file (one request for the worker,
# in this order: lunr, the stemmer support, the French module), and their licences.
VENDOR_BUNDLE = (
    "lunr/lunr-fr.min.js",
    ("lunr/lunr.min.js", "lunr-languages/min/lunr.stemmer.support.min.js", "lunr-languages/min/lunr.fr.min.js"),
)
VENDOR_FILES = {
    "lunr/LICENSE": "lunr/LICENSE",
    "lunr/LICENSE-lunr-languages": "lunr-languages/LICENSE",
}


class SearchGenerator(Generator):
    """Build the index from the published initiatives, in the order of the lists."""

    def generate_context(self) -> None:
        started = time.perf_counter()
        node_modules = Path(portal_path(self.settings, "PORTAL_NODE_MODULES"))
        articles = sorted(self.context["articles"], key=lambda a: (sort_key(a), a.slug))
        docs = [search_doc(article) for article in articles]
        data_dir = Path(portal_path(self.settings, "PORTAL_DATA_DIR"))
        synonyms = Synonyms(load_synonyms(data_dir), str(data_dir / FILE_NAME))
        cache = WorkCache(self.settings, "analyse")
        self.index = index_files(
            docs,
            node_modules,
            synonyms,
            portal_setting(self.settings, "PORTAL_SEARCH_SHARD_BYTES"),
            portal_setting(self.settings, "PORTAL_SEARCH_STORE_CHUNK"),
            cache,
        )
        cache.save()
        self.seconds = time.perf_counter() - started
        self.node_modules = node_modules

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
