"""``hop`` in the test's own process: what a test of the command line needs (exit code,
what it printed), without a new Python that imports pandas, pandera and the reports again
for every call (a second or more each; issue 30, the suite's time).

The few tests that are about the process itself — a closed pipe, Ctrl-C, two builds at
once, the environment a child inherits — start ``python -m helpers.pack.cli`` themselves.
"""

from __future__ import annotations

import io
import os
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path


def hop(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``hop ARGS`` as :func:`helpers.pack.cli.main` in this process, from ``cwd``
    (the current folder when None): its exit code and what it wrote to stdout and
    stderr, as :func:`subprocess.run` with ``capture_output=True, text=True`` gives them.
    An exception the command does not handle fails the test with its traceback."""
    from helpers.pack.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: --help, usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None
                                                                  else 1)
                if isinstance(exc.code, str):
                    err.write(exc.code + "\n")
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(["hop", *args], code, out.getvalue(), err.getvalue())
