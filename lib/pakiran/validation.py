"""Validate the whole data package: every file, every cell, keys and cross-table rules."""
from __future__ import annotations

from pathlib import Path

from .csvfile import read_rows
from .fields import check_cell
from .paths import display_path
from .problems import Problem
from .rules import Tables, check_keys, check_rules
from .schema import read_package


def read_and_check(data_dir: Path) -> tuple[dict, Tables, list[Problem]]:
    """Resources, parsed tables and all problems found (empty when the package is valid)."""
    try:
        resources = read_package(data_dir)
    except (OSError, ValueError, KeyError) as exc:
        where = display_path(data_dir / "datapackage.json")
        return {}, {}, [Problem(where, 1, "(file)", f"cannot read the package descriptor: {exc}")]
    tables: Tables = {}
    shown: dict[str, str] = {}
    problems: list[Problem] = []
    for name, res in resources.items():
        shown[name] = display_path(data_dir / res.path)
        rows, found = read_rows(data_dir / res.path, shown[name], res.field_names)
        problems += found
        for number, row in rows:
            for f in res.fields:
                message = check_cell(f, row[f.name])
                if message:
                    problems.append(Problem(shown[name], number, f.name, message))
        if rows or not found:
            tables[name] = rows
    problems += check_keys(resources, tables, shown)
    problems += check_rules(tables, shown)
    return resources, tables, problems


def validate(data_dir: Path) -> list[Problem]:
    """Every problem in the package at data_dir, in file and row order."""
    return sorted(read_and_check(data_dir)[2], key=lambda p: (p.file, p.row))
