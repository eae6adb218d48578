"""Charts as inline SVG drawn by pygal on the server: no script, nothing fetched at run time."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import pygal
from pygal.style import Style

from dangbo.core.xlsx import xml_text

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="DejaVu Sans, Arial, sans-serif",
    colors=("#b71c1c", "#e57373", "#f9a825", "#546e7a", "#8d6e63", "#26a69a"),
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
)


_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _clean(svg: str) -> str:
    """pygal still inlines a small configuration script: drop it (and comments) so the charts are
    static and pass a strict content security policy."""
    return _COMMENT.sub("", _SCRIPT.sub("", svg))


def _config() -> dict[str, object]:
    return {
        "style": STYLE,
        "js": [],  # pygal's tooltips script lives on the internet: not used
        "disable_xml_declaration": True,
        "width": 640,
        "height": 320,
        "legend_at_bottom": True,
        "print_values": True,
        # whole numbers as 5.852; the axis' fractional ticks stay blank
        "value_formatter": lambda v: (
            "" if v is None or not float(v).is_integer() else f"{int(v):,}".replace(",", ".")
        ),
    }


def bar(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], *, stacked: bool = False
) -> str:
    return _bar(
        title, tuple(str(label) for label in labels), tuple((str(n), tuple(v)) for n, v in series), stacked
    )


def pie(title: str, parts: Sequence[tuple[str, int]]) -> str:
    return _pie(title, tuple((str(name), value) for name, value in parts))


# A chart is a function of its figures: drawn once for the same figures (pygal takes ~20 ms a chart),
# the last CHARTS_KEPT of them kept in this process' memory.
CHARTS_KEPT = 512


@lru_cache(maxsize=CHARTS_KEPT)
def _bar(
    title: str, labels: tuple[str, ...], series: tuple[tuple[str, tuple[int, ...]], ...], stacked: bool
) -> str:
    chart = (pygal.StackedBar if stacked else pygal.Bar)(title=xml_text(title), **_config())
    chart.x_labels = [xml_text(label) for label in labels]
    for name, values in series:
        chart.add(xml_text(name), list(values))
    return _clean(str(chart.render(is_unicode=True)))


@lru_cache(maxsize=CHARTS_KEPT)
def _pie(title: str, parts: tuple[tuple[str, int], ...]) -> str:
    chart = pygal.Pie(title=xml_text(title), inner_radius=0.45, **_config())
    for name, value in parts:
        chart.add(xml_text(name), value)  # a stored value may hold what SVG (XML) cannot
    return _clean(str(chart.render(is_unicode=True)))
