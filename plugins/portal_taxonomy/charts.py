"""« Le portail en chiffres »: counts from the indexes, drawn as SVG bar charts at build.

No chart library and no JavaScript: each chart is an SVG image (role="img", with a
title and a description) followed by the table of its numbers, which screen readers
and printers read. Colours are CSS classes (no style attribute). Counts follow the
indexes, so a collectivity that is only a partner or a funder adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from portal_core.vocabulary import LEVEL_LABELS, LEVELS

from .index import Entry

WIDTH = 720
LABEL_WIDTH = 250
ROW_HEIGHT = 26
BAR_HEIGHT = 18
TOP = 6
VALUE_SPACE = 40


@dataclass(frozen=True)
class Row:
    """One bar: its label, its values (one per series), and the page it links to."""

    label: str
    values: tuple[int, ...]
    url: str | None = None
    # A shorter label for the chart, when the full one (kept in the table) is too long.
    short_label: str | None = None

    @property
    def total(self) -> int:
        """Sum of the series."""
        return sum(self.values)


@dataclass(frozen=True)
class Chart:
    """A bar chart and the table that carries its numbers."""

    key: str
    title: str
    description: str
    header: str
    series: tuple[tuple[str, str], ...]  # (CSS class suffix, French label), one per value
    rows: tuple[Row, ...]

    @property
    def svg(self) -> Markup:
        """The chart as inline SVG: horizontal bars, stacked when there are several series."""
        return render_bars(self)


def render_bars(chart: Chart) -> Markup:
    """Draw one horizontal bar per row; every text is escaped."""
    height = TOP * 2 + ROW_HEIGHT * len(chart.rows)
    largest = max((row.total for row in chart.rows), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_SPACE) / largest
    title_id, desc_id = f"graphique-{chart.key}-titre", f"graphique-{chart.key}-description"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
        f'<line class="chart-axis" x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}"/>',
    ]
    for index, row in enumerate(chart.rows):
        y = TOP + index * ROW_HEIGHT
        middle = y + BAR_HEIGHT / 2 + 4
        label = escape(row.short_label or row.label)
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{middle:.0f}" text-anchor="end">{label}</text>'
        )
        x = float(LABEL_WIDTH)
        for (css, _), value in zip(chart.series, row.values, strict=True):
            if value:
                width = value * scale
                parts.append(
                    f'<rect class="chart-bar {css}" x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}"/>'
                )
                x += width
        parts.append(f'<text class="chart-value" x="{x + 6:.1f}" y="{middle:.0f}">{row.total}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _single(key: str, title: str, header: str, rows: Sequence[Row]) -> Chart:
    return Chart(
        key=key,
        title=title,
        description=f"Diagramme en barres horizontales, une barre par {header.lower()} ; "
        "les nombres sont dans le tableau qui suit.",
        header=header,
        series=(("", "Initiatives"),),
        rows=tuple(rows),
    )


def _by_count(entries: Sequence[Entry]) -> list[Row]:
    """Entries with at least one initiative, most initiatives first, then by name."""
    listed = sorted((e for e in entries if e.count), key=lambda e: (-e.count, e.name.casefold()))
    return [Row(e.name, (e.count,), e.url) for e in listed]


def build_charts(portal: Any) -> list[Chart]:
    """The four charts of the page: per year, per scheme and level, per category, per région."""
    years: dict[int, set[str]] = {}
    for entry in portal.palmares:
        years.setdefault(entry.year, set()).update(a.slug for a in entry.articles)
    per_year = [Row(str(year), (len(slugs),)) for year, slugs in sorted(years.items())]
    levels = [level for level in LEVELS if any(e.level == level for e in portal.palmares)]
    per_scheme = []
    for scheme in portal.schemes:
        counts: dict[str, set[str]] = {level: set() for level in levels}
        for entry in portal.palmares:
            if entry.scheme.key == scheme.scheme.key:
                counts[entry.level].update(a.slug for a in entry.articles)
        if any(counts.values()):
            values = tuple(len(counts[level]) for level in levels)
            per_scheme.append(Row(scheme.name, values, scheme.url, scheme.scheme.short_name))
    return [
        _single("annees", "Initiatives par année de distinction", "Année", per_year),
        Chart(
            key="dispositifs",
            title="Initiatives par prix ou label et par niveau",
            description="Diagramme en barres horizontales empilées, une barre par prix ou label, "
            "un segment par niveau ; les nombres sont dans le tableau qui suit.",
            header="Prix ou label",
            series=tuple((f"level-{level}", LEVEL_LABELS[level]) for level in levels),
            rows=tuple(per_scheme),
        ),
        _single("thematiques", "Initiatives par thématique", "Thématique", _by_count(portal.topics)),
        _single(
            "regions",
            "Initiatives par région (collectivités porteuses)",
            "Région",
            _by_count(portal.territories.regions),
        ),
    ]
