"""URL of a written page, shared by the generators, the sitemap and the templates."""

from __future__ import annotations


def page_url(save_as: str) -> str:
    """The URL path of a written file, relative to the site: `a/index.html` → `a/`.

    Templates use it as the `page_url` filter: `{{ TOPICS_INDEX_SAVE_AS|page_url }}`.
    """
    return save_as.removesuffix("index.html")
