"""What readers see in tables and citations: labels for codes, formatted numbers, linked references."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import pakiran as pk
from conftest import DATA
from pakiran import citations, labels
from pakiran.display import format_number


def _coded_fields():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            codes = field.get("constraints", {}).get("enum") or field.get("vocabulary")
            if codes or "categories" in field:
                yield resource["name"], field, codes


def test_every_enum_and_vocabulary_has_a_label_for_each_code():
    for resource, field, codes in _coded_fields():
        if codes:
            named = [c["value"] for c in field.get("categories", [])]
            assert named == list(codes), f"{resource}.{field['name']}: categories must list every code in order"
        for category in field.get("categories", []):
            assert category["label"].strip() and "_" not in category["label"], (resource, category)


def test_every_code_in_the_data_has_a_label_where_its_field_has_labels():
    tables = pk.data_tables()
    for resource, field, _ in _coded_fields():
        known = labels.field_labels(resource, field["name"])
        if not known:
            continue
        column = tables[resource][field["name"]]
        present = {c for v in column.dropna() for c in (v if isinstance(v, tuple) else (v,))}
        missing = sorted(set(map(str, present)) - set(known))
        assert not missing, f"{resource}.{field['name']}: no label for {missing}"


def test_one_code_has_one_label_across_tables():
    seen: dict[tuple[str, str], str] = {}
    for _, field, _ in _coded_fields():
        for category in field.get("categories", []):
            key = (field["name"], category["value"])
            assert seen.setdefault(key, category["label"]) == category["label"], key


def test_with_labels_replaces_codes_and_lists_of_codes():
    events = pk.find_events(themes="crisis_2024").head(3)
    shown = labels.with_labels(events)
    assert "January 2024 crisis" in shown.loc[0, "themes"]
    assert "_" not in shown.loc[0, "kind"]
    assert labels.label("mcm_per_day", "unit") == "million cubic metres per day"
    assert labels.label("not-a-code", "unit") == "not-a-code"


@pytest.mark.parametrize("value,grouped,text", [
    (900.0, True, "900"), (-10.0, True, "−10"), (1400000.0, True, "1,400,000"), (1.128, True, "1.128"),
    (2.5, True, "2.5"), (1 / 3, True, "0.333"), (2024, False, "2024"), (float("nan"), True, ""), (None, True, ""),
])
def test_format_number(value, grouped, text):
    assert format_number(value, grouped) == text


def test_tables_right_align_numbers_label_codes_and_never_print_nan():
    rows = pk.reported_numbers("border_length")
    html = pk.show_table(rows, {"value": "Value", "unit": "Unit", "note": "Note"})._repr_html_()
    assert '<th scope="col" class="num">Value</th>' in html and '<td class="num">909</td>' in html
    assert not re.search(r">\d+\.0<", html) and "nan" not in html.lower().replace("nanga", "")
    events = pk.find_events(themes="crisis_2024")
    html = pk.show_table(events, {"date_label": "Date", "kind": "Kind", "goldstein": "Weight"})._repr_html_()
    assert "military_action" not in html and "Military action" in html
    assert '<details class="pakiran-fold">' in html, "long tables fold"
    years = pk.show_table(pk.bilateral_score(start=2020, end=2024).reset_index(), ["year", "events"])._repr_html_()
    assert ">2024<" in years and "2,024" not in years


def test_organisations_as_authors_print_whole():
    row = pk.load_sources()
    org = row[row["authors"].fillna("").str.contains("Office of the Historian")].iloc[0]
    assert "O. o. t. H." not in citations.reference(org["id"])
    assert "Office of the Historian" in citations.reference(org["id"])
    assert citations.is_organisation("Ministry of Commerce, Government of Pakistan")
    assert not citations.is_organisation("Yousaf, Samiha")


def test_bibliography_links_http_urls_only_and_folds():
    pk.cite("wikipedia-iran-pakistan-relations")
    html = pk.bibliography()._repr_html_()
    assert html.startswith('<details class="pakiran-sources">') and "1 source cited" in html
    assert re.search(r'<a href="https?://[^"]+"[^>]*>', html)
    assert citations.linked("javascript:alert(1) ftp://x.org") == "javascript:alert(1) ftp://x.org"


def test_many_sources_cite_the_data_table_instead_of_each_publication():
    events = pk.find_events(themes="energy")
    line = pk.source_line(pk.sources_of(events))
    assert line.startswith("Source: data package, table “events” [1]") and "publications" in line
    assert pk.bibliography().ids == ["data:events"]
    assert "data/events.csv" in str(pk.bibliography())


def test_source_line_markers_become_links_to_their_entries():
    line = pk.source_line(["yousaf-2024-seeking-stability", "wikipedia-iran-pakistan-relations"])
    html = citations.marked_up(line)
    assert html.count('class="pk-cite"') == 2 and 'href="#ref-yousaf-2024-seeking-stability"' in html
    assert citations.marked_up("[99] <b>") == "[99] &lt;b&gt;"


def test_link_back_marks_only_the_first_citation_of_each_source():
    page = ('<a href="#ref-a">1</a> <a href="#ref-a">1</a> <a href="#ref-b">2</a>'
            '<li id="ref-a">A</li><li id="ref-b">B</li><li id="ref-c">C</li>')
    out = citations.link_back(page)
    assert out.count('id="cite-ref-a"') == 1 and out.count('id="cite-ref-b"') == 1
    assert out.count('class="pk-back"') == 2 and '<li id="ref-c">C</li>' in out


def test_table_cells_escape_markup_and_dollars():
    frame = pd.DataFrame({"title": ["<script>x</script> $5 $6"], "source_id": ["yousaf-2024-seeking-stability"]})
    html = pk.show_table(frame, ["title"])._repr_html_()
    assert "<script>" not in html and "$" not in html


def test_bibliography_entries_cannot_start_notebook_maths(data_copy):
    from factory import cell, set_cell

    set_cell(data_copy / "sources.csv", 2, "title", "Deal worth $1 billion and $2 billion")
    pk.cite(cell(data_copy / "sources.csv", 2, "id"))
    html = pk.bibliography()._repr_html_()
    assert "$" not in html and "&#36;1 billion" in html
