"""scopelint.source: reading one file safely."""

from __future__ import annotations

import codecs
import os
import sys
import threading
from pathlib import Path

import pytest

from scopelint.source import SourceError, SourceFile, display_path, read_source


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def reason(path: Path) -> str:
    with pytest.raises(SourceError) as info:
        read_source(path, path.name)
    return str(info.value)


def test_plain_utf8(tmp_path: Path) -> None:
    path = write(tmp_path / "a.py", "name = 'héllo'\n".encode())
    source = read_source(path, "a.py")
    assert source.text == "name = 'héllo'\n"
    assert source.raw == "name = 'héllo'\n".encode()
    assert source.encoding == "utf-8"
    assert source.bom is False
    assert source.path == path
    assert source.display_path == "a.py"


def test_crlf_is_preserved(tmp_path: Path) -> None:
    data = b"a = 1\r\nb = 2\r\n"
    source = read_source(write(tmp_path / "crlf.py", data), "crlf.py")
    assert source.text == "a = 1\r\nb = 2\r\n"
    assert source.raw == data
    assert source.line_text(1) == "a = 1"
    assert source.line_text(2) == "b = 2"


def test_bom_is_stripped_from_text_but_kept_in_raw(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b"x = 1\n"
    source = read_source(write(tmp_path / "bom.py", data), "bom.py")
    assert source.bom is True
    assert source.encoding == "utf-8"
    assert source.text == "x = 1\n"
    assert source.raw == data
    assert source.line_text(1) == "x = 1"


def test_latin1_with_coding_line(tmp_path: Path) -> None:
    data = b"# -*- coding: latin-1 -*-\ns = '\xe9t\xe9'\n"
    source = read_source(write(tmp_path / "l1.py", data), "l1.py")
    assert source.text == "# -*- coding: latin-1 -*-\ns = 'été'\n"
    assert source.encoding == "iso-8859-1"
    assert source.bom is False
    # The recorded encoding round-trips the bytes, which a fixer relies on.
    assert source.text.encode(source.encoding) == data


def test_unknown_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.py", b"# coding: xyz-nonexistent\nx = 1\n")
    assert reason(path) == "unknown encoding 'xyz-nonexistent'"


def test_bom_conflicting_with_cookie(tmp_path: Path) -> None:
    path = write(tmp_path / "c.py", codecs.BOM_UTF8 + b"# coding: latin-1\nx = 1\n")
    assert "byte order mark" in reason(path)


def test_undecodable_bytes_name_offset_and_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "u.py", b"x = 1\ny = '\xff'\n")
    assert reason(path) == "not valid UTF-8 at byte 11 (default encoding utf-8)"


def test_undecodable_bytes_with_declared_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "u.py", b"# coding: utf-8\ny = '\xc3'\n")
    assert reason(path) == "not valid UTF-8 at byte 21 (declared encoding utf-8)"


def test_undecodable_byte_offset_counts_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "u.py", codecs.BOM_UTF8 + b"x = '\xff'\n")
    assert reason(path) == "not valid UTF-8 at byte 8 (declared encoding utf-8)"


def test_undecodable_first_line_without_cookie(tmp_path: Path) -> None:
    # tokenize.detect_encoding raises its own SyntaxError here; we still name the byte.
    path = write(tmp_path / "u.py", b"\xff = 1\n")
    assert reason(path) == "not valid UTF-8 at byte 0 (default encoding utf-8)"


def test_nul_byte(tmp_path: Path) -> None:
    path = write(tmp_path / "n.py", b"x = 1\n\x00\x01\x02")
    assert reason(path) == "contains a NUL byte (binary file?)"


def test_empty_file(tmp_path: Path) -> None:
    source = read_source(write(tmp_path / "e.py", b""), "e.py")
    assert source.text == ""
    assert source.raw == b""
    assert source.encoding == "utf-8"
    assert source.line_text(1) == ""


def test_missing_file(tmp_path: Path) -> None:
    assert reason(tmp_path / "nope.py") == "no such file"


def test_missing_parent_is_no_such_file(tmp_path: Path) -> None:
    write(tmp_path / "f", b"")
    assert reason(tmp_path / "f" / "x.py") == "no such file"


def test_directory_named_like_a_module(tmp_path: Path) -> None:
    (tmp_path / "x.py").mkdir()
    assert reason(tmp_path / "x.py") == "is a directory"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def attempt() -> None:
        try:
            read_source(fifo, "pipe.py")
            outcome.append("read")
        except SourceError as exc:
            outcome.append(str(exc))

    # A daemon thread: if the open blocked, the test fails instead of hanging.
    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(timeout=5)
    assert not thread.is_alive(), "read_source blocked on a FIFO"
    assert outcome == ["not a regular file"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: root can read a mode-000 file")
    path = write(tmp_path / "secret.py", b"x = 1\n")
    path.chmod(0)
    try:
        assert reason(path) == "permission denied"
    finally:
        path.chmod(0o644)


def test_permission_error_on_open_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs even as root: simulate the open failing the way it does for other users.
    path = write(tmp_path / "secret.py", b"x = 1\n")

    def deny(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("scopelint.source.os.open", deny)
    assert reason(path) == "permission denied"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.py").symlink_to(tmp_path / "b.py")
    (tmp_path / "b.py").symlink_to(tmp_path / "a.py")
    assert reason(tmp_path / "a.py") == "symbolic link loop"


def test_reads_file_only_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "a.py", b"x = 1\n")
    opened: list[object] = []
    real_open = os.open

    def counting_open(*args: object, **kwargs: object) -> int:
        opened.append(args[0])
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("scopelint.source.os.open", counting_open)
    read_source(path, "a.py")
    assert opened == [path]


def test_line_text() -> None:
    text = "first\r\nsecond\rthird\nfourth\x0cstill fourth\n"
    source = SourceFile(Path("x.py"), "x.py", text.encode(), text, "utf-8", False)
    assert source.line_text(1) == "first"
    assert source.line_text(2) == "second"
    assert source.line_text(3) == "third"
    # A form feed does not end a source line (str.splitlines would say it does).
    assert source.line_text(4) == "fourth\x0cstill fourth"
    assert source.line_text(5) == ""
    assert source.line_text(0) == ""
    assert source.line_text(-1) == ""
    assert source.line_text(99) == ""


def test_line_text_without_trailing_newline() -> None:
    source = SourceFile(Path("x.py"), "x.py", b"a\nb", "a\nb", "utf-8", False)
    assert source.line_text(2) == "b"


def test_line_offsets_are_computed_once() -> None:
    source = SourceFile(Path("x.py"), "x.py", b"a\nb\n", "a\nb\n", "utf-8", False)
    source.line_text(1)
    bounds = source.line_bounds
    source.line_text(2)
    assert source.line_bounds is bounds


def test_display_path_under_cwd(tmp_path: Path) -> None:
    assert display_path(tmp_path / "pkg" / "a.py", tmp_path) == "pkg/a.py"
    assert display_path(Path("pkg/a.py"), tmp_path) == "pkg/a.py"
    assert display_path(Path("./pkg/../a.py"), tmp_path) == "a.py"
    assert display_path(tmp_path, tmp_path) == "."


def test_display_path_outside_cwd_is_absolute(tmp_path: Path) -> None:
    cwd = tmp_path / "project"
    cwd.mkdir()
    outside = tmp_path / "other" / "b.py"
    assert display_path(outside, cwd) == outside.as_posix()
    assert display_path(Path("../other/b.py"), cwd) == outside.as_posix()
    # A sibling whose name starts like cwd is not "under" it.
    assert display_path(tmp_path / "project2" / "c.py", cwd) == (tmp_path / "project2" / "c.py").as_posix()
