"""A small locator map for each fiche: the collectivity's département within its région.

Drawn from the same shapes as the territory map (france_map), simplified once per
département (curves become lines, points closer than a fraction of the shape's size are
dropped) so a fiche stays within its page budget. Overseas départements are drawn on
their own. The SVG is an image with a text alternative; its colours are CSS classes
(no style attribute, for the Content-Security-Policy).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .france_map import metropolitan_shapes, overseas_shapes

if TYPE_CHECKING:
    from portal_core.model import Collectivity
    from portal_core.territories import Gazetteer
    from portal_core.workcache import WorkCache

# Points closer than this fraction of a shape's size are dropped; coordinates keep one decimal.
TOLERANCE = 1 / 60
# The simplified shapes of the pinned maps, by SHA-256 of the outline they come from:
# svgelements takes about a second for all of them, at every build with an empty cache.
# tests/test_france_map.py says when they are stale (new maps, new simplification).
KEPT_SHAPES = Path(__file__).with_name("locator_shapes.json")


@functools.lru_cache(maxsize=256)
def simplified(path: str) -> tuple[str, tuple[float, float, float, float]]:
    """The outline as straight lines with fewer points, and its bounding box."""
    from svgelements import Close, Move, Path as SvgPath  # only for outlines not kept: see KEPT_SHAPES

    shape = SvgPath(path)
    x0, y0, x1, y1 = shape.bbox()
    tolerance = max(x1 - x0, y1 - y0) * TOLERANCE
    parts: list[str] = []
    last = None
    for segment in shape:
        if isinstance(segment, Close):
            parts.append("Z")
            continue
        end = segment.end
        if isinstance(segment, Move):
            parts.append(f"M{end.x:.1f} {end.y:.1f}")
        elif last is None or math.dist((end.x, end.y), last) >= tolerance:
            parts.append(f"L{end.x:.1f} {end.y:.1f}")
        else:
            continue
        last = (end.x, end.y)
    return "".join(parts), (x0, y0, x1, y1)


def outline_key(path: str) -> str:
    """The key of an outline in KEPT_SHAPES."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()


def shapes_to_keep(paths: list[str]) -> dict[str, list]:
    """The content of KEPT_SHAPES for these outlines (JSON: lists, not tuples)."""
    return {outline_key(path): [d, list(box)] for path in paths for d, box in [simplified(path)]}


@functools.lru_cache(maxsize=1)
def kept_shapes() -> dict[str, tuple[str, tuple[float, float, float, float]]]:
    kept = json.loads(KEPT_SHAPES.read_text(encoding="utf-8"))
    return {key: (d, (box[0], box[1], box[2], box[3])) for key, (d, box) in kept.items()}


def _view_box(boxes: list[tuple[float, float, float, float]]) -> str:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    margin = max(x1 - x0, y1 - y0) * 0.04
    return f"{x0 - margin:.1f} {y0 - margin:.1f} {x1 - x0 + 2 * margin:.1f} {y1 - y0 + 2 * margin:.1f}"


class Locator:
    """Render the locator of a collectivity: its département highlighted among its région's."""

    def __init__(self, gazetteer: Gazetteer, package_dir: str, shapes: WorkCache | None = None) -> None:
        self.gazetteer = gazetteer
        _, metro = metropolitan_shapes(package_dir)
        self.paths = {shape.code: shape.path for shape in (*metro, *overseas_shapes())}
        # The simplified shapes never change with the content: kept across builds when a cache is given.
        self.shapes = shapes

    def _simplified(self, code: str) -> tuple[str, tuple[float, float, float, float]]:
        path = self.paths[code]
        kept = kept_shapes().get(outline_key(path))
        if kept is not None:
            return kept
        return self.shapes.get(path, lambda: simplified(path)) if self.shapes else simplified(path)

    def label(self, collectivity: Collectivity) -> str:
        """The text alternative: « Tarn (81), région Occitanie »."""
        departement, region = collectivity.departement, collectivity.region
        parts = []
        if departement is not None and collectivity.kind != "region":
            parts.append(f"{departement.name} ({departement.code})")
        if region is not None:
            parts.append(f"région {region.name}")
        return ", ".join(parts)

    def render(self, collectivity: Collectivity) -> Markup:
        """The figure (SVG and caption), or nothing when the territory has no shape."""
        region = collectivity.region.code if collectivity.region else None
        here = collectivity.departement.code if collectivity.departement else None
        if collectivity.kind == "region":
            here = None
        return self._figure(region, here, self.label(collectivity))

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one locator per build; few départements)
    def _figure(self, region: str | None, here: str | None, label: str) -> Markup:
        members = [d.code for d in self.gazetteer.all("departement") if d.region == region and d.code in self.paths]
        if here is not None and here not in members:
            members = [here] if here in self.paths else []
        if not members:
            return Markup("")
        if here is not None and here in ("971", "972", "973", "974", "976"):
            members = [here]
        shapes = [(code, *self._simplified(code)) for code in members]
        paths = "".join(
            f'<path d="{d}" class="{"loc-here" if here in (None, code) else "loc-other"}"/>' for code, d, _ in shapes
        )
        text = escape(f"Carte de situation : {label}")
        return Markup(
            f'<figure class="locator"><svg viewBox="{_view_box([box for _, _, box in shapes])}" role="img" '
            f'aria-label="{text}" focusable="false">{paths}</svg>'
            f"<figcaption>{escape(label)}</figcaption></figure>"
        )
