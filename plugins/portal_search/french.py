"""The build side of the French text pipeline: the query engine's analyser, run by Node.

The one implementation of the pipeline (fold, split, stop words, plural, stem) is the
query engine, theme/static/js/recherche-engine.js; the index builder runs it under Node
(analyse.js) on every text at once, so the index and the browser make the very same
terms. The stop words are those of npm `lunr-languages`, read from its French module and
folded by the engine too; they are written into meta.json for the browser.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
import json
from pathlib import Path
import re
import subprocess
import tempfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portal_core.workcache import WorkCache

STOP_LIST = re.compile(r"generateStopWordFilter\('([^']*)'")
ANALYSE_SCRIPT = Path(__file__).with_name("analyse.js")


def load_stop_words(node_modules: Path) -> list[str]:
    """French stop words of lunr-languages, as written there (the engine folds them)."""
    source = (node_modules / "lunr-languages" / "lunr.fr.js").read_text(encoding="utf-8")
    match = STOP_LIST.search(source)
    if not match:
        raise RuntimeError(f"{node_modules}/lunr-languages/lunr.fr.js : liste de mots vides introuvable")
    return match.group(1).split()


def run_node(script: Path, node_modules: Path, payload: object) -> Iterator[str]:
    """Run one of the package's Node scripts on a JSON payload; its answer, line by line.

    The lines are read as Node writes them: Python parses while Node works, and never
    holds the whole answer (tens of megabytes at 5 000 fiches) at once.
    """
    with tempfile.TemporaryFile() as stdin, tempfile.TemporaryFile() as stderr:
        stdin.write(json.dumps(payload).encode("utf-8"))
        stdin.seek(0)
        command = ["node", str(script), str(node_modules.resolve())]
        with subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, stderr=stderr) as process:
            assert process.stdout is not None
            for line in process.stdout:
                yield line.decode("utf-8")
        if process.returncode:
            stderr.seek(0)
            raise RuntimeError(f"{script.name} : échec de Node : {stderr.read().decode('utf-8', 'replace').strip()}")


@dataclass(frozen=True)
class Analysis:
    """What the engine's analyser made of the texts."""

    stop_words: list[str]  # folded, sorted
    terms: list[list[str]]  # per text, its terms in order, repeats kept (they count)


def node_analysis(node_modules: Path, texts: list[str]) -> Analysis:
    """The analyser's answer: the folded stop words, then the terms of each text, a line each.

    JSON gives each occurrence of a term its own string: millions of them at 5 000 fiches,
    for a few tens of thousands of terms. Shared, they weigh about a hundred megabytes less
    (and are pickled once each in the cache).
    """
    lines = run_node(ANALYSE_SCRIPT, node_modules, {"stopWords": load_stop_words(node_modules), "texts": texts})
    stop_words = json.loads(next(lines))
    table: dict[str, str] = {}
    terms = [list(map(table.setdefault, parsed, parsed)) for parsed in map(json.loads, lines)]
    if len(terms) != len(texts):
        raise RuntimeError(f"{ANALYSE_SCRIPT.name} : {len(terms)} textes analysés sur {len(texts)}")
    return Analysis(stop_words=stop_words, terms=terms)


# The cache's entry for the folded stop words (no text hashes to it: texts are hashed).
STOP_WORDS_ENTRY = "\0stop-words"


def analyse(node_modules: Path, texts: Sequence[str], cache: WorkCache | None = None) -> Analysis:
    """Analyse every text in one Node run (each run costs a Node start).

    With a cache, only the texts it does not hold go to Node, and none when it holds them all.
    """
    wanted = list(texts)
    todo = cache.missing([STOP_WORDS_ENTRY, *wanted]) if cache else wanted
    if cache is None or todo:
        sent = [text for text in todo if text != STOP_WORDS_ENTRY]
        answer = node_analysis(node_modules, sent)
        if cache is None:
            return answer
        cache.put(STOP_WORDS_ENTRY, answer.stop_words)
        for text, terms in zip(sent, answer.terms, strict=True):
            cache.put(text, terms)

    def kept() -> Any:
        raise AssertionError("analyse : résultat absent du cache")

    return Analysis(stop_words=cache.get(STOP_WORDS_ENTRY, kept), terms=[cache.get(text, kept) for text in wanted])
