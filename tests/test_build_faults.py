"""The build under injected faults: exact messages, nothing written outside the site folder, and no
worker, kernel, connection file or socket folder left behind, however the build ends."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from factory import GOOD, notebook, reports_file
from pakiran.build.cache import Cache
from pakiran.build.files import OutsideSite, inside, write_atomic
from pakiran.build.lock import site_lock
from pakiran.cli import main

REPO = Path(__file__).resolve().parents[1]

# A cell that tells the test which kernel and worker ran the notebook and where the kernel's
# connection file is, so the test can check by PID and by path that all of them are gone.
PROBE = ("code", "import json, os, stat, ipykernel.connect\n"
                 "_c = ipykernel.connect.get_connection_file()\n"
                 "_p = {'kernel': os.getpid(), 'worker': os.getppid(), 'connection': _c,\n"
                 "      'file_mode': stat.S_IMODE(os.stat(_c).st_mode),\n"
                 "      'folder_mode': stat.S_IMODE(os.stat(os.path.dirname(_c)).st_mode),\n"
                 "      'sockets': sorted(os.listdir(os.path.dirname(_c)))}\n"
                 "open(os.path.join(os.environ['PROBES'], '{marker}.json'), 'w').write(json.dumps(_p))",
         ["hide-input"])
SLEEP = ("code", "import time\ntime.sleep(120)", [])


class Project:
    """Notebooks and a reports file in root, a site folder, private TMPDIR and probe folders."""

    def __init__(self, tmp_path: Path):
        self.root = tmp_path / "project"
        self.site = self.root / "site"
        # a short TMPDIR of its own: kernel sockets live there, and a socket's path may be at most
        # 107 bytes, which pytest's folders (deeper under pytest-xdist) would leave too little of
        self.tmp = Path(tempfile.mkdtemp(prefix="pk-"))
        self.probes = tmp_path / "probes"
        for folder in (self.root, self.probes):
            folder.mkdir()
        self.config = self.root / "reports.toml"

    def notebooks(self, *specs: tuple[str, list]) -> None:
        """(marker, extra cells) per report, in order: notebook <marker>.ipynb, id = its position."""
        for marker, cells in specs:
            notebook(self.root / f"{marker.lower()}.ipynb", f"Report {marker}", cells, marker=marker)
        reports_file(self.root, [(str(n), f"{m.lower()}.ipynb", f"Report {m}") for n, (m, _) in enumerate(specs, 1)])

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "pakiran", "build", "--config", "reports.toml", "--out", "site", *args]

    @property
    def env(self) -> dict:
        return {**os.environ, "TMPDIR": str(self.tmp), "PROBES": str(self.probes)}

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(*args), cwd=self.root, env=self.env, capture_output=True, text=True,
                              timeout=600)

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(self.command(*args), cwd=self.root, env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)

    def outside_site(self) -> dict[str, str]:
        """Hash of every file of the project outside the site folder."""
        return {p.relative_to(self.root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(self.root.rglob("*")) if p.is_file() and self.site not in p.parents}

    def probe(self, marker: str, process: subprocess.Popen | None = None) -> dict:
        """What the probe cell of notebook marker wrote; waits for it while process runs."""
        path = self.probes / f"{marker}.json"
        while not path.is_file() or not path.read_text():
            if process is None or process.poll() is not None:
                out, err = process.communicate() if process else ("", "")
                raise AssertionError(f"the notebook {marker} never ran its probe cell\n{out}{err}")
            time.sleep(0.2)
        return json.loads(path.read_text())

    def assert_nothing_left(self, *probes: dict) -> None:
        """No worker or kernel process, connection file or socket folder outlives the build."""
        deadline = time.monotonic() + 60                  # death signals and clean-up are asynchronous
        while True:
            left = [f"process {p[k]}" for p in probes for k in ("kernel", "worker") if alive(p[k])]
            left += [f"file {p['connection']}" for p in probes if os.path.exists(p["connection"])]
            left += [f"folder {os.path.dirname(p['connection'])}" for p in probes
                     if os.path.exists(os.path.dirname(p["connection"]))]
            left += [f"temporary {p.name}" for p in self.tmp.glob("pakiran-*")]
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert not left, left


def alive(pid: int) -> bool:
    """True if the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.fixture
def project(tmp_path) -> Project:
    project = Project(tmp_path)
    yield project
    shutil.rmtree(project.tmp, ignore_errors=True)


def build_in_process(project: Project, monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(project.root)
    code = main(["build", "--config", "reports.toml", "--out", "site", *args])
    return code, capsys.readouterr().err


# 1. Link-scheme guard ------------------------------------------------------------------------

@pytest.mark.parametrize("attribute", [
    'href="javascript:alert(1)"', 'href="JaVaScRiPt:alert(1)"', 'href=" java\tscript:alert(1)"',
    'href="&#106;ava&#x73;cript&colon;alert(1)"', "HREF='vbscript:msgbox(1)'", "href=javascript:alert(1)",
    'href="data:text/html,<script>alert(1)</script>"', 'href="file:///etc/passwd"', 'href="//example.org/x"',
    'href="../../etc/passwd"', 'href="%2e%2e/x"', 'src="javascript:alert(1)"', 'src="data:text/html,x"',
    'action="javascript:alert(1)"', 'formaction="javascript:alert(1)"', 'xlink:href="javascript:alert(1)"',
    'data="javascript:alert(1)"', 'to="javascript:alert(1)"',
])
def test_link_guard_neutralises_other_schemes(attribute):
    from pakiran.build.links import neutralise

    name = attribute.split("=")[0]
    assert neutralise(f"<a {attribute}>x</a>") == f'<a {name}="#">x</a>'


@pytest.mark.parametrize("attribute", [
    'href="https://example.org/a?b=1#c"', 'href="http://example.org"', 'href="mailto:someone@example.org"',
    'href="#content"', 'href="b.student.html"', 'href="a.teacher.ipynb"', 'src="data:image/png;base64,iVBORw0"',
    'data-href="javascript:not-a-link"',
])
def test_link_guard_keeps_site_links(attribute):
    from pakiran.build.links import neutralise

    assert neutralise(f"<a {attribute}>x</a>") == f"<a {attribute}>x</a>"


def test_link_guard_does_not_trust_the_tokeniser():
    from pakiran.build.links import neutralise

    # a browser ends the comment at '<!-->' and the text's quote does not swallow the real tag
    assert neutralise('<!--><a href="javascript:alert(1)">x</a>') == '<!--><a href="#">x</a>'
    assert neutralise('say src=" <a href="javascript:alert(1)">') == 'say src=" <a href="#">'
    assert neutralise('<iframe srcdoc="&lt;a href=javascript:x&gt;">') == '<iframe srcdoc="">'
    assert neutralise('<meta http-equiv="refresh" content="0; url=javascript:alert(1)">') == \
        '<meta http-equiv="refresh" content="#">'


@pytest.mark.slow
def test_pages_never_link_to_other_schemes(project):
    project.notebooks(("A", GOOD[:1] + [PROBE] + GOOD[1:] + [
        ("markdown", '[clickme](javascript:alert(4)) and <a href="JaVaScRiPt:alert(5)">raw</a>', []),
        ("code", "from IPython.display import HTML\n"
                 "HTML('<a href=\"&#106;avascript:alert(6)\">out</a> <a href=\"https://example.org\">web</a>')", []),
    ]))
    before = project.outside_site()
    result = project.run()
    assert result.returncode == 0, result.stdout + result.stderr
    for edition in ("student", "teacher"):
        page = (project.site / f"a.{edition}.html").read_text(encoding="utf-8")
        assert '<a href="#">clickme</a> and <a href="#">raw</a>' in page
        assert '<a href="#">out</a> <a href="https://example.org">web</a>' in page
        assert "javascript:" not in page.lower()
        assert 'src="data:image/png;base64,' in page
    index = (project.site / "index.html").resolve()
    assert result.stdout.endswith(f"Site: {index}\nOpen: {index.as_uri()}\n")   # fault 10
    assert project.outside_site() == before
    project.assert_nothing_left(project.probe("A"))


# 2. Parameter names and writes outside the site ------------------------------------------------

def test_unknown_parameter_name_is_refused_and_nothing_written(project, monkeypatch, capsys):
    project.notebooks(("A", GOOD))
    before = project.outside_site()
    code, err = build_in_process(project, monkeypatch, capsys, "1", "-p", "start_year#/../../../evil", "1")
    assert code == 2
    assert err == ("error: -p 'start_year#/../../../evil' is not a parameter of a.ipynb; its parameters are "
                   "start_year, end_year\n")
    code, err = build_in_process(project, monkeypatch, capsys, "1", "-p", "statr_year", "1960")
    assert code == 2 and "'statr_year' is not a parameter of a.ipynb; its parameters are start_year, end_year" in err
    assert not project.site.exists() and not (project.root.parent / "evil").exists()
    assert project.outside_site() == before


def test_writes_outside_the_site_are_refused(tmp_path):
    site = tmp_path / "site"
    (tmp_path / "elsewhere").mkdir()
    (site / ".build").mkdir(parents=True)
    (site / "link").symlink_to(tmp_path / "elsewhere")
    for name in ("../evil.html", "/tmp/evil.html", "link/evil.html", ".build/../../evil.html", ""):
        with pytest.raises(OutsideSite, match="outside the site folder"):
            write_atomic(site, name, b"x")
    assert inside(site, ".build", "cache", "a.key") == (site / ".build" / "cache" / "a.key").resolve()
    assert sorted(p.name for p in tmp_path.rglob("*")) == [".build", "elsewhere", "link", "site"]


# 3. Connection files and socket folders --------------------------------------------------------

@pytest.mark.slow
def test_connection_files_are_private_and_removed_after_success_and_failure(project):
    failing = ("code", "raise ValueError('on purpose')", [])
    project.notebooks(("A", GOOD[:1] + [PROBE] + GOOD[1:]), ("B", GOOD[:1] + [PROBE] + GOOD[1:2] + [failing]))
    before = project.outside_site()
    result = project.run()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED b.ipynb (b), cell 6: \"raise ValueError('on purpose')\"\n  error: ValueError: on purpose\n" \
        in result.stdout
    probes = [project.probe("A"), project.probe("B")]
    for probe in probes:
        assert probe["file_mode"] == 0o600 and probe["folder_mode"] & 0o777 == 0o700, probe  # (+ sticky bit)
        assert any(name.startswith("k-") for name in probe["sockets"]), probe    # IPC sockets, same folder
        assert Path(probe["connection"]).is_relative_to(project.tmp)
    assert project.outside_site() == before
    project.assert_nothing_left(*probes)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm", "kill-9-parent"])
def test_stopped_build_leaves_no_process_or_connection_file(project, how):
    project.notebooks(("A", GOOD[:1] + [PROBE] + GOOD[1:2] + [SLEEP]))
    before = project.outside_site()
    process = project.start("--jobs", "1")
    try:
        probe = project.probe("A", process)
        if how == "ctrl-c":
            os.killpg(process.pid, signal.SIGINT)          # what a terminal sends to the foreground group
        elif how == "sigterm":
            os.kill(process.pid, signal.SIGTERM)
        else:
            os.kill(process.pid, signal.SIGKILL)           # the parent only: its workers must follow it
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    expected = {"ctrl-c": (130, "SIGINT"), "sigterm": (143, "SIGTERM"), "kill-9-parent": (-9, None)}[how]
    assert process.returncode == expected[0], out + err
    if expected[1]:
        assert err.endswith(f"build stopped by {expected[1]}; workers and kernels were stopped, finished "
                            "reports kept their new pages\n"), err
    project.assert_nothing_left(probe)
    assert project.outside_site() == before
    assert not (project.site / ".build" / "cache" / "a.key").exists()


# 4. Two reports on one notebook; the wait loop ends when no worker is alive ----------------------

def test_one_notebook_in_two_reports_is_refused(project, monkeypatch, capsys):
    project.notebooks(("A", GOOD))
    project.config.write_text(project.config.read_text() + '[[report]]\nid = "2"\nnotebook = "a.ipynb"\n'
                              'title = "Again"\nparameters = { start_year = 2024, end_year = 2024 }\n')
    code, err = build_in_process(project, monkeypatch, capsys)
    assert code == 2
    assert err == ("error: reports.toml: report 2: notebook: a.ipynb is already used by report 1; pages are named "
                   "after the notebook, so list each notebook once (use -p for other parameters)\n")
    assert not project.site.exists()


@pytest.mark.slow
def test_build_ends_when_its_only_worker_dies(project):
    killer = ("code", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)", [])
    project.notebooks(("B", GOOD[:1] + [PROBE] + GOOD[1:2] + [killer]), ("A", GOOD[:1] + [PROBE] + GOOD[1:]))
    before = project.outside_site()
    result = project.run("--jobs", "1")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED b.ipynb (b)\n  error: the build worker died (killed by SIGKILL)\n" in result.stdout
    assert "FAILED a.ipynb (a)\n  error: not run: no build worker was left to run it\n" in result.stdout
    assert project.outside_site() == before
    project.assert_nothing_left(project.probe("B"))


# 5. Cache entries only with their pages; one build per site --------------------------------------

def test_cache_entry_is_forgotten_before_pages_and_recorded_after(tmp_path, monkeypatch):
    from pakiran.build import restyle, worker
    from pakiran.build.config import Report
    from pakiran.build.restyle import RENDERED, STYLE_SLOT

    site = tmp_path / "site"
    nb_path = notebook(tmp_path / "a.ipynb", "Report A", GOOD, marker="A")
    report = Report("1", nb_path, "Report A", {}, "a")
    Cache(site).record("a", "old-key")

    class Renderer:
        def render(self, nb, title, nav, capped=False):
            return ({"student": f"<html>{STYLE_SLOT}s</html>", "teacher": f"<html>{STYLE_SLOT}t</html>"},
                    {"student": b"{}", "teacher": b"{}"})

    monkeypatch.setattr("pakiran.build.execute.check_notebook", lambda path: None)
    monkeypatch.setattr("pakiran.build.execute.execute", lambda *a: (nbformat.read(str(nb_path), 4), None))
    written = []

    def failing_write(root, name, data):
        written.append(str(name))
        if len(written) == 3:
            raise OSError("disk full")
        return write_atomic(root, name, data)

    monkeypatch.setattr(worker, "write_atomic", failing_write)
    monkeypatch.setattr(restyle, "write_atomic", failing_write)
    settings = {"out": str(site), "css": "p{}", "cell_timeout": 5, "notebook_timeout": 5}
    result = worker._build_one(report, {}, ("new-key", "render-key"), "run-key", None, Renderer(), settings)
    assert result["error"] == "OSError: disk full"
    assert Cache(site).key("a") is None                     # the old key no longer vouches for mixed pages
    written.clear()
    monkeypatch.setattr(worker, "write_atomic", write_atomic)
    monkeypatch.setattr(restyle, "write_atomic", write_atomic)
    assert worker._build_one(report, {}, ("new-key", "render-key"), "run-key", None, Renderer(), settings)["ok"]
    assert Cache(site).key("a") == "new-key" and Cache(site, RENDERED).key("a") == "render-key"
    assert (site / "a.student.html").read_text(encoding="utf-8") == "<html>p{}s</html>"


def test_second_build_on_a_site_says_who_holds_it(project, monkeypatch, capsys):
    project.notebooks(("A", GOOD))
    project.site.mkdir()
    with site_lock(project.site):
        code, err = build_in_process(project, monkeypatch, capsys)
    assert code == 2
    assert err == f"error: another build (PID {os.getpid()}) is running on site; wait for it to finish\n"
    assert sorted(p.name for p in project.site.rglob("*")) == [".build", "lock"]


# 6. A notebook that is not JSON ------------------------------------------------------------------

@pytest.mark.slow
def test_invalid_json_notebook_is_one_failed_report(project):
    project.notebooks(("A", GOOD[:1] + [PROBE] + GOOD[1:]), ("B", GOOD))
    (project.root / "b.ipynb").write_text('{"cells": [,]}', encoding="utf-8")
    before = project.outside_site()
    result = project.run()
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("FAILED b.ipynb (b)\n  error: b.ipynb is not valid JSON: Expecting value at line 1, column 12\n"
            "  the last good pages") in result.stdout
    assert "1 built, 1 failed" in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert (project.site / "a.student.html").is_file() and (project.site / "index.html").is_file()
    assert Cache(project.site).key("a") and Cache(project.site).key("b") is None
    assert project.outside_site() == before
    project.assert_nothing_left(project.probe("A"))


# 7. Huge output ----------------------------------------------------------------------------------

def test_outputs_are_capped_keeping_both_ends():
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from pakiran.build.outputs import CapOutputs

    text = "".join(f"line {i}\n" for i in range(300_000))
    cell = new_code_cell("print(...)", outputs=[new_output("stream", name="stdout", text=text[:1000]),
                                                new_output("stream", name="stdout", text=text[1000:]),
                                                new_output("display_data", data={"text/html": "<b>" * 200_000,
                                                                                 "text/plain": "bold"})])
    nb, _ = CapOutputs().preprocess(new_notebook(cells=[cell]), {})
    stream, html = nb.cells[0].outputs
    middle = text[50_000:-50_000]
    assert stream.text == (text[:50_000] + f"\n[... {len(middle):,} characters ({middle.count(chr(10)):,} lines) "
                           "cut from this output; run the notebook to see all of it ...]\n" + text[-50_000:])
    assert html.data == {"text/plain": "bold\n[text/html output of 600,000 characters left out of this page]"}


def test_a_figure_is_held_to_the_image_limit_not_the_text_limit():
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from pakiran.build.outputs import CapOutputs

    figure = '<figure><img src="data:image/png;base64,' + "A" * 150_000 + '" alt="a chart"><figcaption>x</figcaption></figure>'
    cell = new_code_cell("pk.timeline(...)", outputs=[new_output("display_data", data={"text/html": figure,
                                                                                        "text/plain": "Figure"})])
    nb, _ = CapOutputs().preprocess(new_notebook(cells=[cell]), {})
    assert nb.cells[0].outputs[0].data["text/html"] == figure
    cell.outputs[0].data["text/html"] = figure.replace("<figcaption>", "<figcaption>" + "<b>" * 40_000)
    nb, _ = CapOutputs().preprocess(new_notebook(cells=[cell]), {})
    assert "text/html" not in nb.cells[0].outputs[0].data         # the markup itself is too large


@pytest.mark.slow
def test_cell_printing_50_mb_does_not_make_50_mb_pages(project):
    huge = ("code", "import sys\nfor i in range(50):\n    sys.stdout.write(('%07d' % i) * 142_857 + '\\n')", [])
    project.notebooks(("A", GOOD[:1] + [PROBE] + GOOD[1:2] + [huge]))
    before = project.outside_site()
    result = project.run()
    assert result.returncode == 0, result.stdout + result.stderr
    text = "".join(("%07d" % i) * 142_857 + "\n" for i in range(50))
    assert len(text) >= 50_000_000
    middle = text[50_000:-50_000]
    note = (f"[... {len(middle):,} characters ({middle.count(chr(10)):,} lines) cut from this output; "
            "run the notebook to see all of it ...]")
    for name in ("a.student.html", "a.teacher.html", "a.student.ipynb"):
        page = (project.site / name).read_text(encoding="utf-8")
        assert len(page) < 1_000_000, name
        assert note in page and text[:1000] in page and text[-1000:].strip() in page, name
    assert project.outside_site() == before
    project.assert_nothing_left(project.probe("A"))


# 8. The reports file is checked before anything runs ---------------------------------------------

ENTRY = '[[report]]\nid = "{id}"\nnotebook = "a.ipynb"\ntitle = "Report A"\n'


@pytest.mark.parametrize("config,message", [
    (ENTRY.format(id=1) + 'parameters = "start_year = 1960"\n',
     "reports.toml: report 1: parameters: expected a table of name = value, got a string"),
    (ENTRY.format(id=1) + "parameters = 5\n",
     "reports.toml: report 1: parameters: expected a table of name = value, got an integer"),
    (ENTRY.format(id=1) + "cell_timeout = 0\n",
     "reports.toml: report 1: cell_timeout: expected a positive number of seconds, got 0"),
    (ENTRY.format(id=1) + 'notebook_timeout = "600"\n',
     "reports.toml: report 1: notebook_timeout: expected a positive number of seconds, got '600'"),
    ('[[report]]\nid = "1"\nnotebook = 5\ntitle = "A"\n',
     "reports.toml: report 1: notebook: expected a string, got an integer"),
    ('[[report]]\nid = "1"\nnotebook = "a.ipynb"\ntitle = 5\n',
     "reports.toml: report 1: title: expected a string, got an integer"),
    (ENTRY.format(id=1) + ENTRY.format(id=1).replace("a.ipynb", "b.ipynb"),
     "reports.toml: report 2: id: '1' is already used by report 1"),
    (ENTRY.format(id=1) + "paramters = { start_year = 1960 }\n",
     "reports.toml: report 1: unknown key 'paramters'; did you mean 'parameters'?"),
    ("", "reports.toml: no reports; add [[report]] tables with id, notebook and title"),
    ("# nothing here yet\n", "reports.toml: no reports; add [[report]] tables with id, notebook and title"),
    (ENTRY.format(id=1).replace("a.ipynb", "missing.ipynb"),
     "reports.toml: report 1: notebook missing.ipynb not found"),
    ('[[report]]\nid = "1"\n', "reports.toml: report 1: missing notebook, title"),
    (ENTRY.format(id=1) + "parameters = { statr_year = 1960 }\n",
     "reports.toml: report 1: parameters: 'statr_year' is not a parameter of a.ipynb; its parameters are "
     "start_year, end_year"),
    (ENTRY.format(id=1) + "parameters = { start_year = 1979-01-01 }\n",
     "reports.toml: report 1: parameters: start_year: expected a string, number, true/false or a list of them, "
     "got a date"),
    (ENTRY.format(id=1) + "parameters = { start_year = nan }\n",
     "reports.toml: report 1: parameters: start_year: expected a finite number, got nan"),
    ("report = 5\n", "reports.toml: report: expected [[report]] tables, got an integer"),
    ("[[report]\n", "reports.toml: not valid TOML: Expected ']]' at the end of an array declaration (at line 1, "
                    "column 9)"),
])
def test_bad_reports_file_is_refused_before_anything_runs(project, monkeypatch, capsys, config, message):
    project.notebooks(("A", GOOD), ("B", GOOD))
    project.config.write_text(config, encoding="utf-8")
    before = project.outside_site()
    code, err = build_in_process(project, monkeypatch, capsys)
    assert code == 2
    assert err == f"error: {message}\n"
    assert not project.site.exists() and project.outside_site() == before


def test_every_problem_of_the_reports_file_is_listed(project, monkeypatch, capsys):
    project.notebooks(("A", GOOD), ("B", GOOD))
    project.config.write_text(ENTRY.format(id=1) + "parameters = 5\n" + ENTRY.format(id=1).replace("a.", "b.")
                              + "[[report]]\nid = 3\nnotebook = \"a.ipynb\"\ntitle = \"X\"\n", encoding="utf-8")
    code, err = build_in_process(project, monkeypatch, capsys)
    assert code == 2
    assert err.splitlines() == [
        "error: reports.toml: report 1: parameters: expected a table of name = value, got an integer",
        "error: reports.toml: report 2: id: '1' is already used by report 1",
        "error: reports.toml: report 3: id: expected a string, got an integer",
        "error: reports.toml: report 3: notebook: a.ipynb is already used by report 1; pages are named after the "
        "notebook, so list each notebook once (use -p for other parameters)",
    ]


# 9. --data switches the kernels' data; data problems are reported as such -----------------------

@pytest.mark.slow
def test_broken_data_copy_fails_as_a_data_error(project, tmp_path):
    from pakiran.validation import validate

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    events = data / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines[1].split(",")
    first[1] = "2024-13-05"
    lines[1] = ",".join(first)
    events.write_text("".join(lines), encoding="utf-8")
    expected = [str(p) for p in validate(data)]
    assert expected, "the damaged copy must have problems"
    project.notebooks(("A", GOOD[:1] + [PROBE] + GOOD[1:]))
    before = project.outside_site()
    result = project.run("--data", str(data))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ParameterError" not in result.stdout
    error = result.stdout[result.stdout.index("  error: data error: "):].splitlines()
    assert error[0].startswith(f"  error: data error: {len(expected)} problem(s) in the data package")
    assert error[1:1 + len(expected)] == [f"    {line}" for line in expected]
    assert project.outside_site() == before
    project.assert_nothing_left(project.probe("A"))


def test_data_folder_without_package_is_refused(project, monkeypatch, capsys, tmp_path):
    project.notebooks(("A", GOOD))
    code, err = build_in_process(project, monkeypatch, capsys, "--data", str(tmp_path / "nowhere"))
    assert code == 2 and err == f"error: --data {tmp_path / 'nowhere'}: no datapackage.json in that folder\n"
    assert not project.site.exists()


@pytest.mark.slow
def test_kernel_folders_of_a_build_killed_outright_are_removed_by_the_next(project):
    project.notebooks(("A", GOOD[:1] + [PROBE] + GOOD[1:2] + [SLEEP]))
    process = project.start("--jobs", "1")
    try:
        probe = project.probe("A", process)
        os.killpg(process.pid, signal.SIGKILL)             # parent and workers at once: nobody cleans up
        process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert list(project.tmp.glob(f"pakiran-{process.pid}-*"))
    project.notebooks(("A", GOOD[:1] + [PROBE] + GOOD[1:2]))
    result = project.run()
    assert result.returncode == 0, result.stdout + result.stderr
    project.assert_nothing_left(probe, project.probe("A"))


# 10. Kernels forked from a fork server: a new process per notebook; a lost server is not fatal ----

FORK_PROBE = ("code", "import json, os, random, numpy, matplotlib, ipykernel.connect\n"
                      "_p = {'kernel': os.getpid(), 'worker': os.getppid(), 'server': os.environ.get('PAKIRAN_FORKED_FROM'),\n"
                      "      'connection': ipykernel.connect.get_connection_file(),\n"
                      "      'random': [random.random(), float(numpy.random.random())], 'leaked': 'leaked_global' in globals(),\n"
                      "      'linewidth': matplotlib.rcParams['lines.linewidth']}\n"
                      "open(os.path.join(os.environ['PROBES'], '{marker}.json'), 'w').write(json.dumps(_p))", ["hide-input"])
LEAK = ("code", "leaked_global = 42\nimport matplotlib\nmatplotlib.rcParams['lines.linewidth'] = 7.5", [])


@pytest.mark.slow
def test_every_notebook_gets_a_new_kernel_process_forked_from_the_workers_server(project):
    project.notebooks(("A", GOOD[:1] + [LEAK, FORK_PROBE] + GOOD[1:]), ("B", GOOD[:1] + [FORK_PROBE] + GOOD[1:]))
    result = project.run("--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    a, b = project.probe("A"), project.probe("B")
    assert a["server"] and a["server"] == b["server"], (a, b)     # both forked by the one server
    assert a["kernel"] != b["kernel"] and a["worker"] == b["worker"] != int(a["server"])
    assert a["leaked"] is True and a["linewidth"] == 7.5               # A changed both in its kernel
    assert b["leaked"] is False and b["linewidth"] != 7.5          # nothing of A's kernel reached B's
    assert a["random"] != b["random"]                               # each child reseeded
    assert "warning" not in result.stderr
    project.assert_nothing_left(a, b)
    assert not alive(int(a["server"]))


@pytest.mark.slow
def test_a_crashed_fork_server_falls_back_to_ordinary_kernels_with_a_warning(project):
    crash = ("code", "import os, signal\nos.kill(int(os.environ['PAKIRAN_FORKED_FROM']), signal.SIGKILL)", [])
    project.notebooks(("A", GOOD[:1] + [FORK_PROBE, crash] + GOOD[1:]), ("B", GOOD[:1] + [FORK_PROBE] + GOOD[1:]),
                      ("C", GOOD[:1] + [FORK_PROBE] + GOOD[1:]))
    result = project.run("--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    a, c = project.probe("A"), project.probe("C")
    assert a["server"] and c["server"] is None                      # C ran on an ordinary kernel
    assert "warning: the kernel fork server is not answering" in result.stderr
    assert "3 built, 0 failed" in result.stdout
    project.assert_nothing_left(a, project.probe("B"), c)


@pytest.mark.slow
def test_fork_server_holds_a_single_thread(tmp_path):
    from pakiran.build import forkserver

    path = str(tmp_path / "fs")
    server = subprocess.Popen([sys.executable, "-m", "pakiran.build.forkserver", path, "0"])
    try:
        deadline = time.monotonic() + 120
        while not os.path.exists(path):
            assert server.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        status = forkserver.request(path, {"status": True})
        assert status == {"pid": server.pid, "threads": 1}
    finally:
        server.kill()
        server.wait()
