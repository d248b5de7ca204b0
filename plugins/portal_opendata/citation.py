"""How to cite a fiche: a French reference to copy, CSL-JSON and BibTeX, built from the model.

Deterministic like the other exports: the date a reader consulted the page is theirs
to fill in, so no clock is read; the dates given are the fiche's publication and
last correction.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime
import re
from typing import TYPE_CHECKING, Any

from portal_theme.filters import fr_date

from .serialise import json_bytes

if TYPE_CHECKING:
    from .exports import Published

CSL_NAME = "citation.json"
BIBTEX_NAME = "citation.bib"
CONSULTED = "consulté le [date de consultation]"
# Characters with a meaning in BibTeX, written so that LaTeX prints them as they are.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _BIBTEX_ESCAPES))


@dataclass(frozen=True)
class Citation:
    """The ways to cite one fiche."""

    text: str
    csl_json: bytes
    bibtex: bytes


def _issued(item: Published) -> str:
    """The date of the version cited: the last correction, else the publication."""
    return item.modified or item.date


def carriers(item: Published) -> str:
    """The collectivities that carry the initiative, as the reference names them."""
    return ", ".join(c.name for c in item.initiative.carriers)


def citation_text(item: Published, sitename: str) -> str:
    """« Albi. « Un potager… ». Bonnes pratiques…, fiche mise à jour le … URL (consulté le …). »"""
    verb = "mise à jour" if item.modified else "publiée"
    return (
        f"{carriers(item)}. « {item.initiative.title} ». {sitename}, fiche {verb} le "
        f"{fr_date(datetime.date.fromisoformat(_issued(item)))}. {item.url} ({CONSULTED})."
    )


def csl_record(item: Published, sitename: str, publisher: str) -> dict[str, Any]:
    """The fiche as one CSL-JSON item (a web page of the portal about the initiative)."""
    source = item.initiative.source.document
    return {
        "id": item.id,
        "type": "webpage",
        "title": item.initiative.title,
        "container-title": sitename,
        "publisher": publisher,
        "URL": item.url,
        "issued": {"date-parts": [[int(part) for part in _issued(item).split("-")]]},
        "language": "fr-FR",
        "abstract": item.initiative.summary,
        "note": f"Collectivités : {carriers(item)}. D'après : {source.title} ({source.organiser}, {source.year}).",
    }


def _bibtex_value(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_ESCAPES[match.group()], text)


def bibtex_entry(item: Published, sitename: str, publisher: str) -> str:
    """The fiche as a BibTeX @misc entry (UTF-8; the title keeps its capitals)."""
    record = csl_record(item, sitename, publisher)
    fields = (
        ("title", "{" + _bibtex_value(record["title"]) + "}"),
        ("author", "{" + _bibtex_value(publisher) + "}"),
        ("howpublished", _bibtex_value(sitename)),
        ("year", _issued(item)[:4]),
        ("date", _issued(item)),
        ("url", item.url),
        ("language", "french"),
        ("note", _bibtex_value(record["note"])),
    )
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{item.id},\n{body}\n}}\n"


def citation(item: Published, sitename: str, publisher: str) -> Citation:
    """Every form of the reference of one fiche."""
    return Citation(
        text=citation_text(item, sitename),
        csl_json=json_bytes([csl_record(item, sitename, publisher)]),
        bibtex=bibtex_entry(item, sitename, publisher).encode("utf-8"),
    )
