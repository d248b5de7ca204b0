"""The French text pipeline shared by the index builder and the browser.

The same steps run at build time (here) and in the browser
(theme/static/js/recherche-worker.js): fold (decompose, drop accents, lower case,
œ → oe), split on anything that is not a-z or 0-9, drop one-letter tokens and stop
words, drop a plural « s » or « x » (Snowball keeps « vélos », « lieux »), stem.
The stop words and the stemmer are those of npm `lunr-languages`: the stop words are
read from its French module, and words are stemmed by running its stemmer under Node,
so both ends stem with the very same code.
"""

from __future__ import annotations

from collections.abc import Iterable
import json
from pathlib import Path
import re
import subprocess
import unicodedata

COMBINING = re.compile("[\u0300-\u036f]")
TOKEN = re.compile("[a-z0-9]+")
LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}
STOP_LIST = re.compile(r"generateStopWordFilter\('([^']*)'")
STEMMER_SCRIPT = Path(__file__).with_name("stem.js")


def fold(text: str) -> str:
    """Lower case without accents: « Écoles » → « ecoles »."""
    text = COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()
    for ligature, letters in LIGATURES.items():
        text = text.replace(ligature, letters)
    return text


def words(text: str) -> list[str]:
    """Folded words of two characters or more, in order."""
    return [w for w in TOKEN.findall(fold(text)) if len(w) > 1]


def load_stop_words(node_modules: Path) -> frozenset[str]:
    """French stop words of lunr-languages, folded like the words they filter."""
    source = (node_modules / "lunr-languages" / "lunr.fr.js").read_text(encoding="utf-8")
    match = STOP_LIST.search(source)
    if not match:
        raise RuntimeError(f"{node_modules}/lunr-languages/lunr.fr.js : liste de mots vides introuvable")
    return frozenset(fold(w) for w in match.group(1).split())


def singular(word: str) -> str:
    """Drop a plural mark from words of four letters or more: « s » (not « ss »), « x » after « au », « eu »."""
    if len(word) > 3 and ((word.endswith("s") and not word.endswith("ss")) or word.endswith(("aux", "eux"))):
        return word[:-1]
    return word


class Stemmer:
    """lunr-languages' French stemmer, run by Node on batches of words, with a cache."""

    def __init__(self, node_modules: Path, node: str = "node") -> None:
        self.node_modules = node_modules
        self.node = node
        self.cache: dict[str, str] = {}

    def stem_all(self, folded: Iterable[str]) -> dict[str, str]:
        """Stem every word not seen yet in one Node run, then answer from the cache."""
        wanted = sorted(set(folded))
        missing = [w for w in wanted if w not in self.cache]
        if missing:
            run = subprocess.run(
                [self.node, str(STEMMER_SCRIPT), str(self.node_modules.resolve())],
                input=json.dumps(missing),
                capture_output=True,
                text=True,
                check=False,
            )
            if run.returncode:
                raise RuntimeError(f"racinisation par Node impossible : {run.stderr.strip()}")
            self.cache.update(zip(missing, json.loads(run.stdout), strict=True))
        return {w: self.cache[w] for w in wanted}

    def stem(self, word: str) -> str:
        """Stem of one folded word."""
        return self.stem_all([word])[word]

    def term_all(self, folded: Iterable[str]) -> dict[str, str]:
        """The indexed term of each folded word: singular, then stemmed."""
        wanted = set(folded)
        stems = self.stem_all(singular(w) for w in wanted)
        return {w: stems[singular(w)] for w in wanted}


class Analyzer:
    """Turns text into the indexed terms: folded, filtered, stemmed."""

    def __init__(self, node_modules: Path) -> None:
        self.stop_words = load_stop_words(node_modules)
        self.stemmer = Stemmer(node_modules)
        self.term_of: dict[str, str] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        """Stem the vocabulary of many texts at once (one Node run instead of many)."""
        vocabulary = {w for text in texts for w in words(text) if w not in self.stop_words}
        self.term_of.update(self.stemmer.term_all(vocabulary - self.term_of.keys()))

    def terms(self, text: str) -> list[str]:
        """The indexed terms of a text, in order, repeats kept (they count)."""
        kept = [w for w in words(text) if w not in self.stop_words]
        missing = [w for w in kept if w not in self.term_of]
        if missing:
            self.term_of.update(self.stemmer.term_all(missing))
        return [self.term_of[w] for w in kept]
