"""Exercises teachers can grade: nbgrader autograder cells pass on the solutions and fail on empty
answers (checked with nbgrader itself), follow one format, and lose their hidden tests in the
student edition."""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest

from conftest import REPO
from pakiran.build.autograder import AUTOGRADER

REPORTS = tomllib.loads((REPO / "notebooks" / "reports.toml").read_text(encoding="utf-8"))["report"]
BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def read(report: dict):
    return nbformat.read(REPO / "notebooks" / report["notebook"], as_version=4)


def checks(nb) -> list:
    return [cell for cell in nb.cells if AUTOGRADER in cell.metadata.get("tags", [])]




def hidden(source: str) -> str:
    return source.split(BEGIN, 1)[1].split(END, 1)[0]


def typed_in_answers(tests: str) -> list[str]:
    """Comparisons for equality with a literal number in the hidden tests: an expected value typed
    in rather than computed from the data (a tolerance like `< 0.05` or a key like "IRN" is fine)."""
    found = []
    for node in ast.walk(ast.parse(tests)):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            found += [ast.unparse(side) for side in [node.left, *node.comparators]
                      if isinstance(side, ast.Constant) and type(side.value) in (int, float)
                      or isinstance(side, ast.UnaryOp) and isinstance(side.operand, ast.Constant)]
    return found


def test_typed_in_answers_are_found_and_computed_ones_are_not():
    assert typed_in_answers("assert days == 9\nassert name != 'Turbat'\nassert x == -3") == ["9", "-3"]
    assert typed_in_answers("assert t[t.target == 'IRN'].size == _n\nassert days == _expected\nassert abs(x - _y) < 0.05\nassert v[0] == pk.f(2001)") == []


@pytest.mark.parametrize("report", REPORTS, ids=[r["id"] for r in REPORTS])
def test_autograder_cells_follow_the_format(report):
    from nbgrader.nbgraderformat import MetadataValidator

    nb = read(report)
    MetadataValidator().validate_nb(nb)
    assert len(checks(nb)) >= 2, "at least two exercises need an autograder cell"
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)), ids
    exercise, previous = None, None
    for cell in nb.cells:
        found = re.match(r"### Exercise (\d+)", cell.source) if cell.cell_type == "markdown" else None
        exercise = int(found.group(1)) if found else exercise
        if AUTOGRADER in cell.metadata.get("tags", []):
            grader, points = cell.metadata["nbgrader"], cell.metadata["nbgrader"].get("points", 0)
            assert cell.cell_type == "code" and "raises-exception" in cell.metadata["tags"]
            assert {k: grader[k] for k in ("grade", "locked", "solution", "task", "schema_version")} == {
                "grade": True, "locked": True, "solution": False, "task": False, "schema_version": 3}
            assert grader["grade_id"] == f"{report['id']}-ex{exercise}-check" and points > 0
            noun = "point" if points == 1 else "points"
            assert cell.source.splitlines()[0] == f"# Check for exercise {exercise} ({points:g} {noun})"
            visible = cell.source.split(BEGIN, 1)[0]
            assert "assert" in visible and "in globals()" in visible and END in cell.source
            tests = hidden(cell.source)
            assert "assert" in tests and "pk." in tests, "hidden tests compare with values computed with pk"
            assert typed_in_answers(tests) == [], "expected values are computed with pk, not typed in"
            assert previous is not None and "solution" in previous.metadata.get("tags", [])
            assert previous.metadata["nbgrader"]["solution"] is True
            assert previous.metadata["nbgrader"]["grade_id"] == f"{report['id']}-ex{exercise}-solution"
        if cell.cell_type == "code":
            previous = cell


@pytest.fixture(scope="module")
def autograded(tmp_path_factory) -> dict:
    """nbgrader's scores for two submissions of every graded report, in one course and one run:
    `solution` hands in the notebook as stored, `release` the version nbgrader gives students.
    {(student, notebook, grade_id): (score, points)}, plus the autograded notebooks under "notebooks"."""
    from nbgrader.api import Gradebook

    root = tmp_path_factory.mktemp("nbgrader")
    course, source = root / "course", root / "course" / "source" / "reports"
    source.mkdir(parents=True)
    for report in REPORTS:
        shutil.copy(REPO / "notebooks" / report["notebook"], source)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\nc.Execute.timeout = 120\n", encoding="utf-8")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / "config"), "JUPYTER_DATA_DIR": str(root / "data"),
           "JUPYTER_RUNTIME_DIR": str(root / "runtime"), "IPYTHONDIR": str(root / "ipython"),
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    env.pop("PAKIRAN_DATA", None)  # nbgrader calls its alembic script, installed beside this interpreter
    for step in ("generate_assignment", "autograde"):
        if step == "autograde":
            for student, folder in (("solution", source), ("release", course / "release" / "reports")):
                shutil.copytree(folder, course / "submitted" / student / "reports")
        result = subprocess.run([sys.executable, "-m", "nbgrader", step, "reports"], cwd=course, env=env,
                                capture_output=True, text=True, timeout=1200)
        assert result.returncode == 0, result.stderr[-3000:]
    scores: dict = {"notebooks": {}}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for notebook in gradebook.find_assignment("reports").notebooks:
            for student in ("solution", "release"):
                scores["notebooks"][student, notebook.name] = nbformat.read(
                    course / "autograded" / student / "reports" / f"{notebook.name}.ipynb", as_version=4)
                for cell in notebook.grade_cells:
                    grade = gradebook.find_grade(cell.name, notebook.name, "reports", student)
                    scores[student, notebook.name, cell.name] = (grade.score, grade.max_score)
    return scores


@pytest.mark.slow
@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r["id"])
def test_nbgrader_gives_solutions_full_points_and_empty_answers_none(report, autograded):
    name = Path(report["notebook"]).stem
    for cell in checks(read(report)):
        grade_id, points = cell.metadata.nbgrader.grade_id, cell.metadata.nbgrader.points
        assert autograded["solution", name, grade_id] == (points, points), grade_id
        assert autograded["release", name, grade_id] == (0, points), grade_id
    # the empty answer fails the visible check, not something else in the cell
    for cell in checks(autograded["notebooks"]["release", name]):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors and errors[0].ename == "AssertionError" and errors[0].evalue.startswith("Store ")
    solved = checks(autograded["notebooks"]["solution", name])
    assert solved and not [o for cell in solved for o in cell.outputs if o.output_type == "error"]


def test_student_download_keeps_the_visible_check_without_hidden_tests():
    from pakiran.build.render import Renderer

    nb = read(REPORTS[0])
    downloads = Renderer().downloads(nb)
    student, teacher = ("\n".join(c.source for c in nbformat.reads(downloads[e].decode("utf-8"), as_version=4).cells)
                        for e in ("student", "teacher"))
    for cell in checks(nb):
        first, tests = cell.source.splitlines()[0], hidden(cell.source).strip().splitlines()
        assert first in student and first in teacher
        assert all(line in teacher and line not in student for line in tests)
    assert "HIDDEN TESTS" not in student and "BEGIN SOLUTION" not in student


def _text(page: str) -> str:
    """A page's text as the reader sees it (code highlighting split into spans joined again)."""
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.slow
def test_student_pages_show_the_check_but_not_its_hidden_tests(built_site):
    search = (built_site / "search-student.js").read_text(encoding="utf-8")
    search = " ".join(d["text"] for d in json.loads(search.split("=", 1)[1].strip().removesuffix(";"))["documents"])
    for report in REPORTS:
        name = Path(report["notebook"]).stem
        student, teacher = (_text((built_site / f"{name}.{e}.html").read_text(encoding="utf-8"))
                            for e in ("student", "teacher"))
        downloaded = nbformat.read(built_site / f"{name}.student.ipynb", as_version=4)
        student_nb = "\n".join(c.source for c in downloaded.cells)
        for cell in checks(read(report)):
            first = cell.source.splitlines()[0]
            assert first in student and first in teacher and first in student_nb
            for line in hidden(cell.source).strip().splitlines():
                assert line in teacher and line not in student and line not in student_nb and line not in search
        assert "HIDDEN TESTS" in teacher
        assert "HIDDEN TESTS" not in student + student_nb + search
