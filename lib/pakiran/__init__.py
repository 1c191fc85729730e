"""pakiran: curated, cited data on Pakistan-Iran relations, and the helpers the report notebooks use.

Load:     load_events, load_visits, load_memberships, load_figures, load_trade, load_places, load_sources
Query:    find_events, visits, visits_per_decade, themes_per_decade, yearly_score, memberships, figures,
          disagreements
Cite:     cite, source_line, bibliography, reset_citations
Chart:    timeline, membership_gantt, score_line, bars, compare_values, place_map
Show:     show_table, date_label, md (narrative with numbers from the data), join
Notebook: check_parameters (one-line ParameterError for bad parameters)
Validate: validate (or ``python -m pakiran validate``)

Names are imported on first use, so the command line starts without loading pandas or matplotlib.
"""
from __future__ import annotations

import importlib

_HOMES = {
    "charts": ["bars", "compare_values", "membership_gantt", "score_line", "timeline"],
    "citations": ["bibliography", "cite", "reset_citations", "source_line"],
    "dates": ["date_label"],
    "display": ["show_table"],
    "load": ["clear_cache", "load_cameo", "load_event_sources", "load_events", "load_figures", "load_memberships",
             "load_places", "load_sources", "load_trade", "load_visits", "tables", "vocabulary"],
    "maps": ["load_outlines", "place_map"],
    "params": ["ParameterError", "check_parameters"],
    "paths": ["data_dir"],
    "text": ["join", "md"],
    "problems": ["DataError", "Problem"],
    "query": ["check_period", "check_themes", "disagreements", "figures", "find_events", "memberships", "themes",
              "themes_per_decade", "visits", "visits_per_decade", "year_range", "yearly_score"],
    "validation": ["validate"],
}
_WHERE = {name: module for module, names in _HOMES.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'pakiran' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
