"""Show charts and tables in notebooks: figures with alt text and caption, escaped tables with sources."""
from __future__ import annotations

import base64
import html
import io

import pandas as pd
from matplotlib.figure import Figure

from . import citations as cite


def png_bytes(fig: Figure) -> bytes:
    """The figure as a compact PNG (256-colour palette), with no timestamp or software metadata,
    so that equal inputs give equal bytes."""
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB").quantize(colors=256)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=9)
    return out.getvalue()


def figure_html(fig: Figure, png: bytes | None = None) -> str:
    """<figure> with the PNG inline, its alt text and a caption that ends with the source line."""
    info = getattr(fig, "pakiran", {})
    data = base64.b64encode(png if png is not None else png_bytes(fig)).decode("ascii")
    alt = html.escape(info.get("alt", ""), quote=True)
    caption = html.escape(info.get("caption", ""))
    source = html.escape(info.get("source_line", ""))
    return (f'<figure class="pakiran-figure"><img src="data:image/png;base64,{data}" alt="{alt}">'
            f'<figcaption>{caption}<br><small class="pakiran-source">{source}</small></figcaption></figure>')


class ReportFigure(Figure):
    """A matplotlib Figure that displays in notebooks as one <figure>: the image, its alt text,
    its caption and its source line (set by the chart functions in ``fig.pakiran``)."""

    def _repr_mimebundle_(self, include=None, exclude=None):
        info = getattr(self, "pakiran", None)
        png = png_bytes(self)
        if not info:
            return {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": "<Figure>"}
        return {"text/html": figure_html(self, png), "text/plain": f"Figure: {info.get('caption', '')}"}


class TableView:
    """A table of data rows shown with a caption and source line; its HTML escapes every cell."""

    def __init__(self, frame: pd.DataFrame, columns: dict[str, str] | list[str] | None = None,
                 caption: str = ""):
        self.caption = caption
        self.source_line = cite.source_line(cite.sources_of(frame))
        shown = frame if columns is None else frame[list(columns)]
        if isinstance(columns, dict):
            shown = shown.rename(columns=columns)
        self.frame = shown.map(lambda v: "; ".join(map(str, v)) if isinstance(v, tuple) else v)

    def _repr_html_(self) -> str:
        body = self.frame.to_html(index=False, escape=True, na_rep="", border=0, classes="pakiran-table")
        body = body.replace("$", "&#36;")  # so that notebook front ends do not read two dollars as maths
        return (f'<div class="pakiran-table-wrap"><p class="pakiran-caption">{html.escape(self.caption)}</p>'
                f'{body}<p class="pakiran-source"><small>{html.escape(self.source_line)}</small></p></div>')

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.to_string(index=False)}\n{self.source_line}"


def show_table(frame: pd.DataFrame, columns: dict[str, str] | list[str] | None = None, caption: str = "",
               empty: str = "rows"):
    """A displayable table of frame's columns (a dict renames them) that cites the rows' sources;
    with no rows, the sentence of :func:`pakiran.nothing` naming what is missing (``empty``)."""
    if len(frame) == 0:
        from .timespan import nothing

        return nothing(empty)
    return TableView(frame, columns, caption)


def install_formatter() -> None:
    """Stop IPython adding a second, plain PNG copy of report figures (no-op outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    for mime in ("image/png", "image/jpeg", "image/svg+xml", "application/pdf"):
        formatter = shell.display_formatter.formatters.get(mime)
        if formatter is not None:
            formatter.for_type(ReportFigure, lambda fig: None)
