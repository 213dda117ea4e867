"""--output-file and baselines are written atomically."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scopelint import atomic_write
from scopelint.atomic_write import write_atomically


def test_writes_str_as_utf8_and_bytes_verbatim(tmp_path: Path) -> None:
    target = tmp_path / "out.sarif"
    write_atomically(target, "naïve\n")
    assert target.read_bytes() == "naïve\n".encode()
    write_atomically(target, b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"
    assert os.listdir(tmp_path) == ["out.sarif"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_keeps_permissions_of_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomically(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_file_gets_umask_permissions_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.json", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_failure_leaves_old_content_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "baseline.json"
    target.write_text("old")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_write.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["baseline.json"]


def test_missing_directory_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "nope" / "out.json", "x")
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlink_is_followed_not_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_a_leftover_temporary_file_is_never_overwritten(tmp_path: Path, monkeypatch) -> None:
    """The first temporary name tried is taken (a crashed process with our pid left it):
    another is tried, and the leftover stays as it was."""
    target = tmp_path / "entry.json"
    real_open = os.open
    tried: list[str] = []

    def open_with_a_leftover(path, flags, mode=0o777):
        if str(path).endswith(".tmp") and not tried:
            tried.append(str(path))
            Path(path).write_text("someone else's")
        return real_open(path, flags, mode)

    monkeypatch.setattr(atomic_write.os, "open", open_with_a_leftover)
    write_atomically(target, "{}")
    assert target.read_text() == "{}"
    assert Path(tried[0]).read_text() == "someone else's"


def test_only_durable_writes_wait_for_the_disk(tmp_path: Path, monkeypatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    write_atomically(tmp_path / "cache.json", "{}", durable=False)
    assert synced == [] and (tmp_path / "cache.json").read_text() == "{}"
    write_atomically(tmp_path / "report.sarif", "{}")
    assert synced, "a report or a fixed file is synced before it replaces the old one"
