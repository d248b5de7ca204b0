"""A body renders the same whether the converter is new or has rendered other bodies before."""

from __future__ import annotations

from markdown import Markdown
from portal_reader import markdown_body
from support import ROOT

SETTINGS = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists"],
    "extension_configs": {},
    "output_format": "html5",
}
# Everything an extension keeps between two bodies unless reset: abbreviations, footnotes,
# stashed raw HTML, the ids of headings and footnotes.
STATEFUL = """\
## Le CCAS

Le CCAS[^1] et la MJC ouvrent un <span>atelier</span>.

*[CCAS]: centre communal d'action sociale
*[MJC]: maison des jeunes et de la culture

[^1]: Voir le rapport annuel.
"""
PLAIN = """\
## Le CCAS

Le CCAS et la MJC ouvrent un atelier[^1].

[^1]: Une autre note.
"""


def fresh(body: str) -> str:
    """The HTML of a converter made for this body alone (as each file was rendered before)."""
    settings = {**SETTINGS, "extensions": list(SETTINGS["extensions"])}
    return markdown_body.sanitise(Markdown(**settings).convert(body))


def test_a_reused_converter_leaves_nothing_of_the_previous_body():
    bodies = [STATEFUL, PLAIN, STATEFUL, PLAIN]
    bodies += [
        path.read_text(encoding="utf-8").split("\n---\n", 1)[1] for path in sorted((ROOT / "content").rglob("*.md"))
    ]
    assert [markdown_body.render(body, SETTINGS) for body in bodies] == [fresh(body) for body in bodies]
    assert "<abbr" in fresh(STATEFUL) and "<abbr" not in fresh(PLAIN)
    assert len(markdown_body._converters) == 1
