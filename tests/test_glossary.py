"""The glossary table: loaded like the other tables, every term sourced, damage reported as file:row: column: message."""
from __future__ import annotations

from pathlib import Path

import pytest

import pakiran
from pakiran import DataError

from conftest import DATA
from factory import read_csv, write_csv

REQUIRED_SLUGS = {
    "cameo", "goldstein-scale", "entente", "defence-pact", "neutrality-pact", "non-aggression-pact",
    "correlates-of-war", "atop", "cento", "baghdad-pact", "seato", "rcd", "eco", "ecota", "sco", "oic", "d-8",
    "mirror-statistics", "reporter", "fiscal-year", "iranian-year", "durand-line", "goldsmid-line", "zaireen",
    "jaish-al-adl", "jundallah", "bla", "blf", "ipi", "ip-pipeline", "lng", "force-majeure",
    "un-security-council-sanctions", "jcpoa", "iaea", "cpec", "chabahar", "gwadar", "taftan", "border-market",
    "barter-trade", "sipah-e-sahaba", "lashkar-e-jhangvi", "hazara", "balochistan", "sistan-baluchestan",
    "bilateral-score", "arena-score", "date-precision", "primary-source", "secondary-source",
}


def problems_of(data: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        pakiran.load_glossary()
    return [str(p) for p in caught.value.problems]


def test_glossary_loads_with_at_least_forty_sourced_terms():
    glossary = pakiran.load_glossary()
    assert len(glossary) >= 40
    assert list(glossary.columns) == ["term", "slug", "definition", "see_also", "source_id", "locator"]
    assert REQUIRED_SLUGS <= set(glossary["slug"])
    sources = set(pakiran.load_sources()["id"])
    assert set(glossary["source_id"]) <= sources
    assert glossary["definition"].str.len().min() > 40 and glossary["locator"].str.len().min() > 0


def test_see_also_names_existing_terms_and_terms_are_in_order():
    glossary = pakiran.load_glossary()
    slugs = set(glossary["slug"])
    for slug, related in zip(glossary["slug"], glossary["see_also"].fillna("")):
        for other in filter(None, related.split("; ")):
            assert other in slugs and other != slug, (slug, other)
    terms = list(glossary["term"])
    assert terms == sorted(terms, key=str.lower)


def test_glossary_is_exported_by_the_package():
    assert "load_glossary" in pakiran.__all__


def test_duplicate_slug_is_reported_with_file_row_column(data_copy):
    table = read_csv(data_copy / "glossary.csv")
    slug = table[1][1]
    table[3][1] = slug
    write_csv(data_copy / "glossary.csv", table)
    assert problems_of(data_copy) == [
        f"data/glossary.csv:4: slug: duplicate value '{slug}' (already in row 2); must be unique"]


def test_missing_source_is_reported_with_file_row_column(data_copy):
    table = read_csv(data_copy / "glossary.csv")
    table[5][4] = "no-such-source"
    write_csv(data_copy / "glossary.csv", table)
    assert problems_of(data_copy) == [
        "data/glossary.csv:6: source_id: 'no-such-source' does not match any id in sources.csv"]


def test_empty_source_and_definition_are_required(data_copy):
    table = read_csv(data_copy / "glossary.csv")
    table[2][4] = ""
    table[7][2] = ""
    write_csv(data_copy / "glossary.csv", table)
    assert problems_of(data_copy) == [
        "data/glossary.csv:3: source_id: required value is missing",
        "data/glossary.csv:8: definition: required value is missing"]


def test_repository_glossary_matches_its_descriptor():
    header = read_csv(DATA / "glossary.csv")[0]
    import json
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "glossary")
    assert [f["name"] for f in resource["schema"]["fields"]] == header
    assert all(f.get("description") for f in resource["schema"]["fields"])
    assert resource["schema"]["primaryKey"] == "slug"
