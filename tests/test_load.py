"""Loaders: typed frames, dates that keep their precision, caching, and data found without the cwd."""
from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd

import pakiran

from conftest import REPO


def test_events_have_real_dates_that_keep_their_precision():
    events = pakiran.load_events()
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert isinstance(events["date_precision"].dtype, pd.CategoricalDtype)
    assert list(events["date_precision"].cat.categories) == ["day", "month", "year"]
    month = events[events["date_precision"] == "month"].iloc[0]
    assert month["date"].day == 1
    assert month["date_label"].split()[0] in {m for m in pd.date_range("2000-01", periods=12, freq="MS").month_name()}
    assert not month["date_label"][0].isdigit()  # 'March 1950', never '1 March 1950'
    year = events[events["date_precision"] == "year"].iloc[0]
    assert year["date_label"] == str(year["year"])


def test_end_dates_mark_the_last_day_of_their_period():
    events = pakiran.load_events()
    spans = events[events["end_date"].notna()]
    assert (spans["end_date"] >= spans["date"]).all()
    members = pakiran.load_memberships()
    left = members[members["left"].notna()]
    assert (left["left"] >= left["joined"]).all()


def test_vocabularies_are_categories_and_lists_are_tuples():
    events = pakiran.load_events()
    assert isinstance(events["kind"].dtype, pd.CategoricalDtype)
    assert all(isinstance(t, tuple) and t for t in events["themes"])
    assert all(isinstance(a, tuple) and a for a in events["actors"])
    assert all(isinstance(s, tuple) and s for s in events["source_ids"])


def test_cameo_codes_stay_text():
    codes = set(pakiran.load_cameo()["code"])
    assert {"01", "010", "0211", "10", "195"} <= codes  # "01" and "010" are different codes
    assert all(isinstance(c, str) for c in codes)
    assert pakiran.load_events()["cameo_code"].str.len().min() >= 2


def test_tables_are_cached_and_callers_get_copies():
    first = pakiran.data_tables()
    assert pakiran.data_tables() is first
    events = pakiran.load_events()
    events.loc[:, "title"] = "changed"
    assert (pakiran.load_events()["title"] != "changed").all()


def test_visits_carry_dates_and_sources_from_their_events():
    visits = pakiran.load_visits()
    assert visits["date"].notna().all()
    assert visits["source_ids"].map(len).min() >= 1
    assert set(visits["from_country"]) == {"PAK", "IRN"}


def test_data_is_found_from_any_working_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PAKIRAN_DATA"}
    code = "import pakiran; print(len(pakiran.load_events()), pakiran.data_dir())"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    count, folder = result.stdout.split()
    assert int(count) >= 150 and folder == str(REPO / "data")


def test_environment_variable_points_at_another_data_folder(data_copy):
    assert pakiran.data_dir() == data_copy
    assert len(pakiran.load_events()) == len(pd.read_csv(data_copy / "events.csv"))
