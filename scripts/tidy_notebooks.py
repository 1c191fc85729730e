"""Store the report notebooks in one canonical form: no outputs, stable cell ids, code hidden in
JupyterLab wherever the pages hide it, nbgrader metadata on solution and autograder cells, the
framing-questions and key-points cells written from the notebook's metadata, and the notebook metadata
JupyterLab writes when its kernel starts, except the Python version.

    python scripts/tidy_notebooks.py            # rewrite notebooks/*.ipynb in place
    python scripts/tidy_notebooks.py --check    # exit 1 if any notebook is not in canonical form
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from pakiran.build.teaching import place_teaching_cells
from pakiran.kernel import LANGUAGE_INFO as REPORT_LANGUAGE_INFO

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# JupyterLab replaces the notebook's kernelspec and language_info with the kernel's own when the kernel
# starts, and marks the notebook modified unless they are equal. The reports store what the project's
# kernel (pakiran.kernel, started by `python -m pakiran lab`) reports: ipykernel's values without the
# exact Python version, which differs from one machine to the next.
LANGUAGE_INFO = dict(REPORT_LANGUAGE_INFO)


def tidy(nb, stem: str = "report") -> None:
    """Put one notebook into canonical form, in place; stem names its nbgrader ids."""
    nb.nbformat, nb.nbformat_minor = 4, 5
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO,
                                      **{k: v for k, v in nb.metadata.items()
                                         if k not in ("kernelspec", "language_info", "papermill", "widgets")}})
    place_teaching_cells(nb, f"{stem} notebook")
    for number, cell in enumerate(nb.cells):
        cell.id = str(number)  # as nbstripout numbers them
        tags = cell.metadata.get("tags", [])
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if "hide-input" in tags:
                cell.metadata["jupyter"] = {"source_hidden": True}
            else:
                cell.metadata.pop("jupyter", None)
        if "solution" in tags:
            grader = cell.metadata.setdefault("nbgrader", {})
            grader.update({"solution": True, "grade": grader.get("grade", False), "locked": False,
                           "schema_version": 3})
            grader.setdefault("grade_id", f"{stem}-{number:02d}")
        if "autograder" in tags:  # nbgrader's autograder tests; Run all goes on past a failing check
            cell.metadata["tags"] = tags + ["raises-exception"] * ("raises-exception" not in tags)
            grader = cell.metadata.setdefault("nbgrader", {})
            grader.update({"grade": True, "locked": True, "schema_version": 3, "solution": False, "task": False})
            grader.setdefault("grade_id", f"{stem}-{number:02d}-check")
    nbformat.validate(nb)


def canonical(path: Path) -> str:
    """The notebook's text in canonical form."""
    nb = nbformat.read(path, as_version=4)
    tidy(nb, path.stem[:2])
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks that need tidying")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    untidy = []
    for path in args.paths or sorted(NOTEBOOKS.glob("*.ipynb")):
        text = canonical(path)
        if path.read_text(encoding="utf-8") != text:
            untidy.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path in untidy:
        print(f"{path.name}: {'not in canonical form' if args.check else 'tidied'}")
    return 1 if args.check and untidy else 0


if __name__ == "__main__":
    sys.exit(main())
