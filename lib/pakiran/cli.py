"""Command line: ``python -m pakiran validate|dictionary|build``."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .paths import data_dir
from .validation import validate


def _validate(args: argparse.Namespace) -> int:
    folder = Path(args.data) if args.data else data_dir()
    problems = validate(folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s); row numbers count the header as row 1.", file=sys.stderr)
    return 1 if problems else 0


def _dictionary(args: argparse.Namespace) -> int:
    from .dictionary import markdown

    print(markdown(Path(args.data) if args.data else data_dir()), end="")
    return 0


def _build(args: argparse.Namespace) -> int:
    import signal

    from .build.config import ConfigError, load_config, load_site, parse_value, with_parameters
    from .build.lock import Busy
    from .build.runner import build

    def fail(message: str) -> int:
        for line in str(message).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 2

    try:
        reports = load_config(Path(args.config))
        site = load_site(Path(args.config))
    except ConfigError as exc:
        return fail(exc)
    known = {r.id: r for r in reports}
    unknown = [i for i in args.reports if i not in known]
    if unknown:
        return fail(f"unknown report id(s) {', '.join(unknown)}; known: {', '.join(known)}")
    overrides = {name: parse_value(value) for name, value in args.parameter}
    if overrides and not args.reports:
        return fail("-p needs the report id(s) to run with those parameters, e.g. build 01 -p start_year 1960")
    ids = list(dict.fromkeys(args.reports))  # each report once, in the order given
    try:
        selected = [with_parameters(known[i], overrides) for i in ids] if ids else reports
    except ConfigError as exc:
        return fail(exc)
    folder = Path(args.data).resolve() if args.data else data_dir()
    if not (folder / "datapackage.json").is_file():
        return fail(f"--data {args.data or folder}: no datapackage.json in that folder")
    try:
        return build(reports, selected, Path(args.out), folder, force=args.force, jobs=args.jobs,
                     cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout, pdf=args.pdf,
                     base_url=site.base_url)
    except Busy as exc:
        return fail(exc)
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", signal.SIGINT)
        print(f"\nbuild stopped by {signal.Signals(signum).name}; workers and kernels were stopped, finished "
              "reports kept their new pages", file=sys.stderr)
        return 128 + signum


def _positive(kind):
    def convert(text: str):
        value = kind(text)
        if not 0 < value < float("inf"):
            raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
        return value
    convert.__name__ = kind.__name__
    return convert


def lab_environment(environ: dict | None = None) -> dict:
    """The environment JupyterLab runs in: the project's kernelspec folder first on JUPYTER_PATH.

    >>> path = lab_environment({"JUPYTER_PATH": "/elsewhere"})["JUPYTER_PATH"].split(os.pathsep)
    >>> path[0].endswith("jupyter"), path[1]
    (True, '/elsewhere')
    """
    env = dict(os.environ if environ is None else environ)
    kernels = str(Path(__file__).resolve().parent / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join([kernels, *filter(None, [env.get("JUPYTER_PATH")])])
    return env


def run_lab(lab_args: list[str]) -> int:
    """Run JupyterLab with the given arguments in lab_environment(); its exit status.

    On POSIX this process becomes JupyterLab (exec), so that a signal sent to it (Ctrl-C, SIGTERM
    from a test or a service manager) reaches the server itself and leaves no server behind.
    """
    command = [sys.executable, "-m", "jupyterlab", *lab_args]
    if os.name == "posix":
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, command, lab_environment())
    import subprocess

    return subprocess.call(command, env=lab_environment())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pakiran", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every table; print all problems; exit 1 if any")
    check.add_argument("--data", help="data folder (default: the package's, or $PAKIRAN_DATA)")
    check.set_defaults(run=_validate)
    words = commands.add_parser("dictionary", help="print the data dictionary (Markdown) from datapackage.json")
    words.add_argument("--data", help="data folder (default: the package's, or $PAKIRAN_DATA)")
    words.set_defaults(run=_dictionary)
    from .build.config import DEFAULT_CONFIG, REPO

    site = commands.add_parser("build", help="execute the reports and render the offline HTML site",
                               description="Execute every report (or the given ids) with papermill and render "
                               "student and teacher editions into the site folder. Only reports whose inputs "
                               "changed are rebuilt. Exit status 1 if any report failed.")
    site.add_argument("reports", nargs="*", help="report ids from the config (default: all)")
    site.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                      help="run the given report(s) with this parameter, into pages of their own")
    site.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    site.add_argument("--pdf", action="store_true",
                      help="also print a PDF handout of each report page with headless Chromium (/usr/bin/chromium)")
    site.add_argument("--jobs", type=_positive(int), default=2, help="notebooks run in parallel (default 2)")
    site.add_argument("--out", default=str(REPO / "site"), help="site folder (default: site/)")
    site.add_argument("--config", default=str(DEFAULT_CONFIG), help="reports file (default: notebooks/reports.toml)")
    site.add_argument("--data", help="data folder (default: the package's, or $PAKIRAN_DATA)")
    site.add_argument("--cell-timeout", type=_positive(float), default=120,
                      help="seconds one cell may run (default 120)")
    site.add_argument("--notebook-timeout", type=_positive(float), default=600,
                      help="seconds one notebook may run (default 600)")
    site.set_defaults(run=_build)
    lab = commands.add_parser("lab", help="open JupyterLab with the reports' kernel (notebooks open unmodified)",
                              description="Start JupyterLab (arguments are passed on, e.g. a folder) with the "
                              "project's kernelspec first on JUPYTER_PATH: ipykernel's kernel reporting "
                              "language_info without the machine's exact Python version.")
    lab.add_argument("lab_args", nargs="*", help="arguments for jupyter lab, e.g. notebooks/")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["lab"] and not {"-h", "--help"} & set(argv[1:2]):
        return run_lab(argv[1:])   # every argument, options included, is JupyterLab's
    args = parser.parse_args(argv)
    return args.run(args)
