"""The method module: citations by kind of source, precision of dates, the two scores, known gaps."""
from __future__ import annotations

import pakiran as pk
import pakiran.method as method


def test_source_kinds_per_table_count_every_citation_once():
    kinds = method.source_kinds(start=1947, end=2025)
    total = int(kinds.drop(columns="source_ids").to_numpy().sum())
    data = pk.data_tables()
    expected = sum(len(data[n]) for n in ("event_sources", "date_claims", "figures", "trade", "memberships", "places"))
    figures = data["figures"]["as_of"].dt.year.fillna(data["figures"]["vintage"].dt.year)
    outside = (int((data["memberships"]["joined"].dt.year < 1947).sum()) + int((data["trade"]["year"] > 2025).sum())
               + int((figures > 2025).sum()))
    assert total == expected - outside
    assert kinds.loc["Places", "Dataset"] > 0


def test_top_folds_rare_kinds_into_other_without_losing_counts():
    full = method.source_kinds("theme", 1947, 2025).drop(columns="source_ids")
    folded = method.source_kinds("theme", 1947, 2025, top=3).drop(columns="source_ids")
    assert list(folded.columns)[-1] == method.OTHER and len(folded.columns) == 4
    assert (full.sum(axis=1) == folded.sum(axis=1)).all()


def test_a_period_without_rows_gives_an_empty_frame_not_an_error():
    assert method.source_kinds("theme", 1949, 1949).empty
    assert method.scores_by_decade(1949, 1949).empty


def test_precisions_count_each_events_date_once():
    table = method.precisions(1947, 2025)
    assert table.loc["Events: date", ["Day", "Month", "Year"]].sum() == len(pk.load_events())


def test_scores_by_decade_sum_the_yearly_scores():
    table = method.scores_by_decade(2010, 2019).set_index("Decade")
    total = float(pk.bilateral_score(start=2010, end=2019)["score"].sum())
    assert float(table.loc["2010s", "Bilateral score"]) == round(total, 1)


def test_gaps_are_counts_out_of_the_periods_rows():
    table = method.gaps(2024, 2024).set_index("gap")
    assert (table["count"] <= table["out_of"]).all()
