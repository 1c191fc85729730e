"""Shared fixtures: a private copy of the data package for tests that damage it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pakiran
from pakiran import load

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts and ends with no tables cached, no citations recorded and no report period."""
    from pakiran import timespan

    load.clear_cache()
    pakiran.reset_citations()
    timespan._CURRENT.clear()
    yield
    load.clear_cache()
    pakiran.reset_citations()
    timespan._CURRENT.clear()


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of data/ in a temporary folder named data/, used by the library via $PAKIRAN_DATA."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("PAKIRAN_DATA", str(target))
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, built once per test session from the repository's reports and data."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("built") / "site"
    env = {k: v for k, v in __import__("os").environ.items() if k != "PAKIRAN_DATA"}
    result = subprocess.run([sys.executable, "-m", "pakiran", "build", "--out", str(out)], capture_output=True,
                            text=True, timeout=1200, env=env, cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out
