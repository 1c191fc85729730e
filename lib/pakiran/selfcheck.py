"""Self-check questions: a multiple-choice or numeric question whose answer comes from the data.

``self_check`` returns an object that shows as a small HTML form in a notebook or page. Without
scripts (JupyterLab, a page with scripts off) it reads as the question, its choices and the
answer in a collapsed ``<details>``; the pages' own script adds a Check button and feedback.

The answer is given as a value computed from the data (``answer=pk.event(...).year``), never
typed in, and must be one of the choices: a data change that moves the answer away from the
choices stops the report with a clear error instead of teaching a wrong answer.
"""
from __future__ import annotations

import hashlib
import html
import math
from numbers import Number

from .text import Markdown

CLASS = "self-check"


class SelfCheckError(ValueError):
    """A self-check whose answer does not fit its question (not among the choices, not a number)."""


def _inline(text) -> str:
    """Inline Markdown (or a :func:`pakiran.say` sentence) as safe HTML; a dollar sign stays one
    (never maths in JupyterLab)."""
    from .build.site import inline_markdown

    return str(inline_markdown(str(text) if isinstance(text, Markdown) else text)).replace("$", "&#36;")


def _escape(text: str) -> str:
    """Plain text as HTML, a dollar sign included."""
    return html.escape(text).replace("$", "&#36;")


def _plain(value) -> str:
    """A choice or answer as text: whole floats without '.0'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


class SelfCheck:
    """One question; ``choices`` empty means a numeric answer (within ``tolerance``)."""

    def __init__(self, question, choices, answer, why, unit: str = "", tolerance: float = 0):
        self.question, self.why, self.unit, self.tolerance = question, why, unit, tolerance
        self.choices = [_plain(c) for c in choices or []]
        self.answer = _plain(answer)
        digest = hashlib.sha1(f"{question}|{self.choices}".encode("utf-8")).hexdigest()[:10]
        self.id = f"{CLASS}-{digest}"

    def _repr_html_(self) -> str:
        legend = f'<legend><span class="self-check-label">Self-check.</span> {_inline(self.question)}</legend>'
        if self.choices:
            field = "".join(
                f'<label class="self-check-choice"><input type="radio" name="{self.id}" value="{_escape(c)}"> '
                f"{_escape(c)}</label>" for c in self.choices)
        else:
            unit = f' <span class="self-check-unit">{_escape(self.unit)}</span>' if self.unit else ""
            field = (f'<label class="self-check-number">Your answer <input type="text" inputmode="decimal" '
                     f'name="{self.id}" autocomplete="off"></label>{unit}')
        unit = f" {_escape(self.unit)}" if self.unit and not self.choices else ""
        attrs = (f'class="{CLASS}" id="{self.id}" data-answer="{_escape(self.answer)}" '
                 f'data-kind="{"choice" if self.choices else "number"}" data-tolerance="{self.tolerance:g}"')
        return (f"<div {attrs}><fieldset>{legend}{field}"
                f'<p class="self-check-actions" hidden><button type="button" class="self-check-submit">Check</button></p>'
                f'<p class="self-check-feedback" role="status" aria-live="polite"></p></fieldset>'
                f'<details class="self-check-answer"><summary>Show the answer</summary>'
                f"<p><strong>Answer: {_escape(self.answer)}{unit}.</strong> "
                f'<span class="self-check-why">{_inline(self.why)}</span></p></details></div>')

    def __repr__(self) -> str:
        choices = "".join(f"\n  ( ) {c}" for c in self.choices) or "\n  Your answer: ____"
        return f"Self-check: {self.question}{choices}"


def self_check(question, choices=None, *, answer, why, unit: str = "", tolerance: float = 0) -> SelfCheck:
    """A self-check question whose ``answer`` is computed from the data.

    >>> check = self_check("In which year was CENTO dissolved?", [1959, 1979, 1990], answer=1979.0,
    ...                    why="Iran and Pakistan left it in 1979.")
    >>> check.answer, 'value="1979"' in check._repr_html_(), "<details" in check._repr_html_()
    ('1979', True, True)
    >>> self_check("Which year?", [1959, 1990], answer=1979, why="")
    Traceback (most recent call last):
    ...
    pakiran.selfcheck.SelfCheckError: self-check 'Which year?': the data give 1979, which is not among the choices 1959, 1990
    """
    if choices is not None:
        listed = [_plain(c) for c in choices]
        if len(listed) < 2 or len(set(listed)) != len(listed):
            raise SelfCheckError(f"self-check {question!r}: give at least two different choices, not {listed}")
        if _plain(answer) not in listed:
            raise SelfCheckError(f"self-check {question!r}: the data give {_plain(answer)}, which is not among "
                                 f"the choices {', '.join(listed)}")
    elif isinstance(answer, bool) or not isinstance(answer, Number) or not math.isfinite(float(answer)):
        raise SelfCheckError(f"self-check {question!r}: a question without choices needs a numeric answer, "
                             f"not {answer!r}")
    if not str(why).strip():
        raise SelfCheckError(f"self-check {question!r}: say why the answer is right (why=...)")
    return SelfCheck(question, choices, answer, why, unit, tolerance)
