"""The built site in a real browser: offline, no console errors, not blank, links resolve, accessible."""
from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest

from conftest import REPO, require_chromium
from pakiran.build.pdf import ARGS, CHROMIUM

require_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.slow]


REPORTS = tomllib.loads((REPO / "notebooks" / "reports.toml").read_text(encoding="utf-8"))["report"]
EDITIONS = ("student", "teacher")


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


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

    assert len(pages_of(site)) >= 1 + len(REPORTS) * len(EDITIONS)
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
    for report in REPORTS:
        name = Path(report["notebook"]).stem
        for edition in EDITIONS:
            assert f"{name}.{edition}.html" in targets and f"{name}.{edition}.ipynb" in targets
    for link in targets:
        assert (site / link).is_file(), link
        if link.endswith(".html"):
            page, blocked, errors = visit(browser, (site / link).as_uri())
            assert page.title() and not blocked and not errors
            nav = page.eval_on_selector_all("nav a[href]", "els => els.map(e => e.getAttribute('href'))")
            pages = [re.sub(r"#.*", "", n) for n in nav]
            assert all((site / p).is_file() for p in pages if p), (link, nav)
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


def report_pages(site: Path) -> list[Path]:
    return [p for p in pages_of(site) if p.name != "index.html" and p.name.count(".") == 2]


MARKERS_JS = """() => {
  const missing = [...document.querySelectorAll('a[href^="#"]')]
    .map(a => a.getAttribute('href').slice(1))
    .filter(id => id && !document.getElementById(id) && !document.getElementById(decodeURIComponent(id)));
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const unlinked = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('a, pre, code, .jp-InputArea-editor, .jp-InputPrompt, .jp-OutputPrompt, script, style')) continue;
    const m = n.textContent.match(/\\[\\d+(?:[,–]\\s*\\d+)*\\]/);
    if (m) unlinked.push(m[0] + ' in: ' + n.textContent.slice(0, 80));
  }
  return {missing, unlinked};
}"""


def test_every_citation_marker_is_a_link_to_an_existing_entry(site, browser):
    for path in report_pages(site):
        page, _, _ = visit(browser, path.as_uri())
        found = page.evaluate(MARKERS_JS)
        assert page.locator('a[href^="#ref-"]').count() > 0, path.name
        assert found["missing"] == [], f"{path.name}: links to missing targets {found['missing'][:5]}"
        assert found["unlinked"] == [], f"{path.name}: markers that are not links {found['unlinked'][:5]}"
        page.close()


def test_report_tables_show_labels_and_formatted_numbers(site, browser):
    raw_code = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$")  # a cell that shows a code instead of its label
    trailing_zero = re.compile(r"^[−-]?[\d,]+\.0$")
    for path in report_pages(site):
        page, _, _ = visit(browser, path.as_uri())
        cells = page.eval_on_selector_all(".pakiran-table td", "els => els.map(e => e.textContent.trim())")
        assert cells, f"{path.name} has no report table"
        assert not [c for c in cells if raw_code.search(c)], path.name
        assert not [c for c in cells if trailing_zero.match(c)], path.name
        aligned = page.eval_on_selector_all(".pakiran-table td.num", "els => els.map(e => getComputedStyle(e).textAlign)")
        assert set(aligned) <= {"right"}, path.name
        page.close()


def test_source_list_is_at_most_thirty_percent_of_the_visible_words(site, browser):
    for path in report_pages(site):
        page, _, _ = visit(browser, path.as_uri())
        words = page.evaluate("""() => {
          document.querySelectorAll('details').forEach(d => d.open = true);
          const count = t => (t.match(/\\S+/g) || []).length;
          const sources = [...document.querySelectorAll('.pakiran-sources')].map(e => count(e.innerText));
          return [count(document.body.innerText), sources.reduce((a, b) => a + b, 0)];
        }""")
        assert words[1] > 0 and words[1] <= 0.30 * words[0], f"{path.name}: {words[1]} of {words[0]} words"
        page.close()


def test_index_and_reports_use_the_sites_fonts(site, browser):
    fonts = []
    for path in (site / "index.html", report_pages(site)[0]):
        page, _, _ = visit(browser, path.as_uri())
        fonts.append(page.evaluate("() => getComputedStyle(document.body).fontFamily"))
        page.close()
    assert fonts[0] == fonts[1] and "Georgia" in fonts[0]


def test_no_markup_artefacts_or_missing_values_in_visible_text_or_alt_text(site, browser):
    # '**' left by broken Markdown, maths between dollars, and pandas' or Python's missing values
    # (None as a value, not the English word: 'None of these treaties' is fine).
    bad = re.compile(r"\*\*|\bnan\b|\bNaT\b|<NA>|(?<=[(:=,] )None\b|\bNone(?=[.,;:)\]]|$)|\$[^$\s]{1,40}\$")
    for path in pages_of(site):
        page, _, _ = visit(browser, path.as_uri())
        text = page.evaluate("""() => { document.querySelectorAll('details').forEach(d => d.open = true);
          return [...document.querySelectorAll('body *:not(pre):not(code):not(script):not(style)')]
            .filter(e => !e.closest('.jp-InputArea-editor, pre, code, .jp-OutputArea-output pre'))
            .map(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(' ')).join(' '); }""")
        alts = page.eval_on_selector_all("img", "els => els.map(e => e.alt)")
        for where, value in [("text", text)] + [("alt", a) for a in alts]:
            found = bad.search(value)
            assert not found, f"{path.name} {where}: {value[max(0, found.start() - 60):found.end() + 60]!r}"
        page.close()


SITE_PAGES = ("glossary.html", "course.html", "setup.html")


def test_site_pages_exist_and_have_no_serious_accessibility_violations(site, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for name in SITE_PAGES:
        assert (site / name) in pages_of(site), name
        page, blocked, errors = visit(browser, (site / name).as_uri())
        assert not blocked and not errors, (name, blocked, errors)
        serious = [(v["id"], v["help"], len(v["nodes"])) for v in axe.run(page).response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{name}: {serious}"
        page.close()


def test_keyboard_focus_on_a_glossary_term_shows_its_definition(site, browser):
    path = next(p for p in report_pages(site) if 'class="glossary-term"' in p.read_text(encoding="utf-8"))
    page, _, _ = visit(browser, path.as_uri())
    link = page.locator("a.glossary-term").first
    tip = page.locator(".glossary-definition").first
    assert tip.evaluate("e => getComputedStyle(e).display") == "none"
    page.mouse.move(0, 0)
    for _ in range(400):                      # Tab through the page until the first glossary term has focus
        page.keyboard.press("Tab")
        if link.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail(f"{path.name}: Tab never reached the first glossary term")
    assert tip.evaluate("e => getComputedStyle(e).display") == "block"
    assert tip.evaluate("e => getComputedStyle(e).visibility") == "visible"
    assert tip.is_visible()
    target = link.get_attribute("href").split("#", 1)[1]
    assert f'id="{target}"' in (site / "glossary.html").read_text(encoding="utf-8")
# Search, data pages, dark mode.

def search_documents(site: Path, edition: str) -> list[dict]:
    import json

    text = (site / f"search-{edition}.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("window.PAKIRAN_SEARCH = ").rstrip().removesuffix(";"))["documents"]


def words(text: str) -> list[str]:
    """Words as the search splits them (Unicode spaces and punctuation), lower case."""
    return [w for w in re.split(r"[\s\W_]+", text.lower()) if w]


def near(a: str, b: str) -> bool:
    """b starts with a, or the two are at most one edit apart (the search's prefix and fuzzy matches)."""
    if b.startswith(a):
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def run_search(page, query: str) -> list[tuple[str, str]]:
    """Type query into the page's search box; return (href, text) of every result."""
    page.fill("#pk-search-input", query)
    page.wait_for_function("() => document.querySelector('.pk-search').dataset.ready === '1'")
    page.wait_for_function("q => document.querySelector('.pk-search-status').textContent.includes(q)"
                           " || document.querySelectorAll('.pk-results a').length > 0", arg=query)
    return page.eval_on_selector_all(".pk-results a", "els => els.map(e => [e.getAttribute('href'), e.textContent])")


def test_search_finds_the_section_of_the_one_report_that_has_a_word(site, browser):
    from urllib.parse import unquote

    docs = search_documents(site, "student")
    pages_with = {}
    for d in docs:
        for w in set(words(d["section"] + " " + d["text"])):
            pages_with.setdefault(w, set()).add(d["page"])
    candidates = sorted(w for w, pages in pages_with.items()
                        if len(pages) == 1 and len(w) >= 8 and w.isalpha()
                        and next(iter(pages)).endswith(".student.html"))
    middle = candidates[len(candidates) // 2:] + candidates[:len(candidates) // 2]
    word = next((w for w in middle if not any(near(w, other) for other in pages_with if other != w)), None)
    assert word, "no word occurs in one report only"
    target = next(iter(pages_with[word]))
    sections = {f"{d['page']}#{d['anchor']}" if d["anchor"] else d["page"] for d in docs
                if d["page"] == target and word in words(d["section"] + " " + d["text"])}
    for start in ("index.html", report_pages(site)[0].name):
        page, blocked, errors = visit(browser, (site / start).as_uri())
        found = run_search(page, word)
        assert found, (start, word)
        assert {unquote(href) for href, _ in found} <= sections, (word, found, sections)
        assert page.locator(".pk-results mark").first.inner_text().lower() == word
        assert not blocked and not errors, (blocked, errors)
        page.close()


def test_search_for_a_solutions_words_finds_nothing_in_the_student_edition(site, browser):
    student = {w for d in search_documents(site, "student") for w in words(d["section"] + " " + d["text"])}
    teacher = {w for d in search_documents(site, "teacher") for w in words(d["section"] + " " + d["text"])}
    unique = sorted(w for w in teacher - student if len(w) >= 6 and w.isalpha() and not any(near(w, s) for s in student))
    assert unique, "no word occurs only in the solutions"
    word = unique[0]
    report = report_pages(site)[0].name.split(".")[0]
    page, blocked, errors = visit(browser, (site / f"{report}.student.html").as_uri())
    assert run_search(page, word) == [] and "No results" in page.inner_text(".pk-search-status")
    page.close()
    page, blocked, errors = visit(browser, (site / "index.html").as_uri())
    assert run_search(page, word) == []
    page.close()
    page, blocked, errors = visit(browser, (site / f"{report}.teacher.html").as_uri())
    found = run_search(page, word)
    assert found and all(".teacher.html" in href or href.startswith("data/") for href, _ in found)
    assert not blocked and not errors
    page.close()


def test_search_is_keyboard_accessible_and_fits_a_narrow_screen(site, browser):
    page, blocked, errors = visit(browser, (site / "index.html").as_uri())
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.locator("label[for=pk-search-input]").is_visible()
    page.focus("#pk-search-input")
    page.keyboard.type("pipeline")
    page.wait_for_function("() => document.querySelector('.pk-search[data-ready]')"
                           " && document.querySelectorAll('.pk-results a').length > 1")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    page.keyboard.press("ArrowDown")
    first = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert first and second and first != second
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "pk-search-input"
    page.keyboard.press("Escape")
    assert page.input_value("#pk-search-input") == "" and page.locator(".pk-results a").count() == 0
    assert not blocked and not errors
    page.close()


def test_pages_without_scripts_hide_the_search_box_and_show_every_row(site, browser):
    for name in ("index.html", report_pages(site)[0].name, "data/events.html"):
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        browser.new_cdp_session(page).send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.goto((site / name).as_uri(), wait_until="load")
        assert not page.locator(".pk-search").is_visible(), name
        assert page.locator("main").is_visible() and page.locator("h1").first.is_visible(), name
        if name.startswith("data/"):
            assert page.locator("#pk-rows tbody tr:visible").count() > 100
            assert not page.locator("#pk-filters").is_visible()
            assert page.locator("#pk-rows th button").count() == 0
        page.close()


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all("#pk-rows tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.id)")


def test_events_page_filters_and_sorts_the_rows(site, browser):
    page, blocked, errors = visit(browser, (site / "data" / "events.html").as_uri())
    everything = visible_rows(page)
    assert len(everything) > 100
    page.select_option('select[data-filter="themes"]', "crisis_2024")
    crisis = visible_rows(page)
    assert 0 < len(crisis) < len(everything)
    assert all(page.get_attribute(f'[id="{row}"]', "data-f-themes").count("crisis_2024") for row in crisis)
    page.fill('input[data-year="from"]', "2024")
    page.fill('input[data-year="to"]', "2024")
    assert 0 < len(visible_rows(page)) <= len(crisis)
    assert all(r.startswith("row-2024") for r in visible_rows(page))
    assert "Showing" in page.inner_text("#pk-count")
    page.click("#pk-filters button[type=reset]")
    page.wait_for_function("n => [...document.querySelectorAll('#pk-rows tbody tr')].filter(r => !r.hidden).length === n",
                           arg=len(everything))
    page.fill("input[data-text]", "pipeline")
    assert 0 < len(visible_rows(page)) < len(everything)
    page.fill("input[data-text]", "")
    page.select_option('select[data-filter="actors"]', "IRN")
    assert 0 < len(visible_rows(page)) < len(everything)
    page.select_option('select[data-filter="actors"]', "")
    before = visible_rows(page)
    page.click('#pk-rows th:has-text("goldstein") button')
    ascending = visible_rows(page)
    scores = page.eval_on_selector_all("#pk-rows tbody tr", "rows => rows.map(r => parseFloat(r.cells[10].textContent))")
    assert ascending != before and scores == sorted(scores)
    assert page.get_attribute('#pk-rows th:has-text("goldstein")', "aria-sort") == "ascending"
    page.click('#pk-rows th:has-text("goldstein") button')
    scores = page.eval_on_selector_all("#pk-rows tbody tr", "rows => rows.map(r => parseFloat(r.cells[10].textContent))")
    assert scores == sorted(scores, reverse=True)
    sources = page.eval_on_selector_all("#pk-rows tbody td:last-child a", "els => els.map(e => e.getAttribute('href'))")
    assert sources and all(re.match(r"https?://", s) for s in sources)
    assert not blocked and not errors, (blocked, errors)
    page.close()


def test_dark_mode_and_both_schemes_pass_axe(site, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for name in ("index.html", report_pages(site)[0].name, "data/events.html"):
        for scheme in ("light", "dark"):
            page, blocked, errors = visit(browser, "about:blank")
            page.emulate_media(color_scheme=scheme)
            page.goto((site / name).as_uri(), wait_until="load")
            background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
            dark = background != "rgb(255, 255, 255)"
            assert dark == (scheme == "dark"), (name, scheme, background)
            if scheme == "dark" and page.locator("main img").count():
                assert page.evaluate("() => getComputedStyle(document.querySelector('main img')).backgroundColor") \
                    == "rgb(255, 255, 255)"
            page.fill("#pk-search-input", "pipeline")      # the results list is checked too
            page.wait_for_function("() => document.querySelectorAll('.pk-results a').length > 0")
            results = axe.run(page)
            serious = [(v["id"], v["help"], len(v["nodes"])) for v in results.response["violations"]
                       if v["impact"] in ("serious", "critical")]
            assert serious == [], f"{name} ({scheme}): {serious}"
            assert not blocked and not errors, (name, scheme, blocked, errors)
            page.close()


def test_print_is_light_even_in_dark_mode_and_hides_the_search(site, browser):
    page, blocked, errors = visit(browser, (site / report_pages(site)[0].name).as_uri())
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color,
                                      getComputedStyle(document.querySelector('.pk-search')).display]""")
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)", "none"]
    page.close()


def test_a_self_check_gives_feedback_for_a_wrong_and_the_right_choice_with_scripts(site, browser):
    page, blocked, errors = visit(browser, report_pages(site)[0].as_uri())
    box = page.locator(".self-check[data-kind=choice]").first
    answer = box.get_attribute("data-answer")
    wrong = next(v for v in box.locator("input[type=radio]").evaluate_all("i => i.map(e => e.value)") if v != answer)
    assert not box.locator(".self-check-answer").evaluate("d => d.open")
    box.locator(f"input[type=radio][value='{wrong}']").focus()
    page.keyboard.press("Space")                             # choose with the keyboard
    box.locator(".self-check-submit").focus()
    page.keyboard.press("Enter")
    feedback = box.locator(".self-check-feedback")
    assert "Not quite" in feedback.inner_text() and "self-check-wrong" in box.get_attribute("class")
    box.locator(f"input[type=radio][value='{answer}']").check()
    box.locator(".self-check-submit").click()
    text = feedback.inner_text()
    why = box.locator(".self-check-why").text_content().strip()
    assert text.startswith("Right.") and why[:40] in text and "self-check-right" in box.get_attribute("class")
    assert not blocked and not errors
    page.close()


def test_a_numeric_self_check_accepts_the_answer_typed_in(site, browser):
    for path in report_pages(site):
        page, _, errors = visit(browser, path.as_uri())
        boxes = page.locator(".self-check[data-kind=number]")
        if boxes.count():
            box = boxes.first
            box.locator("input[type=text]").fill("-99999")
            box.locator(".self-check-submit").click()
            assert "Not quite" in box.locator(".self-check-feedback").inner_text()
            box.locator("input[type=text]").fill(box.get_attribute("data-answer"))
            box.locator(".self-check-submit").click()
            assert box.locator(".self-check-feedback").inner_text().startswith("Right.")
            assert not errors
            page.close()
            return
        page.close()
    pytest.fail("no report has a numeric self-check")


def test_without_scripts_a_self_check_reads_as_a_question_with_its_answer_folded_away(site, browser):
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    browser.new_cdp_session(page).send("Emulation.setScriptExecutionDisabled", {"value": True})
    page.goto(report_pages(site)[0].as_uri(), wait_until="load")
    box = page.locator(".self-check").first
    assert box.locator("legend").is_visible() and not box.locator(".self-check-submit").is_visible()
    why = box.locator(".self-check-why")
    assert not why.is_visible()
    box.locator(".self-check-answer summary").click()
    assert why.is_visible() and box.locator(".self-check-answer strong").inner_text().startswith("Answer:")
    page.close()
