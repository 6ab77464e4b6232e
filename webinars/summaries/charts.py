"""The summary's charts as inline SVG, drawn on the server.

No JavaScript and no chart service: the same markup shows in the browser, in
print and in the PDF (WeasyPrint). Each builder is a pure function of the
figures. Labels are user input (organization names...), so every text and
attribute goes through markupsafe's escaping; only presentation attributes
are used (a ``style`` attribute would be blocked by the CSP).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date

from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from webinars.summaries.attendance import AttendanceFigures, DayCount
from webinars.summaries.breakdowns import Breakdown

WIDTH = 640
FONT = "sans-serif"
INK = "#1d2433"
MUTED = "#5b6475"
GRID = "#dde2ea"
# Dark enough on white and on paper (contrast above 4.5:1), told apart in grey print by their lightness.
BAR = "#174a94"
NO_SHOW = "#b45309"
WAITLIST = "#7b8494"
OTHERS = "#7b8494"
# On the organization's pages the main bars take its brand colour from the stylesheet
# (static/app.css: `svg.chart .chart-brand`, --brand-dark); BAR stays the colour where no CSS applies.
BRAND_CLASS = "chart-brand"

MAX_X_LABELS = 7
LABEL_CHARACTERS = 70  # longer labels are shortened on the bar; the full text is in its tooltip


def _escaped(value: object) -> Markup:
    # str() first: a lazy translation claims to be safe HTML (it has __html__) and would pass unescaped.
    return value if isinstance(value, Markup) else escape(str(value))


def _attributes(attributes: dict[str, object]) -> str:
    # Plain string joins of escaped values: Markup.format escapes through string.Formatter,
    # which made drawing a summary's charts take tens of milliseconds.
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{_escaped(value)}"' for name, value in attributes.items() if value is not None
    )


def _element(tag: str, *children: str | Markup, **attributes: object) -> Markup:
    """``<tag a="...">children</tag>``: strings are escaped, Markup (other elements) is kept."""
    if not children:
        return Markup(f"<{tag}{_attributes(attributes)} />")
    content = "".join([_escaped(child) for child in children])
    return Markup(f"<{tag}{_attributes(attributes)}>{content}</{tag}>")


def _svg(height: int, title: str, description: str, body: Iterable[Markup], css_class: str) -> Markup:
    return _element(
        "svg",
        _element("title", title),
        _element("desc", description),
        *body,
        xmlns="http://www.w3.org/2000/svg",
        width=WIDTH,
        height=height,
        viewBox=f"0 0 {WIDTH} {height}",
        role="img",
        aria_label=title,
        font_family=FONT,
        font_size=12,
        class_=f"chart {css_class}",
    )


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def nice_ticks(maximum: int, most: int = 5) -> list[int]:
    """Round axis values from 0 to at least ``maximum``: steps of 1, 2 or 5 times a power of ten."""
    if maximum <= 0:
        return [0, 1]
    rough = maximum / most
    magnitude = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return list(range(0, step * math.ceil(maximum / step) + 1, step))


def registrations_per_day_svg(
    per_day: list[DayCount], *, title: str, date_label: Callable[[date], str]
) -> Markup:
    """Columns of registrations per day, with a y axis of round values and a few dates below."""
    height, left, right, top, bottom = 240, 44, 12, 12, 36
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    ticks = nice_ticks(max((day.count for day in per_day), default=0))
    scale = plot_height / ticks[-1]
    baseline = top + plot_height
    body: list[Markup] = []
    for tick in ticks:
        y = baseline - tick * scale
        body.append(_element("line", x1=left, x2=WIDTH - right, y1=f"{y:.1f}", y2=f"{y:.1f}", stroke=GRID))
        body.append(
            _element("text", str(tick), x=left - 6, y=f"{y + 4:.1f}", text_anchor="end", fill=MUTED)
        )
    slot = plot_width / max(len(per_day), 1)
    gap = min(slot * 0.2, 4)
    label_every = max(1, math.ceil(len(per_day) / MAX_X_LABELS))
    for index, day in enumerate(per_day):
        x = left + index * slot
        bar_height = day.count * scale
        body.append(
            _element(
                "rect",
                _element("title", f"{date_label(day.day)}: {day.count}"),
                x=f"{x + gap / 2:.1f}",
                y=f"{baseline - bar_height:.1f}",
                width=f"{slot - gap:.1f}",
                height=f"{bar_height:.1f}",
                fill=BAR,
                class_=f"chart-bar {BRAND_CLASS}",
            )
        )
        if index % label_every == 0:
            body.append(
                _element(
                    "text",
                    date_label(day.day),
                    x=f"{x + slot / 2:.1f}",
                    y=baseline + 18,
                    text_anchor="middle",
                    fill=MUTED,
                )
            )
    body.append(_element("line", x1=left, x2=WIDTH - right, y1=baseline, y2=baseline, stroke=MUTED))
    total = sum(day.count for day in per_day)
    description = (
        ngettext("%(num)d registration from %(first)s to %(last)s, busiest day %(busiest)s (%(most)s).",
                 "%(num)d registrations from %(first)s to %(last)s, busiest day %(busiest)s (%(most)s).",
                 total, first=date_label(per_day[0].day), last=date_label(per_day[-1].day),
          busiest=date_label(max(per_day, key=lambda day: day.count).day),
          most=max(day.count for day in per_day))
        if per_day
        else _("No registrations.")
    )
    return _svg(height, title, description, body, "chart-per-day")


def breakdown_svg(breakdown: Breakdown, *, percent: Callable[[float], str] = format_percent) -> Markup:
    """One horizontal bar per group, its label above it and "count (percentage of the total)" after it.

    ``percent`` formats a 0..1 share in the reader's locale ("34 %" in French).
    """
    row, top, value_space = 38, 4, 110
    height = top + row * len(breakdown.groups) + 4
    most = max((group.count for group in breakdown.groups), default=0) or 1
    bar_space = WIDTH - value_space
    body: list[Markup] = []
    described: list[str] = []
    for index, group in enumerate(breakdown.groups):
        y = top + index * row
        share = percent(group.count / breakdown.total) if breakdown.total else ""
        value = f"{group.count} ({share})" if share else str(group.count)
        bar_width = max(group.count / most * bar_space, 1)
        body.append(_element("text", _shorten(group.label), x=0, y=y + 12, fill=INK))
        body.append(
            _element(
                "rect",
                _element("title", f"{group.label}: {value}"),
                x=0,
                y=y + 17,
                width=f"{bar_width:.1f}",
                height=14,
                fill=OTHERS if group.is_others else BAR,
                class_="chart-bar" if group.is_others else f"chart-bar {BRAND_CLASS}",
            )
        )
        body.append(_element("text", value, x=f"{bar_width + 6:.1f}", y=y + 29, fill=MUTED))
        described.append(f"{group.label}: {value}")
    return _svg(height, breakdown.title, "; ".join(described), body, "chart-breakdown")


def attendance_svg(
    figures: AttendanceFigures,
    *,
    labels: dict[str, str],
    percent: Callable[[float], str] = format_percent,
) -> Markup:
    """One stacked bar: attended and no-shows (together the confirmed registrants), then the waitlist.

    ``labels`` may give "title", "attended", "no_shows" and "waitlisted"; the
    app's translations are used for the ones it leaves out.
    """
    names = {
        "title": _("Attendance"),
        "attended": _("Attended"),
        "no_shows": _("No-shows"),
        "waitlisted": _("Waitlisted"),
        **labels,
    }
    height, top, bar_height = 96, 8, 28
    parts = [
        ("attended", figures.attendees, BAR, figures.confirmed),
        ("no_shows", figures.no_shows, NO_SHOW, figures.confirmed),
        ("waitlisted", figures.waitlisted, WAITLIST, None),
    ]
    whole = sum(count for _key, count, _colour, _of in parts)
    body: list[Markup] = [
        _element("rect", x=0, y=top, width=WIDTH, height=bar_height, fill="#ffffff", stroke=GRID)
    ]
    described: list[str] = []
    x = 0.0
    legend_x = 0
    for key, count, colour, of in parts:
        text = f"{names[key]}: {count}" + (f" ({percent(count / of)})" if of else "")
        described.append(text)
        if count:
            width = count / whole * WIDTH
            body.append(
                _element(
                    "rect",
                    _element("title", text),
                    x=f"{x:.1f}",
                    y=top,
                    width=f"{width:.1f}",
                    height=bar_height,
                    fill=colour,
                    class_=f"chart-bar {BRAND_CLASS}" if colour == BAR else "chart-bar",
                )
            )
            x += width
        legend_y = top + bar_height + 28
        swatch_class = BRAND_CLASS if colour == BAR else None
        body.append(_element("rect", x=legend_x, y=legend_y - 10, width=12, height=12, fill=colour, class_=swatch_class))
        body.append(_element("text", text, x=legend_x + 18, y=legend_y, fill=INK))
        legend_x += WIDTH // 3
    return _svg(height, names["title"], "; ".join(described), body, "chart-attendance")
