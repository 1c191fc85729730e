"""The report notebooks: stored clean, run under papermill with default and other parameters,
stop on bad parameters with one line, and carry figures, solutions and sources."""
from __future__ import annotations

import json
import re
import tomllib
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from conftest import REPO, build_site, kept_folder

REPORTS = tomllib.loads((REPO / "notebooks" / "reports.toml").read_text(encoding="utf-8"))["report"]
NOTEBOOKS = [REPO / "notebooks" / r["notebook"] for r in REPORTS]
IMG = re.compile(r'<img src="data:image/png;base64,')
# Limits that keep the reports thin: prose in Markdown, logic in the tested library.
MAX_CELL_LINES = 12
MAX_CODE_LINES_PER_REPORT = 100     # the report's own code, without its exercises' solutions and checks
MAX_SOLUTION_LINES_PER_REPORT = 30


def other_parameters(report: dict) -> dict:
    """A second, narrower parameter set: the later half of the report's period, and every
    boolean switch of the parameters cell turned over."""
    start, end = report["parameters"]["start_year"], report["parameters"]["end_year"]
    other = {"start_year": (start + end + 1) // 2, "end_year": end}
    nb = nbformat.read(REPO / "notebooks" / report["notebook"], as_version=4)
    cell = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    for name, value in re.findall(r"^(\w+)\s*=\s*(True|False)\b", cell, flags=re.M):
        other[name] = value != "True"
    return other


def test_every_report_in_the_config_has_its_notebook_and_no_notebook_is_left_out():
    assert NOTEBOOKS and all(path.is_file() for path in NOTEBOOKS)
    on_disk = sorted(p.name for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(r["notebook"] for r in REPORTS) == on_disk


# Cells that ask the reader something (a self-check, an exercise's check) or answer an exercise, rather
# than compute the report.
QUESTIONS = {"self-check-question", "autograder", "answer", "solution"}


def _code_cells(path: Path, questions: bool = False):
    """The notebook's code cells: the report's own, or with questions=True also the questions' cells."""
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
            and (questions or not QUESTIONS & set(c.metadata.get("tags", [])))]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin(path):
    lines = sum(len(c.source.splitlines()) for c in _code_cells(path))
    assert lines <= MAX_CODE_LINES_PER_REPORT, f"{lines} code lines"
    solutions = sum(len(c.source.splitlines()) for c in _code_cells(path, questions=True)
                    if "solution" in c.metadata.get("tags", []))
    assert solutions <= MAX_SOLUTION_LINES_PER_REPORT, f"{solutions} lines of solutions"
    for cell in _code_cells(path, questions=True):
        assert not re.search(r"^\s*(def|class|lambda)\b|\blambda\b", cell.source, flags=re.M), cell.source[:200]
        assert ".attrs" not in cell.source and "pk.md(" not in cell.source
        assert not re.search(r"#[0-9A-Fa-f]{6}\b", cell.source), "colours come from the library's style"
        if "solution" not in cell.metadata.get("tags", []):
            assert len(cell.source.splitlines()) <= MAX_CELL_LINES, cell.source[:200]


def test_all_reports_together_stay_thin():
    total = sum(len(c.source.splitlines()) for path in NOTEBOOKS for c in _code_cells(path))
    assert total <= MAX_CODE_LINES_PER_REPORT * len(NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_hidden_code_is_collapsed_in_jupyterlab_and_notebook_is_canonical(path):
    sys.path.insert(0, str(REPO / "scripts"))
    from tidy_notebooks import canonical

    for cell in _code_cells(path):
        hidden = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        assert hidden == ("hide-input" in cell.metadata.get("tags", [])), cell.source[:80]
    assert path.read_text(encoding="utf-8") == canonical(path), "run scripts/tidy_notebooks.py"


def test_notebooks_are_stored_without_outputs():
    result = subprocess.run([sys.executable, "-m", "nbstripout", "--verify", *map(str, NOTEBOOKS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_structure_header_parameters_exercises_sources(path):
    from pakiran.build.header import read_header

    nb = nbformat.read(path, as_version=4)
    header = read_header(path)
    assert header.title and len(header.summary) > 80
    assert 3 <= len(header.objectives) <= 5
    assert header.reading_minutes and header.exercise_minutes
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert "start_year" in code[0].source and "end_year" in code[0].source
    assert "check_parameters" in code[1].source
    text = "\n".join(c.source for c in nb.cells)
    assert "## Discussion questions" in text and "## Exercises" in text and "## Sources" in text
    exercises = re.findall(r"^### Exercise \d+", text, flags=re.M)
    solutions = [c for c in code if "solution" in c.metadata.get("tags", [])]
    assert len(exercises) >= 2 and len(solutions) == len(exercises)
    for cell in solutions:
        assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
        assert cell.metadata["nbgrader"]["solution"] is True
    questions = text.split("## Discussion questions", 1)[1].split("##", 1)[0]
    assert len(re.findall(r"^\d+\.", questions, flags=re.M)) >= 3
    assert code[-1].source.strip() == "pk.bibliography()"
    assert not re.search(r"""['"][^'"]*\.(csv|json|geojson)['"]""", text), "notebooks must not read files by path"


def run(path: Path, out: Path, parameters: dict):
    return papermill.execute_notebook(str(path), str(out), parameters=parameters, progress_bar=False,
                                      kernel_name="python3", cwd=str(out.parent))


def check_outputs(nb) -> int:
    figures = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", cell.source[:80]
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), output["text"][:300]
            html = output.get("data", {}).get("text/html", "")
            assert "left out of this page" not in str(output.get("data", {}).get("text/plain", "")), cell.source[:80]
            found = len(IMG.findall(html)) + ("image/png" in output.get("data", {}))
            if found:
                assert "pakiran-source" in html and re.search(r'alt="[^"]{20,}"', html), "figure without alt/source"
                assert re.search(r"<figcaption>[^<]{10,}", html), "figure without caption"
            figures += found
    return figures


@pytest.fixture(scope="session")
def other_runs(tmp_path_factory) -> tuple[Path, str]:
    """Every report run once more, with other_parameters, by one build of its own (parallel workers,
    forked kernels): the site folder and what the build printed. A failing report fails its test."""
    site = kept_folder(tmp_path_factory, "other-parameters")
    site.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for report in REPORTS:
        values = ", ".join(f"{name} = {json.dumps(value)}" for name, value in other_parameters(report).items())
        lines += ["[[report]]", f"id = {json.dumps(report['id'])}",
                  f"notebook = {json.dumps((REPO / 'notebooks' / report['notebook']).as_posix())}",
                  f"title = {json.dumps(report['title'])}", f"parameters = {{ {values} }}", ""]
    config = site.parent / "reports.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    result = build_site(site, "--config", str(config))
    return site, result.stdout + result.stderr


def executed(site: Path, report: dict, log: str = ""):
    """The notebook of report as the build at site executed it."""
    path = site / ".build" / "executed" / f"{Path(report['notebook']).stem}.ipynb"
    assert f"FAILED {report['notebook']}" not in log and path.is_file(), f"{report['notebook']} failed\n{log[-3000:]}"
    return nbformat.read(path, as_version=4)


@pytest.mark.slow
@pytest.mark.parametrize("report", REPORTS, ids=lambda r: Path(r["notebook"]).stem)
def test_runs_with_its_parameters_and_other_parameters(report, built_site, other_runs):
    """Each notebook runs once with the parameters of reports.toml (the session's built site) and
    once with other parameters; both without errors or stderr, and with figures that differ."""
    default = executed(built_site, report)
    assert check_outputs(default) >= 3
    other = executed(other_runs[0], report, other_runs[1])
    check_outputs(other)
    assert json.dumps(default.cells[-1].outputs) != json.dumps(other.cells[-1].outputs) or \
        any(json.dumps(a.get("outputs")) != json.dumps(b.get("outputs")) for a, b in zip(default.cells, other.cells))


@pytest.mark.slow
@pytest.mark.parametrize("parameters,message", [
    ({"start_year": 1990, "end_year": 1980}, "ParameterError: end_year=1980 is before start_year=1990"),
    ({"end_year": 1900}, "ParameterError: end_year=1900 is outside the data; choose a year between 1947 and"),
    ({"start_year": "1960"}, "ParameterError: start_year must be a whole year"),
])
def test_invalid_parameters_stop_in_the_first_cell_with_one_line(parameters, message, tmp_path):
    out = tmp_path / "bad.ipynb"
    with pytest.raises(papermill.PapermillExecutionError):
        run(NOTEBOOKS[1], out, parameters)
    nb = nbformat.read(out, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    check = next(c for c in code if "check_parameters" in c.source)
    errors = [o for o in check.outputs if o.output_type == "error"]
    assert errors and errors[0].traceback == [message + errors[0].traceback[0][len(message):]]
    assert len(errors[0].traceback) == 1 and errors[0].traceback[0].startswith(message)
    later = code[code.index(check) + 1:]
    assert all(c.execution_count is None for c in later)
