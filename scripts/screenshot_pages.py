"""Screenshot every page of a built site in headless Chromium at 1,280 px wide, as a reader sees it.

    python scripts/screenshot_pages.py SITE OUT_FOLDER [--width 1280] [--dark]

Writes OUT_FOLDER/<page>.png (the whole page) and, for long pages, OUT_FOLDER/<page>-NN.png slices
of at most 2,400 px, small enough to look at one by one. The screenshots are a build artefact for
review; they are not kept in the repository.
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from pakiran.build.pdf import ARGS, CHROMIUM

SLICE = 2400


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--dark", action="store_true", help="emulate a dark colour scheme")
    parser.add_argument("pages", nargs="*", help="page names (default: every .html page)")
    args = parser.parse_args(argv)
    from PIL import Image
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    pages = [args.site / p for p in args.pages] or sorted(args.site.glob("*.html"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": args.width, "height": 900},
                                      color_scheme="dark" if args.dark else "light")
        for path in pages:
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            page.goto(path.as_uri(), wait_until="load")
            shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
            stem = path.name.removesuffix(".html")
            shot.save(args.out / f"{stem}.png")
            for n, top in enumerate(range(0, shot.height, SLICE)):
                if shot.height > SLICE:
                    shot.crop((0, top, shot.width, min(top + SLICE, shot.height))).save(args.out / f"{stem}-{n:02d}.png")
            print(f"{stem}: {shot.width}×{shot.height} px")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
