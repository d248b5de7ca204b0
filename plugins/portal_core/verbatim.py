"""Find text of the content copied word for word from the source documents.

Facts, figures, names and project titles may be reused; running sentences may not. A run
of SHINGLE_WORDS consecutive words of a content file that also appears in a source
document is reported. Title and name lines of the front matter are not checked, and the
rest of the page may repeat them (a long project title quoted in the text).

The source documents are not in the repository (they are not ours to publish, and one
names students with their e-mail addresses). What is kept is a fingerprint of each run of
SHINGLE_WORDS words: the first FINGERPRINT_BYTES bytes of its BLAKE2b hash, sorted, in
data/sources-fingerprints.bin. No text can be read back from them, and the check runs
anywhere, including on GitHub for every pull request. Regenerate the file when a source
document is added: `python -m portal_core fingerprint-sources DOSSIER_DES_SOURCES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import hashlib
from pathlib import Path
import re
import unicodedata

SHINGLE_WORDS = 12
# 48 bits: against ~10^5 source shingles, a false match in the whole content is ~10^-5 likely.
FINGERPRINT_BYTES = 6
MAX_RUN_WORDS = 200
WORD_RE = re.compile(r"[\w']+", re.UNICODE)
NAME_LINE_RE = re.compile(r"^\s*(-\s*)?(title|titre|name|nom)\s*:", re.I)


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").lower()
    return WORD_RE.findall(text)


def fingerprint(shingle: Iterable[str]) -> bytes:
    return hashlib.blake2b(" ".join(shingle).encode("utf-8"), digest_size=FINGERPRINT_BYTES).digest()


def fingerprints_of(texts: Iterable[str]) -> bytes:
    """Sorted, unique fingerprints of every run of SHINGLE_WORDS words of the texts."""
    found: set[bytes] = set()
    for text in texts:
        w = words(text)
        found.update(fingerprint(w[i : i + SHINGLE_WORDS]) for i in range(len(w) - SHINGLE_WORDS + 1))
    return b"".join(sorted(found))


def load_fingerprints(path: str | Path) -> frozenset[bytes]:
    data = Path(path).read_bytes()
    if len(data) % FINGERPRINT_BYTES:
        raise ValueError(f"{path}: taille {len(data)} qui n'est pas un multiple de {FINGERPRINT_BYTES} octets")
    return frozenset(data[i : i + FINGERPRINT_BYTES] for i in range(0, len(data), FINGERPRINT_BYTES))


@dataclass(frozen=True)
class CopiedRun:
    """Words of a content file found in a source document."""

    path: str
    line: int
    words: tuple[str, ...]

    def __str__(self) -> str:
        copied = " ".join(self.words)
        return f"{self.path}:{self.line}: texte: {len(self.words)} mots recopiés d'un document source : « {copied} »"


def _checked_words(text: str) -> tuple[list[tuple[str, int]], list[str]]:
    """(word, line) of the text to check, and the words of the front matter's name lines."""
    lines = text.split("\n")
    end = (
        next((i for i, line in enumerate(lines[1:], start=1) if line.startswith("---")), 0)
        if text.startswith("---")
        else 0
    )
    checked: list[tuple[str, int]] = []
    names: list[str] = []
    for number, line in enumerate(lines, start=1):
        if number - 1 < end and NAME_LINE_RE.match(line):
            names.extend(words(line))
        else:
            checked.extend((word, number) for word in words(line))
    return checked, names


def copied_runs(path: str, text: str, sources: frozenset[bytes]) -> list[CopiedRun]:
    """Every run of at least SHINGLE_WORDS words of the file that a source document holds."""
    n = SHINGLE_WORDS
    checked, names = _checked_words(text)
    own = {tuple(names[k : k + n]) for k in range(len(names) - n + 1)}
    w = [word for word, _ in checked]
    covered = {j for k in range(len(w) - n + 1) if tuple(w[k : k + n]) in own for j in range(k, k + n)}
    w = [f"\0{j}" if j in covered else word for j, word in enumerate(w)]
    runs, i = [], 0
    while i <= len(w) - n:
        if fingerprint(w[i : i + n]) not in sources:
            i += 1
            continue
        j = i + n
        while j < len(w) and j - i < MAX_RUN_WORDS and fingerprint(w[j - n + 1 : j + 1]) in sources:
            j += 1
        runs.append(CopiedRun(path, checked[i][1], tuple(w[i:j])))
        i = j
    return runs
