"""What a student can learn from the built pages: facts the collection promises to teach."""
from __future__ import annotations

import re
from html import unescape

import pytest

import pakiran

pytestmark = pytest.mark.slow


def student_text(site) -> str:
    pages = sorted(site.glob("*.student.html"))
    assert pages
    text = " ".join(re.sub(r"<[^>]+>", " ", p.read_text(encoding="utf-8")) for p in pages)
    return " ".join(unescape(text).split())


def test_every_organisation_in_the_memberships_is_named_on_some_student_page(built_site):
    text = student_text(built_site)
    for row in pakiran.memberships().drop_duplicates("organisation").itertuples():
        assert row.short_name in text or row.organisation in text, f"{row.organisation} ({row.short_name})"


def test_a_student_can_learn_what_rcd_became_and_when_iran_joined_the_sco(built_site):
    text = student_text(built_site)
    assert re.search(r"Economic Cooperation Organi[sz]ation|\bECO\b", text)
    assert "Shanghai Cooperation Organisation" in text or "SCO" in text
    assert "4 July 2023" in text, "the day Iran became a full member of the SCO"
