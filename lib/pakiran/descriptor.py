"""Check the structure of datapackage.json before it is used: one (JSON path, message) per fault."""
from __future__ import annotations

import re

TYPES = ("string", "integer", "number", "date")
_UNSUPPORTED = ("groupChar", "decimalChar", "bareNumber")
Fault = tuple[str, str]


def kind(value) -> str:
    """What a JSON value is, in words: 'a string', 'a list', 'an object'..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return {str: "a string", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _names(value) -> list[str] | None:
    """A string or a list of strings as a list; None when it is neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def is_tabular(resource: dict) -> bool:
    """A resource the validator reads as CSV: a tabular profile, a schema or a .csv path."""
    path = resource.get("path")
    return (resource.get("profile") == "tabular-data-resource" or "schema" in resource
            or (isinstance(path, str) and path.endswith(".csv")))


def check(descriptor) -> list[Fault]:
    """Every structural fault of the descriptor; empty when the validator can rely on it."""
    if not isinstance(descriptor, dict):
        return [("(descriptor)", f"expected an object with 'resources', got {kind(descriptor)}")]
    resources = descriptor.get("resources")
    if resources is None:
        return [("resources", "is missing; expected a list of resources")]
    if not isinstance(resources, list):
        return [("resources", f"expected a list of resources, got {kind(resources)}")]
    if not resources:
        return [("resources", "is empty; expected at least one resource")]
    faults: list[Fault] = []
    fields_of: dict[str, list[str] | None] = {}  # CSV resources: their field names, None if unusable
    seen: dict[str, int] = {}
    for i, res in enumerate(resources):
        where = f"resources[{i}]"
        if not isinstance(res, dict):
            faults.append((where, f"expected a resource (an object), got {kind(res)}"))
            continue
        name = res.get("name")
        if not isinstance(name, str) or not name:
            faults.append((f"{where}.name", "is missing; every resource needs a name" if name is None
                           else f"expected a non-empty string, got {kind(name)}"))
        elif name in seen:
            faults.append((f"{where}.name", f"'{name}' is already the name of resources[{seen[name]}]"))
        else:
            seen[name] = i
        path = res.get("path")
        if not isinstance(path, str) or not path:
            faults.append((f"{where}.path", "is missing; every resource needs a path" if path is None
                           else f"expected a file name, got {kind(path)}"))
        if not is_tabular(res):
            continue
        if isinstance(name, str):
            fields_of.setdefault(name, None)
        if "schema" not in res:
            faults.append((f"{where}.schema", "is missing; a CSV resource needs a schema with its fields"))
            continue
        names = _check_schema(res["schema"], f"{where}.schema", faults)
        if isinstance(name, str) and name in fields_of:
            fields_of[name] = names
    for i, res in enumerate(resources):
        if isinstance(res, dict) and is_tabular(res) and isinstance(res.get("schema"), dict):
            name = res.get("name")
            own = fields_of.get(name) if isinstance(name, str) else None
            _check_keys(res["schema"], f"resources[{i}].schema", own, fields_of, faults)
    return faults


def _check_schema(schema, where: str, faults: list[Fault]) -> list[str] | None:
    """Check a schema's fields; return their names, or None when the fields are unusable."""
    if not isinstance(schema, dict):
        faults.append((where, f"expected a schema (an object with 'fields'), got {kind(schema)}"))
        return None
    fields = schema.get("fields")
    if fields is None:
        faults.append((f"{where}.fields", "is missing; expected a list of fields"))
        return None
    if not isinstance(fields, list):
        faults.append((f"{where}.fields", f"expected a list of fields, got {kind(fields)}"))
        return None
    if not fields:
        faults.append((f"{where}.fields", "is empty; expected at least one field"))
        return None
    names: list[str] = []
    before = len(faults)
    for j, f in enumerate(fields):
        _check_field(f, f"{where}.fields[{j}]", names, faults)
    return names if len(faults) == before else None


def _check_field(f, where: str, names: list[str], faults: list[Fault]) -> None:
    if not isinstance(f, dict):
        faults.append((where, f"expected a field (an object with 'name'), got {kind(f)}"))
        return
    name = f.get("name")
    if name is None:
        faults.append((f"{where}.name", "is missing; every field needs a name"))
    elif not isinstance(name, str) or not name:
        faults.append((f"{where}.name", f"expected a non-empty string, got {kind(name)}"))
    elif name in names:
        faults.append((f"{where}.name", f"'{name}' is already the name of another field"))
    else:
        names.append(name)
    type_ = f.get("type", "string")
    if type_ not in TYPES:
        shown = f"'{type_}'" if isinstance(type_, str) else kind(type_)
        faults.append((f"{where}.type", f"{shown} is not supported; expected one of {', '.join(TYPES)}"))
    for key in _UNSUPPORTED:
        if key in f:
            faults.append((f"{where}.{key}", "is not supported; values must be plain ASCII decimal notation"))
    if f.get("format", "default") != "default":
        faults.append((f"{where}.format", "is not supported; only the default format is read"))
    if "partialDate" in f and not isinstance(f["partialDate"], bool):
        faults.append((f"{where}.partialDate", f"expected true or false, got {kind(f['partialDate'])}"))
    if "separator" in f and (not isinstance(f["separator"], str) or not f["separator"]):
        faults.append((f"{where}.separator", f"expected a non-empty string, got {kind(f['separator'])}"))
    if "vocabulary" in f:
        if _names(f["vocabulary"]) is None or isinstance(f["vocabulary"], str):
            faults.append((f"{where}.vocabulary", f"expected a list of strings, got {kind(f['vocabulary'])}"))
        elif "separator" not in f:
            faults.append((f"{where}.vocabulary", "needs a separator for the values it lists"))
    constraints = f.get("constraints", {})
    if not isinstance(constraints, dict):
        faults.append((f"{where}.constraints", f"expected an object, got {kind(constraints)}"))
        return
    _check_constraints(constraints, f"{where}.constraints", faults)


def _check_constraints(c: dict, where: str, faults: list[Fault]) -> None:
    for key in ("required", "unique"):
        if key in c and not isinstance(c[key], bool):
            faults.append((f"{where}.{key}", f"expected true or false, got {kind(c[key])}"))
    for key in ("minimum", "maximum"):
        if key in c and not _is_number(c[key]):
            faults.append((f"{where}.{key}", f"expected a number, got {kind(c[key])}"))
    if "maxLength" in c and (not isinstance(c["maxLength"], int) or isinstance(c["maxLength"], bool)
                             or c["maxLength"] < 0):
        faults.append((f"{where}.maxLength", f"expected a whole number of characters, got {kind(c['maxLength'])}"))
    if "enum" in c and (not isinstance(c["enum"], list) or _names(c["enum"]) is None):
        faults.append((f"{where}.enum", f"expected a non-empty list of strings, got {kind(c['enum'])}"))
    if "pattern" in c:
        if not isinstance(c["pattern"], str):
            faults.append((f"{where}.pattern", f"expected a regular expression (a string), got {kind(c['pattern'])}"))
        else:
            try:
                re.compile(c["pattern"])
            except re.error as exc:
                faults.append((f"{where}.pattern", f"is not a valid regular expression ({exc})"))


def _check_keys(schema: dict, where: str, own: list[str] | None, fields_of: dict[str, list[str] | None],
                faults: list[Fault]) -> None:
    if own is None:
        return
    if "primaryKey" in schema:
        key = _names(schema["primaryKey"])
        if key is None:
            faults.append((f"{where}.primaryKey", f"expected a field name or a list of them, got {kind(schema['primaryKey'])}"))
        else:
            faults += [(f"{where}.primaryKey", f"'{k}' is not a field of this schema") for k in key if k not in own]
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        faults.append((f"{where}.foreignKeys", f"expected a list of foreign keys, got {kind(fks)}"))
        return
    for k, fk in enumerate(fks):
        at = f"{where}.foreignKeys[{k}]"
        if not isinstance(fk, dict):
            faults.append((at, f"expected a foreign key (an object with 'fields' and 'reference'), got {kind(fk)}"))
            continue
        fields = _names(fk.get("fields"))
        if fields is None:
            faults.append((f"{at}.fields", f"expected a field name or a list of them, got {kind(fk.get('fields'))}"))
        else:
            faults += [(f"{at}.fields", f"'{n}' is not a field of this schema") for n in fields if n not in own]
        ref = fk.get("reference")
        if not isinstance(ref, dict):
            faults.append((f"{at}.reference", f"expected an object with 'resource' and 'fields', got {kind(ref)}"))
            continue
        target = ref.get("resource")
        if not isinstance(target, str) or target not in fields_of:
            shown = f"'{target}'" if isinstance(target, str) else kind(target)
            faults.append((f"{at}.reference.resource", f"{shown} is not a CSV resource of this package"))
            continue
        if fields_of[target] is None:
            continue  # that resource's own fault is reported already
        refs = _names(ref.get("fields"))
        if refs is None:
            faults.append((f"{at}.reference.fields", f"expected a field name or a list of them, got {kind(ref.get('fields'))}"))
            continue
        faults += [(f"{at}.reference.fields", f"'{n}' is not a field of {target}") for n in refs if n not in fields_of[target]]
        if fields is not None and len(fields) != len(refs):
            faults.append((f"{at}.reference.fields", f"names {len(refs)} field(s) but fields names {len(fields)}"))
