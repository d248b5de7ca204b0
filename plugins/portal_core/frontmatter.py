"""Split a content file into YAML front matter and Markdown body, strictly.

YAML 1.1 as PyYAML reads it turns `01000` into 512, `NO` into False and keeps the last
of two duplicate keys. The loader here keeps every scalar as a string (types are the
schema's job), rejects duplicate keys, and remembers the line of every node so that
errors can point at `path:line`.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Any

import yaml

from .errors import ContentError

# Front matter: a first line `---`, the YAML, a closing `---` (or `...`) line.
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)

# The YAML text starts on the file's second line.
YAML_FIRST_LINE = 2


@dataclass(frozen=True)
class FrontMatter:
    """A parsed content file: metadata, body, and where each field sits."""

    data: dict[str, Any]
    body: str
    body_first_line: int
    lines: Lines

    def line_of(self, path: tuple[str | int, ...]) -> int:
        """Return the file line of the field at `path`, or of its closest parent."""
        lines, line = self.lines, YAML_FIRST_LINE
        for step in path:
            in_mapping = isinstance(lines, dict) and isinstance(step, str) and step in lines
            in_list = isinstance(lines, list) and isinstance(step, int) and 0 <= step < len(lines)
            if not (in_mapping or in_list):
                break
            line, lines = lines[step]  # type: ignore[index]
        return line


# Where each field sits: a mapping's keys, or a list's items, each with its file line and
# the lines inside it. Plain ints, dicts and lists (not the YAML node tree): a parsed file
# kept in the cache of per-file work (portal_core.workcache) loads fast.
Lines = dict[str, tuple[int, "Lines"]] | list[tuple[int, "Lines"]] | None


def _lines(node: yaml.Node | None) -> Lines:
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, tuple[int, Lines]] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                keys.setdefault(key.value, (key.start_mark.line + YAML_FIRST_LINE, _lines(value)))
        return keys
    if isinstance(node, yaml.SequenceNode):
        return [(item.start_mark.line + YAML_FIRST_LINE, _lines(item)) for item in node.value]
    return None


# libyaml's parser when PyYAML was built with it (about ten times faster); errors are
# then parsed again by the pure-Python parser, whose messages the tests and docs quote.
FastBaseLoader: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class StrictLoader(yaml.BaseLoader):
    """A YAML loader where every scalar stays a string and keys are unique."""


class FastStrictLoader(FastBaseLoader):  # type: ignore[misc,valid-type]  # chosen at import time
    """StrictLoader on libyaml's parser."""


def _construct_mapping(loader: yaml.BaseLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_scalar(key_node)
        line = key_node.start_mark.line + YAML_FIRST_LINE
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"clé « {key} » en double (déjà à la ligne {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = line
    return yaml.BaseLoader.construct_mapping(loader, node, deep=True)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
FastStrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load(source: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for lines) and the data; on any YAML error, the pure-Python error."""
    try:
        return _compose_and_construct(source, FastStrictLoader)
    except yaml.YAMLError:
        return yaml.compose(source, Loader=yaml.BaseLoader), yaml.load(source, Loader=StrictLoader)


def _compose_and_construct(source: str, loader_class: type[yaml.BaseLoader]) -> tuple[yaml.Node | None, Any]:
    """`yaml.compose` and `yaml.load` in one parse: the data is constructed from the tree."""
    loader = loader_class(source)
    try:
        node = loader.get_single_node()
        return node, None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def normalise_text(text: str) -> str:
    """Read text as Pelican does: no BOM, universal newlines."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse(path: str, text: str) -> FrontMatter:
    """Parse a content file's text; raise ContentError on anything but a clean mapping."""
    text = normalise_text(text)
    match = FRONT_MATTER_RE.match(text)
    if not match:
        raise ContentError(
            path,
            1,
            "front matter",
            "en-tête YAML absent : le fichier doit commencer par une ligne « --- » "
            "et l'en-tête se terminer par une ligne « --- »",
        )
    source = match.group("yaml") or ""
    try:
        node, data = _load(source)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from exc
    if not isinstance(data, dict):
        raise ContentError(
            path, YAML_FIRST_LINE, "front matter", "l'en-tête doit être une suite de lignes « clé: valeur »"
        )
    body_first_line = text.count("\n", 0, match.end()) + 1
    return FrontMatter(data=data, body=text[match.end() :], body_first_line=body_first_line, lines=_lines(node))


def _yaml_error(path: str, exc: yaml.YAMLError) -> ContentError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + YAML_FIRST_LINE if mark is not None else YAML_FIRST_LINE
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML invalide : {problem}" + (f" ({context})" if context else "")
    return ContentError(path, line, "front matter", message)
