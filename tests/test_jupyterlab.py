"""Interactive use, as a student would: a real JupyterLab server runs a report over the kernel websocket."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import websocket

from conftest import REPO

pytestmark = pytest.mark.slow
NOTEBOOK = "03_january_2024_crisis.ipynb"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server on 127.0.0.1 with a token and private Jupyter folders."""

    def __init__(self, root: Path, home: Path):
        self.port, self.token = free_port(), uuid.uuid4().hex
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
               "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "HOME": str(home)}
        env.pop("PAKIRAN_DATA", None)
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}"]
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
