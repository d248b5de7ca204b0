"""Build a site from a content folder with the real pelicanconf.py; print timings as JSON.

    .venv/bin/python bench/build_site.py CONTENT OUTPUT

The benchmark runs this in a fresh process for each corpus, so that every build starts
cold (no cached gazetteer, registry or stemmer) and one build cannot leak into the next.
The printed JSON holds the whole build time and, when the search plugin logs it
(« Index de recherche : … en 1.23 s »), the time of its index step.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
import re
import sys
import time

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
# A duration at the end of a log message: « en 1.23 s », « 850 ms ».
DURATION = re.compile(r"(\d+(?:[.,]\d+)?) ?(ms|s)\b")


class Recorder(logging.Handler):
    """Keep the search plugin's messages and count warnings and errors of the whole build."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.search: list[str] = []
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name.startswith("portal_search"):
            self.search.append(message)
        if record.levelno >= logging.WARNING:
            self.problems.append(f"{record.levelname} {record.name}: {message}")


def search_seconds(messages: list[str]) -> float | None:
    """The last duration the search plugin logged, in seconds."""
    for message in reversed(messages):
        found = DURATION.findall(message)
        if found:
            value, unit = found[-1]
            seconds = float(value.replace(",", "."))
            return seconds / 1000 if unit == "ms" else seconds
    return None


def build(content: Path, output: Path) -> dict:
    """Build the site; return timings, the search plugin's messages and the problems logged."""
    recorder = Recorder()
    logging.getLogger().addHandler(recorder)
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("portal_search").setLevel(logging.INFO)
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), "SITEURL": ""},
    )
    started = time.perf_counter()
    Pelican(settings).run()
    seconds = time.perf_counter() - started
    return {
        "build_seconds": round(seconds, 3),
        "search_index_seconds": search_seconds(recorder.search),
        "search_log": recorder.search,
        "problems": recorder.problems,
    }


def main(argv: list[str]) -> int:
    """Build, then print one line of JSON."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    result = build(Path(argv[0]), Path(argv[1]))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
