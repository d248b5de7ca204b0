"""Page metadata: absolute addresses, canonical URLs and the schema.org JSON-LD of a fiche.

The JSON-LD is built as a Python dict and serialised by `json_script`; templates never
interpolate values into JSON by hand.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup

if TYPE_CHECKING:
    from pelican.contents import Article
    from portal_core.model import Award, Collectivity
    from portal_core.territories import Place

# Characters that could end a <script> element or open an HTML comment inside it are
# written as JSON escapes, which JSON parsers read back as the same characters.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def site_address(settings: dict[str, Any]) -> str:
    """The site's absolute address, without a trailing slash.

    SITEURL when it is absolute (publishconf.py, tests). In development SITEURL is ""
    (links are root-relative), so the address is FEED_DOMAIN, the development server
    that feeds already point at, followed by SITEURL.
    """
    siteurl = settings.get("SITEURL") or ""
    if urlsplit(siteurl).scheme:
        return siteurl.rstrip("/")
    return (settings.get("FEED_DOMAIN") or "").rstrip("/") + siteurl.rstrip("/")


def json_script(value: Any) -> Markup:
    """Serialise a value as JSON that is safe inside a <script> element.

    Reviewed exception to autoescaping: `<`, `>` and `&` are JSON-escaped, so no value
    can close the element, and HTML-escaping would corrupt the JSON.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_ESCAPES))


def _area(collectivity: Collectivity) -> dict[str, Any]:
    """The territory a collectivity serves, nested in its département and région."""
    chain: list[Place] = []
    for place in (collectivity.place, collectivity.departement, collectivity.region):
        if place is not None and all((p.kind, p.code) != (place.kind, place.code) for p in chain):
            chain.append(place)
    area: dict[str, Any] | None = None
    for place in reversed(chain):
        inner: dict[str, Any] = {"@type": "AdministrativeArea", "name": place.name, "identifier": place.code}
        if area is not None:
            inner["containedInPlace"] = area
        area = inner
    return area or {}


def _collectivity(collectivity: Collectivity) -> dict[str, Any]:
    """A collectivity as the organisation behind the initiative, with the area it serves."""
    data: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": collectivity.name,
        "areaServed": _area(collectivity),
    }
    if collectivity.code:
        data["identifier"] = collectivity.code
    return data


def _award(award: Award) -> str:
    """One distinction in words: « Prix TERRITORIA 2017 : Or, catégorie « … » »."""
    name = award.scheme.name if str(award.year) in award.scheme.name else f"{award.scheme.name} {award.year}"
    text = f"{name}, catégorie « {award.category} »"
    if award.level != "aucun":
        text = f"{name} : {award.level_label}, catégorie « {award.category} »"
    return f"{text}, {award.distinction}" if award.distinction else text


def _period(start: str | None, end: str | None) -> str | None:
    """An ISO 8601 interval (« 2014/.. », « 2014/2016 ») or None when nothing is known."""
    if not start and not end:
        return None
    return f"{start or '..'}/{end or '..'}"


def initiative_ld(article: Article, site: str, sitename: str, publisher: str) -> dict[str, Any]:
    """The schema.org description of an initiative's page (an Article about it)."""
    initiative = article.initiative
    source = initiative.source.document
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "name": article.title,
        "description": initiative.summary,
        "url": f"{site}/{article.url}",
        "inLanguage": "fr-FR",
        "dateCreated": article.date.strftime("%Y-%m-%d"),
        "datePublished": article.date.strftime("%Y-%m-%d"),
        "about": [_collectivity(c) for c in initiative.carriers],
        "spatialCoverage": [_area(c) for c in initiative.collectivities],
        "award": [_award(a) for a in initiative.awards],
        "keywords": [c.label for c in initiative.categories],
        "isBasedOn": {
            "@type": "CreativeWork",
            "name": source.title,
            "datePublished": str(source.year),
            "author": {"@type": "Organization", "name": source.organiser},
        },
        "isPartOf": {"@type": "WebSite", "name": sitename, "url": f"{site}/"},
        "publisher": {"@type": "Organization", "name": publisher},
    }
    funders = [_collectivity(c) for c in initiative.collectivities if c.role == "financeur"]
    if funders:
        data["funder"] = funders
    modified = article.metadata.get("modified")
    if modified:
        data["dateModified"] = modified.strftime("%Y-%m-%d")
    period = _period(initiative.start, initiative.end)
    if period:
        data["temporalCoverage"] = period
    return data
