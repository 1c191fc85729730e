"""Read datapackage.json: the one place where tables, fields and vocabularies are defined."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import descriptor as structure
from .paths import display_path
from .problems import DataError, Problem


@dataclass(frozen=True)
class Field:
    """One column of a table, as the schema describes it."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    partial_date: bool = False
    vocabulary: tuple[str, ...] | None = None
    separator: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    """Columns of one table whose values must exist in another table's columns."""

    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    """One CSV file of the package."""

    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _as_tuple(value) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _field(desc: dict) -> Field:
    c = desc.get("constraints", {})
    enum = c.get("enum")
    vocab = desc.get("vocabulary")
    return Field(
        name=desc["name"],
        type=desc.get("type", "string"),
        description=desc.get("description", ""),
        required=bool(c.get("required")),
        unique=bool(c.get("unique")),
        pattern=c.get("pattern"),
        enum=tuple(enum) if enum else None,
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
        max_length=c.get("maxLength"),
        partial_date=bool(desc.get("partialDate")),
        vocabulary=tuple(vocab) if vocab else None,
        separator=desc.get("separator"),
    )


def _resource(desc: dict) -> Resource:
    schema = desc["schema"]
    fks = tuple(
        ForeignKey(_as_tuple(fk["fields"]), fk["reference"]["resource"], _as_tuple(fk["reference"]["fields"]))
        for fk in schema.get("foreignKeys", [])
    )
    return Resource(
        name=desc["name"],
        path=desc["path"],
        fields=tuple(_field(f) for f in schema["fields"]),
        primary_key=_as_tuple(schema.get("primaryKey", ())),
        foreign_keys=fks,
    )


def read_descriptor(data_dir: Path) -> dict:
    """The parsed datapackage.json; DataError naming the file (and line) when it is unusable."""
    path = data_dir / "datapackage.json"
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(shown, None, "(file)", "file is missing; expected the package descriptor")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(shown, None, "(file)", f"cannot read the package descriptor ({exc})")]) from None
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(shown, exc.lineno, "(json)", f"not valid JSON: {exc.msg} (column {exc.colno})")]) from None
    faults = structure.check(descriptor)
    if faults:
        raise DataError([Problem(shown, None, where, message) for where, message in faults])
    return descriptor


def read_package(data_dir: Path) -> dict[str, Resource]:
    """Tabular resources of the package in data_dir, by name, in file order.

    Raises DataError with one Problem per structural fault of datapackage.json.
    """
    descriptor = read_descriptor(data_dir)
    return {r["name"]: _resource(r) for r in descriptor["resources"] if structure.is_tabular(r)}
