"""The teaching layer: framing questions and key points, instructor notes and self-checks, in every
report of reports.toml, checked in the notebooks, against the data and on the built pages."""
from __future__ import annotations

import ast
import html
import json
import re
import tomllib
from html.parser import HTMLParser

import nbformat
import pytest

import pakiran as pk
from conftest import REPO
from pakiran.build.header import parse_header
from pakiran.build.teaching import (FRAMING, INSTRUCTOR, KEY_POINTS, SELF_CHECK, numbered_items,
                                    place_teaching_cells, teaching_metadata)
from pakiran.selfcheck import SelfCheck, SelfCheckError, self_check

REPORTS = tomllib.loads((REPO / "notebooks" / "reports.toml").read_text(encoding="utf-8"))["report"]
IDS = [r["id"] for r in REPORTS]
MIN_SELF_CHECKS = 4


def notebook(report: dict):
    return nbformat.read(REPO / "notebooks" / report["notebook"], as_version=4)


def tagged(nb, tag: str) -> list:
    return [c for c in nb.cells if tag in c.metadata.get("tags", [])]


def discussion_questions(nb) -> list[str]:
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Discussion questions"))
    return numbered_items(cell.source)


# --- the notebooks -------------------------------------------------------------------------------

@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_report_has_framing_questions_and_key_points_as_metadata_and_cells(report):
    nb = notebook(report)
    meta = teaching_metadata(nb.metadata, report["notebook"])
    assert all(q.rstrip().endswith("?") for q in meta["framing_questions"])
    framing, points = tagged(nb, FRAMING), tagged(nb, KEY_POINTS)
    assert len(framing) == 1 and len(points) == 1
    assert nb.cells.index(framing[0]) == 1, "the framing questions follow the cover cell"
    assert nb.cells.index(points[0]) < nb.cells.index(
        next(c for c in nb.cells if c.source.startswith("## Discussion questions")))
    for text in meta["framing_questions"]:
        assert text in framing[0].source
    for text in meta["key_points"]:
        assert text in points[0].source


@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_every_discussion_question_has_a_model_answer_in_an_instructor_note(report):
    nb = notebook(report)
    questions = discussion_questions(nb)
    answers = [c for c in tagged(nb, INSTRUCTOR) if "Model answers" in c.source]
    assert questions and len(answers) == 1
    assert len(numbered_items(answers[0].source)) == len(questions)
    asked = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Discussion questions"))
    assert nb.cells.index(answers[0]) == asked + 1, "the model answers follow the questions"
    assert "\n## " not in nb.cells[asked].source, "the questions' cell holds no other section"
    assert all(len(a.split()) >= 15 for a in numbered_items(answers[0].source)), "a model answer says enough"


@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_instructor_notes_plan_the_time_homework_and_misconceptions(report):
    nb = notebook(report)
    plan = next(c.source for c in tagged(nb, INSTRUCTOR) if "Planning the lesson" in c.source)
    rows = re.findall(r"^\| ([^|*]+?) \| (\d+) \|$", plan, flags=re.M)
    header = parse_header(nb.cells[0].source)
    assert rows and sum(int(m) for _, m in rows) == header.reading_minutes + header.exercise_minutes
    sections = {line[3:].strip() for c in nb.cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")}
    assert {name for name, _ in rows} <= sections | {"Exercises"}, "timing rows name the report's sections"
    assert "**Homework.**" in plan and re.search(r"Exercise \d", plan)
    assert "**Common misconceptions**" in plan


def self_check_calls(nb) -> list[ast.Call]:
    calls = []
    for cell in tagged(nb, SELF_CHECK):
        tree = ast.parse(cell.source)
        found = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "self_check"]
        assert len(found) == 1, cell.source
        calls.append(found[0])
    return calls


@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_self_check_answers_are_computed_from_the_data_not_typed_in(report):
    calls = self_check_calls(notebook(report))
    assert len(calls) >= MIN_SELF_CHECKS
    for call in calls:
        answer = next(k.value for k in call.keywords if k.arg == "answer")
        assert not isinstance(answer, ast.Constant) and any(
            isinstance(n, ast.Name) and n.id == "pk" for n in ast.walk(answer)), ast.unparse(answer)


@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_self_check_answers_agree_with_the_data_today(report):
    """Each self-check cell run on its own with the report's parameters: the answer the data give
    must be among its choices (or a number), else self_check raises."""
    nb = notebook(report)
    params = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    for cell in tagged(nb, SELF_CHECK):
        scope = {"pk": pk}
        exec(params, scope)
        check = eval(compile(cell.source, report["notebook"], "eval"), scope)
        assert isinstance(check, SelfCheck)
        assert check.answer in check.choices or not check.choices


def test_tidy_writes_the_framing_and_key_point_cells_from_the_metadata():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_markdown_cell("## Conclusion"),
                nbformat.v4.new_markdown_cell("## Discussion questions\n\n1. Why?")]
    nb.metadata["pakiran"] = {"framing_questions": ["What?", "Why?"], "key_points": ["a", "b", "c"]}
    place_teaching_cells(nb)
    place_teaching_cells(nb)  # idempotent
    assert [c.metadata.get("tags", []) for c in nb.cells] == [[], [FRAMING], [], [KEY_POINTS], []]
    nb.metadata["pakiran"]["key_points"] = ["only one"]
    with pytest.raises(ValueError, match="key_points needs 3 to 5"):
        place_teaching_cells(nb, "x.ipynb")


@pytest.mark.parametrize("bad", [{"framing_questions": "Why?"}, {"framing_questions": ["Why?", ""]},
                                 {"framing_questions": ["a?", "b?"], "key_points": ["a"] * 6}])
def test_bad_teaching_metadata_is_refused_with_the_notebook_named(bad):
    with pytest.raises(ValueError, match="nb.ipynb: metadata pakiran"):
        teaching_metadata({"pakiran": bad}, "nb.ipynb")


# --- the self-check itself -------------------------------------------------------------------------

def test_self_check_html_escapes_its_text_and_keeps_the_answer_in_a_details_element():
    check = self_check("Is <b>this</b> US$5 *bold*?", ["<script>x</script>", "no"], answer="no",
                       why="Because `code` & <i>tags</i> stay text.")
    page = check._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<b>this</b>" not in page and "$" not in page and "<em>bold</em>" in page
    assert "<code>code</code>" in page and "&lt;i&gt;tags&lt;/i&gt;" in page
    assert page.count('type="radio"') == 2 and 'data-answer="no"' in page
    assert re.search(r"<details class=\"self-check-answer\"><summary>[^<]+</summary><p><strong>Answer: no",
                     page)
    assert "<details open" not in page


def test_a_numeric_self_check_has_a_text_input_and_its_unit():
    check = self_check("How far?", answer=914.6, unit="km", tolerance=5, why="See the map.")
    page = check._repr_html_()
    assert 'inputmode="decimal"' in page and 'data-tolerance="5"' in page and "Answer: 914.6 km." in page


@pytest.mark.parametrize("kwargs, message", [
    ({"choices": ["1959", "1990"], "answer": 1979}, "not among the choices 1959, 1990"),
    ({"choices": ["1979", "1979"], "answer": 1979}, "at least two different choices"),
    ({"choices": ["1979"], "answer": 1979}, "at least two different choices"),
    ({"answer": "1979"}, "needs a numeric answer"),
    ({"answer": float("nan")}, "needs a numeric answer"),
    ({"answer": True}, "needs a numeric answer"),
    ({"choices": ["1959", "1979"], "answer": 1979, "why": " "}, "say why"),
])
def test_self_check_refuses_an_answer_that_does_not_fit(kwargs, message):
    kwargs = {"why": "Because.", **kwargs}
    with pytest.raises(SelfCheckError, match=message):
        self_check("When?", **kwargs)


# --- the built pages -------------------------------------------------------------------------------

class _Visible(HTMLParser):
    """Text a reader sees without opening anything: closed <details> bodies (not their summary),
    scripts and styles left out."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text = [], []  # (tag, hidden, is a closed <details>)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        parent_hidden, in_closed = (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)
        hidden = parent_hidden or tag in ("script", "style") or (in_closed and tag != "summary")
        self.stack.append((tag, hidden, tag == "details" and "open" not in dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.stack or not (self.stack[-1][1] or self.stack[-1][2]):
            self.text.append(data)


def visible_text(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return " ".join(" ".join(parser.text).split())


def test_visible_text_leaves_out_closed_details_but_keeps_their_summary():
    text = visible_text("<p>a</p><details><summary>Show</summary><p>secret</p></details><script>x</script>")
    assert text == "a Show"


def pages(site, report):
    name = report["notebook"].removesuffix(".ipynb")
    return {edition: (site / f"{name}.{edition}.html").read_text(encoding="utf-8") for edition in ("student", "teacher")}


@pytest.mark.slow
@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_student_page_has_the_teaching_layer_but_no_instructor_note_or_visible_answer(built_site, report):
    nb = notebook(report)
    student, teacher = pages(built_site, report).values()
    for page in (student, teacher):
        assert page.count('class="framing-questions"') == 1 and page.count('class="key-points"') == 1
        assert page.count('class="self-check"') == len(tagged(nb, SELF_CHECK)) >= MIN_SELF_CHECKS
    assert "instructor-note" not in student and "Model answers" not in student
    assert teacher.count('class="pk-instructor instructor-note"') == len(tagged(nb, INSTRUCTOR))
    shown = visible_text(student)
    for answer in re.findall(r'<details class="self-check-answer">.*?</details>', student, flags=re.S):
        why = visible_text(answer.replace("<details", "<details open"))
        assert why and why not in shown
    ipynb = json.loads((built_site / f"{report['notebook'].removesuffix('.ipynb')}.student.ipynb").read_text())
    assert not [c for c in ipynb["cells"] if INSTRUCTOR in c["metadata"].get("tags", [])]


@pytest.mark.slow
def test_index_shows_every_reports_framing_questions_and_key_points(built_site):
    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert index.count('class="framing-questions"') == len(REPORTS)
    assert index.count('class="key-points"') == len(REPORTS)
    for report in REPORTS:
        first = teaching_metadata(notebook(report).metadata)["framing_questions"][0]
        assert visible_text(pk.build.site.inline_markdown(first)) in visible_text(index)


NUMBER = re.compile(r"(?<![\w.])[−+-]?\d[\d,]*(?:\.\d+)?")


def numbers(text: str) -> set[str]:
    """The numbers of a text, signs and thousands separators normalised: '−10.6' and '1,000' as '-10.6', '1000'."""
    return {n.replace("−", "-").replace(",", "").lstrip("+").rstrip(".") for n in NUMBER.findall(text)}


def test_numbers_are_normalised_for_comparison():
    assert numbers("−10.6, +29.8 and 1,000 km in 2024.") == {"-10.6", "29.8", "1000", "2024"}


@pytest.mark.slow
@pytest.mark.parametrize("report", REPORTS, ids=IDS)
def test_every_number_in_key_points_model_answers_and_feedback_is_on_the_page(built_site, report):
    """Key points, model answers and self-check feedback are written by hand; each number they quote
    must be one the page computes or states elsewhere (its text, tables or the alt text of its figures),
    so a data change that moves a number shows here."""
    nb = notebook(report)
    teacher = pages(built_site, report)["teacher"]
    feedback = " ".join(visible_text(f"<p>{why}</p>") for why in
                        re.findall(r'<span class="self-check-why">(.*?)</span></p></details>', teacher, flags=re.S))
    for block in (r'<aside class="pk-instructor instructor-note".*?</aside>', r'<section class="key-points".*?</section>',
                  r'<section class="framing-questions".*?</section>', r'<div class="self-check".*?</details></div>'):
        teacher = re.sub(block, " ", teacher, flags=re.S)
    alt = " ".join(html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', teacher))
    shown = numbers(visible_text(teacher.replace("<details", "<details open")) + " " + alt)
    meta = teaching_metadata(nb.metadata)
    answers = " ".join(" ".join(numbered_items(c.source)) for c in tagged(nb, INSTRUCTOR) if "Model answers" in c.source)
    for name, written in (("key points", " ".join(meta["key_points"] + meta["framing_questions"])),
                          ("model answers", answers), ("self-check feedback", feedback)):
        assert numbers(written) - shown == set(), f"{name} quote numbers the page does not show"
