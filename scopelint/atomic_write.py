"""Write a file so that readers see either the old content or the new one, never half.

Used for --output-file and baselines: a CI step that is killed mid-write, or a disk that
fills up, must not leave a truncated SARIF or baseline behind that a later step trusts.
"""

from __future__ import annotations

import itertools
import os
import stat
from pathlib import Path


def write_atomically(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace `path` by `data` (str is written as UTF-8, no newline translation).

    The temporary file lives in the same directory, so os.replace is a rename on one
    file system (atomic on POSIX and Windows). An existing file keeps its permission
    bits; a new file gets the usual 0o666 minus the umask, not mkstemp's 0o600.
    A symlink is followed, so the link keeps pointing at the (new) target.
    On any error the temporary file is removed and the original stays untouched.
    `durable=False` (cache entries: a torn entry after a crash only reads as a miss) skips
    the fsyncs that make the new content survive a power cut.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_current_umask()

    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = _temporary(directory, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        # BaseException too: a Ctrl-C between mkstemp and replace must not leave litter.
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    if durable:
        _fsync_directory(directory)


_written = itertools.count()


def _temporary(directory: Path, name: str) -> tuple[int, str]:
    """A new file beside the target, created exclusively (never someone else's file):
    named by this process and a counter, so no random-name module is imported."""
    while True:
        candidate = os.path.join(directory, f".{name}.{os.getpid()}.{next(_written)}.tmp")
        try:
            return os.open(
                candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
            ), candidate
        except FileExistsError:
            continue  # left by a crashed process that had our pid


def _current_umask() -> int:
    # There is no read-only umask call; set and restore it (scopelint is single-threaded).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
