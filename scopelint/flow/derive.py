"""From what the interpreter saw to what rules read: each file's facts (`FileFacts`: the
tokens that reach Management API calls, the literal credentials, the token requests) and
the run's flows (`RunFacts`: every request with the calls its tokens reach).

Sites and fix material are read off each file's text and its program's locations
(`scopelint.flow.edits`): a file analysed from the cache is never parsed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scopelint.facts.model import (
    ApiCall,
    FileFacts,
    LinkedRequest,
    LiteralCredential,
    ParamFact,
    RequestFact,
    RunFacts,
    Site,
    UseFact,
)
from scopelint.flow.edits import FileText, first_key_quote, insertion_point, retext, string_quote
from scopelint.flow.effects import Param, Request
from scopelint.flow.interpreter import Interpreter
from scopelint.flow.urls import match_endpoints
from scopelint.flow.values import (
    Mapping,
    Ref,
    Sequence,
    Text,
    Token,
    Unknown,
    Value,
    alternatives,
    render_text,
    tokens_in,
)
from scopelint.masking import is_credential_literal
from scopelint.model import Edit

# Flows whose audience and scope are decided elsewhere: a refresh keeps the original ones,
# a code exchange gets those of its /authorize step (not in the token request).
_DECIDED_ELSEWHERE = {
    ("refresh_token", "http"),
    ("refresh_token", "auth0-python"),
    ("authorization_code", "http"),
    ("authorization_code", "auth0-python"),
}


@dataclass
class Derived:
    files: dict[str, FileFacts] = field(default_factory=dict)
    run: RunFacts | None = None


class Deriver:
    def __init__(self, interpreter: Interpreter) -> None:
        self.it = interpreter
        self.knowledge = interpreter.knowledge
        self._texts: dict[str, FileText] = {}

    def file(self, path: str) -> FileText:
        if path not in self._texts:
            self._texts[path] = FileText(self.it.programs[path], self.it.texts.get(path, ""))
        return self._texts[path]

    # ------------------------------------------------------------------ sites
    def site(self, ref: Ref) -> Site | None:
        program = self.it.programs.get(ref.path)
        location = program.locations.get(ref.node) if program is not None else None
        if location is None or program is None:
            return None
        file = self.file(ref.path)
        line, column, end_line, end_column, first, last, context = location
        from scopelint.model import Span

        return Site(
            path=ref.path,
            span=Span(line, column, end_line, end_column),
            first_line=first,
            last_line=last,
            snippet=re.sub(r"\s+", " ", file.source(ref.node)).strip(),
            context=program.contexts[context] if context < len(program.contexts) else "",
            line_text=file.line_text(line),
        )

    def line_of(self, ref: Ref) -> int:
        location = self.it.programs[ref.path].locations.get(ref.node) if ref.path in self.it.programs else None
        return location[0] if location is not None else 0

    # ------------------------------------------------------------------ derive
    def derive(self) -> Derived:
        effects = self.it.lib.effects
        derived = Derived()
        files = derived.files
        for path in self.it.programs:
            files[path] = FileFacts(path=path)
        requests = self._requests(list(effects.requests.values()))
        for fact in requests.values():
            files.setdefault(fact.site.path, FileFacts(fact.site.path)).requests.append(fact)
        uses: list[tuple[UseFact, Token | None]] = []
        api_calls: list[ApiCall] = []
        sends = sorted(effects.sends.values(), key=lambda s: (s.ref, str(s.frame)))
        matched = [match_endpoints(s.url, s.method, self.knowledge.endpoints, self.it.custom_domains) for s in sends]
        for send, endpoints in zip(sends, matched, strict=True):
            if not endpoints:  # the app's own API, a vendor's, a URL not known: another reader
                for _, value in self._credentials(send):
                    effects.read(value, send.ref)
                    self._elsewhere(requests, value, send.ref)
        for send, endpoints in zip(sends, matched, strict=True):
            if not endpoints:
                continue
            api = endpoints[0].api
            call_site = self.site(send.ref)
            if call_site is None:
                continue
            api_calls.append(ApiCall(call_site, [e.id for e in endpoints], api.name))
            body_keys, body_site = self._body(send.body, send.body_ref)
            entries = self._credentials(send)
            if send.own_token is not None:
                entries.append((send.ref, send.own_token))
            for entry_ref, value in entries:
                for token in self._ordered(tokens_in(value)):
                    use = self._use(
                        token,
                        entry_ref,
                        call_site,
                        [e.id for e in endpoints],
                        api.name,
                        api.audience,
                        "",
                        body_keys,
                        body_site,
                        requests,
                    )
                    if use is not None:
                        uses.append((use, token))
                self._literal(files, value, entry_ref, [e.id for e in endpoints], api.name, False, "")
        sdk_api = self.knowledge.apis[0] if self.knowledge.apis else None
        called = {call.client.ref for call in effects.sdk_calls.values()}
        for client in effects.sdk_clients.values():
            if sdk_api is None:
                break
            label = (
                ""
                if self.it.programs[client.ref.path].language == "javascript"
                else (f"the Management API ({client.client.rsplit('.', 1)[-1]} client)")
            )
            calls = [c for c in effects.sdk_calls.values() if c.client is client]
            if not calls and client.ref not in called:
                call_site = self.site(client.ref)
                if call_site is not None:
                    api_calls.append(ApiCall(call_site, [], sdk_api.name, label))
                    for token in tokens_in(client.token):
                        use = self._use(
                            token,
                            client.token_ref,
                            call_site,
                            [],
                            sdk_api.name,
                            sdk_api.audience,
                            label,
                            None,
                            None,
                            requests,
                        )
                        if use is not None:
                            uses.append((use, token))
                self._literal(files, client.token, client.token_ref, [], sdk_api.name, True, label)
            for call in calls:
                call_site = self.site(call.ref)
                if call_site is None:
                    continue
                api_calls.append(ApiCall(call_site, [call.endpoint], sdk_api.name))
                body_keys, body_site = self._body(call.body, call.body_ref)
                if call.body_keys is not None:
                    body_keys = call.body_keys
                for token in tokens_in(client.token):
                    use = self._use(
                        token,
                        client.token_ref,
                        call_site,
                        [call.endpoint],
                        sdk_api.name,
                        sdk_api.audience,
                        "",
                        body_keys,
                        body_site or (call_site if call.body_keys else None),
                        requests,
                    )
                    if use is not None:
                        uses.append((use, token))
                self._literal(files, client.token, client.token_ref, [call.endpoint], sdk_api.name, True, "")
        linked = {key: LinkedRequest(fact) for key, fact in requests.items()}
        all_uses = []
        seen: set[tuple] = set()
        for use, used in uses:
            identity = (use.site, use.call_site, use.kind, tuple(use.endpoints), use.source, use.request)
            if identity in seen:
                continue
            seen.add(identity)
            files.setdefault(use.site.path, FileFacts(use.site.path)).uses.append(use)
            all_uses.append(use)
            for key in self._sources(used, use, requests):
                if key in linked and use not in linked[key].uses:
                    linked[key].uses.append(use)
        derived.run = RunFacts(linked, all_uses, self.knowledge, list(files.values()), calls=api_calls)
        return derived

    def _sources(self, token: Token | None, use: UseFact, requests: dict[str, RequestFact]) -> list[str]:
        """The requests a used token may come from: the ones it was obtained from; for a token
        the browser posted back, the /authorize flows of the same app."""
        if token is None:
            return []
        found = [self._resolve_key(k, use.site.path, requests) for k in sorted(token.requests)]
        keys = [k for group in found for k in group]
        if not keys and token.browser:
            app = self.it.graph.app_of(use.site.path)
            keys = [
                k for k, r in requests.items() if r.flow == "authorize" and self.it.graph.app_of(r.site.path) == app
            ]
        if any(self._is_code_exchange(requests[k]) for k in keys):
            keys += [k for k in self._code_authorizations(keys, requests) if k not in keys]
        return keys

    @staticmethod
    def _is_code_exchange(request: RequestFact) -> bool:
        """A code exchange written by hand: its audience and scope are those of the /authorize
        redirect that issued the code (Auth0 ignores them in the token request)."""
        return request.flow == "authorization_code" and (request.flow, request.library) in _DECIDED_ELSEWHERE

    def _code_authorizations(self, keys: list[str], requests: dict[str, RequestFact]) -> list[str]:
        """The /authorize redirects of the code exchanges' apps that may issue a code (a
        response_type with `code`, or one the run cannot read)."""
        apps = {self.it.graph.app_of(requests[k].site.path) for k in keys if self._is_code_exchange(requests[k])}
        return [
            k
            for k, r in requests.items()
            if r.flow == "authorize" and self.it.graph.app_of(r.site.path) in apps and self._may_issue_code(r)
        ]

    @staticmethod
    def _may_issue_code(request: RequestFact) -> bool:
        response_type = request.response_type
        return response_type is None or response_type.state != "literal" or "code" in response_type.text.split()

    def _resolve_key(self, key: str, path: str, requests: dict[str, RequestFact]) -> list[str]:
        """A registered client known by name only (its registry not seen): the clients of that
        name registered in the same app."""
        if key in requests or "@app" not in key:
            return [key] if key in requests else []
        prefix = key.split("@app", 1)[0] + "@"
        app = self.it.graph.app_of(path)
        return [k for k, r in requests.items() if k.startswith(prefix) and self.it.graph.app_of(r.site.path) == app]

    def _ordered(self, tokens) -> list[Token]:
        """Tokens in the order they are obtained in the file (messages list their sources so)."""
        return sorted(tokens, key=lambda t: (t.origin.path, self.line_of(t.origin), t.origin.node))

    def _credentials(self, send) -> list[tuple[Ref | None, Value]]:
        wanted = self.knowledge.auth_header
        found: list[tuple[Ref | None, Value]] = []
        for source in send.headers:
            for key, ref, value in self.it.lib.header_entries(source):
                if key is not None and key.lower() == wanted:
                    found.append((ref, value))
        found.extend(send.header_values)
        return found

    def _body(self, body: Value | None, body_ref: Ref | None) -> tuple[list[str] | None, Site | None]:
        if body is None:
            return None, None
        keys: list[str] = []
        for option in alternatives(body):
            if isinstance(option, Mapping):
                keys.extend(k for k, _ in self.it.entries(option) if k is not None)
            else:
                return None, self.site(body_ref) if body_ref is not None else None
        return keys, self.site(body_ref) if body_ref is not None else None

    def _use(
        self,
        token: Token,
        entry: Ref | None,
        call_site: Site,
        endpoints: list[str],
        api: str,
        audience: str,
        call_label: str,
        body_keys: list[str] | None,
        body_site: Site | None,
        requests: dict[str, RequestFact],
    ) -> UseFact | None:
        where = token.entry or entry
        site = self.site(where) if where is not None else None
        if site is None:
            site = call_site
        # where the token is obtained, in another file when it is: tokens["id_token"] in
        # app/auth.py:41; a token the same file stored and read back, where it was obtained
        origin, description = token.origin, token.description
        if token.written is not None and token.written.path == site.path:
            origin, description = token.written, self.it.source(token.written) or description
        description = " ".join(description.split())  # one line, however the code is laid out
        origin_line = self.line_of(origin)
        source = (
            f"{description}, line {origin_line}"
            if origin.path == site.path
            else f"{description} in {origin.path}:{origin_line}"
        )
        use = UseFact(
            site=site,
            call_site=call_site,
            kind=token.kind,
            endpoints=endpoints,
            api=api,
            call_label=call_label,
            request=min(token.requests) if token.requests else None,
            session_key=token.stored or token.session,
            browser=token.browser,
            weak=token.weak,
            body_keys=body_keys,
            body_site=body_site,
            source=source,
            audience=audience,
        )
        if token.kind == "id":
            use.fix_edits, use.fix_safe = self._access_token_fix(token, requests, site.path, where)
        return use

    def _literal(
        self,
        files: dict[str, FileFacts],
        value: Value,
        entry: Ref | None,
        endpoints: list[str],
        api: str,
        client: bool,
        label: str,
    ) -> None:
        """A token written in the source (directly or through a constant) as the credential."""
        if entry is None:
            return
        site = self.site(entry)
        if site is None:
            return
        facts = files.setdefault(site.path, FileFacts(site.path))
        for option in alternatives(value):
            if isinstance(option, Text):
                text = "".join(p for p in option.parts if isinstance(p, str))
                if is_credential_literal(text, bare=client):
                    facts.literal_credentials.append(LiteralCredential(site, text, endpoints, api, client, label))
                    return

    # ------------------------------------------------------------------ the SL101 fix
    def _access_token_fix(
        self, token: Token, requests: dict[str, RequestFact], path: str, sink: Ref | None
    ) -> tuple[list[Edit] | None, bool]:
        """tokens["id_token"] -> tokens["access_token"], authResult.idToken -> authResult.accessToken:
        the access token of the same token response, in the finding's file. Safe only when the
        response's request is in that file and asks (or, with its own safe fix, will ask) for
        the audience. Unsafe for a token read back from a store (that the access token is kept
        under the access-token key is likely, not known); none for browser storage, where
        nothing suggests the access token is kept at all.

        Where the token is obtained is switched only when nothing else reads it there; a value
        other readers need (a JWT decoder, a verifier, the app's own API) stays, and the edit is
        made at the sink instead: the read of the store, or the variable at the Management API
        call, which then reads the access token from the same place (`tok` ->
        `session["user"]["access_token"]`)."""
        if token.weak or not token.fixable:
            return None, False
        if token.session is not None and not token.session.startswith("session:"):
            return None, False
        readers = self.it.lib.effects.readers
        edit = None
        source = token.written or token.origin
        if source.path == path and source not in readers:
            edit = self._key_edit(source)
        elif token.written is None or self._stores_access_token(token):
            if token.written is not None and token.origin.path == path and token.origin not in readers:
                # the write is shared (or elsewhere); this read of the store only reaches the sink
                edit = self._key_edit(token.origin)
            elif sink is not None:
                edit = self._sink_edit(token, sink)
        if edit is None:
            return None, False
        known = [requests.get(k) for k in token.requests]
        safe = (
            bool(known)
            and token.stored is None
            and token.session is None
            # the request asks for an audience already, or will with its own safe fix in this file
            and all(
                r is not None and _complete(r) and (r.site.path == token.origin.path or r.audience is not None)
                for r in known
            )
        )
        return [edit], safe

    def _elsewhere(self, requests: dict[str, RequestFact], value: Value, ref: Ref) -> None:
        """A request's tokens sent to an API that is not the Management API (the app's own
        backend may call it with them): consumers whose scope needs the run does not see."""
        site = self.site(ref)
        if site is None:
            return
        for token in tokens_in(value):
            for key in token.requests:
                fact = requests.get(key)
                if fact is not None and site not in fact.elsewhere:
                    fact.elsewhere.append(site)

    def _stores_access_token(self, token: Token) -> bool:
        """A token read back from a store: the app also writes the access token of the same
        requests under the access-token key, which a read switched to that key then gets."""
        kind, _, key = (token.stored or "").partition(":")
        access_key = _access_key(key, self.knowledge.access_token_keys)
        if not token.requests or access_key is None:
            return False
        return any(
            isinstance(option, Token) and option.kind == "access" and option.requests & token.requests
            for value in self.it.lib.written(token.origin.path, kind, access_key)
            for option in alternatives(value)
        )

    def _sink_edit(self, token: Token, sink: Ref) -> Edit | None:
        """The variable that carries the token at the sink (`tok` in `get_profile(sub, tok)` or
        in `f"Bearer {tok}"`) replaced by its source with the access-token key, when that is
        certainly the same value: the variable's one definition is the source, an access path
        with literal keys in the same function, whose root name is not rebound in it. A call is
        read again only when it is a store's (reading a store twice is harmless, a request not)."""
        origin, file = token.origin, self.file(sink.path)
        if origin.path != sink.path:
            return None
        carriers = [sink.node]
        if file.op(sink.node)[0] == "concat":
            carriers.extend(file.op(sink.node)[1])
        elif file.op(sink.node)[0] == "add":
            carriers.extend(_flatten_add(file, sink.node))
        for node in carriers:
            op = file.op(node)
            if op[0] != "var" or _target(file, op[1]) != origin.node:
                continue
            span, source_span = file.span(node), file.span(origin.node)
            key = self._key_edit(origin)
            if span is None or source_span is None or key is None or not self._same_binding(token, node):
                return None
            source = file.source(origin.node)
            start = file.offset(source_span.line, source_span.column)
            before = file.offset(key.span.line, key.span.column) - start
            after = file.offset(key.span.end_line, key.span.end_column) - start
            text = source[:before] + key.content + source[after:]
            if "\n" in text or "\r" in text or file.source(node) != op[2]:
                return None
            opening = file.source(sink.node).lstrip("rRfFbBuU")[:1]
            if file.op(sink.node)[0] == "concat" and file.program.language == "python" and opening in text:
                return None  # f"Bearer {tok}": the f-string's own quote cannot appear in it (before 3.12)
            if _shorthand(file, node):  # `{ domain, token }`: the key stays
                text = f"{op[2]}: {text}"
            return Edit(span, text)
        return None

    def _same_binding(self, token: Token, sink: int) -> bool:
        """The source's root name means the same at the sink: both are in one function, the
        root is an access path's base (a module-level name, an import, a global of the file, a
        parameter or local), and no read of that name in the function sees another definition
        (a rebinding the analysis cannot order is refused as well). A call on the path is read
        again only when the token comes from a store (reading a store twice is harmless, a
        request not)."""
        origin, file = token.origin, self.file(token.origin.path)
        store = token.stored is not None or token.session is not None
        root = origin.node
        while file.op(root)[0] in ("attr", "item") or (
            store and file.op(root)[0] == "call" and _store_read(file, root)
        ):
            op = file.op(root)
            if op[0] == "item" and file.op(op[2])[0] != "str":
                return False
            root = op[1] if op[0] != "call" else file.op(op[1])[1]
        function = self._function_at(origin)
        if function != self._function_at(Ref(origin.path, sink)) or function < 0:
            return False
        op = file.op(root)
        if op[0] == "global":
            name, definition = op[1], None
        elif op[0] == "var":
            name, definition = op[2], _target(file, op[1])
        else:
            return False
        for index, other in enumerate(file.program.nodes):
            if other[0] not in ("var", "global") or (other[2] if other[0] == "var" else other[1]) != name:
                continue
            seen = _target(file, other[1]) if other[0] == "var" else None
            if seen != definition and self._function_at(Ref(origin.path, index)) == function:
                return False
        # a rebinding no later read shows (`tokens = refresh()` between the source and the sink)
        source, target = file.span(origin.node), file.span(sink)
        if source is None or target is None:
            return False
        start, end = file.offset(source.end_line, source.end_column), file.offset(target.line, target.column)
        return start <= end and not _binds(file.text[start:end], name)

    def _key_edit(self, origin: Ref) -> Edit | None:
        file = self.file(origin.path)
        op = file.op(origin.node)
        if op[0] == "item":
            key = op[2]
            old = file.op(key)
            if old[0] != "str":
                return None
            new = _access_key(old[1], self.knowledge.access_token_keys)
            return retext(file, key, new) if new is not None else None
        if op[0] == "attr":
            span = file.span(origin.node)
            new = _access_key(op[2], self.knowledge.access_token_keys)
            if span is None or new is None:
                return None
            source = file.source(origin.node)
            # a member access only: renaming a destructured key (`const { idToken } = r`)
            # would rename the variable every later read uses
            if not re.search(r"[.?]\s*" + re.escape(op[2]) + "$", source):
                return None
            from scopelint.model import Span

            return Edit(Span(span.end_line, span.end_column - len(op[2]), span.end_line, span.end_column), new)
        if op[0] == "call" and op[2]:
            first = op[2][0][2]
            if file.op(first)[0] == "str":
                new = _access_key(file.op(first)[1], self.knowledge.access_token_keys)
                return retext(file, first, new) if new is not None else None
        return None

    # ------------------------------------------------------------------ requests
    def _requests(self, pieces: list[Request]) -> dict[str, RequestFact]:
        """Requests by key; the pieces of one request (a registration and its redirects,
        settings) merged: a redirect's own parameter overrides the registration's."""
        by_key: dict[str, list[Request]] = {}
        # a function some code of the run calls may also have been analysed as a root first
        # (with parameters the run cannot see) only because of the order of analysis: its
        # callers' contexts are what it is called with
        called = {(p.ref, p.key) for p in pieces if p.frame is not None and p.frame.called}
        for piece in sorted(pieces, key=lambda p: (p.key, not p.primary, p.ref)):
            if piece.frame is not None and not piece.frame.called and (piece.ref, piece.key) in called:
                continue
            by_key.setdefault(piece.key, []).append(piece)
        facts: dict[str, RequestFact] = {}
        for key, group in by_key.items():
            primary = next((p for p in group if p.primary), group[0])
            fact = self._request_fact(primary)
            if fact is None:
                continue
            for piece in group:
                if piece is primary:
                    continue
                if piece.primary and piece.ref == primary.ref:  # the same request in another context
                    self._agree(fact, piece)
                    continue
                for name in ("audience", "scope", "response_type"):
                    param = getattr(piece, name)
                    if param is not None:
                        if getattr(fact, name) is None or not piece.primary:
                            setattr(fact, name, self._param(param, scopes=name == "scope"))
                if fact.domain is None and piece.domain is not None:
                    fact.domain = render_text(piece.domain)
                if piece.unknown_params:
                    self._mark_unknown(fact)
            facts[key] = fact
        return facts

    def _request_fact(self, request: Request) -> RequestFact | None:
        site = self.site(request.ref)
        if site is None:
            return None
        fact = RequestFact(
            key=request.key,
            site=site,
            flow=request.flow,
            user_facing=request.user_facing,
            library=request.library,
            audience=self._param(request.audience),
            scope=self._param(request.scope, scopes=True),
            response_type=self._param(request.response_type),
            domain=render_text(request.domain) if request.domain is not None else None,
            partial=request.partial,
            primary=request.primary,
        )
        if request.unknown_params:
            self._mark_unknown(fact)
        self._fix_material(fact, request)
        return fact

    def _agree(self, fact: RequestFact, other: Request) -> None:
        """A request's parameters are what all its contexts agree on (a helper called with
        `**extra` that overrides the scope in one call): one that differs is unknown."""
        for name in ("audience", "scope", "response_type"):
            mine, theirs = getattr(fact, name), self._param(getattr(other, name), scopes=name == "scope")
            said = [(param.state, param.text) if param is not None else None for param in (mine, theirs)]
            if said[0] != said[1]:
                setattr(fact, name, ParamFact("unknown", "", site=mine.site if mine else None))
        if other.unknown_params:
            self._mark_unknown(fact)

    @staticmethod
    def _mark_unknown(fact: RequestFact) -> None:
        """A spread or **kwargs may carry any parameter: one not written is unknown, not absent."""
        for name in ("audience", "scope", "response_type"):
            if getattr(fact, name) is None:
                setattr(fact, name, ParamFact("unknown", ""))

    def _param(self, param: Param | None, scopes: bool = False) -> ParamFact | None:
        if param is None:
            return None
        site = self.site(param.ref) if param.ref is not None else None
        options = list(alternatives(param.value))
        if len(options) != 1:
            return ParamFact("unknown", "", site=site)
        value = options[0]
        fact: ParamFact
        if isinstance(value, Text):
            literal = value.literal()
            if literal is not None:
                if not literal.strip():
                    fact = ParamFact("empty", literal, [] if scopes else None, "string", site)
                else:
                    fact = ParamFact("literal", literal, literal.split() if scopes else None, "string", site)
            else:
                fact = ParamFact("partial", render_text(value), None, "string", site)
        elif isinstance(value, Sequence) and scopes:
            items = self.it.sequence_items(value)
            texts = [i.literal() if isinstance(i, Text) else None for i in items] if items is not None else [None]
            if all(t is not None for t in texts):
                scope_items = [s for t in texts for s in (t or "").split()]
                fact = ParamFact(
                    "literal" if scope_items else "empty", " ".join(scope_items), scope_items, value.style, site
                )
            else:
                return ParamFact("unknown", "", site=site)
        else:
            return ParamFact("unknown", "", site=site)
        if param.ref is not None:
            self._param_material(fact, param.ref)
        return fact

    def _param_material(self, fact: ParamFact, ref: Ref) -> None:
        """How a fix rewrites the value: a plain string literal in its quotes; items added to a
        list or tuple literal in its layout."""
        file = self.file(ref.path)
        node = _target(file, ref.node)
        op = file.op(node)
        if op[0] in ("str", "concat") and node == ref.node:
            fact.string_quote = string_quote(file, node)
        elif op[0] in ("list", "tuple") and fact.state == "literal" and node == ref.node:
            fact.insertion = insertion_point(file, node)
            items = list(op[1])
            fact.item_quote = (_quote(file, items[0]) if items else None) or '"'
            if all(file.op(i)[0] == "str" and " " not in file.op(i)[1] for i in items):
                spans = [file.span(i) for i in items]
                fact.item_spans = [s for s in spans if s is not None] if all(spans) else None

    def _fix_material(self, fact: RequestFact, request: Request) -> None:
        """Where a fix would add audience or scope, and the audience value in the code's own
        terms. Nothing when no correct fix can be written (the domain is not in reach)."""
        fact.settable = sorted(request.settable) if request.settable is not None else None
        container = request.container
        if container is None or container.node < 0 or container.path not in self.it.programs:
            return
        file = self.file(container.path)
        op = file.op(container.node)
        javascript = file.program.language != "python"
        if op[0] == "dict" and (op[1] or javascript):
            fact.insertion = insertion_point(file, container.node)
            fact.insertion_kind = "js-object" if javascript else "dict"
            fact.quote = first_key_quote(file, container.node)
            fact.insertion_wrapper = request.insert_into if javascript else ""
        elif op[0] in ("call", "new") and op[2] and not javascript:
            fact.insertion = insertion_point(file, container.node)
            fact.insertion_kind = "call"
            fact.insertion_wrapper = request.insert_into
        else:
            return
        template = self.knowledge.apis[0].audience if self.knowledge.apis else "https://{domain}/api/v2/"
        domain = request.domain_ref
        host = self._host(domain) if domain is not None else None
        if host is None:
            return
        kind, text, node = host
        quote = fact.quote
        named = node.node >= 0 and self.file(node.path).op(node.node)[0] in ("var", "attr", "global", "item")
        if kind == "literal" and named and self._visible(node, container):
            # a constant the code names (AUTH0_DOMAIN = "tenant.auth0.com"): its name, as the code writes it
            kind, text = "expression", self.file(node.path).source(node.node)
        if kind == "literal" and text not in file.text:
            return  # a literal written in another file: copying it here would be foreign to this one
        if kind == "literal":
            if quote not in text and "\\" not in text and "`" not in text:
                fact.audience_value = f"{quote}{template.replace('{domain}', text)}{quote}"
        elif self._visible(node, container):
            if javascript:
                if "`" not in text and "$" not in text:
                    fact.audience_value = "`" + template.replace("{domain}", "${" + text + "}") + "`"
            elif "{" not in text and quote not in text:
                fact.audience_value = "f" + quote + template.replace("{domain}", "{" + text + "}") + quote

    def _host(self, ref: Ref, depth: int = 0) -> tuple[str, str, Ref] | None:
        """How the code names the tenant's domain: ("literal", "tenant.auth0.com", node) or
        ("expression", "AUTH0_DOMAIN", node), from a domain expression or a URL on the domain."""
        if depth > 5 or ref.node < 0:
            return None
        file = self.file(ref.path)
        op = file.op(ref.node)
        javascript = file.program.language != "python"
        tag = self._template_tag(ref) if op[0] in ("str", "concat") else None
        if tag is not None:
            return "literal", tag, ref
        if op[0] == "str":
            match = re.match(r"^(?:[a-zA-Z]+://)?([^/?#]+)", op[1])
            if match is None:
                return None
            host = match.group(1)
            if javascript and not re.fullmatch(r"[A-Za-z0-9.-]+", host):
                return None
            return "literal", host, ref
        if op[0] == "concat":
            parts = list(op[1])
            for index, part in enumerate(parts):
                if file.op(part)[0] != "str":
                    before = "".join(file.op(p)[1] for p in parts[:index])
                    rest = (
                        file.op(parts[index + 1])[1]
                        if index + 1 < len(parts) and file.op(parts[index + 1])[0] == "str"
                        else ""
                    )
                    if before in ("", "https://", "http://") and (
                        not javascript or (before == "https://" and rest.startswith("/"))
                    ):
                        return self._name(Ref(ref.path, part))
                    return None
            joined = "".join(file.op(p)[1] for p in parts)
            match = re.match(r"^(?:[a-zA-Z]+://)?([^/?#]+)", joined)
            return ("literal", match.group(1), ref) if match else None
        if op[0] == "add":
            operands = _flatten_add(file, ref.node)
            if (
                len(operands) >= 2
                and file.op(operands[0])[0] == "str"
                and file.op(operands[0])[1] in ("https://", "http://")
            ):
                if javascript and not (
                    len(operands) >= 3 and file.op(operands[2])[0] == "str" and file.op(operands[2])[1].startswith("/")
                ):
                    return None
                return self._name(Ref(ref.path, operands[1]))
            return self._host(Ref(ref.path, operands[0]), depth + 1) if operands and not javascript else None
        if op[0] in ("var", "attr", "global", "item"):
            value = self.it.eval(ref.path, ref.node, None)
            literal = None
            options = alternatives(value)
            if len(options) == 1 and isinstance(options[0], Text):
                literal = options[0].literal()
            if literal is not None and "/" not in literal.split("://", 1)[-1]:
                return "literal", literal.split("://", 1)[-1], ref
            if op[0] == "var" and not javascript:
                target = _target(file, op[1])
                if file.op(target)[0] in ("concat", "add"):
                    found = self._host(Ref(ref.path, target), depth + 1)
                    if found is not None:
                        return found
            if literal is None or "/" not in literal.split("://", 1)[-1]:
                return self._name(ref)
            return None
        return None

    def _name(self, ref: Ref) -> tuple[str, str, Ref] | None:
        file = self.file(ref.path)
        if file.op(ref.node)[0] not in ("var", "attr", "global", "item"):
            return None
        return "expression", file.source(ref.node), ref

    def _template_tag(self, ref: Ref) -> str | None:
        """'{{ AUTH0_DOMAIN }}' in a template's script: the template engine's value, as written."""
        file = self.file(ref.path)
        source = file.source(ref.node)
        inner = source[1:-1].strip() if len(source) >= 2 else ""
        return inner if re.fullmatch(r"\{\{.*?\}\}", inner, re.DOTALL) else None

    def _visible(self, expression: Ref, container: Ref) -> bool:
        """The expression's root name means the same where the fix writes it: it is read in
        the same function, or it is a module-level name or an import."""
        file = self.file(expression.path)
        root = expression.node
        while file.op(root)[0] in ("attr", "item"):
            root = file.op(root)[1]
        if file.op(root)[0] == "global":  # bound nowhere in the file: the same name everywhere
            return expression.path == container.path
        if file.op(root)[0] != "var":
            return False
        if expression.path != container.path:
            return False
        same = self._function_at(expression) == self._function_at(container)
        definition = _target(file, file.op(root)[1])
        module_level = self._function_at(Ref(expression.path, definition)) == 0 or file.op(definition)[0] == "import"
        return same or module_level

    def _function_at(self, ref: Ref) -> int:
        return self.it.function_at(ref)


def _complete(request: RequestFact) -> bool:
    """The request asks (or will, once its own safe fix is applied) for an audience."""
    if request.audience is not None:
        return request.audience.state != "empty" or request.audience_value is not None
    return (
        request.audience_value is not None
        and request.insertion is not None
        and (request.settable is None or "audience" in request.settable)
    )


def _access_key(id_key: str, access_keys: set[str]) -> str | None:
    """The access-token key in the same spelling: id_token -> access_token, idToken -> accessToken,
    oidc_id_token -> oidc_access_token."""
    for key in sorted(access_keys):
        if (
            re.sub(r"access(?=_?token$)", "id", key, flags=re.IGNORECASE).lower() == id_key.lower()
            and key[0].islower() == id_key[0].islower()
        ):
            return key
    return None


def _binds(text: str, name: str) -> bool:
    """Whether code may bind `name` in `text`: an assignment, a declaration, a loop or `with`
    target, an unpacking, `del`; a keyword argument of that name counts too (when unsure, yes)."""
    word = rf"(?<![.\w$]){re.escape(name)}(?![\w$])"
    return any(
        re.search(pattern, text)
        for pattern in (
            word + r"\s*(?:[-+*/%&|^@]|//|\*\*|<<|>>|>>>|\?\?|&&|\|\|)?=(?!=)",  # x = / x += / x :=
            word + r"\s*:=",
            word + r"\s*(?:\+\+|--)",
            r"(?:\+\+|--)\s*" + word,
            r"\b(?:const|let|var|function|class|def|import|del|global|nonlocal|as)\b[^;\n]*?" + word,
            r"\bfor\b[^\n]*?" + word + r"[^\n]*?\b(?:in|of)\b",
            word + r"\s*[,)\]}][^\n=]*?(?<![=!<>])=(?!=)",  # a, name = ... / [a, name] = ... / {name} = ...
        )
    )


def _shorthand(file: FileText, node: int) -> bool:
    """A JavaScript shorthand property (`{ token }`): its key and value are the same text."""
    span = file.span(node)
    return any(
        op[0] == "dict" and any(value == node and key is not None and file.span(key) == span for key, value in op[1])
        for op in file.program.nodes
    )


def _store_read(file: FileText, call: int) -> bool:
    """`store.get("key")`-like: a method call whose only argument is a literal key."""
    op = file.op(call)
    return file.op(op[1])[0] == "attr" and len(op[2]) == 1 and op[2][0][0] == "pos" and file.op(op[2][0][2])[0] == "str"


def _target(file: FileText, node: int) -> int:
    """Through aliases (not through reads of variables)."""
    seen = 0
    while file.op(node)[0] == "alias" and seen < 100:
        node = file.op(node)[1]
        seen += 1
    return node


def _quote(file: FileText, node: int) -> str | None:
    from scopelint.flow.edits import quote_char

    return quote_char(file, node)


def _flatten_add(file: FileText, node: int) -> list[int]:
    operands: list[int] = []
    stack = [node]
    while stack and len(operands) < 16:
        current = stack.pop()
        op = file.op(current)
        if op[0] == "add":
            stack.extend([op[2], op[1]])
        else:
            operands.append(current)
    return operands


def derive(interpreter: Interpreter) -> Derived:
    return Deriver(interpreter).derive()


_ = Unknown
