"""Results of costly per-file work kept across builds, keyed by a hash of all their inputs.

A rebuild after one edit should not validate, render and analyse again the thousands of
fiches that did not change. Each kind of work (checking a file, rendering its Markdown,
analysing a text for the search index) keeps its results in one file of the cache
folder (`PORTAL_CACHE_DIR`, git-ignored), keyed by a SHA-256 of the input text. The
whole file is valid only for one version of everything else the result depends on: the
plugins' code, the search engine's script, the pinned packages (requirements.txt,
package-lock.json) and the inputs the caller names (data/, the schema, the Markdown
settings…). Change any of them and the kind starts empty: a cached build gives the very
bytes of a cold one (tests/test_workcache.py builds both and compares).

A file holds only the entries its last build used, so it never grows past the content.
The values are pickled: the folder is the contributor's own, never shipped or shared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
import functools
import hashlib
import os
from pathlib import Path
import pickle
from typing import Any

from .settings import PROJECT_ROOT, portal_path, portal_setting

# What every cached result depends on, besides its own inputs.
CODE = ("plugins/**/*.py", "plugins/**/*.js", "theme/static/js/recherche-engine.js")
PINS = ("requirements.txt", "package-lock.json")


def fingerprint(paths: Iterable[Path], *extra: str) -> str:
    """SHA-256 of some files (name and bytes, in the given order) and some texts."""
    sha = hashlib.sha256()
    for path in paths:
        sha.update(f"{path}\0{path.stat().st_size}\0".encode())
        sha.update(path.read_bytes())
    for text in extra:
        sha.update(f"{len(text)}\0{text}".encode())
    return sha.hexdigest()


def code_files() -> list[Path]:
    """The code and pinned versions every result depends on."""
    files = {path for pattern in CODE for path in PROJECT_ROOT.glob(pattern)}
    files |= {PROJECT_ROOT / name for name in PINS if (PROJECT_ROOT / name).exists()}
    return sorted(files)


def folder_files(*locations: str) -> list[Path]:
    """Every file of some folders (recursively) or files, sorted."""
    found: list[Path] = []
    for location in locations:
        root = Path(location)
        found += sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    return found


class WorkCache:
    """One kind of work: text → result, valid for one version of the other inputs."""

    def __init__(self, settings: dict[str, Any], kind: str, inputs: Iterable[Path] = (), *extra: str) -> None:
        cached = bool(portal_setting(settings, "PORTAL_CACHE_DIR"))
        self.path = Path(portal_path(settings, "PORTAL_CACHE_DIR"), f"{kind}.pickle") if cached else None
        self._files, self._texts = list(inputs), (kind, *extra)
        self.used: dict[str, Any] = {}

    @functools.cached_property
    def version(self) -> str:
        """Computed at first use: Pelican makes readers that never read a file."""
        return fingerprint([*code_files(), *self._files], *self._texts)

    @functools.cached_property
    def stored(self) -> dict[str, Any]:
        """The previous build's results, read at first use."""
        return self._load()

    def _load(self) -> dict[str, Any]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            with self.path.open("rb") as file:
                saved = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return {}  # an unreadable cache is only a slower build
        return saved["entries"] if isinstance(saved, dict) and saved.get("version") == self.version else {}

    def get(self, text: str, compute: Callable[[], Any]) -> Any:
        """The result for this text: kept from an earlier build, or computed now."""
        key = self._key(text)
        if key in self.used:
            return self.used[key]
        value = self.stored[key] if key in self.stored else compute()
        self.used[key] = value
        return value

    def missing(self, texts: Iterable[str]) -> list[str]:
        """The texts with no result yet (to compute them in one batch, then `put`)."""
        keys = {text: self._key(text) for text in texts}
        return [text for text, key in keys.items() if key not in self.used and key not in self.stored]

    def put(self, text: str, value: Any) -> None:
        self.used[self._key(text)] = value

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def save(self) -> None:
        """Keep the results this build used (written whole, then moved into place)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as file:
            pickle.dump({"version": self.version, "entries": self.used}, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
