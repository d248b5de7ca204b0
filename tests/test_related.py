"""Related initiatives: common keys only add to candidates, and the real content keeps its lists."""

from __future__ import annotations

from types import SimpleNamespace

from portal_core import parallel
from portal_reader.markdown_body import plain_text, render
from portal_taxonomy.related import MAX_RELATED, compute_related
from support import ROOT, record_forks, site_settings


def _articles(reports) -> list[SimpleNamespace]:
    """What compute_related reads of an article: slug, title, initiative, body text."""
    markdown = site_settings(ROOT)["MARKDOWN"]
    return [
        SimpleNamespace(
            slug=r.initiative.slug,
            title=r.initiative.title,
            initiative=r.initiative,
            body_text=plain_text(render(r.front_matter.body, markdown)),
        )
        for r in reports
    ]


def _slugs(related) -> dict[str, list[str]]:
    return {slug: [a.slug for a in chosen] for slug, chosen in related.items()}


def test_real_content_lists_are_the_exact_ones(content_reports):
    articles = _articles(content_reports)
    exact = _slugs(compute_related(articles, common=len(articles)))
    assert _slugs(compute_related(articles)) == exact
    assert all(1 <= len(chosen) <= MAX_RELATED for chosen in exact.values())


def test_common_keys_keep_most_lists_and_the_order_of_articles_does_not_matter(content_reports):
    articles = _articles(content_reports)
    exact = _slugs(compute_related(articles, common=len(articles)))
    capped = _slugs(compute_related(articles, common=30))
    assert capped == exact  # every key above 30 initiatives only adds to found candidates
    tight = _slugs(compute_related(articles, common=10))
    kept = sum(len(set(tight[s]) & set(exact[s])) for s in exact) / sum(len(v) for v in exact.values())
    assert 0.6 < kept < 1.0  # a cap this low does change lists, but keeps most of them
    assert _slugs(compute_related(list(reversed(articles)), common=10)) == tight


def test_lists_computed_on_two_cores_are_those_computed_in_line(content_reports, monkeypatch):
    articles = _articles(content_reports)
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    in_line = _slugs(compute_related(articles, common=10))
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    forks = record_forks(monkeypatch)
    assert len(articles) >= parallel.MIN_ITEMS
    assert _slugs(compute_related(articles, common=10)) == in_line
    assert len(forks) == 1
