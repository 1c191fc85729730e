"""Loader errors show as one line per problem: in IPython and Jupyter without a traceback."""
from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

import pakiran
from pakiran import DataError, load

from conftest import DATA
from factory import grown_package, set_cell

LINE = "data/figures.csv:12: value: '1_000' is not a number (digits 0-9, optional sign and decimal point)"


def _damage(data) -> None:
    set_cell(data / "figures.csv", 12, "value", "1_000")


def test_render_traceback_is_the_problem_lines(data_copy):
    _damage(data_copy)
    with pytest.raises(DataError) as caught:
        pakiran.load_figures()
    assert caught.value._render_traceback_() == [
        "DataError: 1 problem(s) in the data package (row numbers count the header as row 1):", LINE]


def _run(code: str, data) -> subprocess.CompletedProcess:
    env = {**os.environ, "PAKIRAN_DATA": str(data)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=data.parent, env=env,
                          timeout=120)


def test_ipython_shows_only_the_problem_lines(data_copy):
    pytest.importorskip("IPython")
    _damage(data_copy)
    code = ("from IPython.core.interactiveshell import InteractiveShell\n"
            "InteractiveShell.instance().run_cell('import pakiran\\npakiran.load_figures()')\n")
    result = _run(code, data_copy)
    shown = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert shown == ["DataError: 1 problem(s) in the data package (row numbers count the header as row 1):", LINE]


def test_plain_python_ends_with_the_problem_lines_after_a_short_traceback(data_copy):
    _damage(data_copy)
    result = _run("import pakiran\npakiran.load_visits()", data_copy)
    lines = result.stderr.splitlines()
    assert lines[-1] == LINE
    assert lines[-2] == "pakiran.problems.DataError: 1 problem(s) in the data package (row numbers count the header as row 1):"
    assert len(lines) <= 6  # the caller's line and one line of the loader, not its internals


def test_a_grown_package_is_valid_and_loads_like_the_real_one(tmp_path, monkeypatch):
    grown = grown_package(DATA, tmp_path / "data", events=1200)
    assert pakiran.validate(grown) == []
    real = {name: frame.dtypes.to_dict() for name, frame in load.tables().items()}
    monkeypatch.setenv("PAKIRAN_DATA", str(grown))
    load.clear_cache()
    tables = load.tables()
    assert len(tables["events"]) == 1200
    assert {name: frame.dtypes.to_dict() for name, frame in tables.items()} == real
    assert pd.Index(tables["events"]["id"]).is_unique
