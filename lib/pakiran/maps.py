"""A map of places over the country outlines shipped in data/outlines.geojson (Natural Earth)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.transforms import Bbox

from . import charts
from .display import ReportFigure
from .paths import data_dir
from .timespan import nothing
from .style import OKABE_ITO, colour_for, marker_for, points, sized_rc

_FILL = {"PAK": "#e8f1f8", "IRN": "#fcf1dc", "AFG": "#f0f0f0"}
MARKER_PX = 11  # a marker's width on the page, in pixels


@lru_cache(maxsize=2)
def _outlines(folder: Path) -> dict:
    with open(folder / "outlines.geojson", encoding="utf-8") as fh:
        return json.load(fh)


def load_outlines() -> dict:
    """Country outlines (GeoJSON FeatureCollection with iso3 and name properties)."""
    return _outlines(data_dir())


def place_map(places: pd.DataFrame, roles: list[str] | None = None, title: str | None = None,
              caption: str | None = None, alt: str | None = None, width: float = 9) -> Figure:
    """Places as labelled markers over the outlines; marker by the first of `roles` a place has.

    Labels sit beside their marker, or further out with a leader line, inside the frame and clear
    of every other label and marker; the legend sits under the map."""
    if charts.is_empty(places):
        return nothing("places")
    rows = places.reset_index(drop=True)
    order = roles or list(dict.fromkeys(r for rs in rows["roles"] for r in rs))
    with plt.rc_context(sized_rc(width)):
        fig, ax = plt.subplots(figsize=(width, width), layout="constrained", FigureClass=ReportFigure)
        _draw_outlines(ax)
        handles = _draw_markers(ax, rows, order)
        _frame(ax, rows)
        fig.set_figheight((width - charts.shown_inches(70, width)) * _height_per_width(ax) + charts.shown_inches(120, width))
        ax.set_xlabel("longitude (°E)")
        ax.set_ylabel("latitude (°N)")
        charts.legend_below(fig, handles, "role")
        if title:
            charts.fit_title(fig, ax, title)
        _label_places(fig, ax, rows)
        if alt is None:
            items = [f"{r.name} ({r.country}, {_role_of(r.roles, order).replace('_', ' ')})" for r in rows.itertuples()]
            alt = (f"Map of {len(rows)} places over the outlines of Pakistan, Iran and Afghanistan: "
                   + charts.describe(items))
        return charts.finish_figure(fig, ax, list(dict.fromkeys(rows["source_id"])), title, caption, alt,
                                    extra="Outlines: Natural Earth 1:50m (public domain).")


def _draw_outlines(ax) -> None:
    for feature in load_outlines()["features"]:
        iso3 = feature["properties"]["iso3"]
        for polygon in feature["geometry"]["coordinates"]:
            ax.add_patch(Polygon(polygon[0], closed=True, facecolor=_FILL.get(iso3, "#f5f5f5"),
                                 edgecolor="#555555", linewidth=0.8))


def _role_of(roles: tuple, order: list[str]) -> str:
    return next((role for role in order if role in roles), "other")


def _draw_markers(ax, rows: pd.DataFrame, order: list[str]) -> list[Line2D]:
    """One marker line per role (shape and colour both tell the role); returns the legend handles."""
    groups = [_role_of(r, order) for r in rows["roles"]]
    handles = []
    for k, role in enumerate(order + ["other"]):
        chosen = rows[[g == role for g in groups]]
        if len(chosen):
            handles += ax.plot(chosen["lon"], chosen["lat"], linestyle="none", marker=marker_for(k), markersize=8,
                               color=colour_for(k), markeredgecolor="black", zorder=3,
                               label="other place" if role == "other" else role.replace("_", " "))
    return handles


def _frame(ax, rows: pd.DataFrame, pad: float = 1.5) -> None:
    """Limits that hold every place and the three countries, with a margin."""
    ax.set_xlim(min(rows["lon"].min(), 60.5) - pad, max(rows["lon"].max(), 71.5) + pad)
    ax.set_ylim(min(rows["lat"].min(), 24.5) - pad, max(rows["lat"].max(), 35.5) + pad)
    ax.set_aspect(1 / 0.85)


def _height_per_width(ax) -> float:
    """The map's height over its width at the axes' aspect."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return (y1 - y0) * ax.get_aspect() / (x1 - x0)


def _label_places(fig: Figure, ax, rows: pd.DataFrame) -> None:
    """Name each place beside its marker (then the countries in the space left), inside the frame
    and clear of every marker and label: most crowded places first, each at the first free spot."""
    measure = charts.renderer(fig)
    bounds = ax.get_window_extent(measure).padded(-4)
    xy = ax.transData.transform(rows[["lon", "lat"]].to_numpy(dtype=float))
    half = MARKER_PX / 2
    taken = [Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in xy]
    crowd = [(-int((np.hypot(*(xy - p).T) < 80).sum()), i) for i, p in enumerate(xy)]
    for _, i in sorted(crowd):
        text = ax.annotate(rows.at[i, "name"], tuple(rows.loc[i, ["lon", "lat"]]), xytext=(0, 0),
                           textcoords="offset points", ha="center", va="center", color=OKABE_ITO["black"],
                           arrowprops=charts.LEADER, in_layout=False, zorder=4)
        _settle(text, xy[i], taken, bounds, measure, charts.around)
    for name, (lon, lat) in _countries(ax):
        text = ax.annotate(name, (lon, lat), xytext=(0, 0), textcoords="offset points", ha="center",
                           va="center", fontsize=points(13, fig.get_figwidth()), color="#777777",
                           fontweight="bold", in_layout=False, zorder=2)
        _settle(text, ax.transData.transform((lon, lat)), taken, bounds, measure, _nearby)


def _settle(text, anchor, taken: list[Bbox], bounds: Bbox, measure, offsets) -> None:
    """Put text at the first free offset around anchor (or hide it when there is none)."""
    size = charts.text_box(text, measure).size
    spot = charts.free_spot(size, anchor, offsets(size), taken, bounds)
    if spot is None:
        text.set_visible(False)
        return
    dx, dy, box = spot
    near = abs(dx) <= size[0] / 2 + 4 and abs(dy) <= size[1] / 2 + 4
    charts.put_label(text, (dx, dy), leader=not near)
    taken.append(box)


def _nearby(size: tuple[float, float]):
    """Offsets for a country's name: its centre first, then further and further around it."""
    yield 0, 0
    for r in range(10, 200, 10):
        for ux, uy in ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1)):
            yield ux * r, uy * r


def _countries(ax):
    """Each outline's name in capitals at its label point, when that point is on the map."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for feature in load_outlines()["features"]:
        lon, lat = _label_point(feature)
        if x0 < lon < x1 and y0 < lat < y1:
            yield feature["properties"]["name"].upper(), (lon, lat)


def _label_point(feature: dict) -> tuple[float, float]:
    """Centre of the bounding box of the feature's largest polygon."""
    largest = max(feature["geometry"]["coordinates"], key=lambda p: len(p[0]))[0]
    lons, lats = [p[0] for p in largest], [p[1] for p in largest]
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
