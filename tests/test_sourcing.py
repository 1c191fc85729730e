"""Sourcing of turning points: every event that a report's timeline labels (or its score chart names) has
at least two independent sources, that is sources of two different publishers, not counting mirrors.

The turning points are read from the notebooks' code, not listed here: the id lists that reach
``pk.timeline(...)``, ``pk.turning_points(...)`` or the ``annotate=`` of ``pk.score_line(...)``, directly
or through the names and ``query("id in @NAME")`` strings they are built from.
"""
from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import pakiran as pk
from pakiran import load

from conftest import REPO
from factory import read_csv, reported, set_cell

NOTEBOOKS = REPO / "notebooks"
LABELLING = {"timeline", "turning_points"}  # pk functions whose first argument is labelled event by event
KEY = re.compile(r"^[0-9]{4}(-[0-9]{2}){0,2}-[a-z0-9][a-z0-9-]*$")  # an event id or key, not a theme name
QUERY_NAME = re.compile(r"@([A-Za-z_]\w*)")


def _strings(node: ast.AST) -> list[str] | None:
    """The strings of a literal list or tuple of strings, or of '''...'''.split(); else None."""
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return [e.value for e in node.elts]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        return node.func.value.value.split()
    return None


def _names(node: ast.AST) -> set[str]:
    """Names an expression reads, including @NAME inside query strings."""
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.add(sub.id)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            found.update(QUERY_NAME.findall(sub.value))
    return found


def labelled_keys(notebook: Path) -> list[str]:
    """Event ids or keys of a notebook's timelines and score-chart annotations, in no particular order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    trees = [ast.parse("".join(c["source"])) for c in cells if c["cell_type"] == "code"
             and not "".join(c["source"]).lstrip().startswith(("%", "!"))]
    assigned: dict[str, list[ast.AST]] = {}
    todo: list[ast.AST] = []
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            assigned.setdefault(name.id, []).append(node.value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and isinstance(node.func.value, ast.Name) and node.func.value.id == "pk"):
                if node.func.attr in LABELLING:
                    todo += node.args[:1]
                elif node.func.attr == "score_line":
                    todo += [k.value for k in node.keywords if k.arg == "annotate"]
    keys, seen = [], set()
    while todo:
        node = todo.pop()
        for sub in ast.walk(node):
            keys += _strings(sub) or []
        for name in _names(node) - seen:
            seen.add(name)
            todo += assigned.get(name, [])
    return [k for k in keys if KEY.match(k)]


def report_notebooks() -> list[Path]:
    reports = tomllib.loads((NOTEBOOKS / "reports.toml").read_text(encoding="utf-8"))["report"]
    return [NOTEBOOKS / r["notebook"] for r in reports]


def turning_points() -> dict[str, list[str]]:
    """Event id -> the notebooks whose timeline labels it (or whose score chart names it)."""
    points: dict[str, list[str]] = {}
    for notebook in report_notebooks():
        for event_id in pk.ids_by_key(sorted(set(labelled_keys(notebook)))):
            points.setdefault(event_id, []).append(notebook.name)
    return points


def independent_publishers(event_id: str, sources: pd.DataFrame, links: pd.DataFrame) -> set[str]:
    """Publishers of the event's sources, mirrors left out: two sources of one publisher count once, and
    a copy of a publication on another site (sources.csv: mirror_of) does not count at all."""
    cited = sources[sources["id"].isin(links.loc[links["event_id"] == event_id, "source_id"])]
    originals = cited[cited["mirror_of"].fillna("").astype(str) == ""]
    return {str(p or i).strip().casefold() for p, i in zip(originals["publisher"].fillna(""), originals["id"])}


POINTS = turning_points()


def test_turning_points_are_read_from_every_kind_of_chart():
    by_report = {name for names in POINTS.values() for name in names}
    charted = {nb.name for nb in report_notebooks()
               if re.search(r"pk\.(timeline|turning_points)\(|annotate=", nb.read_text(encoding="utf-8"))}
    assert by_report == charted
    assert len(POINTS) >= 50


def test_labelled_keys_follow_names_queries_and_split_strings(tmp_path):
    code = ['A = ["2001-01-01-a", "2002-b"]\nB = """2003-03-c 2004-d""".split()\nTHEMES = ["energy"]',
            'x = events.query("id in @A")\ny = events[events["id"].isin(B)]\nz = pk.find_events(THEMES)',
            'pk.timeline(x)\npk.score_line(s, annotate=y)\npk.timeline(z)\npk.chronicle(["2005-e"])']
    nb = tmp_path / "n.ipynb"
    nb.write_text(json.dumps({"cells": [{"cell_type": "code", "source": c} for c in code]}), encoding="utf-8")
    assert sorted(labelled_keys(nb)) == ["2001-01-01-a", "2002-b", "2003-03-c", "2004-d"]


@pytest.mark.parametrize("event_id", sorted(POINTS))
def test_turning_point_has_two_independent_sources(event_id):
    sources, links = pk.load_sources(), pk.load_event_sources()
    publishers = independent_publishers(event_id, sources, links)
    assert len(publishers) >= 2, (
        f"{event_id} (labelled in {', '.join(POINTS[event_id])}) has {len(publishers)} independent source(s): "
        f"{sorted(publishers) or 'none'}; add a source of another publisher (not a mirror) to event_sources.csv")


def test_a_mirror_pair_does_not_count_as_two_sources():
    sources = pd.DataFrame({
        "id": ["wiki-x", "copy-x", "other-copy-x", "paper-y"],
        "publisher": ["Wikipedia", "owiki", "piglix", "Journal Y"],
        "mirror_of": ["", "https://en.wikipedia.org/wiki/X", "https://en.wikipedia.org/wiki/X", None]})
    links = pd.DataFrame({"event_id": ["e1", "e1", "e2", "e2", "e3", "e3"],
                          "source_id": ["copy-x", "other-copy-x", "wiki-x", "copy-x", "wiki-x", "paper-y"]})
    assert independent_publishers("e1", sources, links) == set()
    assert independent_publishers("e2", sources, links) == {"wikipedia"}
    assert independent_publishers("e3", sources, links) == {"wikipedia", "journal y"}


def test_marking_a_source_as_mirror_takes_it_out_of_the_count(data_copy):
    sources, links = pk.load_sources(), pk.load_event_sources()
    event_id = next(e for e in sorted(POINTS) if len(independent_publishers(e, sources, links)) == 2)
    publisher = sorted(independent_publishers(event_id, sources, links))[0]
    cited = set(links.loc[links["event_id"] == event_id, "source_id"])
    rows = read_csv(data_copy / "sources.csv")
    column = rows[0].index
    for number, row in enumerate(rows[1:], start=2):
        if row[column("id")] in cited and row[column("publisher")].strip().casefold() == publisher:
            set_cell(data_copy / "sources.csv", number, "mirror_of", "https://example.org/original")
    load.clear_cache()
    assert independent_publishers(event_id, pk.load_sources(), pk.load_event_sources()) == (
        independent_publishers(event_id, sources, links) - {publisher})


def test_copies_are_marked_as_mirrors():
    sources = pk.load_sources()
    copies = sources[sources["title"].str.contains("copy of", case=False)]
    assert len(copies) and (copies["mirror_of"].fillna("") != "").all()
    mirrors = sources[sources["mirror_of"].fillna("") != ""]
    assert (mirrors["mirror_of"] != mirrors["url"]).all()


def test_a_mirror_may_not_name_its_own_url(data_copy):
    rows = read_csv(data_copy / "sources.csv")
    number, row = next((n, r) for n, r in enumerate(rows[1:], start=2) if r[rows[0].index("mirror_of")])
    set_cell(data_copy / "sources.csv", number, "mirror_of", row[rows[0].index("url")])
    assert (f"data/sources.csv:{number}: mirror_of: names the row's own url; a mirror's original is another address"
            in reported(data_copy))
