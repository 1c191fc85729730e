"""Glossary terms on the report pages: the first use of each term in a page's prose links to its entry.

The page is read with the standard library's HTML parser, so only text between tags is ever
changed; code, headings, table headers, navigation, the bibliography and existing links are left
alone. Each linked term is followed by its definition in a span that CSS shows as a tooltip on
hover and on keyboard focus, and that reads as plain text in brackets when CSS is off.
"""
from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

PAGE = "glossary.html"
# Elements whose text is never linked, and classes of elements whose text is never linked.
SKIP_TAGS = {"a", "code", "pre", "kbd", "samp", "script", "style", "title", "head", "h1", "h2", "h3", "h4", "h5",
             "h6", "th", "thead", "caption", "button", "label", "select", "option", "textarea", "nav", "header",
             "footer", "summary", "svg", "math", "figcaption", "abbr"}
SKIP_CLASSES = {"pakiran-bibliography", "pakiran-sources", "jp-InputArea", "jp-InputPrompt", "jp-OutputPrompt",
                "pk-nav", "pk-edition", "pk-solution-label", "glossary-definition", "pakiran-source", "anchor-link",
                "self-check"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class Term:
    term: str
    slug: str
    definition: str
    see_also: tuple[str, ...]
    source_id: str
    locator: str

    @property
    def forms(self) -> list[str]:
        """The spellings matched in the text: the term without its bracketed note, split at ' / '."""
        bare = re.sub(r"\s*\([^)]*\)", "", self.term).strip()
        return [form.strip() for form in bare.split(" / ") if form.strip()]


def read_terms(data_dir: Path) -> list[Term]:
    """The glossary's terms in alphabetical order (an empty list if the package has no glossary)."""
    path = data_dir / "glossary.csv"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    terms = [Term(r["term"], r["slug"], r["definition"], tuple(s for s in (r.get("see_also") or "").split("; ") if s),
                  r["source_id"], r["locator"]) for r in rows]
    return sorted(terms, key=lambda t: t.term.lower())


def read_sources(data_dir: Path) -> dict[str, dict]:
    with open(data_dir / "sources.csv", encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def _pattern(terms: list[Term]) -> tuple[re.Pattern | None, dict[str, Term]]:
    """One expression for every form, longest first, whole words, with simple plurals."""
    by_form = {form.lower(): t for t in terms for form in t.forms}
    if not by_form:
        return None, by_form
    forms = sorted(by_form, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, form.split())) for form in forms)
    return re.compile(rf"(?<![\w-])({body})(?:s|es|'s)?(?![\w-])", re.IGNORECASE), by_form


def _markup(text: str, term: Term) -> str:
    definition = html.escape(term.definition, quote=True)
    tip = f"glossary-tip-{term.slug}"
    return (f'<span class="glossary"><a class="glossary-term" href="{PAGE}#{term.slug}" title="{definition}" '
            f'aria-describedby="{tip}">{text}</a><span class="glossary-definition" role="tooltip" id="{tip}"> '
            f'({definition})</span></span>')


class _Finder(HTMLParser):
    """Records, for each text node that may be linked, its offset and replacement."""

    def __init__(self, source: str, pattern: re.Pattern, by_form: dict[str, Term]):
        super().__init__(convert_charrefs=False)
        self.pattern, self.by_form = pattern, by_form
        self.starts = [0]
        for line in source.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))
        self.stack: list[tuple[str, bool]] = []      # (tag, whether text inside it is skipped)
        self.in_main = False
        self.used: set[str] = set()
        self.edits: list[tuple[int, int, str]] = []

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = self._skipped() or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
        if tag == "main":
            self.in_main = True
        self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self.in_main or self._skipped() or not data.strip():
            return
        line, column = self.getpos()
        start = self.starts[line - 1] + column
        pieces, last = [], 0
        for match in self.pattern.finditer(data):
            term = self.by_form[" ".join(match.group(1).lower().split())]
            if term.slug in self.used:
                continue
            self.used.add(term.slug)
            pieces += [data[last:match.start()], _markup(match.group(0), term)]
            last = match.end()
        if pieces:
            self.edits.append((start, start + len(data), "".join(pieces) + data[last:]))


def link_terms(page: str, terms: list[Term]) -> str:
    """page with the first use of each term in its prose linked to the glossary."""
    pattern, by_form = _pattern(terms)
    if pattern is None:
        return page
    finder = _Finder(page, pattern, by_form)
    finder.feed(page)
    finder.close()
    out, last = [], 0
    for start, end, replacement in finder.edits:
        out += [page[last:start], replacement]
        last = end
    return "".join(out) + page[last:]


def linked_slugs(page: str) -> list[str]:
    """Slugs of the glossary entries a page links to, in order of first link."""
    return list(dict.fromkeys(re.findall(r'class="glossary-term" href="glossary\.html#([a-z0-9-]+)"', page)))
