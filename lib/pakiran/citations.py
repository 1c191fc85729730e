"""Citations: inline references, source lines and a bibliography of exactly what was shown."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

from . import dates
from .load import tables
from .sourcetext import KIND_NAMES, is_organisation  # noqa: F401 - also used as citations.is_organisation
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


def _initials(name: str) -> str:
    """'Haider, Syed Sajjad' -> 'Haider, S. S.'; an organisation's name stays whole."""
    if is_organisation(name):
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
        first = names[0] if is_organisation(names[0]) else names[0].split(",")[0]
        who = first + (" et al." if len(names) > 2 else f" & {names[1].split(',')[0]}" if len(names) == 2 else "")
    else:
        who = str(row["publisher"] or row["title"])
    return f"{who} {year}".strip()


DATA_PREFIX = "data:"


# Columns that only one table of the package has, to tell which table a frame's rows come from.
_TABLE_MARKS = (("exporter", "trade"), ("measure", "figures"), ("organisation", "memberships"), ("lat", "places"),
                ("visitor", "visits"))


def table_of(frame) -> str:
    """The package table whose rows a frame holds (or aggregates): 'figures' for reported numbers,
    'trade', 'memberships', 'places', 'visits', else 'events'."""
    columns = set(getattr(frame, "columns", ()))
    return next((table for column, table in _TABLE_MARKS if column in columns), "events")


def data_reference(table: str) -> str:
    """The entry for a table of this collection's data package, cited by aggregates of many rows."""
    rows = len(tables()[table]) if table in tables() else 0
    return (f"Pakistan–Iran relations data package, table “{table}” ({rows:,} rows, each with the publications "
            f"behind it). data/{table}.csv.")


def reference(source_id: str) -> str:
    """Full reference: authors, title, publisher, date, URL, date accessed."""
    if source_id.startswith(DATA_PREFIX):
        return data_reference(source_id.removeprefix(DATA_PREFIX))
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


_URL = re.compile(r"\b(https?://[^\s<>\"]+?)(?=[.,;)]?(?:\s|$))")


def linked(text: str) -> str:
    """Escaped text whose http(s) URLs are links; nothing else becomes one.

    >>> linked("See https://example.org/a?b=1&c=2. And javascript:alert(1)")
    'See <a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>. And javascript:alert(1)'
    """
    out, last = [], 0
    for match in _URL.finditer(text):
        url = html.escape(match.group(1), quote=True)
        out += [html.escape(text[last:match.start(1)]), f'<a href="{url}">{url}</a>']
        last = match.end(1)
    return "".join(out) + html.escape(text[last:])


def _entry_html(source_id: str, entry: str) -> str:
    """One bibliography entry as HTML: its URLs as links; a data table's entry links to the CSV
    that the site ships beside its pages."""
    if source_id.startswith(DATA_PREFIX):
        path = f"data/{source_id.removeprefix(DATA_PREFIX)}.csv"
        return html.escape(entry.removesuffix(path + ".")) + f'<a href="{html.escape(path)}">{html.escape(path)}</a>.'
    accessed = _ACCESSED.search(entry)
    if accessed:  # compact on the page: the date of access moves into the link's tooltip
        entry = entry[:accessed.start()] + "."
        return linked(entry).replace('">', f'" title="accessed {html.escape(accessed.group(1))}">', 1)
    return linked(entry)


_ACCESSED = re.compile(r" \(accessed ([^)]+)\)\.$")


class Bibliography:
    """A numbered list of references that renders as HTML in notebooks and as text elsewhere."""

    def __init__(self, ids: list[str]):
        self.ids = ids
        self.entries = [reference(i) for i in ids]

    def __str__(self) -> str:
        return "\n".join(f"[{n}] {entry}" for n, entry in enumerate(self.entries, start=1))

    __repr__ = __str__

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The HTML list, with the cited ids in the output's metadata (``pakiran.sources``), so
        that a build can tell from the executed notebook which sources a page lists."""
        return {"text/html": self._repr_html_()}, {"pakiran": {"sources": list(self.ids)}}

    def _repr_html_(self) -> str:
        if not self.entries:
            return "<p>No sources were used.</p>"
        items = "".join(f'<li id="{html.escape(anchor(i))}">{_entry_html(i, e).replace("$", "&#36;")}</li>'
                        for i, e in zip(self.ids, self.entries))
        n = len(self.ids)
        return (f'<details class="pakiran-sources"><summary>{n} source{"s" if n != 1 else ""} cited on this page '
                f'(show the list)</summary><ol class="pakiran-bibliography">{items}</ol></details>')


class Citations:
    """Remembers which sources a notebook used, in order of first use."""

    def __init__(self) -> None:
        self.used: list[str] = []

    def use(self, ids: Iterable[str]) -> list[int]:
        """Record ids as used; return their reference numbers."""
        numbers = []
        for source_id in ids:
            if not source_id.startswith(DATA_PREFIX):
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

    def source_line(self, ids: Iterable[str], most: int = 6, table: str = "events") -> str:
        """'Sources: Wikipedia: Baghdad Pact [2]; Yousaf 2024 [5]' for a chart or table.

        With more than `most` sources the chart or table cites the data package's table its rows
        come from, where every row's own sources can be read, instead of listing each one:
        'Source: data package, table “events” [7] (212 publications: 180 news reports, 32 encyclopedia articles)'.
        """
        ids = list(dict.fromkeys(ids))
        if not ids:
            return "Source: compiled from this collection's data package"
        if len(ids) <= most:
            labels = [f"{short_label(i)} [{n}]" for i, n in zip(ids, self.use(ids))]
            return ("Source: " if len(ids) == 1 else "Sources: ") + "; ".join(labels)
        kinds: dict[str, int] = {}
        for source_id in ids:
            kind = str(_source(source_id)["kind"])
            kinds[kind] = kinds.get(kind, 0) + 1
        counted = ", ".join(f"{n} {KIND_NAMES.get(k, k)}{'s' if n > 1 else ''}"
                            for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
        number = self.use([DATA_PREFIX + table])[0]
        return f"Source: data package, table “{table}” [{number}] ({len(ids)} publications: {counted})"

    def marked_up(self, line: str) -> str:
        """A source line as escaped HTML whose markers '[n]' link to their bibliography entries."""
        def link(match: re.Match) -> str:
            n = int(match.group(1))
            if not 1 <= n <= len(self.used):
                return match.group(0)
            return f'<a class="pk-cite" href="#{html.escape(anchor(self.used[n - 1]))}">[{n}]</a>'
        return re.sub(r"\[(\d+)\]", link, html.escape(line))

    def bibliography(self) -> Bibliography:
        """References for every source used so far, numbered as cited."""
        return Bibliography(list(self.used))

    def reset(self) -> None:
        self.used.clear()


CITATIONS = Citations()
cite = CITATIONS.cite
source_line = CITATIONS.source_line
marked_up = CITATIONS.marked_up
bibliography = CITATIONS.bibliography
reset_citations = CITATIONS.reset


_MARKER = re.compile(r'<a (?=[^>]*href="#(ref-[^"]+)")(?![^>]*\bid=)')
_ENTRY = re.compile(r'(<li id="(ref-[^"]+)">)(.*?)(</li>)', re.S)


def link_back(page: str) -> str:
    """A rendered page whose first marker for each source gets an id, and whose bibliography entries
    link back to it, so that a reader can jump to a reference and return.

    >>> link_back('<p>x <a href="#ref-a">1</a></p><ol><li id="ref-a">A.</li></ol>')
    '<p>x <a id="cite-ref-a" href="#ref-a">1</a></p><ol><li id="ref-a">A. <a class="pk-back" href="#cite-ref-a" aria-label="Back to where it is first cited">↩</a></li></ol>'
    """
    seen: set[str] = set()

    def mark(match: re.Match) -> str:
        target = match.group(1)
        if target in seen:
            return match.group(0)
        seen.add(target)
        return f'<a id="cite-{target}" '

    page = _MARKER.sub(mark, page)

    def back(match: re.Match) -> str:
        opening, target, body, closing = match.groups()
        if target not in seen:
            return match.group(0)
        return (f'{opening}{body} <a class="pk-back" href="#cite-{target}" '
                f'aria-label="Back to where it is first cited">↩</a>{closing}')

    return _ENTRY.sub(back, page)
