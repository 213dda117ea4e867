"""The command line: parses options, runs the engine, prints a report, sets the exit status.

Exit status: 0 no findings, 1 findings, 2 usage, configuration or rule-pack error, or a
file that could not be read or parsed (listed, while the other files are still checked).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Sequence

import click

from scopelint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: Sequence[str]) -> list[str]:
    """--select SL101,SL102 and --select SL101 --select SL102 alike."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _fail(message: str) -> "NoReturn":  # type: ignore[name-defined]
    click.echo(f"scopelint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _use_color(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scopelint")
def main() -> None:
    """Find Auth0 ID tokens sent as Management API v2 credentials, and the other mistakes
    of the move to access tokens."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", default="text", show_default=True, help="Output format (text, json, sarif, github, gitlab).")
@click.option("--select", multiple=True, help="Rules to run: codes, code prefixes or names (comma-separated).")
@click.option("--ignore", multiple=True, help="Rules to skip: codes, code prefixes or names (comma-separated).")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Configuration file (default: found upward).")
@click.option("--output-file", type=click.Path(path_type=Path), help="Write the report to this file (atomically).")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(
    paths: tuple[Path, ...],
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    output_file: Path | None,
    color: bool | None,
    debug: bool,
) -> None:
    """Check PATHS (default: the current directory) and report findings."""
    from scopelint.report import FORMATS, render

    if fmt not in FORMATS:
        _fail(f"unknown format '{fmt}' (choose from: {', '.join(FORMATS)})")
    engine = _engine(config_file, _split(select), _split(ignore))
    cwd = Path.cwd()
    try:
        result = engine.check_paths(list(paths) or [Path(".")], cwd)
    except Exception as exc:  # an internal error: one line, unless debugging
        if debug:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
    from scopelint.rules import ALL_RULES

    use_color = color if color is not None else (output_file is None and _use_color(sys.stdout))
    report = render(result, fmt, rules=ALL_RULES, color=bool(use_color))
    if output_file is not None:
        from scopelint.output_file import write_atomically

        write_atomically(output_file, report)
    else:
        click.echo(report, nl=not report.endswith("\n"))
    if result.errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if result.findings else EXIT_CLEAN)


def _engine(config_file: Path | None, select: list[str], ignore: list[str]):
    from scopelint.config import ConfigError, load_config
    from scopelint.engine import Engine
    from scopelint.packs import PackError
    from scopelint.rules import UnknownRuleError

    try:
        config = load_config(Path.cwd(), config_file)
        return Engine(config, select=select or None, ignore=ignore)
    except (ConfigError, PackError, UnknownRuleError) as exc:
        _fail(str(exc))


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
                    {"code": r.code, "name": r.name, "severity": r.severity.value, "fixable": r.fixable, "summary": r.summary}
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


if __name__ == "__main__":
    main()
