"""The reports' kernel: found first by `python -m pakiran lab`, and reporting language_info without the
machine's Python version (what the notebooks store), so JupyterLab does not mark them modified."""
from __future__ import annotations

import json
import os

import nbformat
import pytest

from conftest import REPO
from pakiran.cli import lab_environment


def test_lab_environment_puts_the_reports_kernelspec_first(monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    monkeypatch.setenv("JUPYTER_PATH", lab_environment({})["JUPYTER_PATH"])
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.argv[:3] == ["python", "-m", "pakiran.kernel"] and spec.display_name == "Python 3 (ipykernel)"
    stored = nbformat.read(REPO / "notebooks" / "00_overview.ipynb", as_version=4).metadata.kernelspec
    assert {"name": "python3", "display_name": spec.display_name, "language": spec.language} == dict(stored)


def test_without_the_lab_environment_the_stock_kernel_is_found(monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    assert "pakiran.kernel" not in KernelSpecManager().get_kernel_spec("python3").argv


@pytest.mark.slow
def test_the_kernel_reports_what_the_notebooks_store(monkeypatch, tmp_path):
    from jupyter_client.manager import start_new_kernel

    for name, value in lab_environment({"JUPYTER_RUNTIME_DIR": str(tmp_path)}).items():
        if name in ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR"):
            monkeypatch.setenv(name, value)
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        reply = client.kernel_info(reply=True, timeout=60)["content"]
        stored = json.loads((REPO / "notebooks" / "03_january_2024_crisis.ipynb").read_text(encoding="utf-8"))
        assert reply["language_info"] == stored["metadata"]["language_info"]
        assert "version" not in reply["language_info"]
        msg = client.execute_interactive("import sys; print(sys.executable)", timeout=60)
        assert msg["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert os.environ["JUPYTER_PATH"].split(os.pathsep)[0].endswith("jupyter")
