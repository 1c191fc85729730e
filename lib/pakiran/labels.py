"""Human labels for the codes in the data ('military_action' → 'Military action').

The labels live in the data package itself, as each coded field's ``categories`` (a list of
``{"value": code, "label": text}``, as in Table Schema v2), so that R or spreadsheet users read
the same words as the reports.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import data_dir


@lru_cache(maxsize=4)
def _by_field(folder: Path, stamp: float) -> dict[tuple[str, str], dict[str, str]]:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    found = {}
    for resource in descriptor.get("resources", []):
        for field in resource.get("schema", {}).get("fields", []):
            categories = field.get("categories") or []
            found[(resource["name"], field["name"])] = {
                c["value"]: c.get("label", c["value"]) for c in categories if isinstance(c, dict)}
    return found


def field_labels(resource: str, field: str) -> dict[str, str]:
    """Code → label for one field of one table; empty if the field has no labels.

    >>> field_labels("events", "kind")["military_action"]
    'Military action'
    """
    folder = data_dir()
    return _by_field(folder, (folder / "datapackage.json").stat().st_mtime).get((resource, field), {})


def column_labels() -> dict[str, dict[str, str]]:
    """Code → label for every coded column name, gathered over all tables.

    A column name used by several tables (``kind``, ``unit``) gets the labels of all of them.
    """
    folder = data_dir()
    merged: dict[str, dict[str, str]] = {}
    for (_, field), labels in _by_field(folder, (folder / "datapackage.json").stat().st_mtime).items():
        merged.setdefault(field, {}).update(labels)
    return merged


def label(code, column: str) -> str:
    """The label of one code in a column; the code itself if it has none.

    >>> label("usd_billion", "unit"), label("PAK", "country")
    ('US$ billion', 'Pakistan')
    """
    return column_labels().get(column, {}).get(str(code), str(code))


def with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of frame whose coded columns show labels; lists of codes become '; '-joined labels."""
    known = column_labels()
    out = frame.copy()
    for column in out.columns:
        labels = known.get(column)
        if not labels:
            continue
        out[column] = [("; ".join(labels.get(str(c), str(c)) for c in v) if isinstance(v, tuple)
                        else labels.get(str(v), v) if isinstance(v, str) or pd.notna(v) else v)
                       for v in out[column].astype(object)]
    return out
