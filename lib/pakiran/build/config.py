"""The reports to build, their order, titles and parameters, from notebooks/reports.toml.

The file is checked as a whole before anything runs; every problem is reported on a line of its
own as ``<file>: report <n>: <key>: <message>``.
"""
from __future__ import annotations

import ast
import datetime
import difflib
import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import display_path

REPO = Path(__file__).resolve().parents[3]
DEFAULT_CONFIG = REPO / "notebooks" / "reports.toml"
KEYS = ("id", "notebook", "title", "parameters", "cell_timeout", "notebook_timeout")
LIMITS = ("cell_timeout", "notebook_timeout")  # optional seconds for this report alone
REQUIRED = ("id", "notebook", "title")
CUSTOM = "__"  # separates a report's name from its command-line parameters in page names
SITE_KEYS = ("base_url",)
PLACEHOLDER_BASE_URL = "https://example.org/pakistan-iran-relations/"  # until the site has an address


@dataclass(frozen=True)
class Report:
    """One notebook to run with given parameters into pages named `name`."""

    id: str
    notebook: Path
    title: str
    parameters: dict = field(default_factory=dict)
    name: str = ""
    custom: bool = False  # a run with command-line parameters: pages of its own, not on the index
    limits: dict = field(default_factory=dict)  # this report's own cell_timeout / notebook_timeout, seconds


@dataclass(frozen=True)
class Site:
    """Settings of the site as a whole, from the file's optional [site] table."""

    base_url: str = PLACEHOLDER_BASE_URL  # where the site is published; citations give URLs under it


class ConfigError(ValueError):
    """The reports file is missing or malformed; the message has one line per problem."""


def _kind(value) -> str:
    """How a TOML value is named in messages: 'a string', 'an integer', 'a table', ..."""
    for types, name in ((bool, "true/false"), (str, "a string"), (int, "an integer"), (float, "a number"),
                        (dict, "a table"), (list, "a list"), (datetime.datetime, "a date-time"),
                        (datetime.date, "a date"), (datetime.time, "a time")):
        if isinstance(value, types):
            return name
    return type(value).__name__


def _scalar(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (str, int, bool))


def value_problem(value) -> str | None:
    """Why a parameter value cannot be passed to a notebook (None if it can)."""
    if _scalar(value) or (isinstance(value, list) and all(_scalar(v) for v in value)):
        return None
    if isinstance(value, float):
        return f"expected a finite number, got {value!r}"
    return f"expected a string, number, true/false or a list of them, got {_kind(value)}"


def notebook_parameters(notebook: Path) -> list[str] | None:
    """Names the notebook's cell tagged `parameters` assigns, in order; None if it cannot be read.

    Read the way papermill reads the cell: top-level assignments of the first tagged cell.
    """
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        cell = next(c for c in cells if "parameters" in c.get("metadata", {}).get("tags", []))
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        tree = ast.parse(source)
    except (OSError, ValueError, KeyError, TypeError, StopIteration, SyntaxError):
        return None
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
            if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and name.id not in names:
                    names.append(name.id)
    return names


def name_problems(names, notebook: Path) -> list[str]:
    """Problems with parameter names: each must be a name the notebook's parameters cell defines."""
    allowed = notebook_parameters(notebook)
    problems = []
    for name in names:
        if allowed is not None and name not in allowed:
            problems.append(f"{name!r} is not a parameter of {notebook.name}; its parameters are "
                            f"{', '.join(allowed) or '(none)'}")
        elif not (isinstance(name, str) and name.isidentifier()):
            problems.append(f"{name!r} is not a valid parameter name")
    return problems


def _check_entry(entry: dict, folder: Path) -> list[str]:
    """Problems with one [[report]] table, each as 'key: message'."""
    problems = []
    for key in entry:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; expected {', '.join(KEYS)}"
            problems.append(f"unknown key {key!r}{hint}")
    missing = [key for key in REQUIRED if key not in entry]
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    for key in REQUIRED:
        if key in entry and not isinstance(entry[key], str):
            problems.append(f"{key}: expected a string, got {_kind(entry[key])}")
        elif key in entry and not entry[key].strip():
            problems.append(f"{key}: expected a non-empty string")
    notebook = entry.get("notebook")
    if isinstance(notebook, str) and notebook.strip():
        path = (folder / notebook).resolve()
        if path.suffix != ".ipynb":
            problems.append(f"notebook: expected a .ipynb file, got {notebook!r}")
        elif CUSTOM in path.stem:
            problems.append(f"notebook: {notebook!r}: '{CUSTOM}' is reserved for pages built with -p")
        elif not path.is_file():
            problems.append(f"notebook {notebook} not found")
    for key in LIMITS:
        value = entry.get(key)
        if key in entry and (isinstance(value, bool) or not isinstance(value, (int, float))
                             or not 0 < value < math.inf):
            problems.append(f"{key}: expected a positive number of seconds, got {value!r}")
    parameters = entry.get("parameters", {})
    if not isinstance(parameters, dict):
        problems.append(f"parameters: expected a table of name = value, got {_kind(parameters)}")
    else:
        for name, value in parameters.items():
            why = value_problem(value)
            if why:
                problems.append(f"parameters: {name}: {why}")
        if isinstance(notebook, str) and not any(p.startswith("notebook") for p in problems):
            problems += [f"parameters: {p}" for p in name_problems(list(parameters), (folder / notebook).resolve())]
    return problems


def base_url_problem(value) -> str | None:
    """Why a value cannot be the site's base URL (None if it can): an absolute http(s) URL with a host,
    without spaces, query or fragment.

    >>> base_url_problem("https://example.org/reports/") is None, base_url_problem("example.org")
    (True, "expected an absolute http(s) URL such as 'https://example.org/reports/', got 'example.org'")
    """
    from urllib.parse import urlsplit

    if not isinstance(value, str):
        return f"expected a string, got {_kind(value)}"
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or re.search(r"[\s\\{}<>\"]", value) or value.endswith(("?", "#"))):
        return f"expected an absolute http(s) URL such as 'https://example.org/reports/', got {value!r}"
    return None


def _site_problems(raw: dict) -> list[str]:
    """Problems with the [site] table, each as 'site: message'."""
    table = raw.get("site", {})
    if not isinstance(table, dict):
        return [f"site: expected a table ([site]), got {_kind(table)}"]
    problems = [f"site: unknown key {key!r}; expected {', '.join(SITE_KEYS)}" for key in table if key not in SITE_KEYS]
    if "base_url" in table and (why := base_url_problem(table["base_url"])):
        problems.append(f"site: base_url: {why}")
    return problems


def _read(path: Path) -> dict:
    shown = display_path(path)
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read the reports file: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: not valid TOML: {exc}") from None


def load_site(path: Path = DEFAULT_CONFIG) -> Site:
    """The [site] table of the reports file; its base_url always ends with '/'.

    Raises ConfigError naming the file and key of every problem.
    """
    raw = _read(path)
    problems = _site_problems(raw)
    if problems:
        raise ConfigError("\n".join(f"{display_path(path)}: {p}" for p in problems))
    base = raw.get("site", {}).get("base_url", PLACEHOLDER_BASE_URL)
    return Site(base if base.endswith("/") else base + "/")


def load_config(path: Path = DEFAULT_CONFIG) -> list[Report]:
    """Reports in reading order. Each [[report]] has id, notebook, title, optional [parameters] and
    optional cell_timeout / notebook_timeout (seconds, for that report instead of the build's limits).

    Raises ConfigError listing every problem: wrong types, unknown or missing keys, duplicate ids,
    notebooks that do not exist or are listed twice (pages are named after their notebook).
    """
    shown = display_path(path)
    raw = _read(path)
    problems = [f"{shown}: unknown key {key!r}; expected only [[report]] tables and [site]" for key in raw
                if key not in ("report", "site")]
    problems += [f"{shown}: {p}" for p in _site_problems(raw)]
    entries = raw.get("report", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError("\n".join(problems + [f"{shown}: report: expected [[report]] tables, got {_kind(entries)}"]))
    if not entries:
        raise ConfigError("\n".join(problems + [f"{shown}: no reports; add [[report]] tables with id, notebook "
                                                "and title"]))
    reports, ids, notebooks = [], {}, {}
    for number, entry in enumerate(entries, start=1):
        found = _check_entry(entry, path.parent)
        report_id, notebook = entry.get("id"), entry.get("notebook")
        if isinstance(report_id, str):
            if report_id in ids:
                found.append(f"id: {report_id!r} is already used by report {ids[report_id]}")
            ids.setdefault(report_id, number)
        if isinstance(notebook, str) and not any(p.startswith("notebook") for p in found):
            resolved = (path.parent / notebook).resolve()
            if resolved in notebooks:
                found.append(f"notebook: {notebook} is already used by report {notebooks[resolved]}; pages are "
                             "named after the notebook, so list each notebook once (use -p for other parameters)")
            notebooks.setdefault(resolved, number)
        problems += [f"{shown}: report {number}: {p}" for p in found]
        if not found:
            resolved = (path.parent / notebook).resolve()
            reports.append(Report(report_id, resolved, entry["title"], dict(entry.get("parameters", {})),
                                  resolved.stem, limits={k: float(entry[k]) for k in LIMITS if k in entry}))
    if problems:
        raise ConfigError("\n".join(problems))
    return reports


def _slug(value) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", str(value)).strip("-")


def with_parameters(report: Report, overrides: dict) -> Report:
    """The report run with overrides, under its own output name so no other run is overwritten.

    Raises ConfigError unless every name is one the notebook's parameters cell defines.
    """
    if not overrides:
        return report
    problems = name_problems(list(overrides), report.notebook)
    problems += [f"{name}: {why}" for name, value in overrides.items() if (why := value_problem(value))]
    if problems:
        raise ConfigError("\n".join(f"-p {p}" for p in problems))
    suffix = "_".join(f"{k}-{_slug(v)}" for k, v in sorted(overrides.items()))
    return Report(report.id, report.notebook, report.title, {**report.parameters, **overrides},
                  f"{report.name}{CUSTOM}{suffix}", custom=True, limits=report.limits)


def parse_value(text: str):
    """Command-line parameter value: int, finite float, true/false, else the text itself."""
    for convert in (int, float):
        try:
            value = convert(text)
        except ValueError:
            continue
        if not isinstance(value, float) or math.isfinite(value):
            return value
    return {"true": True, "false": False}.get(text.lower(), text)
