"""pakiran: curated, cited data on Pakistan-Iran relations, and the helpers the report notebooks use.

Load:     load_events, load_visits, load_memberships, load_figures, load_trade, load_places, load_sources,
          load_date_claims, data_tables
Query:    find_events (bilateral=True: events between the two states), is_bilateral, visits,
          visits_per_decade, themes_per_decade, bilateral_score, arena_score, score_by_era, memberships,
          reported_numbers, disagreements, date_disagreements (the dates sources give for one event)
Compare:  spreads, disputed, disputes, versus, with_sources, by_source (values that sources report for the
          same thing, side by side, never averaged)
Look up:  event (date label, title, summary, citation), cite_events, chronicle, place, distance_km
Period:   check_parameters (sets the report's period; one-line ParameterError), period, clip_eras,
          in_period, nothing ("nothing in this period")
Cite:     cite, source_line, bibliography, reset_citations, sources_of
Chart:    timeline, membership_gantt, score_line, bars, compare_values, place_map, finish_figure
Overview: turning_points, notable_years, visit_summary, decade_labels, leading_themes, value_spread
Values:   value (a reported number with unit, date, note and citation), by_id, cite_values, quote, with_unit,
          reported_in_period, value_table, by_label (bars), trade_rows (one row per reported value, whose
          statistics), trade_table, fiscal_series (one country's own fiscal years)
          series_by_source (one flow by year, a column per source), target_outcomes (trade targets, deadline
          and what was reported for it), deadline_year
Say:      say (a sentence with escaped values), show_table, date_label, join, count
Alliances: event_by_key, events_by_key, ids_by_key, event_key (events by keys that survive refined dates),
          tagged, in_force, military_pacts, alliance_types, ALLIANCE_TYPES, coding_reason, most_frequent,
          ordinal, period_end, reported (one number with its citation), numbers_for_years, claims_by_status
Method:   source_kinds (citations by kind of source, per table or theme), precisions (how precisely dates
          are known), scores_by_decade (bilateral and arena scores side by side), gaps (what is missing)
Borderland: incidents, hostile_words, targeted_state, per_year_by_side (incidents by the state on the
          receiving end, hostile words by the state that spoke), incident_sites, border_places (map rows)
Teach:    self_check (a multiple-choice or numeric question whose answer is computed from the data)
Validate: validate (or ``python -m pakiran validate``)
Weeks:    week_start, week_window, per_week_by_sign (events per week by sign of weight), in_window (events
          between two dates), window_weight (their sum of weights), days_between, scope, with_scope
          (Pakistan–Iran or regional context)
Rivalry:  strand (sectarian strife or the Gulf and Saudi–Iran rivalry), GULF_RIVALRY, SECTARIAN_STRIFE,
          GULF_STATES, per_decade (events per decade split by a column), named_places (places events name)
Nuclear:  vote_tallies (IAEA Board and Security Council votes on Iran, one row per vote and source),
          BODIES, VOTE_COLUMNS

Sources travel with the rows: every table the library returns has a ``source_id`` or
``source_ids`` column, and charts and tables cite exactly the rows they show.

Names are imported on first use, so the command line starts without loading pandas or matplotlib.
"""
from __future__ import annotations

import importlib
import warnings

_HOMES = {
    "alliances": ["ALLIANCE_TYPES", "alliance_types", "claims_by_status", "coding_reason", "event_by_key", "event_key",
                  "events_by_key", "ids_by_key", "in_force", "military_pacts", "most_frequent", "numbers_for_years",
                  "ordinal", "period_end", "Reported", "reported", "tagged"],
    "borderland": ["INCIDENT_KINDS", "WORD_KINDS", "border_places", "hostile_words", "incident_sites", "incidents",
                   "per_year_by_side", "targeted_state"],
    "charts": ["bars", "compare_values", "describe", "finish_figure", "membership_gantt", "score_line", "timeline"],
    "compare": ["by_source", "disputed", "disputes", "spreads", "versus", "with_sources"],
    "citations": ["bibliography", "cite", "reset_citations", "source_line", "sources_of"],
    "dates": ["date_label"],
    "display": ["TableView", "show_table"],
    "geo": ["distance_km", "place"],
    "load": ["clear_cache", "load_cameo", "load_date_claims", "load_event_sources", "load_events", "load_figures",
             "load_glossary",
             "load_memberships", "load_places", "load_sources", "load_trade", "load_visits", "vocabulary"],
    "lookup": ["Event", "chronicle", "cite_events", "event"],
    "maps": ["load_outlines", "place_map"],
    "method": ["gaps", "precisions", "scores_by_decade", "source_kinds"],
    "nuclear": ["BODIES", "VOTE_COLUMNS", "vote_tallies"],
    "overview": ["decade_labels", "leading_themes", "notable_years", "turning_points", "value_spread", "visit_summary"],
    "params": ["ParameterError", "check_parameters"],
    "paths": ["data_dir"],
    "timespan": ["Era", "Period", "clip_eras", "in_period", "nothing", "period"],
    "text": ["Markup", "count", "join", "say"],
    "problems": ["DataError", "Problem"],
    "selfcheck": ["SelfCheck", "SelfCheckError", "self_check"],
    "rivalry": ["GULF_RIVALRY", "GULF_STATES", "SECTARIAN_STRIFE", "named_places", "per_decade", "strand"],
    "query": ["arena_score", "bilateral_score", "check_period", "check_themes", "disagreements", "find_events",
              "is_bilateral", "memberships", "reported_numbers", "date_disagreements", "score_by_era", "themes",
              "themes_per_decade",
              "visits", "visits_per_decade", "year_range", "yearly_score"],
    "validation": ["validate"],
    "weeks": ["COOPERATION", "CONFLICT", "PAKISTAN_IRAN", "REGIONAL_CONTEXT", "SIGN_COLOURS", "Window", "days_between",
              "in_window", "per_week_by_sign", "scope", "week_start", "week_window", "window_weight", "with_scope"],
    "trade": ["Value", "by_id", "by_label", "cite_values", "deadline_year", "fiscal_series", "quote", "reported_in_period",
              "series_by_source", "target_outcomes", "trade_rows",
              "trade_table", "value", "value_table", "with_unit"],
}
# Names whose module calls them otherwise: public name -> name in its module.
_INNER = {"data_tables": "tables"}
_HOMES["load"].append("data_tables")
# Public names that were renamed so that no two things share one: old name -> new name.
_RENAMED = {"md": "say", "figures": "reported_numbers", "tables": "data_tables", "Table": "TableView"}
_WHERE = {name: module for module, names in _HOMES.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _RENAMED:
        new = _RENAMED[name]
        warnings.warn(f"pakiran.{name} is deprecated; use pakiran.{new}", DeprecationWarning, stacklevel=2)
        return __getattr__(new)
    if name not in _WHERE:
        raise AttributeError(f"module 'pakiran' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), _INNER.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
