"""The house style: a colour-blind-safe palette (Okabe & Ito) and readable defaults."""
from __future__ import annotations

import matplotlib as mpl

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "sky_blue",
                                   "reddish_purple", "black", "yellow", "grey")]
COUNTRY_COLOURS = {"PAK": OKABE_ITO["blue"], "IRN": OKABE_ITO["orange"]}
COUNTRY_NAMES = {"PAK": "Pakistan", "IRN": "Iran"}
# Marker shapes repeat the colour coding so that no chart relies on colour alone.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h", "p"]

RC = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "svg.hashsalt": "pakiran",
}


def colour_for(index: int) -> str:
    """The palette's colour number index (cycling)."""
    return PALETTE[index % len(PALETTE)]


def marker_for(index: int) -> str:
    """The marker shape number index (cycling)."""
    return MARKERS[index % len(MARKERS)]

# Where the figures are read: the page's content is at most 62rem wide less 1.25rem padding each side
# (16 px a rem), and a PNG wider than that is scaled down to fit.
PAGE_WIDTH_PX = 62 * 16 - 2 * 20
MIN_TEXT_PX = 10
TEXT_PX = 11
TITLE_PX = 14
# bbox_inches="tight" adds this margin (inches) on each side of the saved PNG.
SAVE_PAD = 0.1


def shown_scale(width_px: float) -> float:
    """How much the page shrinks a PNG width_px wide: 1 when it fits."""
    return min(1.0, PAGE_WIDTH_PX / width_px)


def points(px: float, width: float, dpi: float = RC["figure.dpi"]) -> float:
    """The font size in points that shows px pixels high in a figure width inches wide.

    >>> round(points(10, 9), 1), round(points(10, 16), 1)
    (7.2, 12.3)
    """
    return px * 72 / (dpi * shown_scale((width + 2 * SAVE_PAD) * dpi))


def sized_rc(width: float) -> dict:
    """The house style with every font sized to show at TEXT_PX (titles TITLE_PX) on the page."""
    text, title = points(TEXT_PX, width), points(TITLE_PX, width)
    sizes = {key: text for key in ("font.size", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                                   "legend.fontsize", "legend.title_fontsize")}
    return {**RC, **sizes, "axes.titlesize": title}
