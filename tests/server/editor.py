"""A scripted editor: pygls's LanguageClient driving `python -m scopelint server` over stdio,
as an editor would. Every wait is for a notification (with a timeout), never a sleep."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from helpers import pythonpath

TIMEOUT = 60.0  # seconds for any one answer: generous for a loaded CI machine


class Editor:
    def __init__(self, root: Path, *, initialization_options: Any = None, resolve_edits: bool = False) -> None:
        self.root = root
        self.initialization_options = initialization_options
        self.resolve_edits = resolve_edits
        self.client = LanguageClient("scopelint-tests", "1")
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.publications: list[str] = []  # the URIs, in the order diagnostics arrived
        self.logs: list[str] = []
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self._event = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = list(params.diagnostics)
            self.publications.append(params.uri)
            self._event.set()

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            self.logs.append(params.message)
            self._event.set()

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def on_show(params: types.ShowMessageParams) -> None:
            self.logs.append(params.message)
            self._event.set()

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    async def start(self) -> types.InitializeResult:
        env = {**os.environ, "PYTHONPATH": pythonpath(), "NO_COLOR": "1"}
        await self.client.start_io(sys.executable, "-m", "scopelint", "server", cwd=str(self.root), env=env)
        code_action = types.CodeActionClientCapabilities(
            resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]) if self.resolve_edits else None
        )
        result = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(
                    capabilities=types.ClientCapabilities(
                        text_document=types.TextDocumentClientCapabilities(code_action=code_action)
                    ),
                    root_uri=self.root.as_uri(),
                    workspace_folders=[types.WorkspaceFolder(uri=self.root.as_uri(), name=self.root.name)],
                    initialization_options=self.initialization_options,
                )
            ),
            TIMEOUT,
        )
        self.client.initialized(types.InitializedParams())
        return result

    async def stop(self) -> int | None:
        """shutdown, exit; the server's exit status."""
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), TIMEOUT)
        server = self.client._server
        return server.returncode if server is not None else None

    async def kill(self) -> None:
        server = self.client._server
        if server is not None and server.returncode is None:
            server.kill()
            await server.wait()

    # ------------------------------------------------------------------ documents
    def open(self, name: str, language: str = "python") -> str:
        uri = self.uri(name)
        self.texts[uri] = (self.root / name).read_text(encoding="utf-8")
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, self.texts[uri]))
        )
        return uri

    def change(self, uri: str, text: str) -> None:
        self.texts[uri] = text
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def files_changed(self, *names: str) -> None:
        """What an editor's file watcher says after files changed on disk."""
        events = [types.FileEvent(uri=self.uri(name), type=types.FileChangeType.Changed) for name in names]
        self.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(events))

    def apply(self, uri: str, edit: types.WorkspaceEdit | None) -> str:
        """Apply a workspace edit to the buffer, as an editor would, and tell the server."""
        from lsp_text import apply_text_edits

        assert edit is not None and edit.changes is not None and set(edit.changes) == {uri}
        text = apply_text_edits(self.texts[uri], edit.changes[uri])
        self.change(uri, text)
        return text

    # ------------------------------------------------------------------ waiting
    async def wait_until(self, condition: Callable[[], bool], what: str) -> None:
        async def wait() -> None:
            while not condition():
                self._event.clear()
                await self._event.wait()

        try:
            await asyncio.wait_for(wait(), TIMEOUT)
        except asyncio.TimeoutError:
            raise AssertionError(
                f"timed out waiting for {what}; diagnostics: {self.diagnostics}; logs: {self.logs}"
            ) from None

    async def diagnostics_of(
        self, uri: str, condition: Callable[[list[types.Diagnostic]], bool]
    ) -> list[types.Diagnostic]:
        """The diagnostics of `uri` once they satisfy `condition` (`bool`: some; `not`: none)."""

        def published() -> bool:
            return uri in self.diagnostics and condition(self.diagnostics[uri])

        await self.wait_until(published, f"diagnostics of {uri}")
        return self.diagnostics[uri]

    async def code_actions(self, uri: str, at: types.Range, only: list[str] | None = None) -> list[types.CodeAction]:
        actions = await asyncio.wait_for(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri),
                    range=at,
                    context=types.CodeActionContext(diagnostics=[], only=only),
                )
            ),
            TIMEOUT,
        )
        return [a for a in actions or [] if isinstance(a, types.CodeAction)]


def session(root: Path, scenario: Callable[[Editor], Any], **options: Any) -> None:
    """Run `scenario(editor)` against a fresh server; it must shut down and exit with 0."""

    async def run() -> None:
        editor = Editor(root, **options)
        await editor.start()
        try:
            await scenario(editor)
            assert await editor.stop() == 0
        finally:
            await editor.kill()

    asyncio.run(run())
