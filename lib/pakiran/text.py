"""Narrative whose numbers and names come from the data: Markdown with escaped values."""
from __future__ import annotations

import html


class Markdown:
    """Markdown text that notebooks render; shows as plain text elsewhere."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def md(template: str, **values) -> Markdown:
    """Fill template's {names} with values, escaping each value so data cannot inject markup.

    Numbers are formatted with thousands separators; use format specs ({n:.1f}) as usual.
    """
    safe = {k: html.escape(v, quote=False).replace("$", "&#36;") if isinstance(v, str) else v for k, v in values.items()}
    return Markdown(template.format(**safe))


def join(items, last: str = "and") -> str:
    """'a, b and c' from a list of strings."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]
