"""List the numbers and dates that the built pages quote, and compare two builds.

    python scripts/page_facts.py SITE                 # print each page's facts
    python scripts/page_facts.py OLD_SITE NEW_SITE    # what appears in only one of them, per page

A fact is a date ("16 January 2024", "March 1950") or a number as the page's visible text writes it
(citation markers, figure numbers, source lines and the bibliography are left out). Used to check that rewriting a report's code
did not change what it tells the reader.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b(?:\d{{1,2}} )?(?:{MONTHS}) \d{{4}}\b")
NUMBER = re.compile(r"(?<![\w\[#.,–-])[+−-]?\d+(?:,\d{3})*(?:\.\d+)?(?![\w\]])")
SKIP = re.compile(r"\b(?:Figure|Table|Exercise|Question)\s+\d+")


class _Visible(HTMLParser):
    """Visible text of a page, without scripts, styles and code inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        hidden = ("jp-InputArea-editor", "jp-InputPrompt", "pakiran-bibliography", "pakiran-source")
        if tag in ("script", "style") or any(c in classes for c in hidden) or self._hidden:
            self._hidden += 1

    def handle_endtag(self, tag):
        if self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def facts(text: str) -> Counter:
    """Dates and numbers in text, counted."""
    text = re.sub(r"https?://\S+", " ", text)
    text = SKIP.sub(" ", re.sub(r"\[[\d,\s–]+\]", " ", text))
    found = Counter(DATE.findall(text))
    text = DATE.sub(" ", text)
    found.update(_number(n) for n in NUMBER.findall(text))
    return found


def _number(text: str) -> str:
    """A number in one spelling, whatever the page's formatting: '1,400.0' and '1400' are '1400'."""
    value = float(text.replace("−", "-").replace(",", "").rstrip(".") or 0)
    return format(value, ".10g")


def site_facts(site: Path) -> dict[str, Counter]:
    return {p.name: facts(visible_text(p.read_text(encoding="utf-8")))
            for p in sorted(site.glob("*.teacher.html"))}


def main(argv: list[str]) -> int:
    if len(argv) == 1:
        for page, found in site_facts(Path(argv[0])).items():
            print(f"{page}: " + ", ".join(sorted(found)))
        return 0
    old, new = (site_facts(Path(a)) for a in argv[:2])
    changed = 0
    for page in sorted(set(old) | set(new)):
        before, after = set(old.get(page, ())), set(new.get(page, ()))
        if before != after:
            changed += 1
            print(f"{page}\n  only before: {', '.join(sorted(before - after)) or '-'}"
                  f"\n  only after:  {', '.join(sorted(after - before)) or '-'}")
    print(f"{changed} page(s) differ")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
