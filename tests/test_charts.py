"""Charts: house style, a computed source line, alt text, and a Figure returned."""
from __future__ import annotations

import html
import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import pakiran  # noqa: E402
from pakiran.display import figure_html, png_bytes  # noqa: E402
from pakiran.style import PALETTE  # noqa: E402


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.texts]


def check(fig: Figure, rows_sources: list[str]) -> None:
    assert isinstance(fig, Figure)
    line = fig.pakiran["source_line"]
    assert line.startswith("Source")
    assert not any("Source" in t for t in texts(fig)), "the source line is shown once, under the caption"
    assert html.escape(line) in re.sub(r"<[^>]+>", "", figure_html(fig))
    assert sorted(fig.pakiran["sources"]) == sorted(set(rows_sources))
    assert len(fig.pakiran["alt"]) > 40
    assert png_bytes(fig)[:8] == b"\x89PNG\r\n\x1a\n"


def test_timeline():
    events = pakiran.find_events(themes="crisis_2024")
    fig = pakiran.timeline(events, title="January 2024")
    check(fig, [s for ids in events["source_ids"] for s in ids])
    assert fig.pakiran["alt"].startswith(f"Timeline of {len(events)} events")


def test_membership_gantt_colours_by_country():
    rows = pakiran.memberships()
    fig = pakiran.membership_gantt(rows)
    check(fig, list(rows["source_id"]))
    colours = {matplotlib.colors.to_hex(p.get_facecolor()).upper() for p in fig.axes[0].patches}
    assert {"#0072B2", "#E69F00"} <= colours


def test_score_line_and_annotations():
    scores = pakiran.bilateral_score(start=1990, end=2025)
    notable = pakiran.find_events(themes="crisis_2024").head(2)
    fig = pakiran.score_line(scores, eras=[(1990, 2001, "Taliban years")], annotate=notable)
    check(fig, [s for ids in scores["source_ids"] for s in ids] + [s for ids in notable["source_ids"] for s in ids])


def test_bars_of_visits_per_decade():
    table = pakiran.visits_per_decade()
    fig = pakiran.bars(table, ylabel="visits")
    check(fig, [s for ids in table["source_ids"] for s in ids])
    assert len(fig.axes[0].patches) == 2 * len(table), "one bar per decade and direction; source_ids not drawn"
    faces = {matplotlib.colors.to_hex(p.get_facecolor()).upper() for p in fig.axes[0].patches}
    assert faces <= {c.upper() for c in PALETTE}


def test_compare_values_shows_each_source():
    rows = pakiran.disagreements("border_length")
    fig = pakiran.compare_values(rows)
    check(fig, list(rows["source_id"]))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(rows)


def test_figure_html_escapes_alt_and_caption():
    fig = pakiran.timeline(pakiran.find_events(themes="crisis_2024").head(3), caption='<b>"x"</b>')
    fig.pakiran["alt"] = '<img src=x onerror="alert(1)">'
    html = figure_html(fig)
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert 'onerror="alert' not in html


def test_png_bytes_are_deterministic():
    events = pakiran.find_events(themes="energy")
    assert png_bytes(pakiran.timeline(events)) == png_bytes(pakiran.timeline(events))


def test_png_bytes_show_what_matplotlib_draws_in_a_palette_of_256():
    import io

    import numpy as np
    from PIL import Image

    fig = pakiran.timeline(pakiran.find_events(themes="crisis_2024").head(8), title="Crisis", caption="Days.")
    drawn = io.BytesIO()
    fig.savefig(drawn, format="png", bbox_inches="tight")
    page = Image.open(io.BytesIO(png_bytes(fig)))
    assert page.mode == "P" and len(page.getcolors(256)) <= 256
    reference = np.asarray(Image.open(drawn).convert("RGB"), dtype=int)
    shown = np.asarray(page.convert("RGB"), dtype=int)
    assert shown.shape == reference.shape
    assert np.abs(shown - reference).max() <= 2        # each pixel within two steps of the drawing


def test_show_table_escapes_cells_and_cites_rows():
    events = pakiran.find_events(themes="crisis_2024").head(3).copy()
    events.loc[0, "title"] = "<script>alert(1)</script>"
    html = pakiran.show_table(events, {"date_label": "Date", "title": "Event"}, caption="Key dates")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Source" in html and pd.notna(events.loc[0, "date_label"])


def test_charts_and_tables_say_nothing_in_this_period_when_empty():
    pakiran.check_parameters(1950, 1952)
    none = pakiran.find_events(themes="crisis_2024", start=1950, end=1952)
    for shown in (pakiran.timeline(none), pakiran.show_table(none, empty="crisis events"),
                  pakiran.bars(pakiran.visits_per_decade(1950, 1952).iloc[:0]),
                  pakiran.place_map(pakiran.load_places().iloc[:0])):
        text = shown._repr_markdown_()
        assert text.startswith("*No ") and "1950–1952" in text
    assert "crisis events" in pakiran.show_table(none, empty="crisis events")._repr_markdown_()


def test_bars_with_only_zero_counts_are_empty():
    pakiran.check_parameters(1950, 1952)
    zeros = pd.DataFrame({"a": [0, 0], "source_ids": [(), ()]})
    assert pakiran.charts.is_empty(zeros)
    assert not pakiran.charts.is_empty(pd.DataFrame({"a": [0, 1]}))
    assert not pakiran.charts.is_empty(pakiran.find_events(start=1950, end=1952))


def test_place_map_uses_the_public_finishing_step():
    import inspect

    from pakiran import maps

    source = inspect.getsource(maps)
    assert "charts._" not in source and "finish_figure" in source
    fig = pakiran.place_map(pakiran.load_places())
    assert "Natural Earth" in fig.pakiran["source_line"] and fig.pakiran["alt"].count(";") >= 5


def test_membership_gantt_marks_observer_periods():
    rows = pakiran.memberships()
    assert (rows["status"] == "observer").any()
    fig = pakiran.membership_gantt(rows)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sum("observer)" in label for label in labels) == int((rows["status"] == "observer").sum())
    assert "Iran in SCO (observer) from 5 July 2005 to 4 July 2023" in fig.pakiran["alt"]


def test_bars_show_negative_values_and_whole_ticks_for_counts():
    scores = pd.Series([-7.7, 3.0, -38.7, 12.0], index=["1970s", "1980s", "1990s", "2000s"], name="score")
    fig = pakiran.bars(scores, ylabel="score")
    low, high = fig.axes[0].get_ylim()
    assert low < -38.7 and high > 12
    counts = pd.DataFrame({"a": [1, 2, 0, 3], "b": [0, 1, 1, 2]}, index=["w1", "w2", "w3", "w4"])
    ticks = pakiran.bars(counts, ylabel="events").axes[0].get_yticks()
    assert all(float(t).is_integer() for t in ticks)
