"""Last line of defence for the pages: every link is http(s), mailto, or relative inside the site.

The check scans the whole exported HTML for URL attributes rather than trusting one parser to
split it into tags the way a browser does (comments, CDATA and raw-text elements are tokenised
differently by different parsers). An attribute whose value, once entity-decoded and cleaned as
a browser cleans URLs, has any other scheme, or leaves the site, is replaced by ``name="#"``.
"""
from __future__ import annotations

import html
import re
from urllib.parse import unquote

SCHEMES = frozenset({"http", "https", "mailto"})
# Attributes a browser follows or loads. xlink:href and the SVG animation values cover
# <svg><a xlink:href> and <animate attributeName="href" to="...">.
URL_ATTRIBUTES = ("xlink:href", "href", "src", "action", "formaction", "data", "poster", "background", "cite",
                  "longdesc", "ping", "codebase", "manifest", "icon", "lowsrc", "dynsrc")
ANIMATED = ("to", "from", "values", "by")
# Zero-width, so that matches may overlap: text that merely looks like the start of an attribute
# cannot hide a real attribute by swallowing it as its value.
_ATTRIBUTE = re.compile(
    r"(?=(?<![\w:.-])(?P<name>" + "|".join(map(re.escape, URL_ATTRIBUTES + ANIMATED + ("srcdoc", "content")))
    + r")\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_DATA_IMAGE = re.compile(r"^data:image/[a-z0-9.+\-]+[;,]", re.IGNORECASE)
_REFRESH = re.compile(r"^\s*[\d.]+\s*[;,]?\s*(?:url\s*=\s*)?['\"]?(?P<url>[^'\"]*)", re.IGNORECASE)


def clean_url(value: str) -> str:
    """A URL as a browser reads it: entities decoded, tabs and newlines removed, ends trimmed."""
    value = re.sub(r"[\t\n\r]", "", html.unescape(value))
    return value.strip("".join(chr(c) for c in range(0x21)))


def allowed(url: str, *, image: bool = False) -> bool:
    """True for http, https and mailto links, data: images (where image), and site-relative links."""
    scheme = _SCHEME.match(url)
    if scheme:
        return scheme.group(1).lower() in SCHEMES or (image and bool(_DATA_IMAGE.match(url)))
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    if "\\" in path or path.startswith("/"):
        return False                               # //host and /path leave the site
    return ".." not in unquote(path).split("/")    # so does ../ (also written %2e%2e/)


def _safe(name: str, value: str) -> bool:
    url = clean_url(value)
    if name == "srcdoc":
        return not url                              # an inline document is not a page of the site
    if name == "content":
        refresh = _REFRESH.match(url)               # <meta http-equiv="refresh" content="0; url=...">
        return not refresh or not refresh.group("url").strip() or allowed(clean_url(refresh.group("url")))
    if name in ANIMATED:
        return not _SCHEME.match(url) or allowed(url)
    return allowed(url, image=name == "src")


def _pass(page: str) -> str:
    parts, done = [], 0
    for match in _ATTRIBUTE.finditer(page):
        if match.start() < done:
            continue                                 # inside an attribute already replaced
        name = match.group("name")
        group = next(g for g in ("dq", "sq", "bare") if match.group(g) is not None)
        if _safe(name.lower(), match.group(group)):
            continue
        end = match.end(group) + (group != "bare")
        parts += [page[done:match.start()], f'{name}=""' if name.lower() == "srcdoc" else f'{name}="#"']
        done = end
    return "".join(parts) + page[done:] if parts else page


def neutralise(page: str) -> str:
    """The page with every disallowed link attribute replaced by name="#" (srcdoc by srcdoc="")."""
    for _ in range(10):
        fixed = _pass(page)
        if fixed == page:
            return page
        page = fixed
    raise ValueError("the page's links could not be made safe")
