"""A datapackage.json of the wrong structure gives one line per fault, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import pakiran
from pakiran import DataError

WHERE = "data/datapackage.json"


def _change(data, change) -> None:
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def _fields(n):
    return lambda d: d["resources"][n]["schema"]["fields"]


FAULTS = {
    "fields is a string": (lambda d: d["resources"][2]["schema"].__setitem__("fields", "oops"),
                           ["resources[2].schema.fields: expected a list of fields, got a string"]),
    "no schema": (lambda d: d["resources"][3].pop("schema"),
                  ["resources[3].schema: is missing; a CSV resource needs a schema with its fields"]),
    "field without a name": (lambda d: _fields(1)(d)[0].pop("name"),
                             ["resources[1].schema.fields[0].name: is missing; every field needs a name"]),
    "resources is an object": (lambda d: d.__setitem__("resources", {}),
                               ["resources: expected a list of resources, got an object"]),
    "no resources": (lambda d: d.pop("resources"), ["resources: is missing; expected a list of resources"]),
    "resource is a string": (lambda d: d["resources"].__setitem__(8, "places.csv"),
                             ["resources[8]: expected a resource (an object), got a string"]),
    "field is a number": (lambda d: _fields(2)(d).__setitem__(0, 3),
                          ["resources[2].schema.fields[0]: expected a field (an object with 'name'), got a number"]),
    "unsupported type": (lambda d: _fields(0)(d)[7].__setitem__("type", "datetime"),
                         ["resources[0].schema.fields[7].type: 'datetime' is not supported; "
                          "expected one of string, integer, number, date"]),
    "bad pattern": (lambda d: _fields(0)(d)[0]["constraints"].__setitem__("pattern", "(["),
                    ["resources[0].schema.fields[0].constraints.pattern: is not a valid regular expression "
                     "(unterminated character set at position 1)"]),
    "enum is a string": (lambda d: _fields(0)(d)[1]["constraints"].__setitem__("enum", "news"),
                         ["resources[0].schema.fields[1].constraints.enum: expected a non-empty list of strings, got a string"]),
    "minimum is text": (lambda d: _fields(1)(d)[2]["constraints"].__setitem__("minimum", "-10"),
                        ["resources[1].schema.fields[2].constraints.minimum: expected a number, got a string"]),
    "group separator": (lambda d: _fields(1)(d)[2].__setitem__("groupChar", "_"),
                        ["resources[1].schema.fields[2].groupChar: is not supported; "
                         "values must be plain ASCII decimal notation"]),
    "primary key names no field": (lambda d: d["resources"][2]["schema"].__setitem__("primaryKey", "nope"),
                                   ["resources[2].schema.primaryKey: 'nope' is not a field of this schema"]),
    "foreign key to nowhere": (lambda d: d["resources"][2]["schema"]["foreignKeys"][0]["reference"]
                               .__setitem__("resource", "nope"),
                               ["resources[2].schema.foreignKeys[0].reference.resource: "
                                "'nope' is not a CSV resource of this package"]),
    "two faults": (lambda d: (d["resources"][2]["schema"].__setitem__("fields", "oops"),
                              _fields(4)(d)[1].pop("name")),
                   ["resources[2].schema.fields: expected a list of fields, got a string",
                    "resources[4].schema.fields[1].name: is missing; every field needs a name"]),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_each_structural_fault_is_one_problem(name, data_copy):
    change, faults = FAULTS[name]
    _change(data_copy, change)
    expected = [f"{WHERE}: {fault}" for fault in faults]
    assert [str(p) for p in pakiran.validate(data_copy)] == expected
    with pytest.raises(DataError) as caught:
        pakiran.load_events()
    assert [str(p) for p in caught.value.problems] == expected


def test_invalid_json_names_its_line(data_copy):
    path = data_copy / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"resources": [', '"resources": [,', 1), encoding="utf-8")
    lines = [str(p) for p in pakiran.validate(data_copy)]
    assert len(lines) == 1 and lines[0].startswith(f"{WHERE}:") and ": (json): not valid JSON: " in lines[0]


@pytest.mark.parametrize("name", ["fields is a string", "resources is an object", "field without a name"])
def test_cli_reports_descriptor_faults_without_a_traceback(name, data_copy):
    change, faults = FAULTS[name]
    _change(data_copy, change)
    result = subprocess.run([sys.executable, "-m", "pakiran", "validate"], capture_output=True, text=True,
                            cwd=data_copy.parent, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"{WHERE}: {fault}" for fault in faults]
