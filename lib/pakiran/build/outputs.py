"""Cap the size of cell outputs, so a cell printing megabytes does not make megabyte pages.

Text keeps its beginning and its end with a note of what was cut between them; HTML too large to
cut safely falls back to its plain-text form; too large images are replaced by a note.
"""
from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Integer

TEXT_TYPES = ("text/plain", "text/markdown", "text/latex", "application/json")
_DATA_IMAGE = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def cut(text: str, limit: int) -> str:
    """text, or its first and last limit/2 characters with a line saying how much was cut."""
    if len(text) <= limit:
        return text
    head, tail = text[:limit // 2], text[len(text) - limit // 2:]
    middle = text[len(head):len(text) - len(tail)]
    note = (f"\n[... {len(middle):,} characters ({middle.count(chr(10)):,} lines) cut from this output; "
            "run the notebook to see all of it ...]\n")
    return head + note + tail


def _size(output) -> int:
    if output.get("output_type") == "stream":
        return len(_text(output.get("text", "")))
    if output.get("output_type") == "error":
        return sum(len(line) for line in output.get("traceback", []))
    return sum(len(_text(v)) if isinstance(v, (str, list)) else 0 for v in output.get("data", {}).values())


class CapOutputs(Preprocessor):
    """Merge consecutive stream outputs, then cap every output and the outputs of each cell."""

    text_limit = Integer(100_000, help="characters kept of one text output").tag(config=True)
    image_limit = Integer(5_000_000, help="largest embedded image (base64 characters)").tag(config=True)
    cell_limit = Integer(400_000, help="characters kept of all outputs of one cell").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.get("cell_type") != "code" or not cell.get("outputs"):
            return cell, resources
        outputs = []
        for output in cell.outputs:
            last = outputs[-1] if outputs else None
            if (output.output_type == "stream" and last is not None and last.output_type == "stream"
                    and last.name == output.name):
                last.text = _text(last.text) + _text(output.text)
            else:
                outputs.append(output)
        cell.outputs = [self._cap(output) for output in outputs]
        self._cap_cell(cell)
        return cell, resources

    def _cap(self, output):
        kind = output.get("output_type")
        if kind == "stream":
            output.text = cut(_text(output.text), self.text_limit)
        elif kind == "error":
            lines, kept, total = output.get("traceback", []), [], 0
            for line in lines:
                total += len(line)
                kept.append(line)
                if total > self.text_limit:
                    kept.append(f"[... {len(lines) - len(kept)} more traceback lines cut ...]")
                    break
            output.traceback = [cut(line, self.text_limit) for line in kept]
            output.evalue = cut(output.get("evalue", ""), self.text_limit)
        elif kind in ("display_data", "execute_result"):
            data = output.get("data", {})
            for mime in list(data):
                value = data[mime]
                if not isinstance(value, (str, list)):
                    continue
                size = len(_text(value))
                if mime in TEXT_TYPES:
                    data[mime] = cut(_text(value), self.text_limit)
                elif mime.startswith("image/") and size > self.image_limit:
                    del data[mime]
                    data.setdefault("text/plain", f"[an image of {size:,} characters was left out of this page]")
                elif not mime.startswith("image/") and self._markup_size(_text(value)) > self.text_limit:
                    del data[mime]          # HTML, SVG, JavaScript: cannot be cut without breaking them
                    data["text/plain"] = cut(_text(data.get("text/plain", "")), self.text_limit) + \
                        f"\n[{mime} output of {size:,} characters left out of this page]"
        return output

    def _markup_size(self, text: str) -> int:
        """Characters of markup, not counting images embedded within the image limit (a report
        figure is a <figure> around its PNG; the PNG is held to the image limit, the rest to the text limit)."""
        images = [m.end() - m.start() for m in _DATA_IMAGE.finditer(text)]
        if any(size > self.image_limit for size in images):
            return len(text)
        return len(text) - sum(images)

    def _cap_cell(self, cell) -> None:
        sizes = [_size(o) for o in cell.outputs]
        if sum(sizes) <= self.cell_limit:
            return
        head, tail, used = [], [], 0
        left, right = 0, len(cell.outputs) - 1
        while left <= right:                         # keep outputs from both ends while they fit
            pick = left if len(head) <= len(tail) else right
            if used + sizes[pick] > self.cell_limit:
                break
            used += sizes[pick]
            if pick == left:
                head.append(cell.outputs[left])
                left += 1
            else:
                tail.insert(0, cell.outputs[right])
                right -= 1
        from nbformat.v4 import new_output

        cut_out = cell.outputs[left:right + 1]
        note = new_output("stream", name="stdout", text=f"[... {len(cut_out):,} outputs "
                          f"({sum(sizes[left:right + 1]):,} characters) cut from this cell ...]\n")
        cell.outputs = head + [note] + tail
