"""Citations: inline references, source lines and a bibliography of exactly what was shown."""
from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from . import dates
from .load import tables
from .text import Markup


def anchor(source_id: str) -> str:
    """The id of a source's entry in a page's bibliography: 'ref-' and the source id."""
    return "ref-" + "".join(c if c.isalnum() or c in "-." else "-" for c in source_id)


def sources_of(frame: pd.DataFrame) -> list[str]:
    """Source ids behind the rows of a table, in first-seen order.

    This is the library's one way of tracking sources: every table it returns carries, per row,
    either a ``source_id`` column (one source) or a ``source_ids`` column (a tuple of sources).
    Aggregates (counts per decade, scores per year) give each row the sources of the records it
    was computed from, so a filtered or clipped aggregate still cites exactly its own rows.
    """
    if "source_ids" in frame.columns:
        ids = (i for group in frame["source_ids"] for i in group)
    elif "source_id" in frame.columns:
        ids = frame["source_id"]
    else:
        ids = ()
    return list(dict.fromkeys(str(i) for i in ids))


_INDEXED: dict[int, pd.DataFrame] = {}


def _source(source_id: str) -> pd.Series:
    frame = tables()["sources"]
    known = _INDEXED.get(id(frame))
    if known is None:
        _INDEXED.clear()
        known = _INDEXED[id(frame)] = frame.set_index("id")
    if source_id not in known.index:
        raise KeyError(f"unknown source id '{source_id}'; see sources.csv")
    return known.loc[source_id]


def number_ranges(numbers: Iterable[int]) -> str:
    """'1–3, 5, 8–10' from reference numbers."""
    ordered = sorted(set(numbers))
    parts, start = [], None
    for i, n in enumerate(ordered):
        if start is None:
            start = n
        if i + 1 == len(ordered) or ordered[i + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return ", ".join(parts)


KIND_NAMES = {"encyclopedia": "encyclopedia article", "paper": "paper", "news": "news report",
              "opinion": "opinion piece", "official": "official statement", "dataset": "dataset", "book": "book"}


def _initials(name: str) -> str:
    """'Haider, Syed Sajjad' -> 'Haider, S. S.'; an organisation's name stays as it is."""
    if "," not in name:
        return name
    surname, given = (part.strip() for part in name.split(",", 1))
    return f"{surname}, " + " ".join(f"{g[0]}." for g in given.replace("-", " ").split() if g)


def _authors(row: pd.Series) -> str:
    names = [_initials(a.strip()) for a in str(row["authors"] or "").split(";") if a.strip()]
    if len(names) > 3:
        return names[0] + " et al."
    if len(names) > 1:
        return ", ".join(names[:-1]) + " & " + names[-1]
    return names[0] if names else ""


def short_label(source_id: str) -> str:
    """A short name for a source line: 'Wikipedia: Baghdad Pact', 'Yousaf 2024'."""
    row = _source(source_id)
    year = str(row["published"])[:4] if pd.notna(row["published"]) else ""
    if row["kind"] == "encyclopedia":
        return f"{row['publisher']}: {row['title']}"
    names = [a.strip() for a in str(row["authors"] or "").split(";") if a.strip()]
    if names:
        first = names[0].split(",")[0]
        who = first + (" et al." if len(names) > 2 else f" & {names[1].split(',')[0]}" if len(names) == 2 else "")
    else:
        who = str(row["publisher"] or row["title"])
    return f"{who} {year}".strip()


def reference(source_id: str) -> str:
    """Full reference: authors, title, publisher, date, URL, date accessed."""
    row = _source(source_id)
    parts = []
    authors = _authors(row)
    if authors:
        parts.append(authors if authors.endswith(".") else authors + ".")
    parts.append(f"“{row['title']}”.")
    where = [str(row["publisher"])] if pd.notna(row["publisher"]) and row["publisher"] else []
    if pd.notna(row["published"]):
        where.append(row["published_label"])
    if where:
        parts.append(", ".join(where) + ".")
    if pd.notna(row["url"]) and row["url"]:
        parts.append(f"{row['url']} (accessed {dates.label(row['accessed'].strftime('%Y-%m-%d'))}).")
    return " ".join(parts)


class Bibliography:
    """A numbered list of references that renders as HTML in notebooks and as text elsewhere."""

    def __init__(self, ids: list[str]):
        self.ids = ids
        self.entries = [reference(i) for i in ids]

    def __str__(self) -> str:
        return "\n".join(f"[{n}] {entry}" for n, entry in enumerate(self.entries, start=1))

    __repr__ = __str__

    def _repr_html_(self) -> str:
        if not self.entries:
            return "<p>No sources were used.</p>"
        items = "".join(f'<li id="{html.escape(anchor(i))}">{html.escape(e)}</li>' for i, e in zip(self.ids, self.entries))
        return f'<ol class="pakiran-bibliography">{items}</ol>'


class Citations:
    """Remembers which sources a notebook used, in order of first use."""

    def __init__(self) -> None:
        self.used: list[str] = []

    def use(self, ids: Iterable[str]) -> list[int]:
        """Record ids as used; return their reference numbers."""
        numbers = []
        for source_id in ids:
            _source(source_id)
            if source_id not in self.used:
                self.used.append(source_id)
            numbers.append(self.used.index(source_id) + 1)
        return numbers

    def cite(self, ids: str | Iterable[str]) -> Markup:
        """Inline reference such as '[1, 3]' for one id or several; each number links to its entry."""
        ids = [ids] if isinstance(ids, str) else list(dict.fromkeys(ids))
        pairs = sorted(set(zip(self.use(ids), ids)))
        if not pairs:
            return Markup("")
        return Markup("[" + ", ".join(f"[{n}](#{anchor(i)})" for n, i in pairs) + "]")

    def source_line(self, ids: Iterable[str], most: int = 6) -> str:
        """'Sources: Wikipedia: Baghdad Pact [2]; Yousaf 2024 [5]' for a chart or table.

        With more than `most` sources the line counts them by kind instead:
        'Sources: 212 publications (180 news reports, 32 encyclopedia articles), listed under Sources as [3–214]'.
        """
        ids = list(dict.fromkeys(ids))
        numbers = self.use(ids)
        if not ids:
            return "Source: none"
        if len(ids) <= most:
            labels = [f"{short_label(i)} [{n}]" for i, n in zip(ids, numbers)]
            return ("Source: " if len(ids) == 1 else "Sources: ") + "; ".join(labels)
        kinds: dict[str, int] = {}
        for source_id in ids:
            kind = str(_source(source_id)["kind"])
            kinds[kind] = kinds.get(kind, 0) + 1
        counted = ", ".join(f"{n} {KIND_NAMES.get(k, k)}{'s' if n > 1 else ''}"
                            for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
        return f"Sources: {len(ids)} publications ({counted}), listed under Sources as [{number_ranges(numbers)}]"

    def bibliography(self) -> Bibliography:
        """References for every source used so far, numbered as cited."""
        return Bibliography(list(self.used))

    def reset(self) -> None:
        self.used.clear()


CITATIONS = Citations()
cite = CITATIONS.cite
source_line = CITATIONS.source_line
bibliography = CITATIONS.bibliography
reset_citations = CITATIONS.reset
