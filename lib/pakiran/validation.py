"""Validate the whole data package: the descriptor, every file, every cell, keys and cross-table rules.

Problems come in this order: problems of datapackage.json (nothing else is checked then); the
structural problems of every file (missing or empty file, encoding, delimiter, header, ragged,
blank or truncated rows); then values, keys and cross-table rules, each group in file and row
order. A check that looks into a file with structural problems is not reported row by row: one
line at row 0 of the file that was being checked counts what was left out.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from .csvfile import read_table
from .fields import check_column
from .paths import display_path
from .problems import DataError, Problem, in_order
from .rules import Tables, check_keys, check_rules
from .schema import Resource, read_package

FOLLOW_ON = "follow-on problems not shown; fix the problems above first"


def _check_values(res: Resource, table, shown: str) -> list[Problem]:
    problems = []
    for f in res.fields:
        table.values[f.name], errors = check_column(f, table.text[f.name])
        problems += [Problem(shown, table.numbers[i], f.name, message) for i, message in errors.items()]
    return problems


def _cross_checks(resources: dict[str, Resource], tables: Tables, shown: dict[str, str]) -> list[Problem]:
    """Key and rule problems, with those caused by a damaged table replaced by a count per file."""
    damaged = {name for name, table in tables.items() if table.damaged}
    problems: list[Problem] = []
    hidden: Counter[tuple[str, str]] = Counter()
    for label, found in (("(foreign keys)", check_keys(resources, tables, shown)),
                         ("(cross-table rules)", check_rules(tables, shown))):
        for problem, other in found:
            if other in damaged:
                hidden[problem.file, label] += 1
            else:
                problems.append(problem)
    counts = [Problem(file, 0, label, f"{n} {FOLLOW_ON}") for (file, label), n in hidden.items()]
    return counts + problems


def read_and_check(data_dir: Path) -> tuple[dict[str, Resource], Tables, list[Problem]]:
    """Resources, checked tables (with typed values) and all problems found, in report order."""
    try:
        resources = read_package(data_dir)
    except DataError as exc:
        return {}, {}, exc.problems
    tables: Tables = {}
    shown: dict[str, str] = {}
    structural: list[Problem] = []
    others: list[Problem] = []
    for name, res in resources.items():
        shown[name] = display_path(data_dir / res.path)
        tables[name], found = read_table(data_dir / res.path, shown[name], res.field_names)
        structural += found
        taken = {(p.row, p.column) for p in found}
        others += [p for p in _check_values(res, tables[name], shown[name]) if (p.row, p.column) not in taken]
    others += _cross_checks(resources, tables, shown)
    return resources, tables, in_order(structural) + in_order(others)


def validate(data_dir: Path) -> list[Problem]:
    """Every problem in the package at data_dir: structural problems first, then by file and row."""
    return read_and_check(data_dir)[2]
