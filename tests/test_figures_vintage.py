"""Every figure carries its vintage: the source's publication date, or for an undated source the
date on which the version cited was read (and its note says so)."""
from __future__ import annotations

import pakiran as pk


def test_vintage_is_the_sources_publication_date():
    figures = pk.load_figures().join(pk.load_sources().set_index("id")["published"], on="source_id")
    dated = figures["published"].notna()
    assert (figures.loc[dated, "vintage"] == figures.loc[dated, "published"]).all()
    assert figures["vintage"].notna().all()


def test_values_from_undated_sources_carry_the_reading_date_and_say_so():
    figures = pk.load_figures().join(pk.load_sources().set_index("id")[["published", "accessed"]], on="source_id")
    undated = figures[figures["published"].isna()]
    assert len(undated) > 0
    assert (undated["vintage"] == undated["accessed"]).all()
    said = undated["note"].fillna("").str.contains("date given is when this version was read|version read on")
    assert said.all(), list(undated.loc[~said, "id"])


def test_border_lengths_name_their_reference_and_edition():
    rows = pk.load_figures().query("subject == 'border_length'")
    assert rows["note"].notna().all()
    assert rows["note"].str.contains("20[0-9][0-9]").all(), "each note names the publication and its date"


def test_agreement_contents_are_figures_with_labels():
    import json

    pta = pk.reported_numbers("pta_2004")
    assert sorted(pta["value"]) == [18, 309, 338]
    descriptor = json.loads((pk.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in descriptor["resources"] if r["name"] == "figures" for f in r["schema"]["fields"]}
    for column in ("subject", "measure", "unit"):
        labelled = {c["value"] for c in fields[column]["categories"]}
        assert set(pta[column].astype(str)) <= labelled
