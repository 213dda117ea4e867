"""`scopelint server` as a command: the other commands never import pygls, and without the
`server` extra it is a one-line error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import pythonpath

RUN_CLI = """
import sys
{prepare}
from scopelint.cli import main
try:
    main({args!r})
except SystemExit as exit:
    print("exit", exit.code, file=sys.stderr)
print("pygls imported:", "pygls" in sys.modules, "lsprotocol imported:", "lsprotocol" in sys.modules)
"""


def _python(cwd: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": pythonpath(), "NO_COLOR": "1"},
    )


def test_check_never_imports_the_language_server(tmp_path: Path) -> None:
    (tmp_path / "unrelated.py").write_text("print('hello')\n", encoding="utf-8")
    done = _python(tmp_path, RUN_CLI.format(prepare="", args=["check", "--no-cache", "unrelated.py"]))
    assert "exit 0" in done.stderr, done.stderr
    assert "pygls imported: False lsprotocol imported: False" in done.stdout


def test_without_the_server_extra_the_command_says_how_to_install_it(tmp_path: Path) -> None:
    hide = "sys.modules['pygls'] = None  # as if not installed: importing it raises ImportError"
    done = _python(tmp_path, RUN_CLI.format(prepare=hide, args=["server"]))
    assert "exit 2" in done.stderr
    [message] = [line for line in done.stderr.splitlines() if line.startswith("scopelint: error:")]
    assert "pip install 'scopelint[server]'" in message
