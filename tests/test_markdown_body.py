"""A body renders the same whether the converter is new or has rendered other bodies before;
its plain text is BeautifulSoup's."""

from __future__ import annotations

from bs4 import BeautifulSoup
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
    assert markdown_body.converter(SETTINGS) is markdown_body.converter(dict(SETTINGS))  # one per settings


TRICKY = [
    "a &amp; b &lt;c&gt; &nbsp; &#128; &eacute; x &#0; &unknown; &amp",
    "<script>alert(1)</script> y <!-- commentaire --> z",
    "```\n<b>code</b>\n\n\n  x\n```",
    "    code\n\n\n    indenté",
    "<pre>\n\n<code>brut</code>\n\n</pre>",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "a  \nb\tc\n\n- un\n\n- deux\n\n    - trois",
    "Terme\n:   définition\n\nAutre\n:   déf",
    STATEFUL,
]


def test_plain_text_is_beautifulsoups_text():
    real = sorted((ROOT / "content").rglob("*.md"))
    bodies = TRICKY + [path.read_text(encoding="utf-8").split("\n---\n", 1)[1] for path in real]
    htmls = [markdown_body.render(body, SETTINGS) for body in bodies]
    expected = [BeautifulSoup(html, "html.parser").get_text(" ") for html in htmls]
    assert [markdown_body.plain_text(html) for html in htmls] == expected
    assert "\n\n" in expected[4] and " \n " in expected[-1]  # kept in <pre>, one line break elsewhere
