"""The inventory document as text (a terminal, a CI log), JSON (the document itself) and
Markdown (a report to share); each renders the document, none computes anything new."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from scopelint.inventory.build import TOKEN_KINDS

INVENTORY_FORMATS = ("text", "json", "markdown")


def render_inventory(document: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(document, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(document)
    return _text(document)


# ---------------------------------------------------------------------------- shared
def endpoint_labels(call: dict[str, Any]) -> list[str]:
    return [f"{e['method']} {e['path']}" for e in call["endpoints"]] or [f"the {call['api']} ({call['call']})"]


def token_label(token: dict[str, Any]) -> str:
    kind = TOKEN_KINDS.get(token["kind"], token["kind"])
    return f"{kind}: {token['source']}" if token["source"] else kind


def request_places(token: dict[str, Any]) -> list[str]:
    return [f"{r['path']}:{r['line']} ({r['flow']}, {r['library']})" for r in token["requests"]]


def scope_text(scopes: dict[str, list[str] | None]) -> str:
    """`read:current_user (user) / read:users (machine)`: which applies depends on the token."""
    parts = []
    if scopes.get("current_user") is not None:
        parts.append(f"{' '.join(scopes['current_user'] or []) or '-'} (user)")
    if scopes.get("any_user") is not None:
        parts.append(f"{' '.join(scopes['any_user'] or []) or '-'} (machine)")
    return " / ".join(parts)


def asked_scope(application: dict[str, Any]) -> str:
    if application["scope"] is not None:
        return application["scope"]
    return "(all granted to the client)" if application["kind"] == "machine" else "(none)"


def missing_text(application: dict[str, Any]) -> str:
    missing = application["scopes_missing"]
    if missing is None:
        return "(granted in the dashboard)" if application["kind"] == "machine" else "(not known)"
    return " ".join(missing) or "-"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in rows)
    return lines


def cell(text: str) -> str:
    """Text inside a Markdown table cell: pipes escaped, one line."""
    return " ".join(str(text).replace("|", "\\|").split())


def code(text: str) -> str:
    return f"`{text.replace('`', '')}`" if text else ""


# ---------------------------------------------------------------------------- text
def _text(document: dict[str, Any]) -> str:
    calls = document["calls"]
    out = [f"Management API calls of {document['repository']}: {len(calls)}", ""]
    for call in calls:
        place = f"{call['path']}:{call['line']}:{call['column']}"
        out.append(f"{place}: {', '.join(endpoint_labels(call))} ({call['call']})")
        for token in call["tokens"]:
            requests = request_places(token)
            requested = f"; requested at {', '.join(requests)}" if requests else ""
            out.append(f"    token: {token_label(token)}{requested}")
        out.append(f"    scopes: {scope_text(call['scopes'])}")
        if call["findings"]:
            out.append(f"    findings: {', '.join(call['findings'])}")
        out.append("")
    if document["applications"]:
        out.append("Token requests whose tokens reach the API:")
        out.append("")
    for application in document["applications"]:
        out.append(
            f"{application['path']}:{application['line']}: {application['kind']} "
            f"({application['flow']}, {application['library']})"
        )
        out.append(f"    audience: {application['audience'] or '(none)'}; scope: {asked_scope(application)}")
        out.append(f"    needs: {' '.join(application['scopes_needed']) or '-'}")
        out.append(f"    missing: {missing_text(application)}")
        if application["findings"]:
            out.append(f"    findings: {', '.join(application['findings'])}")
        out.append("")
    per_rule = document["findings_per_rule"]
    out.append("Findings: " + (", ".join(f"{c} {n}" for c, n in per_rule.items()) or "none"))
    out.extend(f"{e['path']}: error: {e['message']}" for e in document["errors"])
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------- markdown
def _markdown(document: dict[str, Any]) -> str:
    out = [f"# Management API inventory: {document['repository']}", "", "## Calls", ""]
    rows = []
    for call in document["calls"]:
        tokens = call["tokens"]
        rows.append(
            [
                code(f"{call['path']}:{call['line']}"),
                "<br>".join(endpoint_labels(call)),
                code(call["call"]),
                "<br>".join(token_label(t) for t in tokens),
                "<br>".join(p for t in tokens for p in request_places(t)),
                scope_text(call["scopes"]),
                ", ".join(call["findings"]),
            ]
        )
    out += table(["Location", "Endpoint", "Call", "Token", "Token request", "Scopes", "Findings"], rows)
    out += ["", "## Token requests (applications and machine clients)", ""]
    out += table(
        ["Token request", "Kind", "Flow", "Audience", "Scope asked", "Scopes needed", "Missing", "Findings"],
        [
            [
                code(f"{a['path']}:{a['line']}"),
                a["kind"],
                f"{a['flow']} ({a['library']})",
                a["audience"] or "(none)",
                asked_scope(a),
                " ".join(a["scopes_needed"]),
                missing_text(a),
                ", ".join(a["findings"]),
            ]
            for a in document["applications"]
        ],
    )
    out += ["", "## Findings per rule", ""]
    out += table(["Rule", "Findings"], [[code_, str(n)] for code_, n in document["findings_per_rule"].items()])
    if document["errors"]:
        out += ["", "## Files that could not be analysed", ""]
        out += [f"- {code(e['path'])}: {e['message']}" for e in document["errors"]]
    return "\n".join(out) + "\n"
