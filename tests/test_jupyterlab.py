"""Interactive use, as a student would: a real JupyterLab server runs a report over the kernel websocket."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest
import websocket

from conftest import REPO, require_chromium

pytestmark = pytest.mark.slow
NOTEBOOK = "03_january_2024_crisis.ipynb"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server on 127.0.0.1 with a token and private Jupyter folders, started as the
    README says (``python -m pakiran lab``)."""

    def __init__(self, root: Path, home: Path, *args: str):
        self.port, self.token = free_port(), uuid.uuid4().hex
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
               "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "HOME": str(home)}
        env.pop("PAKIRAN_DATA", None)
        command = [sys.executable, "-m", "pakiran", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}", *args]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.log = open(home / "lab.log", "wb")
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                self.api("GET", "/api/status")
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError((home / "lab.log").read_text(errors="replace")[-3000:])
                time.sleep(0.5)

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(self.base + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            return json.loads(raw) if raw else {}

    def stop(self) -> None:
        os.kill(self.process.pid, 15)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def processes_mentioning(text: str) -> list[int]:
    """PIDs of the processes whose command line contains text."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads the process table in /proc")
def test_stopping_python_m_pakiran_lab_stops_the_server_itself(tmp_path):
    """SIGTERM to the process the README starts ends JupyterLab: no server is left behind."""
    (tmp_path / "work").mkdir()
    (tmp_path / "home").mkdir()
    lab = Lab(tmp_path / "work", tmp_path / "home")
    try:
        assert processes_mentioning(lab.token) == [lab.process.pid]   # the command became the server
        assert b"jupyterlab" in Path(f"/proc/{lab.process.pid}/cmdline").read_bytes()
    finally:
        lab.stop()
    assert lab.process.returncode is not None
    deadline = time.monotonic() + 30
    while processes_mentioning(lab.token) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_mentioning(lab.token) == []


def execute(ws, session: str, code: str, timeout: float = 120) -> tuple[list[dict], str]:
    """Run code on the kernel over its websocket; return the cell outputs and the reply status."""
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "student", "session": session, "msg_type": "execute_request",
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    outputs, status, idle = [], None, False
    deadline = time.monotonic() + timeout
    while not (idle and status):
        ws.settimeout(max(1, deadline - time.monotonic()))
        message = json.loads(ws.recv())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["msg_type"]
        if kind in ("execute_result", "display_data"):
            outputs.append({"output_type": kind, "data": message["content"]["data"],
                            "metadata": message["content"].get("metadata", {}),
                            **({"execution_count": message["content"]["execution_count"]}
                               if kind == "execute_result" else {})})
        elif kind == "stream":
            outputs.append({"output_type": "stream", "name": message["content"]["name"],
                            "text": message["content"]["text"]})
        elif kind == "error":
            outputs.append({"output_type": "error", **{k: message["content"][k]
                                                        for k in ("ename", "evalue", "traceback")}})
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            idle = True
        elif kind == "execute_reply":
            status = message["content"]["status"]
    return outputs, status


def test_a_student_runs_a_report_in_jupyterlab(tmp_path):
    root, home = tmp_path / "work", tmp_path / "home"
    root.mkdir()
    home.mkdir()
    shutil.copy(REPO / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    lab = Lab(root, home)
    try:
        model = lab.api("GET", f"/api/contents/{NOTEBOOK}?content=1")
        notebook = model["content"]
        session = lab.api("POST", "/api/sessions", {"path": NOTEBOOK, "type": "notebook",
                                                    "kernel": {"name": "python3"}})
        kernel_id = session["kernel"]["id"]
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels?token={lab.token}", timeout=60)
        figures = 0
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            outputs, status = execute(ws, session["id"], "".join(cell["source"]))
            assert status == "ok", (cell["source"][:200], outputs)
            assert not [o for o in outputs if o["output_type"] == "error"]
            cell["outputs"] = outputs
            figures += sum('<img src="data:image/png;base64,' in o.get("data", {}).get("text/html", "")
                           for o in outputs)
        ws.close()
        assert figures >= 3
        saved = lab.api("PUT", f"/api/contents/{NOTEBOOK}", {"type": "notebook", "format": "json",
                                                            "content": notebook})
        assert saved["name"] == NOTEBOOK
        on_disk = json.loads((root / NOTEBOOK).read_text(encoding="utf-8"))
        assert sum(bool(c.get("outputs")) for c in on_disk["cells"] if c["cell_type"] == "code") >= 5
        lab.api("DELETE", f"/api/sessions/{session['id']}")
    finally:
        lab.stop()
    assert lab.process.returncode is not None


REPORTS = tomllib.loads((REPO / "notebooks" / "reports.toml").read_text(encoding="utf-8"))["report"]

# The open notebook as JupyterLab holds it (the app is exposed to the page by the server's option).
PANEL_JS = "const panel = window.jupyterapp.shell.currentWidget;"

KERNEL_READY_JS = """async () => { %s
  await panel.context.ready;
  await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session.kernel;
  // Lab writes language_info into the notebook when kernel.info resolves and kernelspec when
  // kernel.spec does; its handlers were attached first, so they have run when these awaits return.
  await kernel.info;
  await kernel.spec;
  return kernel.name; }""" % PANEL_JS

# Lab builds a cell's DOM lazily, on idle time after opening; wait for every cell to be built.
CELLS_BUILT_JS = "() => { %s return [...panel.content.widgets].every(cell => !cell.isPlaceholder()); }" % PANEL_JS

KERNEL_IDLE_JS = "() => { %s return panel.sessionContext.kernelDisplayStatus === 'idle'; }" % PANEL_JS

STATE_JS = """() => { %s
  const cells = [...panel.content.widgets].map((cell, index) => ({
    index, type: cell.model.type, tags: cell.model.getMetadata('tags') || [],
    inputPlaceholder: !!cell.node.querySelector('.jp-InputPlaceholder'),
    editor: !!cell.node.querySelector('.jp-InputArea'), inputHidden: cell.inputHidden}));
  const tab = [...document.querySelectorAll('#jp-main-dock-panel .lm-TabBar-tab')]
    .filter(t => t.querySelector('.lm-TabBar-tabLabel').textContent === panel.context.localPath);
  return {cells, tabs: tab.map(t => t.className), dirty: panel.context.model.dirty,
          panelDirty: panel.node.classList.contains('jp-mod-dirty'),
          notebook: JSON.stringify(panel.context.model.toJSON())}; }  // as Lab sends it when saving""" % PANEL_JS

# Run All's command resolves when every cell has run; "done" is also checked on the page: the kernel
# is idle and no cell is queued or running (no "[*]" prompt, execution state idle).
RUN_DONE_JS = """() => { %s
  if (panel.sessionContext.kernelDisplayStatus !== 'idle') return false;
  return [...panel.content.widgets].every(cell => cell.model.type !== 'code' ||
    (cell.model.executionState !== 'running' && !cell.promptNode?.textContent.includes('*'))); }""" % PANEL_JS

OUTPUTS_JS = """async () => { %s
  const area = panel.content.node;
  const images = [...area.querySelectorAll('.jp-OutputArea-output img')];
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  const cells = [...panel.content.widgets].filter(cell => cell.model.type === 'code');
  return {  // Lab does not run empty cells (the exercises' answer cells)
    unrun: cells.filter(cell => cell.model.sharedModel.getSource().trim() && cell.model.executionCount === null)
      .map(cell => cell.model.sharedModel.getSource().slice(0, 80)),
    // Lab renders both error outputs and stderr streams with this mime type
    errors: [...area.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
      .map(e => e.textContent.slice(0, 500)),
    errorOutputs: cells.flatMap(cell => cell.model.sharedModel.outputs)
      .filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
    figures: images.filter(img => img.naturalWidth > 0).length}; }""" % PANEL_JS


def kernel_language_info() -> dict:
    """The language_info the reports' kernel sends in its kernel_info reply (the same interpreter)."""
    from pakiran.kernel import ReportKernel

    return json.loads(json.dumps(ReportKernel.language_info))


@pytest.mark.slow
@pytest.mark.browser
def test_every_report_opens_clean_in_the_lab_ui_with_hidden_code_collapsed_and_runs(tmp_path):
    """For every report: open it in JupyterLab in Chromium, wait for the kernel, check the document is
    not modified and the hide-input cells are collapsed, run all cells, check for errors and figures,
    and close without saving."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    from pakiran.build.pdf import ARGS, CHROMIUM

    root, home = tmp_path / "work", tmp_path / "home"
    shutil.copytree(REPO / "notebooks", root)
    home.mkdir()
    # The stored form is exactly what Lab writes once the reports' kernel has started: that kernel
    # reports language_info without the machine's exact Python version, as the notebooks store it.
    language_info = kernel_language_info()
    assert "version" not in language_info
    for report in REPORTS:
        stored = json.loads((root / report["notebook"]).read_text(encoding="utf-8"))["metadata"]["language_info"]
        assert stored == language_info, report["notebook"]
    before = {p.name: p.read_bytes() for p in root.glob("*.ipynb")}
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text('{"autosave": false}', encoding="utf-8")

    lab = Lab(root, home, "--LabApp.expose_app_in_browser=True")
    blocked: list[str] = []

    def route(r):
        if urllib.parse.urlsplit(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=ARGS, headless=True,
                viewport={"width": 1200, "height": 900})
            context.set_default_timeout(300_000)  # the reports' cells have 120 s each in the build
            context.route("**/*", route)
            try:
                for report in REPORTS:
                    name = report["notebook"]
                    page = context.new_page()
                    # ?reset: a fresh workspace, so the previous report's tab is not reopened with it
                    page.goto(f"{lab.base}/lab/tree/{urllib.parse.quote(name)}?reset&token={lab.token}")
                    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                                           " && window.jupyterapp.shell.currentWidget.sessionContext")
                    assert page.evaluate(KERNEL_READY_JS) == "python3", name
                    page.wait_for_function(KERNEL_IDLE_JS)
                    page.wait_for_function(CELLS_BUILT_JS)
                    state = page.evaluate(STATE_JS)
                    # what Lab holds after the kernel started, written as the server saves it, is the file
                    saved = nbformat.writes(nbformat.reads(state["notebook"], as_version=4)) + "\n"
                    assert saved == before[name].decode("utf-8"), name
                    assert len(state["tabs"]) == 1, (name, state["tabs"])
                    assert "jp-mod-dirty" not in state["tabs"][0] and not state["panelDirty"], name
                    assert state["dirty"] is False, name
                    hidden = [c for c in state["cells"] if c["type"] == "code" and "hide-input" in c["tags"]]
                    shown = [c for c in state["cells"] if c["type"] == "code" and "hide-input" not in c["tags"]]
                    assert hidden, name
                    # collapsed: Lab shows the input placeholder instead of the editor
                    assert [c for c in hidden
                            if not (c["inputPlaceholder"] and c["inputHidden"]) or c["editor"]] == [], name
                    assert [c for c in shown if not c["editor"] or c["inputPlaceholder"]] == [], name

                    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
                    page.wait_for_function(RUN_DONE_JS, polling=200)
                    outputs = page.evaluate(OUTPUTS_JS)
                    assert outputs["errors"] == [] and outputs["errorOutputs"] == [], (name, outputs)
                    assert outputs["unrun"] == [], (name, outputs)
                    assert outputs["figures"] >= 1, (name, outputs)

                    session = [s for s in lab.api("GET", "/api/sessions") if s["path"] == name]
                    page.close()  # without saving: no beforeunload dialog, autosave is off
                    for s in session:
                        lab.api("DELETE", f"/api/sessions/{s['id']}")
            finally:
                context.close()
    finally:
        lab.stop()
    assert blocked == [], blocked
    assert {p.name: p.read_bytes() for p in root.glob("*.ipynb")} == before
