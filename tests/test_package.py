"""The data package as a whole: frictionless agrees, minimums hold, docs match, README matches CI."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

import pakiran
from pakiran.dictionary import markdown

from conftest import DATA, REPO

FRICTIONLESS = shutil.which("frictionless", path=str(REPO / ".venv" / "bin")) or shutil.which("frictionless")


def frictionless(descriptor) -> subprocess.CompletedProcess:
    exe = FRICTIONLESS or str(REPO / ".venv" / "bin" / "frictionless")
    return subprocess.run([exe, "validate", str(descriptor)], capture_output=True, text=True, timeout=300)


def test_frictionless_validates_the_package():
    result = frictionless(DATA / "datapackage.json")
    assert result.returncode == 0, result.stdout[-3000:]


def test_frictionless_also_catches_an_unknown_source(data_copy):
    import csv
    path = data_copy / "figures.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("source_id")] = "no-such-source"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    result = frictionless(data_copy / "datapackage.json")
    assert result.returncode != 0
    assert "foreign-key" in result.stdout


def test_table_minimums():
    t = pakiran.data_tables()
    assert len(t["sources"]) >= 30
    assert len(t["events"]) >= 150
    assert len(t["visits"]) >= 40
    assert len(t["figures"]) >= 40
    assert len(t["trade"]) >= 1
    for theme in ("cold_war", "afghanistan", "crisis_2024", "energy"):
        assert len(pakiran.find_events(themes=theme)) >= 25, theme
    assert set(t["visits"]["from_country"]) == {"PAK", "IRN"}
    assert t["events"]["year"].min() <= 1947 and t["events"]["year"].max() >= 2024


def test_required_memberships_for_each_country():
    m = pakiran.memberships()
    pak = set(m[m["country"] == "PAK"]["short_name"])
    irn = set(m[m["country"] == "IRN"]["short_name"])
    assert {"CENTO", "SEATO", "RCD", "ECO", "OIC", "NAM", "SCO", "D-8", "UN"} <= pak
    assert {"CENTO", "RCD", "ECO", "OIC", "NAM", "SCO", "D-8", "UN"} <= irn
    assert any("Turkey" in o for o in m[m["country"] == "PAK"]["organisation"])


def test_required_places_have_coordinates():
    names = set(pakiran.load_places()["name"])
    assert {"Panjgur", "Saravan", "Turbat", "Zahedan", "Taftan", "Mirjaveh", "Gwadar", "Chabahar", "Quetta",
            "Islamabad", "Tehran", "Kabul", "Mazar-i-Sharif"} <= names


# Dated events that the five source publications mention, as (date, words in the title).
SOURCE_EVENTS = [
    ("1947-08", "recogni"), ("1950-03", "Shah"), ("1964-07", "RCD"), ("1979-03-10", "Shahi"),
    ("1979-12", "Soviet"), ("2001-04", "Rowhani"), ("2001-12", "Bonn"), ("2007-02", "price"),
    ("2010-11", "Khamenei"), ("2011-06", "Zardari"), ("2011-07", "Zardari"), ("2012-02", "summit"),
    ("2013-03-11", "pipeline"), ("2019-10-13", "Khan"), ("2019-11", "Bajwa"), ("2024-01-16", "strike"),
    ("2024-01-18", "Marg Bar Sarmachar"), ("2024-01-29", "Abdollahian"), ("2024-04-22", "Raisi"),
]


@pytest.mark.parametrize("date,word", SOURCE_EVENTS)
def test_dated_events_from_the_sources_are_present(date, word):
    events = pakiran.load_events()
    text = events["date"].dt.strftime("%Y-%m-%d")
    on_date = events[text.str.startswith(date) | (events["date_label"] == pakiran.date_label(date))]
    assert on_date["title"].str.contains(word, case=False).any() or \
        on_date["summary"].str.contains(word, case=False).any(), f"no event on {date} mentioning {word!r}"


def test_every_source_is_used_and_every_used_source_exists():
    t = pakiran.data_tables()
    used = set(t["event_sources"]["source_id"])
    for name in ("memberships", "figures", "trade", "places", "glossary"):
        used |= set(t[name]["source_id"])
    known = set(t["sources"]["id"])
    assert used <= known
    assert known - used <= {"icews-cameo-codes"}


def test_data_dictionary_is_current():
    assert (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == markdown(DATA)


def test_vocabulary_patterns_agree_with_vocabularies():
    import json
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        for field in res.get("schema", {}).get("fields", []):
            if "vocabulary" in field:
                alt = "(" + "|".join(field["vocabulary"]) + ")"
                assert field["constraints"]["pattern"] == f"^{alt}(;{alt})*$", field["name"]


def test_readme_test_command_is_what_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^    (python3 -m venv .*)$", readme, flags=re.M)
    assert len(commands) == 2, commands
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_cli_help_runs_without_pandas():
    code = "import sys, runpy; sys.argv=['pakiran','--help']\ntry:\n runpy.run_module('pakiran', run_name='__main__')\nexcept SystemExit: pass\nprint('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().endswith("False")
