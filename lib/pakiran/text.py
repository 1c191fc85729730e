"""Short sentences whose numbers and names come from the data, as safe Markdown.

A value inserted into a sentence is escaped for Markdown and HTML, so a title or a currency sign
from the data can never become a link, bold text, maths or a tag. Text that should stay markup
(a citation marker, say) is wrapped in :class:`Markup` by the function that makes it.
"""
from __future__ import annotations

import string
from numbers import Number

# Characters that Markdown, notebook maths or HTML would read as markup, and their entities.
_ENTITIES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;", "*": "&#42;", "_": "&#95;", "[": "&#91;",
    "]": "&#93;", "`": "&#96;", "\\": "&#92;", "#": "&#35;", "|": "&#124;", "~": "&#126;", "!": "&#33;",
}
_TABLE = str.maketrans(_ENTITIES)


class Markup(str):
    """Text that is already safe Markdown: :func:`say` inserts it as it is."""


def escape(value: object) -> Markup:
    """Plain text as Markdown that shows exactly that text.

    >>> escape("[clickme](javascript:alert(4)) costs US$5 *now*")
    '&#91;clickme&#93;(javascript:alert(4)) costs US&#36;5 &#42;now&#42;'
    """
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_TABLE).replace("\n", " "))


class _SafeFormatter(string.Formatter):
    """str.format that escapes every inserted value unless it is Markup.

    Whole numbers from 10,000 up get thousands separators (so years print as 2024); other numbers
    show at most four significant digits; a format spec ({n:.1f}) is used as given.
    """

    def format_field(self, value, format_spec):
        if isinstance(value, Markup):
            return value
        if not format_spec and isinstance(value, Number) and not isinstance(value, bool):
            if float(value).is_integer():
                value = int(value)
                format_spec = ",d" if abs(value) >= 10_000 else "d"  # years and 4-digit numbers: 2024, 1500
            else:
                format_spec = ",.4g"
        return escape(format(value, format_spec))


_FORMATTER = _SafeFormatter()


class Markdown:
    """Markdown text that notebooks render; shows as plain text elsewhere."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    __hash__ = None
    __repr__ = __str__


def say(template: str, **values) -> Markdown:
    """A sentence of Markdown: ``template``'s ``{names}`` filled with escaped ``values``.

    The template is Markdown written by the report's author (``**bold**`` works); a ``$`` in it
    is kept as a dollar sign, never maths. Values may be read by attribute (``{e.date_label}``).

    >>> say("In {year}, **{n}** events cost US${cost} {title}", year=2024, n=12000, cost=4.93, title="*Rask*")
    In 2024, **12,000** events cost US&#36;4.93 &#42;Rask&#42;
    """
    return Markdown(_FORMATTER.vformat(template.replace("$", "&#36;"), (), values))


def join(items, last: str = "and") -> str:
    """'a, b and c' from a list of strings.

    >>> join(["Iran", "Pakistan", "Turkey"])
    'Iran, Pakistan and Turkey'
    """
    items = list(items)
    texts = [str(i) for i in items]
    joined = texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + f" {last} " + texts[-1] if texts else ""
    return Markup(joined) if items and all(isinstance(i, Markup) for i in items) else joined


def count(n: int, singular: str, plural: str | None = None) -> str:
    """A number with its noun in the right form.

    >>> count(1, "event"), count(3, "event"), count(2, "pledge or claim", "pledges or claims")
    ('1 event', '3 events', '2 pledges or claims')
    """
    n = int(n)
    return f"{n:,} " + (singular if n == 1 else plural or singular + "s")
