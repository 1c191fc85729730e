"""A map of places over the country outlines shipped in data/outlines.geojson (Natural Earth)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

from . import charts
from .display import ReportFigure
from .paths import data_dir
from .timespan import nothing
from .style import OKABE_ITO, RC, colour_for, marker_for

_FILL = {"PAK": "#e8f1f8", "IRN": "#fcf1dc", "AFG": "#f0f0f0"}


@lru_cache(maxsize=2)
def _outlines(folder: Path) -> dict:
    with open(folder / "outlines.geojson", encoding="utf-8") as fh:
        return json.load(fh)


def load_outlines() -> dict:
    """Country outlines (GeoJSON FeatureCollection with iso3 and name properties)."""
    return _outlines(data_dir())


def place_map(places: pd.DataFrame, roles: list[str] | None = None, title: str | None = None,
              caption: str | None = None, alt: str | None = None, width: float = 9) -> Figure:
    """Places as labelled markers over the outlines; marker by the first of `roles` a place has."""
    if charts.is_empty(places):
        return nothing("places")
    rows = places.reset_index(drop=True)
    order = roles or list(dict.fromkeys(r for rs in rows["roles"] for r in rs))
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(width, width * 0.8), layout="constrained", FigureClass=ReportFigure)
        for feature in load_outlines()["features"]:
            iso3 = feature["properties"]["iso3"]
            for polygon in feature["geometry"]["coordinates"]:
                ax.add_patch(Polygon(polygon[0], closed=True, facecolor=_FILL.get(iso3, "#f5f5f5"),
                                     edgecolor="#555555", linewidth=0.8))
            lon, lat = _label_point(feature)
            ax.annotate(feature["properties"]["name"].upper(), (lon, lat), ha="center", fontsize=11,
                        color="#777777", fontweight="bold")
        groups = [next((role for role in order if role in r), "other") for r in rows["roles"]]
        for k, role in enumerate(order + ["other"]):
            chosen = rows[[g == role for g in groups]]
            if len(chosen):
                ax.plot(chosen["lon"], chosen["lat"], linestyle="none", marker=marker_for(k), markersize=8,
                        color=colour_for(k), markeredgecolor="black", label=role.replace("_", " "))
        for row in rows.itertuples():
            ax.annotate(row.name, (row.lon, row.lat), xytext=(5, 4), textcoords="offset points", fontsize=8.5,
                        color=OKABE_ITO["black"])
        pad = 1.5
        ax.set_xlim(min(rows["lon"].min(), 60.5) - pad, max(rows["lon"].max(), 71.5) + pad)
        ax.set_ylim(min(rows["lat"].min(), 24.5) - pad, max(rows["lat"].max(), 35.5) + pad)
        ax.set_aspect(1 / 0.85)
        ax.set_xlabel("longitude (°E)")
        ax.set_ylabel("latitude (°N)")
        ax.legend(loc="lower left", title="role")
        if alt is None:
            items = [f"{r.name} ({r.country})" for r in rows.itertuples()]
            alt = (f"Map of {len(rows)} places over the outlines of Pakistan, Iran and Afghanistan: "
                   + charts.describe(items))
        return charts.finish_figure(fig, ax, list(dict.fromkeys(rows["source_id"])), title, caption, alt,
                              extra="Outlines: Natural Earth 1:50m (public domain).")


def _label_point(feature: dict) -> tuple[float, float]:
    """Centre of the bounding box of the feature's largest polygon."""
    largest = max(feature["geometry"]["coordinates"], key=lambda p: len(p[0]))[0]
    lons, lats = [p[0] for p in largest], [p[1] for p in largest]
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
