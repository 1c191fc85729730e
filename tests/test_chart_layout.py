"""Every chart kind, drawn from the package's data: texts legible on the page, none overlapping,
all inside the figure, no legend with a single entry."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import pakiran  # noqa: E402
from pakiran import charts  # noqa: E402

PERIODS = [(1947, 1979), (1980, 2001), (2002, 2025)]
ERAS = [(1947, 1979, "Cold War allies"), (1980, 2001, "Afghan war and Taliban"), (2002, 2020, "after 2001"),
        (2021, 2025, "Taliban again")]
MARKS = ["1950-friendship-treaty", "1964-07-21-rcd-founded", "1998-09-khamenei-demands-pakistan-drop-taliban",
         "2013-03-11-pipeline-groundbreaking", "2024-01-16-iran-strikes-panjgur"]


def assert_readable(fig) -> None:
    assert charts.layout_problems(fig) == []


def assert_honest_alt(fig) -> None:
    words = fig.pakiran["alt"].replace(".", " ").replace(",", " ").replace(";", " ").split()
    assert not {"nan", "NaT", "None", "<NA>"} & set(words), fig.pakiran["alt"]


TIMELINE_MOST = 40  # a timeline is for turning points; the reports label at most a few dozen


def theme_periods():
    for theme in pakiran.themes():
        for start, end in PERIODS:
            events = pakiran.find_events(themes=theme, start=start, end=end)
            if 0 < len(events) <= TIMELINE_MOST:
                yield pytest.param(events, id=f"{theme}-{start}")


@pytest.mark.parametrize("events", list(theme_periods()))
def test_timeline_of_every_theme_and_period(events):
    fig = pakiran.timeline(events, title="Events of one theme in one period, labelled in levels that never overlap",
                           width=13, wrap=26)
    assert_readable(fig)
    assert_honest_alt(fig)


def test_timeline_of_the_crisis_as_the_report_draws_it():
    fig = pakiran.timeline(pakiran.find_events(themes="crisis_2024"), title="The January 2024 crisis", width=14,
                           wrap=30)
    assert_readable(fig)


def test_crowded_timeline_grows_instead_of_overlapping():
    events = pakiran.find_events(themes="crisis_2024")
    same_week = events.assign(date=pd.Timestamp("2024-01-16") + pd.to_timedelta(events.index % 7, unit="D"))
    fig = pakiran.timeline(same_week, width=8, wrap=40)
    assert_readable(fig)
    assert fig.get_figheight() > 8


def test_timeline_legend_only_with_two_themes():
    assert pakiran.timeline(pakiran.find_events(themes="crisis_2024").head(4)).legends == []
    mixed = pakiran.find_events().iloc[::25]
    assert mixed["themes"].map(lambda t: t[0]).nunique() >= 2
    assert len(pakiran.timeline(mixed).legends) == 1


def test_score_line_with_eras_and_annotations():
    scores = pakiran.bilateral_score(start=1947, end=2025)
    marks = pakiran.find_events().query("id in @MARKS")
    fig = pakiran.score_line(scores, eras=ERAS, annotate=marks, title="Cooperation and conflict")
    assert_readable(fig)
    alt = fig.pakiran["alt"]
    for year, value in scores.loc[scores["events"] > 0, "score"].items():
        assert f"{year}: {value:,g}" in alt
    assert all(title in alt for title in marks["title"])


def test_score_line_with_narrow_eras_and_many_annotations():
    scores = pakiran.arena_score("afghanistan", start=1979, end=2025)
    eras = [(1979, 1989, "Soviet war"), (1990, 2001, "civil war and Taliban rule"), (2002, 2020, "after Bonn"),
            (2021, 2025, "Taliban again"), (2022, 2023, "a very narrow era with a long name")]
    notes = pakiran.find_events(themes="afghanistan", start=1979, end=2025).drop_duplicates("year").head(12)
    assert_readable(pakiran.score_line(scores, eras=eras, annotate=notes, width=12))


def test_bars_of_visits_per_decade():
    table = pakiran.visits_per_decade()
    table.index = [f"{d}s" for d in table.index]
    fig = pakiran.bars(table, ylabel="visits", title="High-level visits per decade")
    assert_readable(fig)
    assert len(fig.legends) == 1 and len(fig.legends[0].get_texts()) == 2


def test_bars_with_many_groups_and_missing_values():
    weeks = pd.date_range("2024-01-01", periods=20, freq="7D")
    table = pd.DataFrame({"conflict": range(20), "cooperation": [None if i % 5 == 0 else i for i in range(20)]},
                         index=[f"{w.day} {w:%b %Y}" for w in weeks])
    fig = pakiran.bars(table, ylabel="events", width=11)
    assert_readable(fig)
    assert_honest_alt(fig)
    assert "no value" in fig.pakiran["alt"]


def test_one_column_of_bars_is_one_colour_without_legend():
    series = pakiran.visits_per_decade().sum(axis=1, numeric_only=True).rename("visits")
    fig = pakiran.bars(series, horizontal=True, ylabel="visits")
    assert_readable(fig)
    assert fig.legends == [] and len({p.get_facecolor() for p in fig.axes[0].patches}) == 1


def subjects():
    rows = pakiran.disagreements()
    for (subject, measure), group in rows.groupby(["subject", "measure"], sort=True):
        yield pytest.param(group, id=f"{subject}-{measure}")


@pytest.mark.parametrize("rows", list(subjects()))
def test_compare_values_of_every_disagreement(rows):
    fig = pakiran.compare_values(rows, title="One value per source, coloured by the kind of source")
    assert_readable(fig)
    assert_honest_alt(fig)
    kinds = {charts._source_kind(s) for s in rows["source_id"]}
    colours = {p.get_facecolor() for p in fig.axes[0].patches}
    assert len(colours) == len(kinds)
    assert (fig.legends != []) == (len(kinds) > 1)


def test_compare_values_without_notes_says_no_nan():
    rows = pakiran.disagreements("border_length").assign(note=None)
    rows.loc[rows.index[0], "value"] = float("nan")
    fig = pakiran.compare_values(rows)
    assert_honest_alt(fig)
    assert not any("nan" in t.get_text() for t, _ in charts.label_boxes(fig))


def test_membership_gantt_has_no_nan():
    rows = pakiran.memberships()
    rows = rows.assign(left_label=rows["left_label"].where(rows["left"].notna()))
    fig = pakiran.membership_gantt(rows, title="Memberships")
    assert_readable(fig)
    assert_honest_alt(fig)
    assert not any("nan" in t.get_text() for t, _ in charts.label_boxes(fig))


def test_map_of_all_places():
    fig = pakiran.place_map(pakiran.load_places(), roles=["capital", "port", "attack_site", "border_crossing"],
                            title="Every place in the data")
    assert_readable(fig)
    names = {t.get_text() for t, _ in charts.label_boxes(fig)}
    assert set(pakiran.load_places()["name"]) <= names
    assert fig.axes[0].get_legend() is None and len(fig.legends) == 1


@pytest.mark.parametrize("width", [7, 9, 12])
def test_map_of_the_crisis_borderland(width):
    places = pakiran.load_places().query("id in ['panjgur', 'saravan', 'turbat', 'zahedan', 'taftan', 'mirjaveh', "
                                         "'rask', 'pishin-iran', 'islamabad', 'tehran', 'chabahar', 'gwadar']")
    assert_readable(pakiran.place_map(places, roles=["capital", "port", "strike_site_2024"], width=width))


def test_checker_finds_overlap_small_text_outside_and_single_legend():
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.text(0.5, 0.5, "one label", fontsize=12)
    ax.text(0.52, 0.5, "another label", fontsize=12)
    ax.text(0.1, 0.2, "tiny", fontsize=5)
    ax.text(1.5, 0.5, "far outside", transform=ax.transAxes, fontsize=12)
    ax.plot([0, 1], [0, 1], label="only line")
    ax.legend()
    problems = charts.layout_problems(fig)
    plt.close(fig)
    assert any("overlaps" in p and "one label" in p for p in problems)
    assert any("'tiny' shows at" in p for p in problems)
    assert any("'far outside' lies outside" in p for p in problems)
    assert "a legend with a single entry" in problems


def test_checker_passes_apart_labels_and_tolerates_one_pixel():
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.set_axis_off()
    first = ax.text(0.1, 0.5, "left", fontsize=12)
    box = charts.label_boxes(fig)[0][1]
    ax.text(box.x1 - 0.5, box.y0, "right", fontsize=12, transform=None)
    assert not [p for p in charts.layout_problems(fig) if "overlaps" in p]
    first.set_fontsize(30)
    assert [p for p in charts.layout_problems(fig) if "overlaps" in p]
    plt.close(fig)


def test_text_sizes_follow_the_figure_width():
    narrow = pakiran.bars(pakiran.visits_per_decade(), width=8)
    wide = pakiran.bars(pakiran.visits_per_decade(), width=16)
    assert charts.shown_px(narrow, 10) > charts.shown_px(wide, 10)
    for fig in (narrow, wide):
        assert_readable(fig)


def test_a_timeline_of_very_many_events_keeps_a_sane_time_axis():
    events = pakiran.find_events(themes="diplomacy", start=2002, end=2025)
    assert len(events) > TIMELINE_MOST
    fig = pakiran.timeline(events)
    low, high = fig.axes[0].get_xlim()
    span = (events["date"].max() - events["date"].min()).days
    assert high - low <= 20 * span + 400, "the figure widens; the time axis stays near the events"
