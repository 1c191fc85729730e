"""Find the data package folder."""
from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "PAKIRAN_DATA"
_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Return the folder holding datapackage.json.

    ``$PAKIRAN_DATA`` wins when set; otherwise the ``data/`` folder shipped
    with the package (inside it for a wheel, beside ``lib/`` in a checkout).
    Never the working directory.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    for candidate in (_HERE / "data", _HERE.parents[1] / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        f"no data package found beside the pakiran package; set {ENV_VAR} to a folder "
        "that holds datapackage.json"
    )


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
