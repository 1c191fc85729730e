"""The reports to build, their order, titles and parameters, from notebooks/reports.toml."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DEFAULT_CONFIG = REPO / "notebooks" / "reports.toml"


@dataclass(frozen=True)
class Report:
    """One notebook to run with given parameters into pages named `name`."""

    id: str
    notebook: Path
    title: str
    parameters: dict = field(default_factory=dict)
    name: str = ""

    @property
    def custom(self) -> bool:
        """True for a run with command-line parameters (an extra page, not on the index)."""
        return "__" in self.name


class ConfigError(ValueError):
    """The reports file is missing or malformed."""


def load_config(path: Path = DEFAULT_CONFIG) -> list[Report]:
    """Reports in reading order. Each [[report]] has id, notebook, title and optional [parameters]."""
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    reports = []
    for number, entry in enumerate(raw.get("report", []), start=1):
        missing = [k for k in ("id", "notebook", "title") if k not in entry]
        if missing:
            raise ConfigError(f"{path}: report {number} lacks {', '.join(missing)}")
        notebook = (path.parent / entry["notebook"]).resolve()
        if not notebook.is_file():
            raise ConfigError(f"{path}: report {entry['id']}: notebook {entry['notebook']} not found")
        reports.append(Report(str(entry["id"]), notebook, entry["title"], dict(entry.get("parameters", {})),
                              notebook.stem))
    ids = [r.id for r in reports]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{path}: report ids must be unique")
    return reports


def _slug(value) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", str(value)).strip("-")


def with_parameters(report: Report, overrides: dict) -> Report:
    """The report run with overrides, under its own output name so no other run is overwritten."""
    if not overrides:
        return report
    suffix = "_".join(f"{k}-{_slug(v)}" for k, v in sorted(overrides.items()))
    return Report(report.id, report.notebook, report.title, {**report.parameters, **overrides},
                  f"{report.name}__{suffix}")


def parse_value(text: str):
    """Command-line parameter value: int, float, true/false, else the text itself."""
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)
