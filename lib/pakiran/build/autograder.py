"""Autograder test cells in nbgrader's format: a code cell tagged `autograder` (and `raises-exception`)
with visible asserts and a `### BEGIN HIDDEN TESTS` … `### END HIDDEN TESTS` region.

The student edition keeps the cell without its hidden tests; the build fails if a solution does not
pass its own check.
"""
from __future__ import annotations

AUTOGRADER = "autograder"


def clear_hidden_tests():
    """nbgrader's own preprocessor that removes the hidden tests of its grade cells."""
    from nbgrader.preprocessors import ClearHiddenTests

    return ClearHiddenTests()


def failed_check(nb):
    """(position, cell, error output) of the first autograder cell that raised when run, else None."""
    for index, cell in enumerate(nb.cells):
        if AUTOGRADER in cell.metadata.get("tags", []):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    return index, cell, output
    return None
