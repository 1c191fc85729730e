"""Places by id or name, and distances between them."""
from __future__ import annotations

import math

import pandas as pd

from .load import tables

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


def place(key: str) -> pd.Series:
    """The row of places.csv whose id or name is key."""
    frame = tables()["places"]
    found = frame[(frame["id"] == key) | (frame["name"] == key)]
    if found.empty:
        raise KeyError(f"no place with id or name {key!r} in places.csv")
    return found.iloc[0]


def distance_km(a: str, b: str) -> float:
    """Great-circle distance in kilometres between two places (ids or names), by the haversine formula.

    >>> round(distance_km("Islamabad", "Tehran"), -1) > 1000
    True
    """
    p, q = place(a), place(b)
    lat1, lat2 = math.radians(p["lat"]), math.radians(q["lat"])
    dlat, dlon = lat2 - lat1, math.radians(q["lon"] - p["lon"])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
