"""scopelint.discovery: which files a run checks."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pathspec
import pytest

from scopelint.config import Config
from scopelint.discovery import DEFAULT_EXCLUDES, _Ignore, discover_files
from scopelint.model import FileError
from scopelint.source import display_path

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")


def touch(root: Path, *names: str, text: str = "x = 1\n") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def run(tmp_path: Path, *args: str | Path, config: Config | None = None) -> tuple[list[str], list[FileError]]:
    files, errors = discover(
        [Path(a) for a in args] if args else [Path(".")], config or Config(root=tmp_path), tmp_path
    )
    return [f.as_posix() for f in files], errors


def discover(paths: list[Path], config: Config, cwd: Path) -> tuple[list[Path], list[FileError]]:
    """The paths as given; every display path handed over is the one `display_path` computes
    (the engine shows it without computing it again)."""
    pairs, errors = discover_files(paths, config, cwd)
    assert all(shown == display_path(Path(path), cwd) for shown, path in pairs)
    return [Path(path) for _, path in pairs], errors


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_collects_py_and_pyi_sorted(in_tmp: Path) -> None:
    touch(in_tmp, "b.py", "a.py", "pkg/__init__.py", "pkg/types.pyi", "README.md", "setup.cfg")
    touch(in_tmp, "pkg/data.json", "script", "mod.pyc", "notes.py.txt")
    files, errors = run(in_tmp)
    assert files == ["a.py", "b.py", "pkg/__init__.py", "pkg/types.pyi"]
    assert errors == []


def test_default_excludes(in_tmp: Path) -> None:
    for name in DEFAULT_EXCLUDES:
        directory = name.replace("*", "demo")
        touch(in_tmp, f"{directory}/inner.py", f"src/{directory}/nested.py")
    touch(in_tmp, "src/app.py", "build.py", "dist_utils.py")
    files, errors = run(in_tmp)
    # Excludes are directory names: files merely called build.py are still checked.
    assert files == ["build.py", "dist_utils.py", "src/app.py"]
    assert errors == []


def test_config_exclude_relative_to_config_root(in_tmp: Path) -> None:
    touch(in_tmp, "generated/a.py", "src/generated/b.py", "top.py", "src/top.py", "src/api_pb2.py")
    touch(in_tmp, "src/ok.py")
    config = Config(root=in_tmp, exclude=("generated/", "/top.py", "*_pb2.py"))
    files, _ = run(in_tmp, config=config)
    assert files == ["src/ok.py", "src/top.py"]
    # Walking a sub-directory still matches the patterns against paths from config.root.
    files, _ = run(in_tmp, "src", config=config)
    assert files == ["src/ok.py", "src/top.py"]


def test_config_root_below_walk_root(in_tmp: Path) -> None:
    touch(in_tmp, "proj/skip/a.py", "proj/keep.py", "other/skip/b.py")
    config = Config(root=in_tmp / "proj", exclude=("/skip/",))
    files, _ = run(in_tmp, config=config)
    assert files == ["other/skip/b.py", "proj/keep.py"]


def test_nested_gitignore_with_negation(in_tmp: Path) -> None:
    (in_tmp / ".gitignore").write_text("# generated code\n*_gen.py\nignored_dir/\n")
    (in_tmp / "sub").mkdir()
    (in_tmp / "sub" / ".gitignore").write_text("!special_gen.py\nlocal.py\n")
    touch(in_tmp, "top_gen.py", "local.py", "ignored_dir/a.py", "sub/special_gen.py")
    touch(in_tmp, "sub/other_gen.py", "sub/local.py", "sub/deeper/local.py", "sub/ok.py")
    files, errors = run(in_tmp)
    assert files == ["local.py", "sub/ok.py", "sub/special_gen.py"]
    assert errors == []


def test_gitignore_directory_only_pattern(in_tmp: Path) -> None:
    (in_tmp / ".gitignore").write_text("x.py/\n")
    touch(in_tmp, "x.py", "pkg/x.py/inner.py", "pkg/y.py")
    files, _ = run(in_tmp)
    # The file x.py stays; the directory named x.py is ignored.
    assert files == ["pkg/y.py", "x.py"]


def test_gitignore_anchored_pattern_in_subdirectory(in_tmp: Path) -> None:
    (in_tmp / "sub").mkdir()
    (in_tmp / "sub" / ".gitignore").write_text("/only_here.py\n")
    touch(in_tmp, "only_here.py", "sub/only_here.py", "sub/deep/only_here.py")
    files, _ = run(in_tmp)
    assert files == ["only_here.py", "sub/deep/only_here.py"]


def test_parent_gitignores_apply_up_to_git_root(in_tmp: Path) -> None:
    (in_tmp / ".git").mkdir()
    (in_tmp / ".gitignore").write_text("secret/\n*_tmp.py\n")
    touch(in_tmp, "src/secret/a.py", "src/work_tmp.py", "src/ok.py")
    files, _ = run(in_tmp, "src")
    assert files == ["src/ok.py"]


def test_parent_gitignores_ignored_without_git_root(in_tmp: Path) -> None:
    # No .git anywhere up the tree: the parent's .gitignore is not ours to apply.
    (in_tmp / ".gitignore").write_text("secret/\n")
    touch(in_tmp, "src/secret/a.py", "src/ok.py")
    files, _ = run(in_tmp, "src")
    assert files == ["src/ok.py", "src/secret/a.py"]


def test_explicit_directory_inside_ignored_directory_is_walked(in_tmp: Path) -> None:
    (in_tmp / ".git").mkdir()
    (in_tmp / ".gitignore").write_text("vendor/\nvendor/lib/skip.py\n")
    touch(in_tmp, "vendor/lib/a.py", "vendor/lib/skip.py", "app.py")
    # Walking everything: vendor/ is ignored.
    assert run(in_tmp)[0] == ["app.py"]
    # Naming the ignored directory checks it; patterns aimed inside it still apply.
    assert run(in_tmp, "vendor/lib")[0] == ["vendor/lib/a.py"]


def test_explicit_files_are_always_checked(in_tmp: Path) -> None:
    (in_tmp / ".gitignore").write_text("ignored.py\n")
    touch(in_tmp, "ignored.py", "gen/x.py", "node_modules/m.py", "bin/tool")
    config = Config(root=in_tmp, exclude=("gen/",))
    files, errors = run(in_tmp, "ignored.py", "gen/x.py", "node_modules/m.py", "bin/tool", config=config)
    assert files == ["bin/tool", "gen/x.py", "ignored.py", "node_modules/m.py"]
    assert errors == []


def test_missing_explicit_path(in_tmp: Path) -> None:
    touch(in_tmp, "a.py")
    files, errors = run(in_tmp, "a.py", "missing.py", "nodir/")
    assert files == ["a.py"]
    assert errors == [
        FileError("missing.py", "no such file or directory"),
        FileError("nodir", "no such file or directory"),
    ]


@needs_fifo
def test_explicit_fifo_is_not_a_regular_file(in_tmp: Path) -> None:
    os.mkfifo(in_tmp / "pipe.py")
    files, errors = run(in_tmp, "pipe.py")
    assert files == []
    assert errors == [FileError("pipe.py", "not a regular file")]


@needs_fifo
def test_fifo_found_while_walking_is_an_error_without_blocking(in_tmp: Path) -> None:
    os.mkfifo(in_tmp / "pipe.py")
    touch(in_tmp, "a.py")
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(run(in_tmp)), daemon=True)
    thread.start()
    thread.join(timeout=5)
    assert not thread.is_alive(), "discover blocked on a FIFO"
    assert result == [(["a.py"], [FileError("pipe.py", "not a regular file")])]


@needs_symlinks
def test_symlinks(in_tmp: Path) -> None:
    touch(in_tmp, "real/mod.py", "target.py")
    (in_tmp / "linked_dir").symlink_to(in_tmp / "real", target_is_directory=True)
    (in_tmp / "real" / "loop").symlink_to(in_tmp, target_is_directory=True)
    (in_tmp / "alias.py").symlink_to(in_tmp / "target.py")
    (in_tmp / "broken.py").symlink_to(in_tmp / "gone.py")
    (in_tmp / "loop1.py").symlink_to(in_tmp / "loop2.py")
    (in_tmp / "loop2.py").symlink_to(in_tmp / "loop1.py")
    files, errors = run(in_tmp)
    # Symlinked directories are not descended (so no loop); file symlinks are followed
    # and kept under the link's own name.
    assert files == ["alias.py", "real/mod.py", "target.py"]
    assert errors == [
        FileError("broken.py", "broken symbolic link"),
        FileError("loop1.py", "symbolic link loop"),
        FileError("loop2.py", "symbolic link loop"),
    ]


@needs_symlinks
def test_explicit_broken_symlink_and_loop(in_tmp: Path) -> None:
    (in_tmp / "broken.py").symlink_to(in_tmp / "gone.py")
    (in_tmp / "l1.py").symlink_to(in_tmp / "l2.py")
    (in_tmp / "l2.py").symlink_to(in_tmp / "l1.py")
    files, errors = run(in_tmp, "broken.py", "l1.py")
    assert files == []
    assert errors == [
        FileError("broken.py", "broken symbolic link"),
        FileError("l1.py", "symbolic link loop"),
    ]


def test_unique_files(in_tmp: Path) -> None:
    touch(in_tmp, "pkg/a.py", "pkg/b.py")
    files, _ = run(in_tmp, "pkg", "pkg/a.py", "./pkg/a.py", ".")
    assert files == ["pkg/a.py", "pkg/b.py"]


def test_paths_are_returned_as_given(in_tmp: Path) -> None:
    touch(in_tmp, "pkg/a.py", "other/b.py")
    files, errors = discover([in_tmp / "pkg", Path("other")], Config(root=in_tmp), in_tmp)
    # Not resolved, not made relative: joined onto the argument as the user wrote it.
    assert files == [Path("other/b.py"), in_tmp / "pkg" / "a.py"]
    assert errors == []


def test_error_display_paths_outside_cwd(tmp_path: Path) -> None:
    cwd = tmp_path / "project"
    cwd.mkdir()
    missing = tmp_path / "elsewhere" / "x.py"
    _, errors = discover([missing], Config(root=cwd), cwd)
    assert errors == [FileError(missing.as_posix(), "no such file or directory")]


def test_directory_named_like_a_module_is_walked(in_tmp: Path) -> None:
    touch(in_tmp, "x.py/inner.py")
    files, errors = run(in_tmp, "x.py")
    assert files == ["x.py/inner.py"]
    assert errors == []


def test_deep_tree_has_no_recursion_limit(in_tmp: Path) -> None:
    # Deeper than the default recursion limit; built and removed with plain loops since
    # pathlib.mkdir(parents=True) and shutil.rmtree recurse themselves.
    depth = 1100
    chain = [str(in_tmp)]
    for _ in range(depth):
        chain.append(os.path.join(chain[-1], "d"))
        os.mkdir(chain[-1])
    leaf = os.path.join(chain[-1], "leaf.py")
    Path(leaf).write_text("")
    try:
        files, errors = run(in_tmp)
    finally:
        os.remove(leaf)
        for directory in reversed(chain[1:]):
            os.rmdir(directory)
    assert files == ["d/" * depth + "leaf.py"]
    assert errors == []


def test_unreadable_directory(in_tmp: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: root can list a mode-000 directory")
    touch(in_tmp, "locked/a.py", "ok.py")
    (in_tmp / "locked").chmod(0)
    try:
        files, errors = run(in_tmp)
    finally:
        (in_tmp / "locked").chmod(0o755)
    assert files == ["ok.py"]
    assert errors == [FileError("locked", "permission denied")]


def test_does_not_read_python_files(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(in_tmp, "a.py", "b/c.py")
    (in_tmp / ".gitignore").write_text("*.log\n")
    opened: list[str] = []
    real_open = open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(os.fspath(file))  # type: ignore[arg-type]
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy)
    files, _ = run(in_tmp)
    assert files == ["a.py", "b/c.py"]
    assert [Path(p).name for p in opened] == [".gitignore"]


def test_two_thousand_files_with_excludes(in_tmp: Path) -> None:
    # Speed is measured by benchmarks/, never asserted here; this checks the result on a big tree.
    for package in range(40):
        (in_tmp / f"p{package}").mkdir()
        for module in range(50):
            (in_tmp / f"p{package}" / f"m{module}.py").write_bytes(b"")
    (in_tmp / ".gitignore").write_text("*.log\nbuild/\n!keep.py\n")
    files, _ = discover([in_tmp], Config(root=in_tmp, exclude=("p39/",)), in_tmp)
    assert len(files) == 39 * 50


def test_prefilter_agrees_with_pathspec() -> None:
    # The combined-regex prefilter must never hide a match pathspec would report.
    lines = ["*.py", "!keep.py", "/anchored/", "build/", "a/**/b", "docs/*.txt", "*", "!x/"]
    paths = ["keep.py", "a.py", "anchored/", "x/anchored/", "build/", "a/q/r/b", "a/b/"]
    paths += ["docs/i.txt", "x/", "z", "deep/keep.py", "n.pyi"]
    for count in range(1, len(lines) + 1):
        spec = pathspec.GitIgnoreSpec.from_lines(lines[:count])
        ignore = _Ignore(spec)
        assert ignore.prefilter is not None
        for path in paths:
            assert ignore.decide(path) == spec.check_file(path).include, (lines[:count], path)
    assert _Ignore(pathspec.GitIgnoreSpec.from_lines(["# only a comment"])).decide("a.py") is None
