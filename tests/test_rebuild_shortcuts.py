"""What `invoke livereload` keeps from one build to the next, and what a build does once.

Each shortcut must give what the work it replaces gives: the same value for a memo,
the same compiled template, the same URL, the same feed bytes.
"""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

from feedgenerator import Atom1Feed
from jinja2 import DictLoader, Environment
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from portal_core.buildmemo import BuildMemo, SameInputs
from portal_taxonomy.feeds import PortalFeed
from portal_theme.rendering import CompiledTemplates, freeze_urls


def test_a_memo_computes_each_key_once_over_two_builds_then_forgets_it():
    calls = []
    memo = BuildMemo(lambda key: calls.append(key) or key.upper())
    memo.new_build()
    assert [memo("a"), memo("b"), memo("a")] == ["A", "B", "A"]
    memo.new_build()
    assert memo("a") == "A"  # kept from the previous build
    assert calls == ["a", "b"]
    memo.new_build()  # "b" was not asked for in the last build: dropped
    assert memo("b") == "B" and memo("a") == "A"
    assert calls == ["a", "b", "b"]


def test_a_result_is_kept_while_its_inputs_stay_equal():
    calls = []
    memo: SameInputs[str] = SameInputs()

    def compute(inputs):
        return lambda: calls.append(inputs) or "-".join(inputs[0])

    assert memo((["a", "b"], 1), compute((["a", "b"], 1))) == "a-b"
    assert memo((["a", "b"], 1), compute((["a", "b"], 1))) == "a-b"  # equal, not the same objects
    assert memo((["a", "c"], 1), compute((["a", "c"], 1))) == "a-c"
    assert memo((["a", "c"], 2), compute((["a", "c"], 2))) == "a-c"
    assert calls == [(["a", "b"], 1), (["a", "c"], 1), (["a", "c"], 2)]


def _render(cache: CompiledTemplates, source: str, **options) -> str:
    environment = Environment(loader=DictLoader({"page.html": source}), bytecode_cache=cache, **options)
    return environment.get_template("page.html").render(name="<b>")


def test_compiled_templates_follow_the_source_and_the_environment_options():
    cache = CompiledTemplates()
    source = "{% if name %}\n  {{ name }}\n{% endif %}\n"
    plain = _render(cache, source)
    assert plain == "\n  <b>\n"
    assert cache._code  # compiled once, kept
    assert _render(cache, source) == plain
    # Other options compile to other code: never the code compiled for the first ones.
    assert _render(cache, source, trim_blocks=True, lstrip_blocks=True) == "  <b>\n"
    assert _render(cache, source, autoescape=True) == "\n  &lt;b&gt;\n"
    assert _render(cache, source, finalize=lambda value: f"({value})") == "\n  (<b>)\n"
    # An edited source is compiled again.
    assert _render(cache, source.replace("{{ name }}", "[{{ name }}]")) == "\n  [<b>]\n"
    assert len(cache._code) == 4


def test_an_article_keeps_the_url_pelican_gives_it():
    settings = {
        **DEFAULT_CONFIG,
        "ARTICLE_URL": "initiatives/{slug}/",
        "ARTICLE_SAVE_AS": "initiatives/{slug}/index.html",
    }
    metadata = {"title": "Un verger", "slug": "verger", "date": datetime.datetime(2026, 1, 15)}
    article = Article("<p>Texte</p>", metadata=metadata, settings=settings)

    generator = SimpleNamespace(articles=[article], translations=[])
    computed = article.url
    freeze_urls(generator)
    assert vars(article)["override_url"] == computed == "initiatives/verger/"
    assert article.url == computed


def _feed_bytes(feed_class: type[Atom1Feed], items: list[dict]) -> str:
    feed = feed_class(title="Flux", link="https://exemple.fr/", description="Sous-titre", language="fr")
    for item in items:
        feed.add_item(**item)
    stream = io.StringIO()
    feed.write(stream, "utf-8")
    return stream.getvalue()


def test_feed_entries_written_from_the_memo_are_those_atom1feed_writes():
    paris = datetime.timezone(datetime.timedelta(hours=1))
    items = [
        {
            "title": f"Titre {n} <&> « guillemets »",
            "link": f"https://exemple.fr/initiatives/{n}/",
            "unique_id": f"tag:exemple.fr,2026-01-0{n}:/initiatives/{n}/",
            "description": "Résumé &lt;échappé&gt;",
            "content": f"<p>Corps {n} &amp; suite</p>",
            "pubdate": datetime.datetime(2026, 1, n, tzinfo=paris),
            "updateddate": datetime.datetime(2026, 2, n, tzinfo=paris) if n % 2 else None,
        }
        for n in (1, 2, 3)
    ]
    expected = _feed_bytes(Atom1Feed, items)
    assert _feed_bytes(PortalFeed, items) == expected
    assert _feed_bytes(PortalFeed, items) == expected  # from the memo now
    items[1]["content"] = "<p>Corps modifié</p>"
    changed = _feed_bytes(PortalFeed, items)
    assert changed == _feed_bytes(Atom1Feed, items) and changed != expected
