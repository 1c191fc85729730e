"""Autograder test cells in nbgrader's format: a code cell tagged `autograder` (and `raises-exception`)
with visible asserts and a `### BEGIN HIDDEN TESTS` … `### END HIDDEN TESTS` region.

The student edition keeps the cell without its hidden tests. A solution that fails its own check
fails the build as any failing cell does: nbclient runs on past a `raises-exception` cell, and
papermill then raises for the first error output of the notebook.
"""
from __future__ import annotations

AUTOGRADER = "autograder"


def clear_hidden_tests():
    """nbgrader's own preprocessor that removes the hidden tests of its grade cells."""
    from nbgrader.preprocessors import ClearHiddenTests

    return ClearHiddenTests()
