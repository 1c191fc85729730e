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
