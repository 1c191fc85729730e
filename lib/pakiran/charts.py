"""Charts in the house style. Each prints a source line computed from the rows it drew,
carries alt text and a caption (``fig.pakiran``), and returns the matplotlib Figure."""
from __future__ import annotations

import functools
import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import citations as cite
from .display import ReportFigure, install_formatter
from .load import tables
from .timespan import nothing
from .style import COUNTRY_COLOURS, COUNTRY_NAMES, RC, colour_for, marker_for


def finish_figure(fig: Figure, ax, source_ids: list[str], title: str | None, caption: str | None, alt: str,
                  extra: str = "") -> Figure:
    """The last step of every chart: set the title, attach alt text, caption and the source line
    (shown once, under the caption), and close the figure so that it shows only where returned."""
    if title:
        ax.set_title(title, loc="left")
    line = cite.source_line(source_ids) + (f" {extra}" if extra else "")
    fig.pakiran = {"alt": alt, "caption": caption or title or "", "sources": source_ids, "source_line": line}
    plt.close(fig)
    return fig


def _new(width: float, height: float):
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained", FigureClass=ReportFigure)
    return fig, ax


def is_empty(data) -> bool:
    """True when a chart or table would have nothing to show: no rows, or no non-zero number."""
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    if len(frame) == 0:
        return True
    numbers = _numeric(frame)
    aggregate = set(frame.columns) - set(numbers.columns) <= {"source_ids"}
    return aggregate and not numbers.fillna(0).to_numpy().any()


def _styled(what: str):
    """Run a drawing function with the house style's rcParams; with nothing to draw, return the
    sentence of :func:`pakiran.nothing` instead (its ``empty=`` argument names what is missing)."""
    def decorate(draw):
        @functools.wraps(draw)
        def wrapper(data, *args, empty: str = what, **kwargs):
            if is_empty(data):
                return nothing(empty)
            with plt.rc_context(RC):
                return draw(data, *args, **kwargs)
        return wrapper
    return decorate


def describe(items: list[str]) -> str:
    """Every item of an alt text, joined: '1950: Treaty; 1955: Pact.'

    >>> describe(["1950: treaty of friendship", "1955: Baghdad Pact"])
    '1950: treaty of friendship; 1955: Baghdad Pact.'
    """
    return "; ".join(items) + ("." if items else "")


def _numeric(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns of frame that hold numbers (not the source_ids that travel with aggregates)."""
    return frame[[c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]]


@_styled("events")
def timeline(events: pd.DataFrame, title: str | None = None, caption: str | None = None,
             alt: str | None = None, width: float = 12, wrap: int = 26, pad_days: int | None = None) -> Figure:
    """Events on a time axis, each labelled with its date and title, markers by first theme.

    pad_days sets the empty margin at each end (default: 6 % of the span, at least 30 days).
    """
    events = events.sort_values("date").reset_index(drop=True)
    fig, ax = _new(width, 6.5)
    themes = list(dict.fromkeys(t[0] for t in events["themes"]))
    levels = [1, -1, 2, -2, 3, -3]
    for i, row in events.iterrows():
        level = levels[i % len(levels)]
        k = themes.index(row["themes"][0])
        ax.vlines(row["date"], 0, level, color="#999999", linewidth=0.8)
        ax.plot(row["date"], 0, marker=marker_for(k), color=colour_for(k), markersize=8,
                markeredgecolor="black", linestyle="none")
        text = row["date_label"] + "\n" + textwrap.fill(row["title"], wrap)
        ax.annotate(text, (row["date"], level), xytext=(0, 3 if level > 0 else -3), textcoords="offset points",
                    ha="center", va="bottom" if level > 0 else "top", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#cccccc", "lw": 0.5})
    for k, theme in enumerate(themes):
        ax.plot([], [], marker=marker_for(k), color=colour_for(k), markeredgecolor="black",
                linestyle="none", label=theme.replace("_", " "))
    ax.axhline(0, color="black", linewidth=1)
    ax.set_ylim(-4.2, 4.2)
    ax.yaxis.set_visible(False)
    ax.spines[["left"]].set_visible(False)
    ax.grid(False)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=12))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    if len(events):
        span = events["date"].max() - events["date"].min()
        pad = pd.Timedelta(days=pad_days) if pad_days is not None else max(pd.Timedelta(days=30), span * 0.06)
        ax.set_xlim(events["date"].min() - pad, events["date"].max() + pad)
    ax.legend(title="first theme", loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    if alt is None:
        span = f"{events['date_label'].iloc[0]} to {events['date_label'].iloc[-1]}" if len(events) else "no dates"
        items = [f"{d}: {t}" for d, t in zip(events["date_label"], events["title"])]
        alt = f"Timeline of {len(events)} events from {span}. " + describe(items)
    return finish_figure(fig, ax, cite.sources_of(events), title, caption, alt)


@_styled("memberships")
def membership_gantt(memberships: pd.DataFrame, until: pd.Timestamp | None = None, title: str | None = None,
                     caption: str | None = None, alt: str | None = None, width: float = 11) -> Figure:
    """One bar per country and organisation from joining to leaving, coloured by country,
    labelled with the alliance type; ongoing memberships run to `until` (default: the latest event's date)."""
    rows = memberships.sort_values(["joined", "country"]).reset_index(drop=True)
    if until is None:
        until = tables()["events"]["date"].max()
    fig, ax = _new(width, 0.42 * len(rows) + 1.6)
    for i, row in rows.iterrows():
        end = row["left"] if pd.notna(row["left"]) else until
        ongoing = pd.isna(row["left"])
        ax.barh(i, end - row["joined"], left=row["joined"], height=0.6, color=COUNTRY_COLOURS[row["country"]],
                edgecolor="black", linewidth=0.5, hatch="//" if ongoing else None)
        ax.annotate(f" {row['type'].replace('_', '-')}", (end, i), va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), [f"{r.short_name} ({COUNTRY_NAMES[r.country]})" for r in rows.itertuples()])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    handles = [Patch(facecolor=COUNTRY_COLOURS[code], edgecolor="black", label=name)
               for code, name in COUNTRY_NAMES.items()]
    handles.append(Patch(facecolor="white", edgecolor="black", hatch="//", label=f"still a member ({until.year})"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_axisbelow(True)
    if alt is None:
        items = [f"{COUNTRY_NAMES[r.country]} in {r.short_name} ({r.type.replace('_', '-')}) from {r.joined_label}"
                 + (f" to {r.left_label}" if r.left_label else ", still a member") for r in rows.itertuples()]
        alt = f"Gantt chart of {len(rows)} memberships. " + describe(items)
    return finish_figure(fig, ax, cite.sources_of(rows), title, caption, alt)


@_styled("scored events")
def score_line(scores: pd.DataFrame, column: str = "score", eras: list[tuple[int, int, str]] | None = None,
               annotate: pd.DataFrame | None = None, title: str | None = None, caption: str | None = None,
               alt: str | None = None, width: float = 11) -> Figure:
    """Yearly cooperation-conflict score (from yearly_score) as a line, eras shaded, events annotated."""
    fig, ax = _new(width, 4.8)
    series = scores[column]
    for k, (start, end, label) in enumerate(eras or []):
        ax.axvspan(start - 0.5, end + 0.5, color=colour_for(k + 4), alpha=0.12, linewidth=0)
        ax.annotate(label, ((start + end) / 2, 0.98), xycoords=("data", "axes fraction"), ha="center",
                    va="top", fontsize=8, color="#333333")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.plot(series.index, series.values, color=colour_for(0), linewidth=1.5)
    if "events" in scores.columns:
        busy = scores["events"] > 0
        ax.plot(series.index[busy], series[busy], color=colour_for(0), marker="o", markersize=4, linestyle="none",
                label="year with recorded events")
        ax.legend(loc="lower left")
    sources = cite.sources_of(scores)
    if annotate is not None and len(annotate):
        annotate = annotate[annotate["year"].isin(series.index)]
        for n, row in enumerate(annotate.itertuples()):
            y = series.get(row.year, 0.0)
            ax.annotate(textwrap.fill(row.title, 22), (row.year, y), xytext=(0, 28 if n % 2 == 0 else -28),
                        textcoords="offset points", ha="center", fontsize=7.5, va="center",
                        arrowprops={"arrowstyle": "-", "color": "#666666", "lw": 0.6},
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#cccccc", "lw": 0.5})
        sources += cite.sources_of(annotate)
    ax.set_xlabel("year")
    ax.set_ylabel("sum of Goldstein weights" if column == "score" else column)
    if alt is None:
        valid = series.dropna()
        if len(valid):
            alt = (f"Line chart of the yearly cooperation-conflict score from {valid.index.min()} to "
                   f"{valid.index.max()}; highest {valid.max():g} in {valid.idxmax()}, lowest {valid.min():g} "
                   f"in {valid.idxmin()}.")
        else:
            alt = "Line chart of the yearly cooperation-conflict score: no events in the period."
    return finish_figure(fig, ax, list(dict.fromkeys(sources)), title, caption, alt)


@_styled("values")
def bars(frame: pd.DataFrame | pd.Series, title: str | None = None, ylabel: str = "", caption: str | None = None,
         alt: str | None = None, horizontal: bool = False, width: float = 9,
         colours: dict[str, str] | None = None) -> Figure:
    """Grouped bars: one group per row of frame, one bar per column (a Series is one column)."""
    table = _numeric(frame.to_frame() if isinstance(frame, pd.Series) else frame)
    fig, ax = _new(width, max(3.5, 0.35 * len(table) + 1.5) if horizontal else 4.5)
    n = max(len(table.columns), 1)
    step = 0.8 / n
    positions = range(len(table))
    for k, column in enumerate(table.columns):
        offsets = [p - 0.4 + step * (k + 0.5) for p in positions]
        colour = (colours or {}).get(column, colour_for(k))
        draw = ax.barh if horizontal else ax.bar
        draw(offsets, table[column].values, step * 0.95, color=colour, edgecolor="black", linewidth=0.5,
             hatch=[None, "//", "..", "xx"][k % 4], label=str(column))
    labels = [str(i) for i in table.index]
    if horizontal:
        ax.set_yticks(list(positions), labels)
        ax.invert_yaxis()
        ax.set_xlabel(ylabel)
        ax.grid(axis="y", visible=False)
    else:
        ax.set_xticks(list(positions), labels, rotation=0 if len(labels) < 9 else 45,
                      ha="center" if len(labels) < 9 else "right")
        ax.set_ylabel(ylabel)
        ax.grid(axis="x", visible=False)
    if n > 1:
        ax.legend()
    if alt is None:
        cells = [f"{i}: " + ", ".join(f"{c} {table.at[i, c]:g}" for c in table.columns) for i in table.index]
        alt = f"Bar chart of {ylabel or 'values'} for {len(table)} groups. " + describe(cells)
    return finish_figure(fig, ax, cite.sources_of(frame if isinstance(frame, pd.DataFrame) else table),
                         title, caption, alt)


@_styled("reported numbers")
def compare_values(figures: pd.DataFrame, title: str | None = None, caption: str | None = None,
                   alt: str | None = None, width: float = 9) -> Figure:
    """One bar per source for a single subject and measure: every value shown with its source."""
    rows = figures.reset_index(drop=True)
    labels = [f"{cite.short_label(s)}" + (f" ({n})" if isinstance(n, str) and n else "")
              for s, n in zip(rows["source_id"], rows["note"].fillna(""))]
    fig, ax = _new(width, max(2.5, 0.45 * len(rows) + 1.4))
    ax.barh(range(len(rows)), rows["value"], color=[colour_for(k) for k in range(len(rows))],
            edgecolor="black", linewidth=0.5)
    for k, value in enumerate(rows["value"]):
        ax.annotate(f" {value:,g}", (value, k), va="center", fontsize=9)
    ax.set_yticks(range(len(rows)), [textwrap.shorten(label, 60) for label in labels])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    units = ", ".join(dict.fromkeys(rows["unit"]))
    ax.set_xlabel(units)
    if alt is None:
        items = [f"{label}: {value:,g} {unit}" for label, value, unit in zip(labels, rows["value"], rows["unit"])]
        alt = f"Bar chart comparing {len(rows)} values as each source states them. " + describe(items)
    return finish_figure(fig, ax, cite.sources_of(rows), title, caption, alt)


install_formatter()
