"""Charts as static SVG, drawn by pygal.

pygal builds SVG in pure Python (no numpy, no C extension, a few milliseconds a chart),
escapes the labels it writes, and needs no runtime: with ``js=[]`` the SVG names no
script, so a page opened as file:// fetches nothing. Tooltips need that script, so values
are printed on the chart instead.
"""

from __future__ import annotations

import re
from typing import Any

from itsmkit.errors import UsageError

EXTRA_HINT = "Install the extra: pip install 'itsmkit[site]'."

# Colour-blind-safe (Okabe-Ito), readable on paper too.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")


def _pygal() -> Any:
    try:
        import pygal
    except ImportError:
        raise UsageError(
            "itsmkit site needs the chart library pygal, which is not installed",
            hint=EXTRA_HINT,
        ) from None
    return pygal


def _config(**options: Any) -> dict[str, Any]:
    pygal = _pygal()
    style = pygal.style.Style(
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#111",
        foreground_subtle="#666",
        colors=COLOURS,
        font_family="system-ui, 'DejaVu Sans', Arial, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=12,
        legend_font_size=13,
        title_font_size=16,
    )
    base: dict[str, Any] = {
        "js": [],
        "disable_xml_declaration": True,
        "style": style,
        "width": 800,
        "height": 360,
        "explicit_size": False,
        "print_values": True,
        "truncate_label": -1,
        "truncate_legend": -1,
        "legend_at_bottom": True,
    }
    base.update(options)
    return base


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)


def _svg(chart: Any) -> str:
    # pygal always inlines a config script for its tooltip JS; without that JS it does
    # nothing, and a page with no script at all cannot fail or fetch anything.
    return _SCRIPT.sub("", str(chart.render(is_unicode=True)))


def readiness_bars(title: str, labels: list[str], values: list[float | None]) -> str:
    """Readiness per clause group, 0-100 %, as horizontal bars."""
    pygal = _pygal()
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            range=(0, 100),
            show_legend=False,
            height=max(200, 60 + 40 * len(labels)),
            value_formatter=lambda v: f"{v:.1f} %",
        )
    )
    chart.x_labels = labels
    chart.add(title, values)
    return _svg(chart)


def trend_line(title: str, labels: list[str], values: list[float | None]) -> str:
    """Readiness of successive audits."""
    pygal = _pygal()
    chart = pygal.Line(
        **_config(
            title=title,
            range=(0, 100),
            show_legend=False,
            dots_size=5,
            margin_right=70,  # room for the last point's value and date
            value_formatter=lambda v: f"{v:.1f} %",
        )
    )
    chart.x_labels = labels
    chart.add(title, values)
    return _svg(chart)


def series_lines(title: str, periods: list[str], series: dict[str, list[float | None]]) -> str:
    """Several percentage series over periods (attainment per indicator or priority)."""
    pygal = _pygal()
    known = [v for values in series.values() for v in values if v is not None]
    low = min(known, default=0.0)
    floor = max(0.0, min(90.0, (int(low) // 5) * 5.0))
    chart = pygal.Line(
        **_config(
            title=title,
            range=(floor, 100),
            print_values=False,
            dots_size=4,
            height=420,
            legend_at_bottom_columns=1,
            value_formatter=lambda v: f"{v:g} %",
        )
    )
    chart.x_labels = periods
    for name, values in series.items():
        chart.add(name, values)
    return _svg(chart)


def met_bars(
    title: str, periods: list[str], counts: list[tuple[int, int]], met: str, missed: str
) -> str:
    """Targets met and missed per period, stacked."""
    pygal = _pygal()
    style_colours = ("#009E73", "#D55E00")
    chart = pygal.StackedBar(**_config(title=title, print_zeroes=False))
    chart.config.style.colors = style_colours
    chart.x_labels = periods
    chart.add(met, [c[0] for c in counts])
    chart.add(missed, [c[1] for c in counts])
    return _svg(chart)
