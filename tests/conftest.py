"""Shared fixtures: a private copy of the data package for tests that damage it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pakiran
from pakiran import load

REPO = Path(__file__).resolve().parents[1]


def require_chromium(*tools: str) -> None:
    """Skip the calling test module (or test) unless Chromium and the named command-line tools are
    installed; in CI, where .ci/run installs them, fail instead, so the browser tests always run there."""
    from pakiran.build.pdf import CHROMIUM

    missing = [str(CHROMIUM)] * (not CHROMIUM.exists()) + [t for t in tools if not shutil.which(t)]
    if missing:
        if os.environ.get("CI"):
            raise RuntimeError(f"CI must run the browser tests, but {', '.join(missing)} is missing "
                               "(.ci/run installs chromium and poppler-utils)")
        pytest.skip(f"needs {', '.join(missing)} (apt-get install chromium poppler-utils); these tests run in CI",
                    allow_module_level=True)
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


def kept_folder(tmp_path_factory, name: str) -> Path:
    """A folder for a site the build keeps between test sessions of this checkout (beside pytest's
    numbered temporary folders): the build's own caches then decide what must run again, so a
    second session runs only what changed. CI starts from nothing, so it runs everything."""
    import hashlib

    tag = hashlib.sha256(str(REPO).encode()).hexdigest()[:12]
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):         # pytest-N/popen-gwK: the session's folder is one up
        base = base.parent
    return base.parent / f"pakiran-{name}-{tag}" / "site"


def build_site(out: Path, *args: str) -> subprocess.CompletedProcess:
    """python -m pakiran build into out, with the repository's data. Test processes that share a
    site (the kept ones) build it one after the other: a lock beside the folder waits for the
    other's build, which leaves the next with nothing to rebuild."""
    import fcntl

    env = {k: v for k, v in os.environ.items() if k != "PAKIRAN_DATA"}
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f"{out.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return subprocess.run([sys.executable, "-m", "pakiran", "build", "--out", str(out), *args],
                              capture_output=True, text=True, timeout=1200, env=env, cwd=REPO)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, built once per test session from the repository's reports and data (kept
    between sessions: the build runs again only what changed)."""
    out = kept_folder(tmp_path_factory, "built")
    result = build_site(out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out
