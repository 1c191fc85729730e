"""Citations: numbered inline references and a bibliography of exactly the sources used."""
from __future__ import annotations

import pytest

import pakiran


def test_cite_numbers_sources_in_order_of_first_use():
    assert pakiran.cite("yousaf-2024-seeking-stability") == "[[1](#ref-yousaf-2024-seeking-stability)]"
    both = pakiran.cite(["wikipedia-iran-pakistan-relations", "yousaf-2024-seeking-stability"])
    assert both == "[[1](#ref-yousaf-2024-seeking-stability), [2](#ref-wikipedia-iran-pakistan-relations)]"
    assert pakiran.cite("wikipedia-iran-pakistan-relations") == "[[2](#ref-wikipedia-iran-pakistan-relations)]"
    assert pakiran.cite([]) == ""


def test_every_marker_links_to_an_entry_of_the_bibliography():
    import re

    marker = pakiran.cite(["wikipedia-iran-pakistan-relations", "yousaf-2024-seeking-stability"])
    html = pakiran.bibliography()._repr_html_()
    for target in re.findall(r"\(#([^)]+)\)", marker):
        assert f'id="{target}"' in html


def test_unknown_source_is_refused():
    with pytest.raises(KeyError, match="unknown source id 'nope'"):
        pakiran.cite("nope")


def test_bibliography_lists_exactly_the_sources_used():
    assert pakiran.bibliography().entries == []
    pakiran.cite("haider-ahmad-khurshid-pak-iran-2001-2012")
    events = pakiran.find_events(themes="crisis_2024")
    line = pakiran.source_line(pakiran.citations.sources_of(events))
    assert line.startswith("Source")
    used = set(pakiran.bibliography().ids)
    assert used == {"haider-ahmad-khurshid-pak-iran-2001-2012", "data:events"}, "many sources cite the data table"
    few = events.head(1)
    pakiran.source_line(pakiran.citations.sources_of(few))
    assert set(pakiran.bibliography().ids) == used | set(few["source_ids"].iloc[0])


def test_reference_format_is_consistent():
    pakiran.cite(["haider-ahmad-khurshid-pak-iran-2001-2012", "wikipedia-iran-pakistan-relations"])
    text = str(pakiran.bibliography())
    first, second = text.splitlines()
    assert first.startswith("[1] Haider, S. S., Ahmad, G. & Khurshid, M. “Pak-Iran Relations")
    assert "(accessed 24 November 2026)" in first
    assert second.startswith("[2] Wikipedia contributors. “Iran–Pakistan relations”. Wikipedia. https://")


def test_bibliography_html_escapes_text(data_copy):
    from factory import cell, set_cell

    set_cell(data_copy / "sources.csv", 2, "title", "<script>alert(1)</script>")
    pakiran.cite(cell(data_copy / "sources.csv", 2, "id"))
    html = pakiran.bibliography()._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
