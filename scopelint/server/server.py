"""`scopelint server`: the language server, on pygls 2 (lsprotocol types), over stdio.

Documents are synchronised whole (`TextDocumentSyncKind.Full`: a client sends the text, so
no line-splitting differences between editor and server can creep into a buffer). Every
change asks for an analysis: after 0.3 s of quiet on a change, at once on open, save, close,
watched-file and configuration changes. An analysis runs on one worker thread (the engine
is not shared between threads, and the event loop keeps answering requests meanwhile);
a run whose buffers changed while it ran publishes nothing, the next one does. Diagnostics
are published for every file of the workspace whose findings changed, open or not, since a
finding in one file may be caused by another.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from scopelint import __version__
from scopelint.languages import JS_SUFFIXES, PYTHON_SUFFIXES, TEMPLATE_SUFFIXES
from scopelint.rules import rule_by_selector
from scopelint.server.actions import FIX_ALL_KIND, findings_in, fix_actions, has_safe_fix
from scopelint.server.diagnostics import hover_markdown, to_diagnostic, whole_text_edit
from scopelint.server.positions import Encoding, LineIndex, encoding_of
from scopelint.server.workspace import Analysis, Project, ProjectError, may_configure

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.3
ANALYSED_SUFFIXES = frozenset({*PYTHON_SUFFIXES, *JS_SUFFIXES, *TEMPLATE_SUFFIXES})
_WATCHED = [
    "**/*.{" + ",".join(sorted(suffix[1:] for suffix in ANALYSED_SUFFIXES)) + "}",
    "**/pyproject.toml",
    "**/.scopelint.yaml",
    "**/*.{yaml,yml}",  # rule packs named by a configuration
]


class AnalysisScheduler:
    """Runs `job` once requests stop coming for a while, one run at a time: a request during
    a run makes another run follow it."""

    def __init__(self, job: Callable[[], Awaitable[None]]) -> None:
        self._job = job
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def request(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(delay, self._start)

    @property
    def superseded(self) -> bool:
        """Whether a newer run is on its way (a running one's results would be stale)."""
        return self._timer is not None or self._again

    def _start(self) -> None:
        self._timer = None
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.ensure_future(self._runs())

    async def _runs(self) -> None:
        while True:
            self._again = False
            try:
                await self._job()
            except Exception:  # a failed run must not stop the next ones
                logger.exception("scopelint analysis failed")
            if not self._again:
                return

    async def settle(self) -> None:
        """Run what was asked for now, and wait until no run is going on."""
        if self._timer is not None:
            self._timer.cancel()
            self._start()
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)


class ScopelintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("scopelint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.folders: dict[Path, Project] = {}  # workspace folders
        self.loose: dict[Path, Project] = {}  # folders of files opened outside every workspace folder
        # folders whose configuration is wrong: why, and whether the folder is walked
        self.broken: dict[Path, tuple[str, bool]] = {}
        self.unsafe_fixes = False
        self.debounce = DEBOUNCE_SECONDS
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scopelint-analysis")
        self.scheduler = AnalysisScheduler(self.analyse_all)
        self._published: dict[str, list[types.Diagnostic]] = {}
        self._with_findings: dict[Path, set[str]] = {}  # per project: the URIs published non-empty
        self._logged: dict[tuple[Path, str], str] = {}  # file errors already logged

    # ------------------------------------------------------------------ settings
    def configure(self, settings: Any) -> None:
        """`unsafeFixes` from initializationOptions or the `scopelint` configuration section."""
        if isinstance(settings, dict) and isinstance(settings.get("scopelint"), dict):
            settings = settings["scopelint"]
        if isinstance(settings, dict) and "unsafeFixes" in settings:
            self.unsafe_fixes = settings["unsafeFixes"] is True

    @property
    def encoding(self) -> Encoding:
        kind = self.workspace.position_encoding
        return encoding_of(getattr(kind, "value", kind))

    def log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    # ------------------------------------------------------------------ projects
    def open_folders(self) -> None:
        roots = [Path(to_fs_path(uri) or "") for uri in self.workspace.folders]
        if not roots and self.workspace.root_path:
            roots = [Path(self.workspace.root_path)]
        for root in roots:
            self.load_project(Path(os.path.abspath(root)))

    def load_project(self, root: Path, *, walk: bool = True) -> Project | None:
        """The project of a folder, built anew (its configuration read again)."""
        projects = self.folders if walk else self.loose
        try:
            project = Project(root, walk=walk)
        except ProjectError as exc:
            projects.pop(root, None)
            if self.broken.get(root) != (str(exc), walk):
                message = f"scopelint: {exc} (no diagnostics for {root} until it is fixed)"
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))
                self.log(types.MessageType.Error, message)
            self.broken[root] = (str(exc), walk)
            return None
        self.broken.pop(root, None)
        projects[root] = project
        return project

    def locate(self, uri: str) -> tuple[Project, str] | None:
        """The project a document belongs to and its display path there; None for what
        scopelint does not read (another scheme, another language, a broken configuration)."""
        path_text = to_fs_path(uri) if uri.startswith("file:") else None
        if not path_text:
            return None
        path = Path(os.path.abspath(path_text))
        if path.suffix.lower() not in ANALYSED_SUFFIXES:
            return None
        owners = [p for root, p in self.folders.items() if p.owns(path)]
        if owners:
            project = max(owners, key=lambda p: len(p.root.parts))  # the innermost folder
            return project, project.shown(path)
        if any(path.is_relative_to(root) for root in self.broken):
            return None  # its folder's configuration is wrong (said once, when it was read)
        loose = self.loose.get(path.parent) or self.load_project(path.parent, walk=False)
        return (loose, loose.shown(path)) if loose is not None else None

    def projects(self) -> list[Project]:
        return [*self.folders.values(), *self.loose.values()]

    def buffers_of(self, project: Project) -> dict[str, str]:
        """The open documents of a project, by display path: what the run reads instead of disk."""
        buffers: dict[str, str] = {}
        for uri, document in list(self.workspace.text_documents.items()):
            located = self.locate(uri)
            if located is not None and located[0] is project:
                buffers[located[1]] = document.source
        return buffers

    def uri_of(self, project: Project, shown: str) -> str:
        return from_fs_path(os.fspath(project.root / shown)) or ""

    # ------------------------------------------------------------------ analysis
    async def analyse_all(self) -> None:
        loop = asyncio.get_running_loop()
        for uri in list(self.workspace.text_documents):
            self.locate(uri)  # a file outside every workspace folder gets its project here
        for project in self.projects():
            buffers = self.buffers_of(project)
            if not project.walk and not buffers:
                self.loose.pop(project.root, None)  # its last file was closed
                analysis = Analysis()
            else:
                try:
                    analysis = await loop.run_in_executor(self.executor, project.analyse, buffers)
                except Exception as exc:  # an internal error: say so, keep serving
                    logger.exception("analysis of %s failed", project.root)
                    self.log(types.MessageType.Error, f"scopelint: analysis of {project.root} failed: {exc!r}")
                    continue
            if self.scheduler.superseded:
                return  # the buffers changed meanwhile: the next run publishes
            self.publish(project, analysis)

    def publish(self, project: Project, analysis: Analysis) -> None:
        diagnostics: dict[str, list[types.Diagnostic]] = {}
        located: dict[str, tuple[str, LineIndex] | None] = {}

        def locate(shown: str) -> tuple[str, LineIndex] | None:
            """A related place's document: the run's text of it, else the file on disk."""
            if shown not in located:
                text = analysis.buffers.get(shown, analysis.texts.get(shown))
                if text is None:
                    try:
                        text = (project.root / shown).read_text(encoding="utf-8")
                    except (OSError, UnicodeDecodeError):
                        text = None
                located[shown] = None if text is None else (self.uri_of(project, shown), LineIndex(text, self.encoding))
            return located[shown]

        for shown, findings in analysis.findings.items():
            index = LineIndex(analysis.texts.get(shown, ""), self.encoding)
            diagnostics[self.uri_of(project, shown)] = [to_diagnostic(f, index, locate) for f in findings]
        for shown in analysis.buffers:
            diagnostics.setdefault(self.uri_of(project, shown), [])
        for uri in self._with_findings.get(project.root, set()) - diagnostics.keys():
            diagnostics[uri] = []
        for uri, found in diagnostics.items():
            if self._published.get(uri) != found:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=found))
                self._published[uri] = found
        self._with_findings[project.root] = {uri for uri, found in diagnostics.items() if found}
        self.log_errors(project, analysis.errors)

    def log_errors(self, project: Project, errors: dict[str, str]) -> None:
        """A file that cannot be analysed (a half-typed buffer, mostly) is logged once per
        reason, not at every keystroke."""
        for key in [k for k in self._logged if k[0] == project.root and k[1] not in errors]:
            del self._logged[key]
        for shown, message in errors.items():
            if self._logged.get((project.root, shown)) != message:
                self._logged[(project.root, shown)] = message
                self.log(types.MessageType.Warning, f"scopelint: {shown}: {message}")

    async def current(self, uri: str) -> tuple[Project, str, Analysis, str] | None:
        """The project, display path, analysis and text of an open document, once the
        analysis is of that very text; None when it is not (it is being edited)."""
        located = self.locate(uri)
        if located is None:
            return None
        project, shown = located
        text = self.workspace.get_text_document(uri).source
        if not project.last.is_current(shown, text):
            await self.scheduler.settle()
        if not project.last.is_current(shown, text):
            return None
        return project, shown, project.last, text

    async def fix_all_edit(self, project: Project, shown: str, uri: str, text: str) -> types.WorkspaceEdit | None:
        loop = asyncio.get_running_loop()
        fix = functools.partial(project.fix_all, shown, self.buffers_of(project))
        new_text = await loop.run_in_executor(self.executor, fix)
        if new_text is None:
            return None
        return types.WorkspaceEdit(changes={uri: whole_text_edit(LineIndex(text, self.encoding), new_text)})

    def resolves_edits(self) -> bool:
        """Whether the client asks for a code action's edit only when it is chosen."""
        text_document = self.client_capabilities.text_document
        code_action = text_document.code_action if text_document else None
        support = code_action.resolve_support if code_action else None
        return support is not None and "edit" in support.properties


server = ScopelintServer()


@server.feature(types.INITIALIZE)
def initialize(ls: ScopelintServer, params: types.InitializeParams) -> None:
    ls.configure(params.initialization_options)


@server.feature(types.INITIALIZED)
async def initialized(ls: ScopelintServer, params: types.InitializedParams) -> None:
    capabilities = ls.client_capabilities.workspace
    if capabilities is not None and capabilities.configuration:
        try:
            settings = await asyncio.wait_for(
                ls.workspace_configuration_async(
                    types.ConfigurationParams(items=[types.ConfigurationItem(section="scopelint")])
                ),
                timeout=5,
            )
            if settings:
                ls.configure(settings[0])
        except Exception:  # a client that does not answer keeps the initialization options
            logger.info("no workspace configuration from the client", exc_info=True)
    watched = capabilities.did_change_watched_files if capabilities is not None else None
    if watched is not None and watched.dynamic_registration:
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in _WATCHED]
        )
        await ls.client_register_capability_async(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="scopelint-watched-files",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=options,
                    )
                ]
            )
        )
    ls.open_folders()
    ls.scheduler.request(0)  # the whole workspace, once, in the background


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: ScopelintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.scheduler.request(0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: ScopelintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.scheduler.request(ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: ScopelintServer, params: types.DidSaveTextDocumentParams) -> None:
    reload_configuration(ls, [params.text_document.uri])
    ls.scheduler.request(0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ScopelintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.scheduler.request(0)  # the file on disk counts again: its unsaved edits are gone


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: ScopelintServer, params: types.DidChangeWatchedFilesParams) -> None:
    reload_configuration(ls, [change.uri for change in params.changes])
    ls.scheduler.request(0)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: ScopelintServer, params: types.DidChangeConfigurationParams) -> None:
    ls.configure(params.settings)


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def did_change_folders(ls: ScopelintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    for folder in params.event.removed:
        ls.folders.pop(Path(os.path.abspath(to_fs_path(folder.uri) or "")), None)
    for folder in params.event.added:
        ls.load_project(Path(os.path.abspath(to_fs_path(folder.uri) or "")))
    ls.scheduler.request(0)


def reload_configuration(ls: ScopelintServer, uris: list[str]) -> None:
    """Build again the projects whose configuration or rule packs one of `uris` is."""
    paths = [Path(os.path.abspath(p)) for uri in uris if (p := to_fs_path(uri))]
    for root, (_, walk) in list(ls.broken.items()):
        if any(may_configure(root, path) for path in paths):
            ls.load_project(root, walk=walk)
    for project in ls.projects():
        if any(project.is_configuration(path) for path in paths):
            ls.load_project(project.root, walk=project.walk)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
        resolve_provider=True,
    ),
)
async def code_action(ls: ScopelintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    located = await ls.current(uri)
    if located is None:
        return None
    project, shown, analysis, text = located
    findings = analysis.findings.get(shown, [])
    index = LineIndex(text, ls.encoding)
    actions: list[types.CodeAction] = []
    if _wanted(params.context.only, types.CodeActionKind.QuickFix.value):
        for finding, diagnostic in findings_in(findings, index, params.range):
            actions.extend(fix_actions(uri, finding, index, diagnostic, unsafe=ls.unsafe_fixes))
    if _wanted(params.context.only, FIX_ALL_KIND) and has_safe_fix(findings):
        fix_all = types.CodeAction(
            title="Fix all safe scopelint findings in this file",
            kind=FIX_ALL_KIND,
            data={"uri": uri},
        )
        if not ls.resolves_edits():
            fix_all.edit = await ls.fix_all_edit(project, shown, uri, text)
        if fix_all.edit is not None or ls.resolves_edits():
            actions.append(fix_all)
    return actions


def _wanted(only: Sequence[types.CodeActionKind | str] | None, kind: str) -> bool:
    """Whether the client's `only` filter admits a kind (a kind admits its sub-kinds)."""
    if only is None:
        return True
    names = [wanted.value if isinstance(wanted, types.CodeActionKind) else wanted for wanted in only]
    return any(kind == name or kind.startswith(f"{name}.") for name in names)


@server.feature(types.CODE_ACTION_RESOLVE)
async def resolve_code_action(ls: ScopelintServer, action: types.CodeAction) -> types.CodeAction:
    data = action.data if isinstance(action.data, dict) else {}
    uri = data.get("uri")
    if action.edit is None and isinstance(uri, str):
        located = await ls.current(uri)
        if located is not None:
            project, shown, _, text = located
            action.edit = await ls.fix_all_edit(project, shown, uri, text)
    return action


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: ScopelintServer, params: types.HoverParams) -> types.Hover | None:
    located = await ls.current(params.text_document.uri)
    if located is None:
        return None
    _, shown, analysis, text = located
    index = LineIndex(text, ls.encoding)
    here = types.Range(params.position, params.position)
    found = [finding for finding, _ in findings_in(analysis.findings.get(shown, []), index, here)]
    if not found:
        return None
    explanations = {}
    for finding in found:
        rule = rule_by_selector(finding.code)
        if rule is not None:
            explanations[finding.code] = rule.explanation()
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=hover_markdown(found, explanations))
    )


@server.feature(types.SHUTDOWN)
def shutdown(ls: ScopelintServer, params: Any) -> None:
    ls.executor.shutdown(wait=False, cancel_futures=True)


def serve() -> None:
    """Serve one client over stdin and stdout until it says exit."""
    server.start_io()
