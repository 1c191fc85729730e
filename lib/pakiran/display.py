"""Show charts and tables in notebooks: figures with alt text and caption, escaped tables with sources."""
from __future__ import annotations

import base64
import html
import io

import pandas as pd
from matplotlib.figure import Figure

from . import citations as cite


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG, with no timestamp or software metadata, so equal inputs give equal bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def figure_html(fig: Figure) -> str:
    """<figure> with the PNG inline, its alt text and a caption that ends with the source line."""
    info = getattr(fig, "pakiran", {})
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    alt = html.escape(info.get("alt", ""), quote=True)
    caption = html.escape(info.get("caption", ""))
    source = html.escape(info.get("source_line", ""))
    return (f'<figure class="pakiran-figure"><img src="data:image/png;base64,{data}" alt="{alt}">'
            f'<figcaption>{caption}<br><small class="pakiran-source">{source}</small></figcaption></figure>')


def _figure_bundle(fig: Figure, include=None, exclude=None):
    """IPython mimebundle: text/html with alt text and caption, plus image/png for other readers."""
    info = getattr(fig, "pakiran", {})
    png = png_bytes(fig)
    bundle = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": info.get("caption", "<Figure>")}
    metadata = {"image/png": {"alt": info.get("alt", "")}}
    if info:
        bundle["text/html"] = figure_html(fig)
    return bundle, metadata


class Table:
    """A table of data rows with a caption and source line; its HTML escapes every cell."""

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
        return (f'<div class="pakiran-table-wrap"><p class="pakiran-caption">{html.escape(self.caption)}</p>'
                f'{body}<p class="pakiran-source"><small>{html.escape(self.source_line)}</small></p></div>')

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.to_string(index=False)}\n{self.source_line}"


def show_table(frame: pd.DataFrame, columns: dict[str, str] | list[str] | None = None, caption: str = "") -> Table:
    """A displayable table of frame's columns (a dict renames them) that cites the rows' sources."""
    return Table(frame, columns, caption)


def install_formatter() -> None:
    """Make IPython show pakiran figures as <figure> with alt text and caption (no-op outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.mimebundle_formatter.for_type(Figure, _figure_bundle)
