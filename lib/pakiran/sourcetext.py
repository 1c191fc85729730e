"""How sources are named in text: which authors are organisations, and what each kind of source is
called. Plain Python (no pandas), so that the build can use it without loading the tables."""
from __future__ import annotations

KIND_NAMES = {"encyclopedia": "encyclopedia article", "paper": "paper", "news": "news report",
              "opinion": "opinion piece", "official": "official statement", "dataset": "dataset", "book": "book"}


_ORGANISATION_WORDS = {"of", "the", "for", "and", "ministry", "office", "department", "embassy", "institute",
                       "government", "agency", "council", "bureau", "centre", "center"}


def is_organisation(name: str) -> bool:
    """True for an author that is an organisation ('Ministry of Commerce, Government of Pakistan')
    rather than a person written 'Surname, Given names'.

    >>> is_organisation("US Department of State, Office of the Historian"), is_organisation("Haider, Syed Sajjad")
    (True, False)
    """
    words = {w.strip("()").lower() for w in name.replace(",", " ").split()}
    surname, _, given = name.partition(",")
    return "," not in name or bool(words & _ORGANISATION_WORDS) or len(surname.split()) > 3 or len(given.split()) > 3
