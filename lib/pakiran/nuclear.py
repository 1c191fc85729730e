"""Votes on Iran's nuclear programme: the tallies of the IAEA Board of Governors and the UN Security
Council as each source reports them.

The tallies live in figures.csv under the subjects ``iaea_vote_*`` and ``unsc_vote_*`` with the
measures ``in_favour``, ``against`` and ``abstained`` (unit ``count``), dated by the day of the vote.
Every source's tally is its own row: where sources disagree, both rows are kept, never one picked.
"""
from __future__ import annotations

import pandas as pd

from .citations import short_label
from .query import reported_numbers
from .timespan import in_period

BODIES = {"iaea": "iaea_vote_", "unsc": "unsc_vote_"}
# Measures of a tally, in the order the tables show them, with their column headings.
VOTE_COLUMNS = {"in_favour": "in favour", "against": "against", "abstained": "abstained"}


def vote_tallies(body: str = "iaea", start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One row per vote and source of a body ('iaea' or 'unsc') in start..end (default: the
    report's period), by date: columns 'in favour', 'against', 'abstained' (empty where the source
    gives no number), date, subject and source_ids.

    Rows are labelled by the vote's date ('24 September 2005'); a vote reported by several sources
    has one row per source, its label followed by the source's short name.

    >>> list(vote_tallies("iaea", 2005, 2005).loc["24 September 2005", ["in favour", "against", "abstained"]])
    [22.0, 1.0, 12.0]
    >>> [label.split(" (")[1] for label in vote_tallies("unsc", 2010, 2010).index]
    ['United Nations Department of Public Information 2010)', 'Wikinews contributors 2010)', 'Xinhua 2010)']
    """
    if body not in BODIES:
        raise ValueError(f"body must be one of {', '.join(BODIES)}, not {body!r}")
    numbers = reported_numbers()
    numbers = numbers[numbers["subject"].str.startswith(BODIES[body]) & numbers["measure"].isin(list(VOTE_COLUMNS))]
    numbers = in_period(numbers, "as_of", start, end)
    columns = [*VOTE_COLUMNS.values(), "date", "subject", "source_ids"]
    if numbers.empty:
        return pd.DataFrame(columns=columns)
    sources_per_vote = numbers.groupby("subject")["source_id"].nunique()
    rows, labels = [], []
    for (subject, source), part in numbers.groupby(["subject", "source_id"], sort=False):
        values = part.set_index("measure")["value"]
        label = str(part["as_of_label"].iloc[0])
        labels.append(label + (f" ({short_label(source)})" if sources_per_vote[subject] > 1 else ""))
        rows.append({**{name: values.get(measure) for measure, name in VOTE_COLUMNS.items()},
                     "date": part["as_of"].iloc[0], "subject": subject, "source_ids": (source,)})
    table = pd.DataFrame(rows, index=pd.Index(labels, name="vote"), columns=columns)
    table[list(VOTE_COLUMNS.values())] = table[list(VOTE_COLUMNS.values())].astype(float)
    return table.sort_values(["date", "vote"], kind="stable")
