"""`scopelint fix`: apply fixes until the code converges, and never damage a file.

Each pass checks the run (in memory, over the files changed so far), applies the
non-overlapping fixes it may apply, and verifies every changed file: it must parse with
LibCST and `compile()` (JavaScript, TypeScript and templates: with tree-sitter). A fix
that would break a file is dropped and reported with its rule; overlapping fixes wait for
the next pass. Only the edited regions change: the text is edited as decoded from the
file's own bytes and encoded back the same way (BOM, coding declaration, line endings).
Files are written at the end, atomically, and only if they have not changed on disk since
they were read.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from scopelint.atomic_write import write_atomically
from scopelint.engine import Engine
from scopelint.frontends import frontend_for
from scopelint.model import Applicability, Edit, FileError, Finding, Fix, RunResult, Span
from scopelint.source import SourceFile

MAX_PASSES = 8
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class RuleStats:
    files: set[str] = field(default_factory=set)
    applied: int = 0
    left: int = 0


@dataclass
class FixOutcome:
    remaining: RunResult
    changed: dict[str, tuple[SourceFile, str]] = field(default_factory=dict)  # display path -> (original, new text)
    stats: dict[str, RuleStats] = field(default_factory=dict)
    skipped: list[FileError] = field(default_factory=list)  # files left untouched, and why
    written: list[str] = field(default_factory=list)
    # fixes not applied, or undone, because re-analysis showed they do not do what they claim
    rolled_back: list[FileError] = field(default_factory=list)
    passes: int = 0
    applied: dict[str, Counter[str]] = field(default_factory=dict)  # display path -> fixes applied per rule code

    def diff(self) -> str:
        chunks: list[str] = []
        for path, (original, text) in sorted(self.changed.items()):
            chunks.extend(
                difflib.unified_diff(
                    original.text.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=f"a/{path}",
                    tofile=f"b/{path}",
                )
            )
        return "".join(
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in chunks
        )


# Asked per fix in interactive mode: returns "yes", "no", "all" or "quit".
Confirm = Callable[[Finding, str], str]


class Fixer:
    def __init__(self, engine: Engine, *, unsafe: bool = False, confirm: Confirm | None = None) -> None:
        self.engine = engine
        self.unsafe = unsafe
        self.confirm = confirm
        self._accept_all = False
        self._vocabulary: set[str] | None = None  # the words of the rule packs, read when needed

    def fix(
        self,
        paths: Sequence[Path],
        cwd: Path,
        progress: Callable[[int, int], None] | None = None,
        *,
        edited: dict[str, str] | None = None,
        only: frozenset[str] | None = None,
    ) -> FixOutcome:
        """Fix the files of `paths`. `edited`: texts (by display path) that replace what is
        on disk, such as an editor's unsaved buffers; `only`: the display paths whose fixes
        are applied (the others are still analysed: their code decides findings here)."""
        originals: dict[str, SourceFile] = {}
        overlay: dict[str, str] = dict(edited or {})
        declined: set[tuple[str, str]] = set()  # (path, fingerprint) the user or the checks refused
        outcome = FixOutcome(remaining=RunResult())
        result = self.engine.check_paths(paths, cwd, overlay=overlay, sources=originals, progress=progress)

        def check() -> RunResult:
            return self.engine.check_paths(paths, cwd, overlay=overlay, sources=originals)

        while outcome.passes < MAX_PASSES:
            candidates = result.findings if only is None else [f for f in result.findings if f.path in only]
            chosen = self._choose(candidates, declined, overlay, originals, outcome)
            if not chosen:
                break
            outcome.passes += 1
            before = dict(overlay)
            applied = self._apply(chosen, overlay, originals, outcome, declined)
            if not applied:
                break
            after = check()
            if _introduced(result.findings, after.findings, applied):
                # Some fix of the pass does not do what it claims (its finding stays, or another
                # appears): redo the pass one fix at a time, each re-analysed, keeping the good ones.
                kept: list[Finding] = []
                after = result
                for finding in applied:
                    trial = [*kept, finding]
                    problem = _rebuild(overlay, before, originals, trial)
                    if problem is None:
                        candidate = check()
                        problem = _introduced(result.findings, candidate.findings, trial)
                    if problem is None:
                        kept, after = trial, candidate
                        continue
                    declined.add((finding.path, finding.fingerprint))
                    _refuse(outcome, finding, f"rolled back: {problem}")
                _rebuild(overlay, before, originals, kept)
                applied = kept
            for finding in applied:
                stats = outcome.stats.setdefault(finding.code, RuleStats())
                stats.applied += 1
                stats.files.add(finding.path)
                outcome.applied.setdefault(finding.path, Counter())[finding.code] += 1
            result = after
            if not applied:
                break
        outcome.remaining = result
        for finding in result.findings:
            outcome.stats.setdefault(finding.code, RuleStats()).left += 1
        outcome.changed = {
            p: (originals[p], t) for p, t in overlay.items() if p in originals and t != originals[p].text
        }
        return outcome

    # ------------------------------------------------------------------ choosing
    def _choose(
        self,
        findings: list[Finding],
        declined: set[tuple[str, str]],
        overlay: dict[str, str],
        originals: dict[str, SourceFile],
        outcome: FixOutcome,
    ) -> dict[str, list[Finding]]:
        """Per file, the fixes to apply in this pass: allowed, not declined, their edits
        normalised, not overlapping another's. An edit another fix of the pass already makes
        is made once (two findings reached from one source share its edit)."""
        chosen: dict[str, list[Finding]] = {}
        taken: dict[str, list[Edit]] = {}
        for finding in findings:
            fix = finding.fix
            if fix is None or (fix.applicability is Applicability.UNSAFE and not self.unsafe):
                continue
            if (finding.path, finding.fingerprint) in declined:
                continue
            edits = normalised(fix.edits)
            text = overlay.get(finding.path, originals[finding.path].text) if finding.path in originals else ""
            problem = "its edits overlap each other" if edits is None else self._foreign_name(edits, text)
            if problem is not None:
                declined.add((finding.path, finding.fingerprint))
                _refuse(outcome, finding, f"not applied: {problem}")
                continue
            assert edits is not None
            mine = taken.get(finding.path, [])
            fresh = [e for e in edits if e not in mine]
            if any(_overlaps(e.span, t.span) for e in fresh for t in mine):
                continue  # applied in a later pass, after a fresh check
            if self.confirm is not None and not self._accept_all:
                answer = self.confirm(finding, _preview(finding, overlay))
                if answer == "quit":
                    break
                if answer == "all":
                    self._accept_all = True
                elif answer != "yes":
                    declined.add((finding.path, finding.fingerprint))
                    continue
            taken.setdefault(finding.path, []).extend(fresh)
            chosen.setdefault(finding.path, []).append(replace(finding, fix=replace(fix, edits=tuple(edits))))
        return chosen

    def _foreign_name(self, edits: Sequence[Edit], text: str) -> str | None:
        """An edit may only introduce names its file already uses or the packs define (a token
        key, a parameter, a scope): anything else is a typo or a guess (`access_tokenoken`)."""
        if self._vocabulary is None:
            self._vocabulary = _pack_words(self.engine.knowledge.pack_files)
        used = set(_WORD.findall(text))
        for edit in edits:
            for word in _names(edit.content):
                if word not in used and word not in self._vocabulary:
                    return f"it would introduce the name {word!r}, which neither the file nor the rule packs use"
        return None

    # ------------------------------------------------------------------ applying
    def _apply(
        self,
        chosen: dict[str, list[Finding]],
        overlay: dict[str, str],
        originals: dict[str, SourceFile],
        outcome: FixOutcome,
        declined: set[tuple[str, str]],
    ) -> list[Finding]:
        applied: list[Finding] = []
        for path, findings in chosen.items():
            text = overlay.get(path, originals[path].text)
            new_text, done = self.apply_verified(path, text, findings, outcome, declined)
            if done:
                overlay[path] = new_text
                applied.extend(done)
        return applied

    def apply_verified(
        self, path: str, text: str, findings: list[Finding], outcome: FixOutcome, declined: set[tuple[str, str]]
    ) -> tuple[str, list[Finding]]:
        """`text` with the fixes of `findings` applied, if the result still parses; else with
        the first of them that does not break it (the others wait for the next pass), the
        breaking ones declined and named in `outcome.skipped`."""
        # every finding here has a fix (_choose takes findings with one only); shared edits once
        new_text = apply_edits(text, list(dict.fromkeys(e for f in findings for e in cast(Fix, f.fix).edits)))
        if verify(new_text, path) is None:
            return new_text, findings
        # Something broke the file: keep the fixes that do not, one at a time.
        applied: list[Finding] = []
        for finding in findings:
            candidate = apply_edits(text, list(cast(Fix, finding.fix).edits))
            problem = verify(candidate, path)
            if problem is None:
                text = candidate
                applied.append(finding)
                break  # the others' spans refer to the old text: next pass
            declined.add((finding.path, finding.fingerprint))
            outcome.skipped.append(
                FileError(
                    path,
                    f"fix of {finding.code} {finding.rule} at line {finding.span.line} would break the file "
                    f"({problem}); left as it was",
                )
            )
        return text, applied

    # ------------------------------------------------------------------ writing
    def write(self, outcome: FixOutcome, project: Path, roots: Sequence[Path] = ()) -> None:
        """Write the changed files; only inside the project folder and the paths the user
        gave (`roots`), wherever symbolic links (to files or to folders) point."""
        for path, (original, text) in sorted(outcome.changed.items()):
            reason = write_source(original, text, project, roots)
            if reason is None:
                outcome.written.append(path)
            else:
                outcome.skipped.append(FileError(path, reason))


_WORD = re.compile(r"""\b[A-Za-z_][A-Za-z0-9_]*\b(?!['"`])""")  # a string's prefix (f"...") is no name


# a string literal (Python's prefixes, JavaScript's template literals), its quote and its text
_STRING = re.compile(r"""(?<!\w)[rRbBuUfF]{0,2}(['"`])(.*?)\1""")
_INTERPOLATION = re.compile(r"\$?\{([^{}]*)\}")


def _names(content: str) -> list[str]:
    """The names an edit writes: its identifiers, a string that is one word (a key:
    `["access_token"]`), the expressions interpolated in a string (`f"https://{DOMAIN}/"`);
    not the words of other strings (a URL, a scope list, a tenant's domain), which are text."""
    names: list[str] = []
    for match in _STRING.finditer(content):
        inside = match.group(2)
        if _WORD.fullmatch(inside):
            names.append(inside)
        for expression in _INTERPOLATION.findall(inside):
            names += _WORD.findall(expression)
    names += _WORD.findall(_STRING.sub(" ", content))
    return names


def normalised(edits: Sequence[Edit]) -> list[Edit] | None:
    """A fix's edits with duplicates made once; None when two different edits overlap (which
    one wins would be an accident of order)."""
    unique = list(dict.fromkeys(edits))
    for index, edit in enumerate(unique):
        if any(_overlaps(edit.span, other.span) for other in unique[index + 1 :]):
            return None
    return unique


def _introduced(before: Sequence[Finding], after: Sequence[Finding], applied: Sequence[Finding]) -> str | None:
    """What re-analysis shows is wrong after `applied` were made: a finding a fix claimed to
    solve is still there, or a new one appeared (anywhere in the run). Findings are counted
    per file and rule: their lines move with the edits."""
    expected = Counter((f.path, f.code) for f in before)
    expected.subtract(Counter((f.path, f.code) for f in applied))
    found = Counter((f.path, f.code) for f in after)
    for (path, code), count in sorted(found.items()):
        if count > max(expected[(path, code)], 0):
            return (
                f"afterwards {path} has {count - max(expected[(path, code)], 0)} more {code} finding(s) than expected"
            )
    return None


def _rebuild(
    overlay: dict[str, str], before: dict[str, str], originals: dict[str, SourceFile], findings: Sequence[Finding]
) -> str | None:
    """`overlay` as it was at the start of the pass (`before`) with the fixes of `findings`
    made together (their spans are of that text); the problem when a file would not parse."""
    overlay.clear()
    overlay.update(before)
    by_path: dict[str, list[Edit]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).extend(cast(Fix, finding.fix).edits)
    for path, edits in by_path.items():
        text = apply_edits(before.get(path, originals[path].text), list(dict.fromkeys(edits)))
        problem = verify(text, path)
        if problem is not None:
            return f"{path} would not parse ({problem})"
        overlay[path] = text
    return None


def _refuse(outcome: FixOutcome, finding: Finding, why: str) -> None:
    refusal = FileError(finding.path, f"fix of {finding.code} {finding.rule} at line {finding.span.line} {why}")
    if refusal not in outcome.rolled_back:  # a later pass may meet the same finding again
        outcome.rolled_back.append(refusal)


# The words of the protocol itself, which a fix may write though no pack spells them out:
# OpenID Connect's standard scopes, the URL scheme, the bearer scheme.
_PROTOCOL_WORDS = frozenset({"openid", "profile", "email", "offline_access", "https", "Bearer"})


def _pack_words(paths: Sequence[Path]) -> set[str]:
    words: set[str] = set(_PROTOCOL_WORDS)
    for path in paths:
        try:
            words.update(_WORD.findall(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue  # a pack that cannot be read was reported when the packs were loaded
    return words


def _overlaps(a: Span, b: Span) -> bool:
    a_start, a_end = (a.line, a.column), (a.end_line, a.end_column)
    b_start, b_end = (b.line, b.column), (b.end_line, b.end_column)
    if a_start == a_end or b_start == b_end:  # insertions clash only at the same point or inside
        return b_start < a_start < b_end or a_start < b_start < a_end or a_start == b_start
    return a_start < b_end and b_start < a_end


def _preview(finding: Finding, overlay: dict[str, str]) -> str:
    fix = finding.fix
    assert fix is not None
    lines = [f"{finding.path}:{finding.span.line}:{finding.span.column}: {finding.code} {finding.message}"]
    lines.append(f"  fix ({fix.applicability.value}): {fix.description}")
    for edit in fix.edits:
        lines.append(f"  line {edit.span.line}: insert/replace with {edit.content!r}")
    return "\n".join(lines)


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts, with LibCST's idea of a line (\\n, \\r\\n, \\r)."""
    starts = [0]
    for match in _LINE_BREAK.finditer(text):
        starts.append(match.end())
    return starts


def _newline_at(text: str, offset: int) -> str:
    """The line break that ends the line holding `offset`; on a last line without one, the
    line break before it."""
    match = _LINE_BREAK.search(text, offset)
    if match is not None:
        return match.group(0)
    before = list(_LINE_BREAK.finditer(text, 0, offset))
    return before[-1].group(0) if before else "\n"


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (1-based lines and columns, columns in characters)."""
    starts = line_starts(text)

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    pieces: list[tuple[int, int, str]] = []
    for edit in edits:
        begin = offset(edit.span.line, edit.span.column)
        end = offset(edit.span.end_line, edit.span.end_column)
        # an inserted line break is the one of the line it goes into (files mix them)
        pieces.append((begin, end, edit.content.replace("\n", _newline_at(text, begin))))
    for begin, end, content in sorted(pieces, key=lambda p: (p[0], p[1]), reverse=True):
        text = text[:begin] + content + text[end:]
    return text


def verify(text: str, path: str) -> str | None:
    """None when `text` still parses as what `path` is; else the problem, one line (the
    file's front end decides: Python must parse with LibCST and compile; JavaScript,
    TypeScript and templates must parse with tree-sitter without an error node)."""
    return frontend_for(path).verify(text, path)


def write_source(original: SourceFile, text: str, project: Path, roots: Sequence[Path] = ()) -> str | None:
    """Write `text` over the file atomically, in its encoding; None, or why it was not written."""
    path = original.path
    try:
        real = Path(os.path.realpath(path))
        if not _inside(real, Path(os.path.realpath(project))):
            return "is a symbolic link out of the project; not written"
        if roots and not any(_inside(real, Path(os.path.realpath(root))) for root in roots):
            return "is a symbolic link out of the given paths; not written"
        if real.read_bytes() != original.raw:
            return "changed on disk since it was read; not written"
        data = text.encode(original.encoding)
        if original.bom:
            data = b"\xef\xbb\xbf" + data
        write_atomically(real, data)  # same folder, then rename; keeps the permissions
    except (OSError, UnicodeEncodeError) as exc:
        return f"could not be written: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}"
    return None


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False
