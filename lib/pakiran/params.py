"""Check a notebook's parameters and stop it with a one-line message when they are wrong."""
from __future__ import annotations

from collections.abc import Iterable


class ParameterError(ValueError):
    """A notebook parameter is invalid. IPython shows only its one-line message, no traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"ParameterError: {self}"]


def check_parameters(start_year: int, end_year: int, themes: str | Iterable[str] | None = None) -> None:
    """Raise ParameterError unless the period lies within the data and every theme is known."""
    from .timespan import set_period
    from .problems import DataError
    from .query import check_period, check_themes

    try:
        check_period(start_year, end_year)
        if themes is not None:
            check_themes(themes)
    except DataError:
        raise                        # a problem in the data, not in the parameters: keep its lines
    except ValueError as exc:
        raise ParameterError(str(exc)) from None
    set_period(start_year, end_year)
