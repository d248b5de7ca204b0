"""The reviewed list of French synonyms of local public action (data/synonyms.yaml).

Each entry is a group of words or phrases that mean the same thing to someone searching
(« cantine », « restauration scolaire »), with a one-line reason. The builder analyses
them with the engine's analyser and writes them, as terms, into meta.json; the query
engine adds a group's other phrases to a query at a lower weight than the typed word.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal_core.errors import ContentError, InvalidContentError
import yaml

FILE_NAME = "synonyms.yaml"


@dataclass(frozen=True)
class SynonymGroup:
    """Words or phrases of the same meaning, and why they are grouped."""

    phrases: tuple[str, ...]
    reason: str
    line: int


def _scalar(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.value.strip():
        return node.value.strip()
    return None


def _group(path: str, node: yaml.Node) -> SynonymGroup | ContentError:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        return ContentError(
            path, line, "groupe", "chaque groupe doit être de la forme « mots: […] » et « pourquoi: … »"
        )
    fields = {key.value: value for key, value in node.value}
    unknown = sorted(set(fields) - {"mots", "pourquoi"})
    if unknown:
        return ContentError(path, line, unknown[0], "champ inconnu (champs permis : mots, pourquoi)")
    words = fields.get("mots")
    if not isinstance(words, yaml.SequenceNode) or len(words.value) < 2:
        return ContentError(path, line, "mots", "il faut une liste d'au moins deux mots ou expressions")
    phrases = [_scalar(item) for item in words.value]
    for item, phrase in zip(words.value, phrases, strict=True):
        if phrase is None:
            return ContentError(
                path, item.start_mark.line + 1, "mots", "chaque mot ou expression doit être un texte non vide"
            )
    if len(set(phrases)) < len(phrases):
        return ContentError(path, line, "mots", "un mot ou une expression est répété")
    reason = _scalar(fields.get("pourquoi"))
    if reason is None:
        return ContentError(path, line, "pourquoi", "une justification d'une ligne est obligatoire")
    return SynonymGroup(phrases=tuple(p for p in phrases if p), reason=reason, line=line)


def load_synonyms(data_dir: Path) -> list[SynonymGroup]:
    """Read and check the synonym list; every problem is reported with its line."""
    file = Path(data_dir) / FILE_NAME
    path = str(file)
    try:
        root = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidContentError([ContentError(path, mark.line + 1 if mark else 1, "YAML", str(exc))]) from exc
    if not isinstance(root, yaml.SequenceNode):
        raise InvalidContentError([ContentError(path, 1, "synonymes", "le fichier doit être une liste de groupes")])
    results = [_group(path, node) for node in root.value]
    errors = [r for r in results if isinstance(r, ContentError)]
    if errors:
        raise InvalidContentError(errors)
    return [r for r in results if isinstance(r, SynonymGroup)]


def analysed_groups(path: str, groups: list[SynonymGroup], terms: list[list[str]]) -> list[list[list[str]]]:
    """Groups as lists of phrases as lists of terms (`terms`: each phrase's, in order).

    A phrase made only of stop words, or two phrases with the same terms, would make a
    group that does nothing the reader of the file expects: both are errors.
    """
    result, errors, position = [], [], 0
    for group in groups:
        phrases = terms[position : position + len(group.phrases)]
        position += len(group.phrases)
        for phrase, analysed in zip(group.phrases, phrases, strict=True):
            if not analysed:
                errors.append(ContentError(path, group.line, "mots", f"« {phrase} » n'a que des mots vides"))
        first_of: dict[tuple[str, ...], str] = {}
        for phrase, analysed in zip(group.phrases, phrases, strict=True):
            same = first_of.setdefault(tuple(analysed), phrase)
            if same != phrase:
                message = f"« {same} » et « {phrase} » donnent les mêmes termes indexés : gardez-en un"
                errors.append(ContentError(path, group.line, "mots", message))
        result.append(phrases)
    if errors:
        raise InvalidContentError(errors)
    return result
