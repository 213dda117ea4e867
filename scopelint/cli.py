"""The command line: parses options, runs the engine, prints a report, sets the exit status.

Exit status: 0 no findings, 1 findings, 2 usage, configuration or rule-pack error, or a
file that could not be read or parsed (listed, while the other files are still checked).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
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


def _output_options(command):
    """ruff's output conventions: -q, -s, --exit-zero."""
    options = [
        click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary, no notes."),
        click.option("--silent", "-s", is_flag=True, help="Print nothing; the exit status tells the result."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain (2 still means an error)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@dataclass
class _Verbosity:
    """What -q and -s leave of the output: the report itself, and the notes around it."""

    quiet: bool = False
    silent: bool = False

    @property
    def report(self) -> bool:
        return not self.silent

    @property
    def notes(self) -> bool:
        return not (self.quiet or self.silent)


_verbosity = _Verbosity()


def _set_verbosity(quiet: bool, silent: bool) -> None:
    _verbosity.quiet, _verbosity.silent = quiet, silent


def _exit_with(findings: bool, errors: bool, exit_zero: bool) -> NoReturn:
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if findings and not exit_zero else EXIT_CLEAN)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scopelint")
def main() -> None:
    """Find Auth0 ID tokens sent as Management API v2 credentials, and the other mistakes
    of the move to access tokens."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "--format",
    "--output-format",
    "fmt",
    default="text",
    show_default=True,
    help="Output format (text, json, sarif, github, gitlab).",
)
@_engine_options
@_output_options
@click.option(
    "--statistics",
    is_flag=True,
    help="Instead of the findings, a count per rule, most frequent first (as JSON with --format json).",
)
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
    quiet: bool,
    silent: bool,
    exit_zero: bool,
    statistics: bool,
) -> None:
    """Check PATHS (default: the current directory) and report findings."""
    from scopelint.report import FORMATS, render

    _set_verbosity(quiet, silent)
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
    if statistics:
        from scopelint.report.statistics import render_statistics

        report = render_statistics(result, fmt)
    else:
        report = render(result, fmt, rules=ALL_RULES, color=bool(use_color))
        if quiet and fmt == "text":
            report = _without_summary(report)
    if output_file is not None:
        _write_or_print(report, output_file)
    elif report and _verbosity.report:  # an empty report (--format github without findings) prints nothing
        click.echo(report, nl=not report.endswith("\n"))
    _exit_with(bool(result.findings), bool(result.errors), exit_zero)


def _without_summary(report: str) -> str:
    """The text report without its last line, the summary (`Found 3 findings ...`)."""
    body = report.rstrip("\n").rsplit("\n", 1)
    kept = body[0].rstrip("\n") if len(body) == 2 else ""
    return kept + "\n" if kept else ""


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


# A run allocates millions of small, short-lived objects (syntax trees, IR, values) that
# reference counting frees; the cyclic collector's default rhythm (every 700 allocations)
# rescans them again and again, about a tenth of a run. One command is one short process:
# what is loaded by now is frozen (never scanned) and young objects are collected less often.
# (Not for the language server: a long-lived process keeps the default rhythm.)
GC_THRESHOLDS = (20_000, 20, 20)


def _run(engine, paths: list[Path], cwd: Path, debug: bool) -> RunResult:
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        result = engine.check_paths(paths, cwd)
        for notice in result.notices:
            _note(notice)
        return result
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
    if _verbosity.notes:
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
    prefilter: bool = True,
):
    from scopelint.config import ConfigError, load_config
    from scopelint.engine import Engine
    from scopelint.packs.files import PackError
    from scopelint.rules import UnknownRuleError

    try:
        config = load_config(Path.cwd(), config_file)
        engine = Engine(
            config,
            select=select or None,
            ignore=ignore,
            force_exclude=force_exclude,
            use_cache=not no_cache,
            jobs=jobs if jobs is not None else (os.cpu_count() or 1),
            prefilter=prefilter,
        )
    except (ConfigError, PackError, UnknownRuleError) as exc:
        _fail(str(exc))
    for notice in engine.notices:
        _note(notice)
    return engine


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes labelled unsafe.")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print a unified diff of the fixes; write nothing. Exit 1 when there is something to fix, else 0.",
)
@click.option("--interactive", "-i", is_flag=True, help="Ask before each fix: yes / no / all / quit.")
@click.option("--show-fixes", is_flag=True, help="List the fixes applied (with --diff: to apply) per file and rule.")
@click.option("--verbose", "-v", is_flag=True, help="List each fix re-analysis refused or rolled back, and why.")
@_engine_options
@_output_options
def fix(
    paths: tuple[Path, ...],
    unsafe_fixes: bool,
    show_diff: bool,
    interactive: bool,
    show_fixes: bool,
    verbose: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    force_exclude: bool,
    no_cache: bool,
    jobs: int | None,
    debug: bool,
    quiet: bool,
    silent: bool,
    exit_zero: bool,
) -> None:
    """Fix PATHS (default: the current directory) to the documented access-token approach.

    Applies safe fixes (with --unsafe-fixes also the others) until nothing changes, checks
    that every changed file still parses and compiles, and writes files atomically. Exit
    status: 0 when no finding remains, 1 when some do, 2 on errors; with --diff: 1 when
    there is something to fix, 0 when there is nothing.
    """
    from scopelint.fix import Fixer

    _set_verbosity(quiet, silent)
    engine = _engine(config_file, _split(select), _split(ignore), force_exclude, no_cache, jobs)
    cwd = Path.cwd()
    confirm = _ask_per_fix if interactive else None
    fixer = Fixer(engine, unsafe=unsafe_fixes, confirm=confirm)
    show_progress = sys.stderr.isatty() and not os.environ.get("CI") and not interactive and _verbosity.notes
    progress = _progress() if show_progress else None
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
    if _verbosity.report:
        if show_diff:
            click.echo(outcome.diff(), nl=False)
        else:
            for path in outcome.written:
                codes = sorted(code for code, stats in outcome.stats.items() if path in stats.files)
                click.echo(f"fixed {path} ({', '.join(codes)})")
        if show_fixes:
            _show_fixes(outcome, wrote=not show_diff)
    if _verbosity.notes:
        _fix_summary(outcome, wrote=not show_diff, verbose=verbose)
    failed = outcome.remaining.errors or any(
        e.message.startswith(("could not", "changed on disk")) for e in outcome.skipped
    )
    if show_diff:  # ruff's convention: the diff's status says whether there is anything to fix
        _exit_with(bool(outcome.changed), bool(failed), exit_zero)
    _exit_with(bool(outcome.remaining.findings or outcome.skipped), bool(failed), exit_zero)


def _show_fixes(outcome, wrote: bool) -> None:
    """ruff's --show-fixes: `Fixed 3 findings:`, then per file `    2 × SL101 (id-token-bearer)`."""
    # a file not written after all (changed on disk meanwhile) is listed as skipped instead
    paths = [path for path in sorted(outcome.applied) if not wrote or path in outcome.written]
    total = sum(sum(outcome.applied[path].values()) for path in paths)
    if not total:
        click.echo("No fixes applied." if wrote else "No fixes to apply.")
        return
    click.echo(f"{'Fixed' if wrote else 'Would fix'} {_count(total, 'finding')}:")
    for path in paths:
        click.echo(f"- {path}:")
        counts = outcome.applied[path]
        for code in sorted(counts, key=lambda c: (-counts[c], c)):
            click.echo(f"    {counts[code]} × {code} ({_rule_name(code)})")


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


def _fix_summary(outcome, wrote: bool, verbose: bool = False) -> None:
    """Per rule: files changed, fixes applied, fixes left; then files skipped and why, and the
    fixes re-analysis refused (each with --verbose)."""
    if outcome.rolled_back:
        if verbose:
            for refused in outcome.rolled_back:
                click.echo(f"{refused.path}: {refused.message}", err=True)
        else:
            count = _count(len(outcome.rolled_back), "fix")
            _note(f"{count} refused or rolled back after re-analysis (--verbose lists them)")
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
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "--format",
    "--output-format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default=None,
    help="Output format (default: text; markdown with --merge, which prints only markdown).",
)
@click.option(
    "--repository",
    metavar="NAME",
    help="The repository's name in the inventory (default: the git work tree's folder name, else the path's).",
)
@click.option(
    "--merge",
    is_flag=True,
    help="PATHS are inventories (--format json) of several repositories: join them into one Markdown report.",
)
@click.option("--output-file", type=click.Path(path_type=Path), help="Write the inventory to this file (atomically).")
@_engine_options
def inventory(
    paths: tuple[Path, ...],
    fmt: str | None,
    repository: str | None,
    merge: bool,
    output_file: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    force_exclude: bool,
    no_cache: bool,
    jobs: int | None,
    debug: bool,
) -> None:
    """List every Management API call in PATHS (default: the current directory), correct or
    not: its endpoint, where its token comes from and the scopes it needs; and the token
    requests (applications, machine clients) with the scopes their calls need.

    Exit status: 0, or 2 when a file could not be analysed (listed) or on a usage error;
    findings do not change it (see `scopelint check`).
    """
    if merge:
        report = _merged_inventories(paths, fmt)
        _write_or_print(report, output_file)
        sys.exit(EXIT_CLEAN)
    from scopelint.inventory import build_inventory
    from scopelint.inventory.render import render_inventory

    # every file is analysed: a correct call has nothing a rule's prefilter looks for
    engine = _engine(config_file, _split(select), _split(ignore), force_exclude, no_cache, jobs, prefilter=False)
    cwd = Path.cwd()
    checked = list(paths) or [Path(".")]
    result = _run(engine, checked, cwd, debug)
    document = build_inventory(result, engine.knowledge, repository or _repository_name(checked[0], cwd))
    _write_or_print(render_inventory(document, fmt or "text"), output_file)
    sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


def _merged_inventories(paths: tuple[Path, ...], fmt: str | None) -> str:
    from scopelint.inventory.merge import InventoryError, load_inventory, merge_report

    if fmt not in (None, "markdown"):
        _fail("--merge writes markdown only")
    if not paths:
        _fail("--merge needs the inventory files to join (scopelint inventory --format json ...)")
    try:
        return merge_report([load_inventory(path) for path in paths])
    except InventoryError as exc:
        _fail(str(exc))


def _repository_name(path: Path, cwd: Path) -> str:
    """The git work tree's folder name of `path`, else the folder's own name."""
    import subprocess

    folder = (cwd / path).resolve()
    if not folder.is_dir():
        folder = folder.parent
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        top = None
    if top is not None and top.returncode == 0 and top.stdout.strip():
        return Path(top.stdout.strip()).name
    return folder.name or str(path)


def _write_or_print(report: str, output_file: Path | None) -> None:
    if output_file is None:
        click.echo(report, nl=False)
        return
    from scopelint.atomic_write import write_atomically

    try:
        write_atomically(output_file, report)
    except OSError as exc:
        _fail(f"cannot write output file {output_file}: {_os_reason(exc)}")


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
    from scopelint.rules.retired import retired_rule

    found = rule_by_selector(rule)
    if found is None:
        retired = retired_rule(rule)
        if retired is None:
            _fail(f"unknown rule '{rule}' (see `scopelint rules`)")
        click.echo(f"{retired.code} {retired.name} (retired)\n\nRetired: {retired.reason}.")
        return
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
