"""Derive data/outlines.geojson: country outlines for the region, from Natural Earth 1:50m.

Input: countries-50m.json from the npm package world-atlas 2.0.2 (Natural Earth 1:50m admin-0
countries as TopoJSON; get it with `npm pack world-atlas@2.0.2` and unpack the tarball).
Usage: python scripts/extract_outlines.py path/to/countries-50m.json > data/outlines.geojson
Natural Earth is in the public domain; world-atlas is ISC-licensed (see data/LICENSE.md).
"""
from __future__ import annotations

import json
import sys

# ISO 3166-1 numeric id in world-atlas -> alpha-3 used by the data package.
REGION = {"586": "PAK", "364": "IRN", "004": "AFG"}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points for every arc of a quantised, delta-encoded topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list) -> list[tuple[float, float]]:
    """Join arcs into one closed ring; a negative index ~i means arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def feature(geometry: dict, arcs: list) -> dict:
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    else:
        polygons = geometry["arcs"]
    coordinates = [[ring(r, arcs) for r in polygon] for polygon in polygons]
    return {"type": "Feature",
            "properties": {"iso3": REGION[geometry["id"]], "name": geometry["properties"]["name"]},
            "geometry": {"type": "MultiPolygon", "coordinates": coordinates}}


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        topology = json.load(fh)
    arcs = decode_arcs(topology)
    geometries = [g for g in topology["objects"]["countries"]["geometries"] if g.get("id") in REGION]
    collection = {"type": "FeatureCollection",
                  "features": [feature(g, arcs) for g in sorted(geometries, key=lambda g: REGION[g["id"]])]}
    json.dump(collection, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
