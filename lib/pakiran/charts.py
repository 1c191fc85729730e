"""Charts in the house style. Each carries alt text, a caption and a source line computed from the
rows it drew (``fig.pakiran``; the source line is shown under the caption, not in the image), and
returns the matplotlib Figure. Every text is sized to show at least style.MIN_TEXT_PX pixels high
on the page and laid out so that no two texts overlap (see layout_problems)."""
from __future__ import annotations

import functools
import inspect
import textwrap

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axis import XTick
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from . import citations as cite
from .display import ReportFigure, install_formatter
from .load import tables
from . import labels as vocabulary
from .timespan import nothing
from .style import (COUNTRY_COLOURS, COUNTRY_NAMES, MIN_TEXT_PX, SAVE_PAD, colour_for,
                    marker_for, shown_scale, sized_rc)

LABEL_BOX = {"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#bbbbbb", "lw": 0.6}
HATCHES = [None, "//", "..", "xx", "\\\\", "++"]


# --- finishing, sizing and the style decorator -------------------------------------------------

def finish_figure(fig: Figure, ax, source_ids: list[str], title: str | None, caption: str | None, alt: str,
                  extra: str = "", table: str = "events") -> Figure:
    """The last step of every chart: set the title (wrapped to the figure's width), attach alt text,
    caption and the source line (shown once, under the caption), and close the figure so that it
    shows only where returned. Many sources are cited as the package's `table` they come from."""
    if title and not ax.get_title(loc="left"):
        fit_title(fig, ax, title)
    line = cite.source_line(source_ids, table=table) + (f" {extra}" if extra else "")
    fig.pakiran = {"alt": alt, "caption": caption or title or "", "sources": source_ids, "source_line": line}
    plt.close(fig)
    return fig


def fit_title(fig: Figure, ax, title: str) -> None:
    """Set ax's title on the left, wrapped onto more lines when it is wider than the figure."""
    text = ax.set_title(title, loc="left")
    room = fig.get_figwidth() * fig.dpi - 30
    wide = text.get_window_extent(measurer(fig)).width
    if wide > room:
        text.set_text(textwrap.fill(title, max(20, int(len(title) * room / wide) - 1)))


def _new(width: float, height: float):
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained", FigureClass=ReportFigure)
    return fig, ax


def shown_inches(px: float, width: float, dpi: float = 100) -> float:
    """Inches of a figure width inches wide that show as px pixels on the page."""
    return px / (dpi * shown_scale((width + 2 * SAVE_PAD) * dpi))


def is_empty(data) -> bool:
    """True when a chart or table would have nothing to show: no rows, or no non-zero number."""
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    if len(frame) == 0:
        return True
    numbers = _numeric(frame)
    aggregate = set(frame.columns) - set(numbers.columns) <= {"source_ids"}
    return aggregate and not numbers.fillna(0).to_numpy().any()


def _styled(what: str):
    """Run a drawing function with the house style, fonts sized for its ``width``; with nothing to
    draw, return the sentence of :func:`pakiran.nothing` instead (``empty=`` names what is missing)."""
    def decorate(draw):
        signature = inspect.signature(draw)

        @functools.wraps(draw)
        def wrapper(data, *args, empty: str = what, **kwargs):
            if is_empty(data):
                return nothing(empty)
            bound = signature.bind(data, *args, **kwargs)
            bound.apply_defaults()
            with plt.rc_context(sized_rc(bound.arguments["width"])):
                return draw(data, *args, **kwargs)
        return wrapper
    return decorate


def describe(items: list[str]) -> str:
    """Every item of an alt text, joined: '1950: Treaty; 1955: Pact.'

    >>> describe(["1950: treaty of friendship", "1955: Baghdad Pact"])
    '1950: treaty of friendship; 1955: Baghdad Pact.'
    """
    return "; ".join(items) + ("." if items else "")


def plain(value) -> str:
    """value as text, with '' for missing values (None, NaN, NaT, NA) so that no label says 'nan'.

    >>> [plain(v) for v in (None, float("nan"), pd.NaT, pd.NA, " entente ", 3)]
    ['', '', '', '', 'entente', '3']
    """
    if value is None or (not isinstance(value, (str, tuple, list)) and pd.isna(value)):
        return ""
    return str(value).strip()


def number(value) -> str:
    """A value for labels and alt text: '1,250', '0.5', or 'no value' when missing.

    >>> number(1250), number(0.5), number(float("nan"))
    ('1,250', '0.5', 'no value')
    """
    return "no value" if plain(value) == "" else f"{value:,g}"


def _numeric(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns of frame that hold numbers (not the source_ids that travel with aggregates)."""
    return frame[[c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]]


def legend_below(fig: Figure, handles: list, title: str | None = None) -> None:
    """A legend under the chart, only when it has two or more entries."""
    if len(handles) >= 2:
        fig.legend(handles=handles, title=title, loc="outside lower center", ncols=min(len(handles), 4))


# --- measuring what was drawn ------------------------------------------------------------------

def renderer(fig: Figure):
    """Lay the figure out as it will be saved and return the renderer that measures it."""
    fig.draw_without_rendering()
    return measurer(fig)


def measurer(fig: Figure):
    """A renderer that measures texts at the figure's dpi (a closed figure gets an Agg canvas)."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def text_box(text: Text, renderer) -> Bbox:
    """The pixels a text covers, including the box drawn around it."""
    if isinstance(text, Annotation):
        text.update_positions(renderer)
    box = Text.get_window_extent(text, renderer)  # an annotation's own extent adds its leader line
    patch = text.get_bbox_patch()
    if patch is not None:
        text.update_bbox_position_size(renderer)
        box = Bbox.union([box, patch.get_window_extent(renderer)])
    return box


def _drawn_texts(artist) -> list[Text]:
    """The visible, non-empty texts under artist (tick labels only for ticks within the view)."""
    if not artist.get_visible():
        return []
    if isinstance(artist, Text):
        return [artist] if artist.get_text().strip() else []
    if hasattr(artist, "get_loc") and hasattr(artist, "label1"):
        lo, hi = artist.axes.get_xbound() if isinstance(artist, XTick) else artist.axes.get_ybound()
        if not lo - 1e-9 * abs(hi - lo) <= artist.get_loc() <= hi + 1e-9 * abs(hi - lo):
            return []
    return [t for child in artist.get_children() for t in _drawn_texts(child)]


def label_boxes(fig: Figure) -> list[tuple[Text, Bbox]]:
    """Every text the figure shows with the box it covers, in display pixels of the saved image."""
    measure = renderer(fig)
    return [(t, text_box(t, measure)) for t in dict.fromkeys(_drawn_texts(fig))]


def shown_px(fig: Figure, size_pt: float) -> float:
    """How many pixels high a font of size_pt points shows on the page (the PNG shrinks to fit it)."""
    tight = fig.get_tightbbox(renderer(fig))
    return size_pt * fig.dpi / 72 * shown_scale((tight.width + 2 * SAVE_PAD) * fig.dpi)


def overlap(a: Bbox, b: Bbox, tolerance: float = 1.0) -> bool:
    """True when boxes a and b share more than tolerance pixels in both directions."""
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance) and (min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance)


def layout_problems(fig: Figure, tolerance: float = 1.0) -> list[str]:
    """What keeps the figure from being read: overlapping texts, texts under MIN_TEXT_PX on the
    page, texts outside the figure, legends with a single entry. Empty when there are none."""
    boxes = label_boxes(fig)
    scale = shown_px(fig, 72 / fig.dpi)
    frame = fig.bbox.padded(tolerance)
    problems = [f"{t.get_text()!r} shows at {t.get_fontsize() * fig.dpi / 72 * scale:.1f} px"
                for t, _ in boxes if t.get_fontsize() * fig.dpi / 72 * scale < MIN_TEXT_PX - 1e-6]
    problems += [f"{t.get_text()!r} lies outside the figure" for t, box in boxes
                 if not (frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1))]
    problems += [f"{a.get_text()!r} overlaps {b.get_text()!r}" for i, (a, box_a) in enumerate(boxes)
                 for b, box_b in boxes[i + 1:] if overlap(box_a, box_b, tolerance)]
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    problems += ["a legend with a single entry" for legend in legends if len(legend.get_texts()) < 2]
    return problems


# --- placing labels ----------------------------------------------------------------------------

def free_spot(size: tuple[float, float], anchor: tuple[float, float], offsets, taken: list[Bbox],
              bounds: Bbox, gap: float = 2.0):
    """The first offset (dx, dy) of a box's centre from anchor, in pixels, where a box of size
    (width, height) lies inside bounds and clear of every box in taken; None when there is none."""
    w, h = size
    for dx, dy in offsets:
        x, y = anchor[0] + dx, anchor[1] + dy
        box = Bbox.from_extents(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if (bounds.contains(box.x0, box.y0) and bounds.contains(box.x1, box.y1)
                and not any(overlap(box.padded(gap), other, 0) for other in taken)):
            return dx, dy, box
    return None


def around(size: tuple[float, float], rings=(3, 10, 20, 34, 50, 70)):
    """Offsets of a label's centre beside a point: right, left, above, below, then the diagonals,
    ring by ring further out."""
    w, h = size
    for r in rings:
        half_w, half_h = w / 2 + r, h / 2 + r * 0.6
        yield from [(half_w, 0), (-half_w, 0), (0, half_h), (0, -half_h), (half_w, half_h),
                    (half_w, -half_h), (-half_w, half_h), (-half_w, -half_h)]


def put_label(text: Text, offset_px: tuple[float, float], leader: bool) -> None:
    """Move an annotation's centre offset_px pixels from its point; show its leader line if asked."""
    dpi = text.figure.dpi
    text.set_position((offset_px[0] * 72 / dpi, offset_px[1] * 72 / dpi))
    if text.arrow_patch is not None:
        text.arrow_patch.set_visible(leader)


LEADER = {"arrowstyle": "-", "color": "#777777", "lw": 0.7, "shrinkA": 0, "shrinkB": 4}


# --- timeline ----------------------------------------------------------------------------------

INSET, GAP, SPREAD, BASE, ROW_GAP = 6, 10, 10, 14, 6  # pixels: see _levels


@_styled("events")
def timeline(events: pd.DataFrame, title: str | None = None, caption: str | None = None,
             alt: str | None = None, width: float = 12, wrap: int = 26, pad_days: int | None = None) -> Figure:
    """Events on a time axis, each labelled with its date and title, markers by first theme.

    Labels stack in levels above and below the axis so that none overlaps another and no leader
    line crosses a label; the figure grows taller as needed. pad_days sets the empty margin at the
    left end and the least one at the right (default: 6 % of the span, at least 30 days).
    """
    events = events.sort_values("date").reset_index(drop=True)
    fig, ax = _new(width, 3)
    themes = list(dict.fromkeys(t[0] for t in events["themes"]))
    handles = _theme_markers(ax, events, themes)
    legend_below(fig, handles, "first theme")
    if title:
        fit_title(fig, ax, title)
    _time_axis(ax)
    labels = [ax.text(d, 0, f"{plain(label)}\n{textwrap.fill(plain(t), wrap)}", ha="left", va="bottom",
                      bbox=LABEL_BOX, in_layout=False)
              for d, label, t in zip(events["date"], events["date_label"], events["title"])]
    span = events["date"].max() - events["date"].min()
    pad = pd.Timedelta(days=pad_days) if pad_days is not None else max(pd.Timedelta(days=30), span * 0.06)
    _stack(fig, ax, mdates.date2num(events["date"]), labels, pad / pd.Timedelta(days=1))
    if alt is None:
        when = f"{events['date_label'].iloc[0]} to {events['date_label'].iloc[-1]}"
        items = [f"{plain(d)}: {plain(t)}" for d, t in zip(events["date_label"], events["title"])]
        alt = f"Timeline of {len(events)} events from {when}. " + describe(items)
    return finish_figure(fig, ax, cite.sources_of(events), title, caption, alt)


def _theme_markers(ax, events: pd.DataFrame, themes: list[str]) -> list:
    """One marker line per first theme on the axis; returns the legend handles."""
    first = events["themes"].map(lambda t: t[0])
    return [ax.plot(events.loc[first == theme, "date"], np.zeros((first == theme).sum()), marker=marker_for(k),
                    color=colour_for(k), markersize=8, markeredgecolor="black", linestyle="none", zorder=3,
                    label=theme.replace("_", " "))[0] for k, theme in enumerate(themes)]


def _time_axis(ax) -> None:
    ax.axhline(0, color="black", linewidth=1, zorder=2)
    ax.yaxis.set_visible(False)
    ax.spines[["left"]].set_visible(False)
    ax.grid(False)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=10))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))


def _stack(fig: Figure, ax, days: np.ndarray, labels: list[Text], pad: float) -> None:
    """Lay the labels out: widen the time axis on the right until the last labels fit, stack them
    in levels (see _levels), make the figure as tall as the levels need, and draw leader lines.
    The labels are measured once and hidden while the rest is laid out, which keeps this cheap."""
    measure = measurer(fig)
    sizes = [text_box(t, measure) for t in labels]
    pads = [(t.get_window_extent(measure).x0 - b.x0, t.get_window_extent(measure).y0 - b.y0)
            for t, b in zip(labels, sizes)]
    for t in labels:
        t.set_visible(False)
    widths = np.array([b.width for b in sizes])
    xs, tops, frame = _fit_span(fig, ax, days, widths, pad)
    width_px = frame.width
    sides, levels = _levels(xs, tops, widths)
    row = max(b.height for b in sizes) + ROW_GAP
    above = BASE + row * max([lv for s, lv in zip(sides, levels) if s > 0], default=0) + 4
    below = BASE + row * max([lv for s, lv in zip(sides, levels) if s < 0], default=0) + 4
    box = _fit_height(fig, ax, frame, above + below)
    spare = max(0.0, box.height - above - below) / 2
    ax.set_ylim(-below - spare, above + spare)
    xs, tops = xs * box.width / width_px, tops * box.width / width_px
    start, end = ax.get_xlim()
    to_days = (end - start) / box.width
    segments = []
    for label, (pad_x, pad_y), x, top, side, level in zip(labels, pads, xs, tops, sides, levels):
        y = side * (BASE + row * (level - 1))
        label.set_position((start + (top - INSET + pad_x) * to_days, y + side * pad_y))
        label.set_verticalalignment("bottom" if side > 0 else "top")
        label.set_visible(True)
        segments.append([(start + x * to_days, 0), (start + top * to_days, y)])
    ax.add_collection(LineCollection(segments, colors="#888888", linewidths=0.8, zorder=1), autolim=False)


def _fit_span(fig: Figure, ax, days: np.ndarray, widths: np.ndarray, pad: float):
    """Set the x limits: pad days before the first event, and after the last as many as the
    rightmost labels need. Returns the events' and leaders' x in pixels and the axes' box."""
    frame = ax.get_window_extent(renderer(fig))
    width_px = frame.width
    start = days.min() - max(pad, (INSET + 4) * max(np.ptp(days), 1) / width_px)
    end = days.max() + pad
    needed = (len(days) - 1) * SPREAD + float(np.max(widths)) + INSET + 8
    if needed > width_px:  # no stretch of the time axis can fit the labels: widen the figure instead
        fig.set_figwidth(fig.get_figwidth() * needed / width_px * 1.05)
        frame = ax.get_window_extent(renderer(fig))
        width_px = frame.width
    for _ in range(10):
        xs = (days - start) / (end - start) * width_px
        tops = _spread(xs)
        room = width_px - INSET - 4 - widths - (tops - xs)
        if np.all(tops - INSET + widths + 4 <= width_px):
            break
        end = start + np.max((days - start) * width_px / np.maximum(room, 1)) + 1e-9
    ax.set_xlim(start, end)
    return xs, tops, frame


def _spread(xs: np.ndarray) -> np.ndarray:
    """Leader tops: the events' x, moved right where needed to stand SPREAD pixels apart."""
    tops = xs.astype(float).copy()
    for i in range(1, len(tops)):
        tops[i] = max(tops[i], tops[i - 1] + SPREAD)
    return tops


def _levels(xs: np.ndarray, tops: np.ndarray, widths: np.ndarray) -> tuple[list[int], list[int]]:
    """Side (+1 above, -1 below) and level (1 nearest the axis) of each label.

    Labels start just left of their leader and run right. Going from the last event to the first,
    each takes the lowest level above or below that is higher than every label on that side whose
    leader starts under its box: so boxes never overlap and leaders never cross a box.

    >>> _levels(np.array([0, 50, 400]), np.array([0, 50, 400]), np.array([100, 100, 100]))
    ([1, -1, 1], [1, 1, 1])
    """
    placed: list[tuple[float, int, int]] = []
    sides, levels, last = [], [], -1
    for j in range(len(xs) - 1, -1, -1):
        right = tops[j] - INSET + widths[j] + GAP
        level = {s: 1 + max([lv for x, side, lv in placed if side == s and x < right], default=0) for s in (1, -1)}
        side = -last if level[1] == level[-1] else min(level, key=level.get)
        placed.append((xs[j], side, level[side]))
        sides.append(side)
        levels.append(level[side])
        last = side
    return sides[::-1], levels[::-1]


def _fit_height(fig: Figure, ax, box: Bbox, needed_px: float, least: float = 2.2) -> Bbox:
    """Make the figure as tall as it takes for the axes (now box) to be needed_px pixels high, at
    least least inches; returns the axes' new box."""
    for _ in range(3):
        if abs(box.height - needed_px) < 1 or (box.height > needed_px and fig.get_figheight() <= least):
            break
        fig.set_figheight(max(least, fig.get_figheight() + (needed_px - box.height) / fig.dpi))
        box = ax.get_window_extent(renderer(fig))
    return box


# --- memberships -------------------------------------------------------------------------------

@_styled("memberships")
def membership_gantt(memberships: pd.DataFrame, until: pd.Timestamp | None = None, title: str | None = None,
                     caption: str | None = None, alt: str | None = None, width: float = 11) -> Figure:
    """One bar per country and organisation from joining to leaving, coloured by country,
    labelled with the alliance type; observer periods (status 'observer') as thin, pale bars;
    ongoing memberships run to `until` (default: the latest event's date)."""
    rows = memberships.sort_values(["joined", "country"]).reset_index(drop=True)
    if until is None:
        until = tables()["events"]["date"].max()
    fig, ax = _new(width, shown_inches(34 * len(rows) + 150, width))
    observer = rows["status"].eq("observer") if "status" in rows else pd.Series(False, index=rows.index)
    for i, row in rows.iterrows():
        ongoing = pd.isna(row["left"])
        end = until if ongoing else row["left"]
        ax.barh(i, end - row["joined"], left=row["joined"], height=0.6 if not observer[i] else 0.3,
                color=COUNTRY_COLOURS[row["country"]], alpha=0.45 if observer[i] else 1.0,
                edgecolor="black", linewidth=0.5, hatch="//" if ongoing else None)
        kind = plain(row["type"]).replace("_", "-")
        ax.annotate(f" {'observer' if observer[i] else kind}", (end, i), va="center")
    start = rows["joined"].min()
    ax.set_xlim(start - (until - start) * 0.02, until + (until - start) * 0.12)
    ax.set_yticks(range(len(rows)), [f"{plain(r.short_name)} ({COUNTRY_NAMES[r.country]}"
                                     + (", observer)" if observer[i] else ")") for i, r in enumerate(rows.itertuples())])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    handles = [Patch(facecolor=COUNTRY_COLOURS[code], edgecolor="black", label=name)
               for code, name in COUNTRY_NAMES.items() if code in set(rows["country"])]
    if observer.any():
        handles.append(Patch(facecolor="#999999", alpha=0.45, edgecolor="black", label="observer (thin, pale bar)"))
    if rows["left"].isna().any():
        handles.append(Patch(facecolor="white", edgecolor="black", hatch="//", label=f"still a member ({until.year})"))
    legend_below(fig, handles)
    if alt is None:
        alt = f"Gantt chart of {len(rows)} memberships. " + describe([_membership(r) for r in rows.itertuples()])
    return finish_figure(fig, ax, cite.sources_of(rows), title, caption, alt, table="memberships")


def _membership(r) -> str:
    """'Iran in CENTO (entente) from 1955 to 1979' for the alt text."""
    kind = "observer" if getattr(r, "status", "member") == "observer" else plain(r.type).replace("_", "-")
    text = f"{COUNTRY_NAMES[r.country]} in {plain(r.short_name)}" + (f" ({kind})" if kind else "")
    text += f" from {plain(r.joined_label)}" if plain(r.joined_label) else ""
    left = plain(r.left_label) or (str(r.left.year) if plain(r.left) else "")
    return text + (f" to {left}" if left else ", still a member" if kind != "observer" else ", still an observer")


# --- yearly score ------------------------------------------------------------------------------

@_styled("scored events")
def score_line(scores: pd.DataFrame, column: str = "score", eras: list[tuple[int, int, str]] | None = None,
               annotate: pd.DataFrame | None = None, title: str | None = None, caption: str | None = None,
               alt: str | None = None, width: float = 11) -> Figure:
    """A yearly score (from bilateral_score or arena_score) as a line, eras shaded and named in rows
    along the top, events annotated where their labels touch neither each other nor the eras' names."""
    fig, ax = _new(width, shown_inches(430, width))
    series = scores[column]
    ax.axhline(0, color="black", linewidth=0.8)
    ax.plot(series.index, series.values, color=colour_for(0), linewidth=1.5)
    busy = scores["events"] > 0 if "events" in scores.columns else series.notna()
    ax.plot(series.index[busy], series[busy], color=colour_for(0), marker="o", markersize=4, linestyle="none")
    ax.set_xlabel("year")
    ax.set_ylabel("sum of Goldstein weights" if column == "score" else column)
    ax.set_xlim(series.index.min() - 1, series.index.max() + 1)
    if title:
        fit_title(fig, ax, title)
    taken = _eras(fig, ax, eras or [], series)
    sources = cite.sources_of(scores)
    shown = pd.DataFrame()
    if annotate is not None and len(annotate):
        shown = annotate[annotate["year"].isin(series.index)]
        _annotate_years(fig, ax, shown, series, taken)
        sources += cite.sources_of(shown)
    if alt is None:
        alt = _score_alt(series, busy, eras or [], shown)
    return finish_figure(fig, ax, list(dict.fromkeys(sources)), title, caption, alt)


def _eras(fig: Figure, ax, eras: list[tuple[int, int, str]], series: pd.Series) -> list[Bbox]:
    """Shade the eras, name them in as many rows along the top as keep the names apart, and leave
    headroom above the line for them. Returns the names' boxes."""
    names = []
    for k, (start, end, label) in enumerate(eras):
        ax.axvspan(start - 0.5, end + 0.5, color=colour_for(k + 4), alpha=0.12, linewidth=0)
        names.append(ax.annotate(label, ((start + end) / 2, 1), xycoords=("data", "axes fraction"),
                                 xytext=(0, -3), textcoords="offset points", ha="center", va="top",
                                 color="#333333", in_layout=False))
    measure = renderer(fig)
    frame = ax.get_window_extent(measure)
    boxes = [text_box(t, measure) for t in names]
    shifts = [min(0, frame.x1 - 3 - b.x1) or max(0, frame.x0 + 3 - b.x0) for b in boxes]
    rows = _rows([(b.x0 + dx, b.x1 + dx) for b, dx in zip(boxes, shifts)])
    line = max([b.height for b in boxes], default=0) + 4
    for t, dx, row in zip(names, shifts, rows):
        t.set_position((dx * 72 / fig.dpi, (-3 - row * line) * 72 / fig.dpi))
    band = (max(rows, default=-1) + 1) * line + 8
    _headroom(fig, ax, series, band)
    measure = renderer(fig)
    return [text_box(t, measure) for t in names]


def _rows(spans: list[tuple[float, float]], gap: float = 8) -> list[int]:
    """Row of each horizontal span: the first row in which it keeps gap pixels from the others.

    >>> _rows([(0, 100), (90, 200), (210, 300)])
    [0, 1, 0]
    """
    ends: list[float] = []
    rows = []
    for x0, x1 in spans:
        row = next((r for r, end in enumerate(ends) if end + gap <= x0), len(ends))
        if row == len(ends):
            ends.append(x1)
        else:
            ends[row] = x1
        rows.append(row)
    return rows


def _headroom(fig: Figure, ax, series: pd.Series, band_px: float) -> None:
    """Y limits that keep band_px pixels at the top free of the line."""
    low, high = min(series.min(), 0), max(series.max(), 0)
    margin = (high - low) * 0.05 or 1
    low, high = low - margin, high + margin
    height = ax.get_window_extent(renderer(fig)).height
    share = min(band_px / height, 0.6)
    ax.set_ylim(low, low + (high - low) / (1 - share))


def _annotate_years(fig: Figure, ax, notes: pd.DataFrame, series: pd.Series, taken: list[Bbox]) -> None:
    """Label each noted event near its year's point, with a leader line, where the label lies
    inside the axes and clear of the eras' names, the other labels and the year markers."""
    measure = renderer(fig)
    bounds = ax.get_window_extent(measure).shrunk(1, 1).padded(-3)
    points_px = ax.transData.transform(np.column_stack([series.index, series.fillna(0).values]))
    taken = taken + [Bbox.from_extents(x - 4, y - 4, x + 4, y + 4) for x, y in points_px]
    for n, row in enumerate(notes.itertuples()):
        point = (row.year, float(series.get(row.year, 0.0)))
        text = ax.annotate(textwrap.fill(plain(row.title), 24), point, xytext=(0, 0), textcoords="offset points",
                           ha="center", va="center", bbox=LABEL_BOX, arrowprops=LEADER, in_layout=False)
        size = text_box(text, measure).size
        anchor = ax.transData.transform(point)
        spot = free_spot(size, anchor, _up_or_down(size, n % 2 == 0), taken, bounds)
        if spot is None:
            spot = (0, size[1], None)
        put_label(text, spot[:2], leader=True)
        taken.append(spot[2] or text_box(text, renderer(fig)))


def _up_or_down(size: tuple[float, float], up_first: bool) -> list[tuple[float, float]]:
    """Offsets above and below a point, nearest first, further out and shifted sideways in steps."""
    w, h = size
    signs = (1, -1) if up_first else (-1, 1)
    offsets = [(shift * w, sign * (r + h / 2)) for r in range(24, 400, 12)
               for shift in (0, -0.5, 0.5, -1, 1, -1.5, 1.5) for sign in signs]
    return sorted(offsets, key=lambda o: np.hypot(o[0], o[1] - np.sign(o[1]) * h / 2))


def _score_alt(series: pd.Series, busy: pd.Series, eras: list, notes: pd.DataFrame) -> str:
    """Alt text with the value of every year that has events and the labelled events."""
    valid = series.dropna()
    if not len(valid):
        return "Line chart of the yearly cooperation-conflict score: no events in the period."
    years = [f"{year}: {number(v)}" for year, v in series[busy].dropna().items()]
    text = (f"Line chart of the yearly cooperation-conflict score (sum of Goldstein weights) from "
            f"{valid.index.min()} to {valid.index.max()}. Years with recorded events and their scores: "
            + "; ".join(years) + ". Every other year scores 0.")
    if eras:
        text += " Eras shaded: " + "; ".join(f"{label} {a}–{b}" for a, b, label in eras) + "."
    if len(notes):
        text += " Labelled events: " + describe([f"{r.year}: {plain(r.title)}" for r in notes.itertuples()])
    return text


# --- bars --------------------------------------------------------------------------------------

@_styled("values")
def bars(frame: pd.DataFrame | pd.Series, title: str | None = None, ylabel: str = "", caption: str | None = None,
         alt: str | None = None, horizontal: bool = False, width: float = 9,
         colours: dict[str, str] | None = None) -> Figure:
    """Grouped bars: one group per row of frame, one bar per column (a Series is one column), each
    labelled with its value. Colour and hatching tell the columns apart; one column is one colour."""
    table = _numeric(frame.to_frame() if isinstance(frame, pd.Series) else frame)
    labels = [textwrap.fill(str(i), 40) for i in table.index]
    lines = max(label.count("\n") + 1 for label in labels)
    height = max(300, (16 * lines + 12) * len(table) + 150) if horizontal else 420
    fig, ax = _new(width, shown_inches(height, width))
    n = max(len(table.columns), 1)
    step = 0.8 / n
    handles = []
    for k, column in enumerate(table.columns):
        offsets = [p - 0.4 + step * (k + 0.5) for p in range(len(table))]
        draw = ax.barh if horizontal else ax.bar
        drawn = draw(offsets, table[column].fillna(0).values, step * 0.95, color=(colours or {}).get(column, colour_for(k)),
                     edgecolor="black", linewidth=0.5, hatch=HATCHES[k % len(HATCHES)], label=str(column))
        ax.bar_label(drawn, labels=[("" if plain(v) == "" else f"{v:,g}") for v in table[column]], padding=2)
        handles.append(drawn)
    _group_axis(ax, labels, ylabel, horizontal)
    _room_for_values(ax, table, horizontal)
    if table.size and np.allclose(np.nan_to_num(table.to_numpy(dtype=float)) % 1, 0):  # counts: whole ticks
        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    if title:
        fit_title(fig, ax, title)
    legend_below(fig, handles)
    if not horizontal:
        _fit_ticklabels(fig, ax)
    _drop_crowded_values(fig, ax)
    if alt is None:
        cells = [f"{i}: " + ", ".join(f"{c} {number(table.at[i, c])}" for c in table.columns) for i in table.index]
        alt = f"Bar chart of {ylabel or 'values'} for {len(table)} groups. " + describe(cells)
    return finish_figure(fig, ax, cite.sources_of(frame if isinstance(frame, pd.DataFrame) else table),
                         title, caption, alt, table=cite.table_of(frame))


def _group_axis(ax, labels: list[str], ylabel: str, horizontal: bool) -> None:
    positions = list(range(len(labels)))
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlabel(ylabel)
        ax.grid(axis="y", visible=False)
    else:
        ax.set_xticks(positions, labels)
        ax.set_ylabel(ylabel)
        ax.grid(axis="x", visible=False)


def _room_for_values(ax, table: pd.DataFrame, horizontal: bool) -> None:
    """Leave room past the longest bar for its value label."""
    values = table.to_numpy(dtype=float)
    top = np.nanmax(values) if table.size else 0
    bottom = min(np.nanmin(values), 0) if table.size else 0
    if top > 0 or bottom < 0:
        pad = (1.14 if horizontal else 1.1)
        (ax.set_xlim if horizontal else ax.set_ylim)(bottom * pad, max(top, 0) * pad)


def _fit_ticklabels(fig: Figure, ax) -> None:
    """Category labels under the bars: as they are, else on two lines, else turned upright."""
    texts = [t.get_text() for t in ax.get_xticklabels()]
    for attempt in ("flat", "wrapped", "upright"):
        if attempt == "wrapped":
            longest = max(len(t) for t in texts)
            ax.set_xticks(ax.get_xticks(), [textwrap.fill(t, max(4, longest // 2 + 1)) for t in texts])
        if attempt == "upright":
            ax.set_xticks(ax.get_xticks(), texts, rotation=90)
        measure = renderer(fig)  # one layout pass per attempt, not one per label
        boxes = [text_box(t, measure) for t in ax.get_xticklabels()]
        if not any(overlap(a, b, 0) for a, b in zip(boxes, boxes[1:])):
            return


def _drop_crowded_values(fig: Figure, ax) -> None:
    """Remove the bars' value labels when any two of them overlap (the alt text keeps the values)."""
    values = [t for t in ax.texts if t.get_text()]
    drawn = label_boxes(fig)  # one layout pass for every text
    boxes = [b for t, b in drawn if t in values]
    others = [b for t, b in drawn if t not in values]
    if any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] + others):
        for t in ax.texts:
            t.set_visible(False)


# --- values per source -------------------------------------------------------------------------

@_styled("reported numbers")
def compare_values(figures: pd.DataFrame, title: str | None = None, caption: str | None = None,
                   alt: str | None = None, width: float = 9) -> Figure:
    """One bar per source for a single subject and measure, each with its value: every value shown
    with its source, coloured by the kind of source (news, official, paper, …)."""
    rows = figures.reset_index(drop=True)
    labels = [cite.short_label(s) + (f" ({plain(n)})" if plain(n) else "") for s, n in zip(rows["source_id"], rows["note"])]
    shown = [textwrap.fill(textwrap.shorten(label, 120, placeholder=" …"), 44) for label in labels]
    lines = max(s.count("\n") + 1 for s in shown)
    fig, ax = _new(width, shown_inches(max(180, (16 * lines + 14) * len(rows) + 130), width))
    kinds = [_source_kind(s) for s in rows["source_id"]]
    order = list(dict.fromkeys(kinds))
    styles = {kind: (colour_for(k) if len(order) > 1 else colour_for(0), HATCHES[k % len(HATCHES)])
              for k, kind in enumerate(order)}
    ax.barh(range(len(rows)), rows["value"].fillna(0), color=[styles[k][0] for k in kinds],
            hatch=[styles[k][1] for k in kinds], edgecolor="black", linewidth=0.5)
    for k, value in enumerate(rows["value"]):
        ax.annotate(f" {number(value)}", (0 if plain(value) == "" else value, k), va="center")
    ax.set_yticks(range(len(rows)), shown)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, max(rows["value"].max(), 0) * 1.16 or 1)
    units = ", ".join(vocabulary.label(u, "unit") for u in dict.fromkeys(rows["unit"]) if plain(u))
    ax.set_xlabel(units)
    legend_below(fig, [Patch(facecolor=c, hatch=h, edgecolor="black", label=kind) for kind, (c, h) in styles.items()],
            "kind of source")
    if alt is None:
        items = [f"{label} ({kind}): {number(value)} {vocabulary.label(plain(unit), 'unit')}".strip()
                 for label, kind, value, unit in zip(labels, kinds, rows["value"], rows["unit"])]
        alt = f"Bar chart comparing {len(rows)} values as each source states them. " + describe(items)
    return finish_figure(fig, ax, cite.sources_of(rows), title, caption, alt, table="figures")


def _source_kind(source_id: str) -> str:
    """The kind of a source as sources.csv gives it ('news', 'official', …)."""
    kinds = tables()["sources"].set_index("id")["kind"]
    return plain(kinds.get(source_id)) or "unknown"


install_formatter()
