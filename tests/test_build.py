"""The site build: pages and editions, caching, custom parameters, failures, atomic writes, determinism."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factory import GOOD, failing, notebook, reports_file

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def run_build(config: Path, out: Path, *args: str, env: dict | None = None, timeout: int = 300):
    return subprocess.run([sys.executable, "-m", "pakiran", "build", "--config", str(config), "--out", str(out), *args],
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """Two good notebooks, their config, and a site built from them once."""
    root = tmp_path_factory.mktemp("project")
    notebook(root / "a.ipynb", "Report A", GOOD, marker="A")
    notebook(root / "b.ipynb", "Report B", GOOD, marker="B")
    config = reports_file(root, [("1", "a.ipynb", "Report A"), ("2", "b.ipynb", "Report B")])
    site = root / "site"
    result = run_build(config, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, config, site, result


@pytest.fixture
def copy(project, tmp_path):
    """A private copy of the project and its built site, for tests that change things."""
    root = project[0]
    target = tmp_path / "project"
    shutil.copytree(root, target)
    return target, target / "reports.toml", target / "site"


def pages(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(site.iterdir()) if p.is_file()}


def test_site_has_index_and_both_editions(project):
    _, _, site, result = project
    for name in ("index.html", "a.student.html", "a.teacher.html", "a.student.ipynb", "a.teacher.ipynb",
                 "b.student.html", "b.teacher.html"):
        assert (site / name).is_file(), name
    assert "start  a" in result.stdout and re.search(r"ok +a \(\d+\.\d s; ran in \d+\.\d s\)", result.stdout)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.index("Report A") < index.index("Report B")
    assert "A small test report about Report A." in index and "read a chart" in index
    assert "5 minutes reading" in index and 'src="data:image/png;base64,' in index


def test_pages_are_offline_and_accessible(project):
    site = project[2]
    for page in site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en">' in html
        assert not re.search(r'\bsrc="(https?:)?//|<link[^>]+href="(https?:)?//', html), f"{page.name} loads from the web"
        assert not re.search(r"<script[^>]*\bsrc=", html), f"{page.name} loads a script"
        assert len(re.findall(r"<script\b", html)) <= 1, f"{page.name}: only the page's own small script"
        assert "No description has been provided" not in html
        own = sum(len(m.group(0)) for m in re.finditer(r"<(style|script)\b.*?</\1>", html, flags=re.S))
        assert own < 100_000, f"{page.name}: template CSS and script take {own} bytes"
        for img in re.findall(r"<img [^>]*>", html):
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and len(alt.group(1)) > 10, img[:200]
        for target in re.findall(r'href="([^"#]+)"', html):
            if not re.match(r"(https?|mailto):", target):  # the site's own pages must exist
                assert (site / target).is_file(), f"{page.name} links to missing {target}"


def test_student_edition_has_no_solutions_teacher_edition_marks_them(project):
    site = project[2]
    for name in ("a.student.html", "a.student.ipynb"):
        text = (site / name).read_text(encoding="utf-8")
        assert "SOLUTION_MARKER_A" not in text and "BEGIN SOLUTION" not in text
        assert "How many events are there?" in text
    teacher = (site / "a.teacher.html").read_text(encoding="utf-8")
    assert "SOLUTION_MARKER_A" in teacher and "Solution (teacher edition)" in teacher
    assert "SOLUTION_MARKER_A" in (site / "a.teacher.ipynb").read_text(encoding="utf-8")


def test_hidden_inputs_show_output_only(project):
    html = (project[2] / "a.student.html").read_text(encoding="utf-8")
    assert "pk.timeline" not in html and "Figure 1. Key days." in html
    assert "start_year" in html  # the parameters cell stays visible


def test_navigation_links_previous_next_and_index(project):
    site = project[2]
    a = (site / "a.student.html").read_text(encoding="utf-8")
    b = (site / "b.teacher.html").read_text(encoding="utf-8")
    assert 'href="b.student.html"' in a and 'href="index.html"' in a and 'href="a.teacher.html"' in a
    assert 'href="a.teacher.html"' in b and 'rel="next"' not in b


def test_rebuild_with_nothing_changed_does_nothing(copy):
    root, config, site = copy
    before = {p: p.stat().st_mtime_ns for p in site.glob("*.*")}
    result = run_build(config, site)
    assert result.returncode == 0
    assert result.stdout.startswith("Up to date: 2 report(s)")
    assert before == {p: p.stat().st_mtime_ns for p in site.glob("*.*")}


def library_copy(tmp_path: Path, name: str, old: str, new: str) -> dict:
    """A copy of the library with one template file changed; the environment that makes builds use it."""
    lib = tmp_path / "lib"
    shutil.copytree(REPO / "lib" / "pakiran", lib / "pakiran", ignore=shutil.ignore_patterns("__pycache__"))
    path = lib / "pakiran" / "templates" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return {"PYTHONPATH": str(lib), "PAKIRAN_DATA": str(REPO / "data")}


@pytest.mark.parametrize("name,old,new,marker", [
    ("pakiran/style.css", "\n", "\n/* changed-style */\n", "/* changed-style */"),
    ("pakiran/index.html.j2", "<style>", "<style>/* changed-template */", "/* changed-template */"),
])
def test_changed_css_or_template_renders_every_page_and_runs_no_notebook(copy, tmp_path, name, old, new, marker):
    root, config, site = copy
    kept = {p.name: p.stat().st_mtime_ns for p in (site / ".build" / "executed").glob("*.ipynb")}
    assert sorted(kept) == ["a.ipynb", "b.ipynb"]
    before = pages(site)
    env = library_copy(tmp_path, name, old, new)
    result = run_build(config, site, env=env)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    if name.endswith(".css"):  # the stylesheet goes into the kept rendered pages: no worker, no nbconvert
        assert "Restyled 2 report(s) from their rendered pages: only the stylesheet changed" in out, out
        assert "Building" not in out and "start  a" not in out
    else:
        assert "Building 2 of 2 report(s) with 2 worker(s): 0 to execute, 2 to render from their last run" in out
        assert "ran in" not in out and re.search(r"ok +a \(\d+\.\d s; rendered from its last run\)", out)
        assert re.search(r"^a +ok +\d+\.\d +from last run$", out, flags=re.M), out
    assert {p.name: p.stat().st_mtime_ns for p in (site / ".build" / "executed").glob("*.ipynb")} == kept
    after = pages(site)
    for page in ("a.student.html", "a.teacher.html", "b.student.html", "b.teacher.html"):
        assert marker in after[page].decode("utf-8") and after[page] != before[page], page
    for download in ("a.student.ipynb", "b.teacher.ipynb"):
        assert after[download] == before[download]          # the same run, so the same notebooks
    if name.endswith(".css"):
        assert marker in after["index.html"].decode("utf-8")
    again = run_build(config, site, env=env)
    assert again.returncode == 0 and again.stdout.startswith("Up to date: 2 report(s)"), again.stdout
    assert pages(site) == after


def test_a_stylesheet_change_renders_again_a_report_whose_kept_pages_are_gone_or_damaged(copy, tmp_path):
    root, config, site = copy
    kept = site / ".build" / "rendered"
    (kept / "a.student.html").write_text("<html>no slot for the stylesheet</html>", encoding="utf-8")
    (kept / "b.teacher.html").unlink()
    env = library_copy(tmp_path, "pakiran/style.css", "\n", "\n/* changed-style */\n")
    result = run_build(config, site, env=env)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "Restyled" not in out
    assert "Building 2 of 2 report(s) with 2 worker(s): 0 to execute, 2 to render from their last run" in out
    for page in ("a.student.html", "a.teacher.html", "b.student.html", "b.teacher.html"):
        assert "/* changed-style */" in (site / page).read_text(encoding="utf-8"), page
    assert "no slot" not in (kept / "a.student.html").read_text(encoding="utf-8")
    assert (kept / "b.teacher.html").is_file()


def test_changed_notebook_rebuilds_that_notebook_alone(copy):
    root, config, site = copy
    notebook(root / "b.ipynb", "Report B", GOOD + [("markdown", "An added paragraph.", [])], marker="B")
    old_a = (site / "a.student.html").read_bytes()
    result = run_build(config, site)
    assert result.returncode == 0, result.stdout
    assert "start  b" in result.stdout and "start  a" not in result.stdout
    assert "1 to execute, 0 to render from their last run" in result.stdout
    assert "An added paragraph." in (site / "b.student.html").read_text(encoding="utf-8")
    assert (site / "a.student.html").read_bytes() == old_a


def test_changed_data_rebuilds_everything(copy, tmp_path):
    root, config, site = copy
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data)
    with open(data / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write("")
    (data / "LICENSE.md").write_text((data / "LICENSE.md").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = run_build(config, site, env={"PAKIRAN_DATA": str(data)})
    assert result.returncode == 0, result.stdout
    assert "start  a" in result.stdout and "start  b" in result.stdout


def test_force_rebuilds_and_output_is_deterministic(copy):
    root, config, site = copy
    before = pages(site)
    result = run_build(config, site, "--force")
    assert result.returncode == 0, result.stdout
    assert "Building 2 of 2" in result.stdout
    assert pages(site) == before


def test_custom_parameters_build_their_own_pages(copy):
    root, config, site = copy
    before = pages(site)
    result = run_build(config, site, "1", "-p", "start_year", "2024")
    assert result.returncode == 0, result.stdout + result.stderr
    custom = site / "a__start_year-2024.student.html"
    assert custom.is_file()
    assert "start_year = 2024" in (site / "a__start_year-2024.student.ipynb").read_text(encoding="utf-8")
    after = pages(site)
    assert all(after[name] == data for name, data in before.items() if name != "index.html")


def test_invalid_parameter_stops_in_the_first_cell(copy):
    root, config, site = copy
    result = run_build(config, site, "1", "-p", "end_year", "1900")
    assert result.returncode == 1
    assert "ParameterError: end_year=1900 is outside the data" in result.stdout
    # cells: header, parameters, injected parameters, then the check
    assert "FAILED a.ipynb (a__end_year-1900), cell 4: 'import pakiran as pk'" in result.stdout


@pytest.mark.parametrize("kind,message,limit", [
    ("exception", "ValueError: broken on purpose", ""),
    ("timeout", "cell timed out after 3 s", "cell_timeout = 3"),   # report b's own limit; a keeps the default
    ("dead", "the kernel died", ""),
    ("check", "cell 5: '# Check for exercise 1 (1 point)'\n  error: AssertionError: wrong on purpose", ""),
])
def test_failing_notebook_is_reported_and_others_still_build(copy, kind, message, limit):
    root, config, site = copy
    good_b = (site / "b.student.html").read_bytes()
    notebook(root / "b.ipynb", "Report B", failing(kind), marker="B")
    notebook(root / "a.ipynb", "Report A", GOOD + [("markdown", "Changed A.", [])], marker="A")
    reports_file(root, [("1", "a.ipynb", "Report A"), ("2", "b.ipynb", "Report B")], extra={"2": limit})
    result = run_build(config, site)
    out = result.stdout
    assert result.returncode == 1, out
    assert re.search(r"FAILED b\.ipynb \(b\), cell \d+: ", out), out
    assert message in out
    partial = re.search(r"partly executed notebook kept at: (\S+)", out).group(1)
    assert Path(partial).is_file()
    assert "Changed A." in (site / "a.student.html").read_text(encoding="utf-8")
    assert (site / "b.student.html").read_bytes() == good_b
    assert "1 built, 1 failed" in out


def test_notebook_timeout_is_reported(copy):
    root, config, site = copy
    notebook(root / "b.ipynb", "Report B", failing("timeout"), marker="B")
    result = run_build(config, site, "2", "--notebook-timeout", "8", "--cell-timeout", "100")
    assert result.returncode == 1
    assert "notebook timed out after 8 s" in result.stdout


def test_killed_build_leaves_every_page_old_or_new(copy):
    root, config, site = copy
    old = pages(site)
    for name, marker in (("a.ipynb", "A"), ("b.ipynb", "B")):
        notebook(root / name, f"Report {marker}", GOOD + [("markdown", "Newer text.", [])], marker=marker)
    for delay in (3.0, 6.0, 9.0):
        process = subprocess.Popen([sys.executable, "-m", "pakiran", "build", "--config", str(config), "--out",
                                    str(site), "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for name, data in pages(site).items():
            if name.startswith("."):
                continue
            if name.endswith(".html"):
                assert data.rstrip().endswith(b"</html>"), name
            if name in old and data != old[name]:
                assert b"Newer text." in data or name == "index.html", name


def test_unknown_report_id_and_bad_config_are_clear(copy, tmp_path):
    root, config, site = copy
    result = run_build(config, site, "9")
    assert result.returncode == 2 and "unknown report id(s) 9" in result.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('[[report]]\nid = "1"\nnotebook = "missing.ipynb"\ntitle = "X"\n', encoding="utf-8")
    result = run_build(bad, site)
    assert result.returncode == 2 and "notebook missing.ipynb not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_data_text_is_escaped_in_pages(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data)
    path = data / "events.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Iran hits alleged Jaish al-Adl bases in Panjgur, Balochistan",
                        "<script>alert('x')</script> Iran hits Panjgur")
    path.write_text(text, encoding="utf-8")
    notebook(tmp_path / "a.ipynb", "Report A", GOOD, marker="A")
    config = reports_file(tmp_path, [("1", "a.ipynb", "Report A")])
    result = run_build(config, tmp_path / "site", env={"PAKIRAN_DATA": str(data)})
    assert result.returncode == 0, result.stdout
    html = (tmp_path / "site" / "a.student.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html


def test_header_objectives_keep_their_continuation_lines():
    from pakiran.build.header import parse_header

    header = parse_header("# Title\n\nA summary of the report.\n\n**Learning objectives**\n\n- Trace the steps\n"
                          "  from 1947 to 1979.\n- Read a chart.\n\n**Estimated time:** 5 minutes reading, "
                          "10 minutes exercises.")
    assert header.objectives == ["Trace the steps from 1947 to 1979.", "Read a chart."]
    assert (header.reading_minutes, header.exercise_minutes) == (5, 10)
