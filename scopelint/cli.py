"""The command line: parses options, runs the engine, prints a report, sets the exit status.

Exit status: 0 no findings, 1 findings, 2 usage, configuration or rule-pack error, or a
file that could not be read or parsed (listed, while the other files are still checked).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from scopelint import __version__
from scopelint.model import RunResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_BASELINE = Path(".scopelint-baseline.json")


def _split(values: Sequence[str]) -> list[str]:
    """--select SL101,SL102 and --select SL101 --select SL102 alike."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _fail(message: str) -> NoReturn:
    click.echo(f"scopelint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _use_color(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def _engine_options(command):
    """The options every command that runs the engine takes."""
    options = [
        click.option("--select", multiple=True, help="Rules to run: codes, code prefixes or names (comma-separated)."),
        click.option("--ignore", multiple=True, help="Rules to skip: codes, code prefixes or names (comma-separated)."),
        click.option(
            "--config",
            "config_file",
            type=click.Path(path_type=Path),
            help="Configuration file (default: found upward).",
        ),
        click.option(
            "--force-exclude",
            is_flag=True,
            help="Apply the configuration's exclude patterns to files named on the command line too (pre-commit).",
        ),
        click.option("--no-cache", is_flag=True, help="Do not read or write .scopelint_cache/."),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            default=None,
            help="Processes for large runs (default: the number of cores; 1 under pre-commit).",
        ),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scopelint")
def main() -> None:
    """Find Auth0 ID tokens sent as Management API v2 credentials, and the other mistakes
    of the move to access tokens."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "--format", "fmt", default="text", show_default=True, help="Output format (text, json, sarif, github, gitlab)."
)
@_engine_options
@click.option("--output-file", type=click.Path(path_type=Path), help="Write the report to this file (atomically).")
@click.option(
    "--baseline",
    "baseline_file",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="Report only findings that are not in this baseline file (see `scopelint baseline`).",
)
@click.option(
    "--update-baseline",
    is_flag=True,
    help="With --baseline: remove the entries of fixed findings from the baseline file (never adds any).",
)
@click.option("--diff-base", metavar="REV", help="Report only findings on lines changed since git revision REV.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
def check(
    paths: tuple[Path, ...],
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    force_exclude: bool,
    no_cache: bool,
    jobs: int | None,
    output_file: Path | None,
    baseline_file: Path | None,
    update_baseline: bool,
    diff_base: str | None,
    color: bool | None,
    debug: bool,
) -> None:
    """Check PATHS (default: the current directory) and report findings."""
    from scopelint.report import FORMATS, render

    if fmt not in FORMATS:
        _fail(f"unknown format '{fmt}' (choose from: {', '.join(FORMATS)})")
    if update_baseline and baseline_file is None:
        _fail("--update-baseline needs --baseline FILE")
    engine = _engine(config_file, _split(select), _split(ignore), force_exclude, no_cache, jobs)
    cwd = Path.cwd()
    checked = list(paths) or [Path(".")]
    # Both are read before the analysis: a wrong file name or revision fails fast.
    baseline = _load_baseline(baseline_file) if baseline_file is not None else None
    changed = _changed_lines(diff_base, cwd) if diff_base is not None else None
    result = _run(engine, checked, cwd, debug)

    # Fingerprints were assigned per file on the complete result; only now filter it.
    shown = result.findings
    if baseline is not None:
        if update_baseline:
            _prune_baseline(baseline, result, engine, checked, cwd)
        shown = baseline.filter_new(shown)
        hidden = len(result.findings) - len(shown)
        if hidden:
            _note(f"{_count(hidden, 'finding')} accepted by the baseline {baseline_file} not reported")
    if changed is not None:
        from scopelint.changed_lines import filter_to_changed

        shown = filter_to_changed(shown, changed)
    if shown is not result.findings:
        result = RunResult(
            findings=shown,
            errors=result.errors,
            files_checked=result.files_checked,
            files_skipped_by_prefilter=result.files_skipped_by_prefilter,
        )
    from scopelint.rules import ALL_RULES

    use_color = color if color is not None else (output_file is None and _use_color(sys.stdout))
    report = render(result, fmt, rules=ALL_RULES, color=bool(use_color))
    if output_file is not None:
        from scopelint.atomic_write import write_atomically

        try:
            write_atomically(output_file, report)
        except OSError as exc:
            _fail(f"cannot write output file {output_file}: {_os_reason(exc)}")
    elif report:  # an empty report (--format github without findings) prints nothing
        click.echo(report, nl=not report.endswith("\n"))
    if result.errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if result.findings else EXIT_CLEAN)


@main.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "--output",
    "-o",
    "output",
    metavar="FILE",
    type=click.Path(path_type=Path),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="The baseline file to write (replaced if it exists).",
)
@_engine_options
def baseline_command(
    paths: tuple[Path, ...],
    output: Path,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    force_exclude: bool,
    no_cache: bool,
    jobs: int | None,
    debug: bool,
) -> None:
    """Record the current findings of PATHS (default: the current directory) in a baseline
    file, so that `scopelint check --baseline FILE` reports only new ones.

    Run it, and `scopelint check --baseline`, from the same directory: findings are
    identified by their path relative to it.
    """
    from scopelint.baseline import write_baseline

    engine = _engine(config_file, _split(select), _split(ignore), force_exclude, no_cache, jobs)
    result = _run(engine, list(paths) or [Path(".")], Path.cwd(), debug)
    try:
        write_baseline(result.findings, output)
    except OSError as exc:
        _fail(f"cannot write baseline {output}: {_os_reason(exc)}")
    files = len({finding.path for finding in result.findings})
    click.echo(f"Wrote {_count(len(result.findings), 'finding')} in {_count(files, 'file')} to {output}.")
    if result.errors:
        for error in result.errors:
            click.echo(f"{error.path}: error: {error.message}", err=True)
        _fail(
            f"{_count(len(result.errors), 'file')} could not be analysed; "
            f"the baseline {output} does not cover {'it' if len(result.errors) == 1 else 'them'}"
        )
    sys.exit(EXIT_CLEAN)


def _run(engine, paths: list[Path], cwd: Path, debug: bool) -> RunResult:
    try:
        return engine.check_paths(paths, cwd)
    except Exception as exc:  # an internal error: one line, unless debugging
        if debug:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")


def _load_baseline(path: Path):
    from scopelint.baseline import BaselineError, load_baseline

    try:
        return load_baseline(path)
    except BaselineError as exc:
        _fail(str(exc))


def _changed_lines(rev: str, cwd: Path) -> dict[str, set[int]]:
    from scopelint.changed_lines import ChangedLinesError, changed_lines

    try:
        return changed_lines(rev, cwd)
    except ChangedLinesError as exc:
        _fail(f"--diff-base: {exc}")


def _prune_baseline(baseline, result: RunResult, engine, paths: list[Path], cwd: Path) -> None:
    """Drop the baseline entries of findings that are gone (of the files and rules this run
    could see again), and write the file back."""
    from scopelint.source import display_path

    pruned = baseline.prune(
        result.findings,
        checked=[display_path(path, cwd) for path in paths],
        failed=[error.path for error in result.errors],
        codes=[rule.code for rule in engine.rules],
    )
    removed = len(baseline.entries) - len(pruned.entries)
    if not removed:
        return
    try:
        pruned.write()
    except OSError as exc:
        _fail(f"cannot write baseline {baseline.path}: {_os_reason(exc)}")
    baseline.entries[:] = pruned.entries
    _note(f"removed {_count(removed, 'fixed finding')} from the baseline {baseline.path}")


def _note(message: str) -> None:
    click.echo(f"scopelint: {message}", err=True)


def _count(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _os_reason(exc: OSError) -> str:
    text = exc.strerror if exc.strerror else str(exc)
    return " ".join(text.split()) or type(exc).__name__


def _engine(
    config_file: Path | None,
    select: list[str],
    ignore: list[str],
    force_exclude: bool = False,
    no_cache: bool = False,
    jobs: int | None = None,
):
    from scopelint.config import ConfigError, load_config
    from scopelint.engine import Engine
    from scopelint.packs.files import PackError
    from scopelint.rules import UnknownRuleError

    try:
        config = load_config(Path.cwd(), config_file)
        return Engine(
            config,
            select=select or None,
            ignore=ignore,
            force_exclude=force_exclude,
            use_cache=not no_cache,
            jobs=jobs if jobs is not None else (os.cpu_count() or 1),
        )
    except (ConfigError, PackError, UnknownRuleError) as exc:
        _fail(str(exc))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes labelled unsafe.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes; write nothing.")
@click.option("--interactive", "-i", is_flag=True, help="Ask before each fix: yes / no / all / quit.")
@_engine_options
def fix(
    paths: tuple[Path, ...],
    unsafe_fixes: bool,
    show_diff: bool,
    interactive: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    force_exclude: bool,
    no_cache: bool,
    jobs: int | None,
    debug: bool,
) -> None:
    """Fix PATHS (default: the current directory) to the documented access-token approach.

    Applies safe fixes (with --unsafe-fixes also the others) until nothing changes, checks
    that every changed file still parses and compiles, and writes files atomically. Exit
    status: 0 when no finding remains, 1 when some do, 2 on errors.
    """
    from scopelint.fix import Fixer

    engine = _engine(config_file, _split(select), _split(ignore), force_exclude, no_cache, jobs)
    cwd = Path.cwd()
    confirm = _ask_per_fix if interactive else None
    fixer = Fixer(engine, unsafe=unsafe_fixes, confirm=confirm)
    progress = _progress() if sys.stderr.isatty() and not os.environ.get("CI") and not interactive else None
    try:
        outcome = fixer.fix(list(paths) or [Path(".")], cwd, progress=progress)
        if not show_diff:
            fixer.write(outcome, cwd, list(paths))
    except Exception as exc:  # an internal error: one line, unless debugging
        if debug:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
    finally:
        if progress is not None:
            progress.finish()
    if show_diff:
        click.echo(outcome.diff(), nl=False)
    else:
        for path in outcome.written:
            codes = sorted(code for code, stats in outcome.stats.items() if path in stats.files)
            click.echo(f"fixed {path} ({', '.join(codes)})")
    _fix_summary(outcome, wrote=not show_diff)
    errors = [*outcome.remaining.errors, *outcome.skipped]
    if outcome.remaining.errors or any(e.message.startswith(("could not", "changed on disk")) for e in outcome.skipped):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if outcome.remaining.findings or errors else EXIT_CLEAN)


def _ask_per_fix(finding, preview: str) -> str:
    click.echo(preview, err=True)
    answer = click.prompt(
        "apply this fix? [y]es / [n]o / [a]ll / [q]uit", type=click.Choice(["y", "n", "a", "q"]), err=True
    )
    return {"y": "yes", "n": "no", "a": "all", "q": "quit"}[answer]


class _progress:
    """A one-line progress bar on stderr while the first pass reads the tree."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < 50:
            return
        width = 30
        filled = width * done // total
        click.echo(f"\rchecking [{'#' * filled}{'.' * (width - filled)}] {done}/{total} files", nl=False, err=True)
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            click.echo("\r" + " " * 70 + "\r", nl=False, err=True)


def _fix_summary(outcome, wrote: bool) -> None:
    """Per rule: files changed, fixes applied, fixes left; then files skipped and why."""
    if not outcome.stats and not outcome.skipped:
        _note("nothing to fix")
        return
    verb = "fixed" if wrote else "would fix"
    lines = [f"{'rule':<34} {'files':>5} {verb:>9} {'left':>5}"]
    for code in sorted(outcome.stats):
        stats = outcome.stats[code]
        lines.append(f"{code + ' ' + _rule_name(code):<34} {len(stats.files):>5} {stats.applied:>9} {stats.left:>5}")
    click.echo("\n".join(lines), err=True)
    for skipped in outcome.skipped:
        click.echo(f"skipped {skipped.path}: {skipped.message}", err=True)
    left = sum(s.left for s in outcome.stats.values())
    if left:
        _note(f"{_count(left, 'finding')} left (no safe fix, or unsafe: try --unsafe-fixes, or see `scopelint check`)")


def _rule_name(code: str) -> str:
    from scopelint.rules import rule_by_selector

    rule = rule_by_selector(code)
    return rule.name if rule else ""


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(fmt: str) -> None:
    """List every rule: code, name, default severity, fixable or not."""
    import json

    from scopelint.rules import ALL_RULES

    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.value,
                        "fixable": r.fixable,
                        "summary": r.summary,
                    }
                    for r in ALL_RULES
                ],
                indent=2,
            )
        )
        return
    for rule in ALL_RULES:
        fixable = "fixable" if rule.fixable else "-"
        click.echo(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {fixable:<8} {rule.summary}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain a rule (by code or name): what it does, why, an example, how to suppress it."""
    from scopelint.rules import rule_by_selector

    found = rule_by_selector(rule)
    if found is None:
        _fail(f"unknown rule '{rule}' (see `scopelint rules`)")
    click.echo(found.explanation())


@main.command()
@click.option("--stdio", is_flag=True, hidden=True, help="Accepted for clients that pass it (stdio is the transport).")
def server(stdio: bool) -> None:
    """Run the language server over stdin/stdout (editor set-up: README, "Editor integration")."""
    # Imported here: pygls is the optional extra `scopelint[server]`, and no other command
    # should pay for importing it.
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        _fail("the language server needs pygls and lsprotocol: pip install 'scopelint[server]'")
    from scopelint.server.server import serve

    serve()


if __name__ == "__main__":
    main()
