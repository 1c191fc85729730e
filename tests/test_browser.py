"""The built site in a real browser: offline, no console errors, not blank, links resolve, accessible."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: install Debian's chromium (.ci/run does)")
    pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium); "
                "these tests run in CI", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = subprocess.run([sys.executable, "-m", "pakiran", "build", "--out", str(out)], capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("profile")),
                                                       executable_path=str(CHROMIUM), args=ARGS, headless=True,
                                                       viewport={"width": 1200, "height": 900})
        yield context
        context.close()


def visit(context, url: str):
    """Open url with every non-file request blocked; return the page, blocked URLs and console errors."""
    blocked, errors = [], []
    page = context.new_page()

    def route(r):
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    return page, blocked, errors


def pages_of(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def test_every_page_is_offline_error_free_and_not_blank(site, browser):
    from PIL import Image, ImageStat

    assert len(pages_of(site)) == 11
    for path in pages_of(site):
        page, blocked, errors = visit(browser, path.as_uri())
        assert blocked == [], f"{path.name} requested {blocked}"
        assert errors == [], f"{path.name}: {errors}"
        shot = Image.open(io.BytesIO(page.screenshot())).convert("L")
        assert ImageStat.Stat(shot).stddev[0] > 10, f"{path.name} looks blank"
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.naturalWidth, e.alt])")
        assert all(width > 0 and len(alt) > 10 for width, alt in images), path.name
        page.close()


def test_every_link_from_the_index_resolves(site, browser):
    page, _, _ = visit(browser, (site / "index.html").as_uri())
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    page.close()
    targets = [link for link in links if not link.startswith("#")]
    assert len(targets) == 5 * 4
    for link in targets:
        assert (site / link).is_file(), link
        if link.endswith(".html"):
            page, blocked, errors = visit(browser, (site / link).as_uri())
            assert page.title() and not blocked and not errors
            nav = page.eval_on_selector_all("nav a[href]", "els => els.map(e => e.getAttribute('href'))")
            assert all((site / re.sub(r"#.*", "", n)).is_file() for n in nav), (link, nav)
            page.close()


def test_no_serious_or_critical_accessibility_violations(site, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in pages_of(site):
        page, _, _ = visit(browser, path.as_uri())
        results = axe.run(page)
        serious = [(v["id"], v["help"], len(v["nodes"])) for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{path.name}: {serious}"
        page.close()


def test_real_student_pages_and_downloads_carry_no_solutions(site):
    for path in site.glob("*.student.*"):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "Solution (teacher edition)" not in text, path.name
    for path in site.glob("*.teacher.html"):
        assert "Solution (teacher edition)" in path.read_text(encoding="utf-8"), path.name
