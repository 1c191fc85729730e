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
    so that equal inputs give equal bytes.

    The drawing is passed on uncompressed, then reduced to a palette by maximum coverage: a chart
    has a few hundred colours (its own and the edges of text and lines), so each pixel stays within
    a step of the drawing, at about half the cost of median cut. It is packed at zlib's default
    level (6): level 9 took seven times as long for files about 9 % smaller.
    """
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", pil_kwargs={"compress_level": 0})  # stored, not packed
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MAXCOVERAGE).save(out, format="PNG", compress_level=6)
    return out.getvalue()


def figure_html(fig: Figure, png: bytes | None = None) -> str:
    """<figure> with the PNG inline, its alt text and a caption that ends with the source line."""
    info = getattr(fig, "pakiran", {})
    data = base64.b64encode(png if png is not None else png_bytes(fig)).decode("ascii")
    alt = html.escape(info.get("alt", ""), quote=True)
    caption = html.escape(info.get("caption", ""))
    source = cite.marked_up(info.get("source_line", ""))
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


def format_number(value, grouped: bool = True) -> str:
    """A number as a table shows it: no '.0' on whole numbers, thousands separators, at most
    three decimals (as many as the value has), a true minus sign; '' when missing.

    >>> format_number(1400000.0), format_number(-10.0), format_number(1.128), format_number(2024, grouped=False)
    ('1,400,000', '−10', '1.128', '2024')
    """
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    if number.is_integer():
        text = f"{int(number):,}" if grouped else str(int(number))
    else:
        decimals = min(3, len(repr(abs(number)).split(".")[1].rstrip("0")) if "e" not in repr(number) else 3)
        text = f"{number:,.{decimals}f}" if grouped else f"{number:.{decimals}f}"
    return text.replace("-", "−")


def _cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, tuple):
        return "; ".join(map(str, value))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


class TableView:
    """A table of data rows shown with a caption and source line.

    Codes show as their labels from the data package, numbers are right-aligned and formatted
    (years without separators), every cell is escaped, and tables longer than `fold` rows are
    folded behind a summary line that opens them.
    """

    fold = 15

    def __init__(self, frame: pd.DataFrame, columns: dict[str, str] | list[str] | None = None,
                 caption: str = ""):
        from .labels import with_labels

        self.caption = caption
        self.source_line = cite.source_line(cite.sources_of(frame), table=cite.table_of(frame))
        names = list(columns) if columns is not None else [c for c in frame.columns if c not in ("source_ids",)]
        headings = columns if isinstance(columns, dict) else {c: c for c in names}
        shown = with_labels(frame[names])
        self.numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
                        for c in names]
        shown = shown.astype({c: object for c in names if pd.api.types.is_bool_dtype(frame[c])})
        cells = {}
        for c, numeric in zip(names, self.numeric):
            grouped = not any(word in c.lower() for word in ("year", "decade"))
            cells[headings[c]] = [format_number(v, grouped) if numeric else _cell(v) for v in shown[c]]
        self.frame = pd.DataFrame(cells, columns=[headings[c] for c in names])

    def _repr_html_(self) -> str:
        align = [' class="num"' if n else "" for n in self.numeric]
        head = "".join(f'<th scope="col"{a}>{_escape(h)}</th>' for h, a in zip(self.frame.columns, align))
        rows = "".join("<tr>" + "".join(f"<td{a}>{_escape(v)}</td>" for v, a in zip(row, align)) + "</tr>"
                       for row in self.frame.itertuples(index=False))
        table = f'<table class="pakiran-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
        if len(self.frame) > self.fold:
            table = (f'<details class="pakiran-fold"><summary>Show all {len(self.frame)} rows</summary>'
                     f'{table}</details>')
        return (f'<div class="pakiran-table-wrap"><p class="pakiran-caption">{_escape(self.caption)}</p>'
                f'<div class="pakiran-scroll">{table}</div>'
                f'<p class="pakiran-source"><small>{cite.marked_up(self.source_line).replace("$", "&#36;")}</small></p></div>')

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.to_string(index=False)}\n{self.source_line}"


def _escape(text: str) -> str:
    """HTML-escaped text in which a dollar sign cannot start notebook maths."""
    return html.escape(str(text)).replace("$", "&#36;")


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
