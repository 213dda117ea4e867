"""`scopelint inventory --merge A.json B.json ...`: the inventories of many repositories in
one Markdown report: calls per repository, repository × endpoint, the scopes each
application (token request) needs, findings per rule."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from scopelint.inventory.build import INVENTORY_VERSION, TOKEN_KINDS
from scopelint.inventory.render import asked_scope, code, endpoint_labels, missing_text, table

# What a document must hold for the report (the schema says the rest).
_REQUIRED: dict[str, type] = {
    "repository": str,
    "calls": list,
    "applications": list,
    "findings_per_rule": dict,
    "errors": list,
}
_SHORT_KIND = {
    "id-token": "ID",
    "user-access-token": "user",
    "m2m-access-token": "M2M",
    "access-token": "access",
    "unknown": "unknown",
}


class InventoryError(Exception):
    """An inventory file that cannot be read: the message names the file and the reason."""


def load_inventory(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InventoryError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InventoryError(f"{path}: not a JSON document ({exc})") from None
    if not isinstance(document, dict) or "inventory_version" not in document:
        raise InventoryError(f"{path}: not a scopelint inventory (no inventory_version)")
    if document["inventory_version"] != INVENTORY_VERSION:
        raise InventoryError(
            f"{path}: inventory_version {document['inventory_version']!r} is not supported "
            f"(this scopelint reads version {INVENTORY_VERSION})"
        )
    for key, kind in _REQUIRED.items():
        if not isinstance(document.get(key), kind):
            raise InventoryError(f"{path}: '{key}' is missing or not a {kind.__name__}")
    return document


def merge_report(documents: list[dict[str, Any]]) -> str:
    """The Markdown report of several repositories' inventories."""
    documents = sorted(documents, key=lambda d: d["repository"])
    out = [f"# Management API inventory of {_count(len(documents), 'repository', 'repositories')}", ""]
    kinds = list(TOKEN_KINDS)
    summary = []
    for document in documents:
        per_kind = Counter(_call_kind(call) for call in document["calls"])
        summary.append(
            [
                document["repository"],
                str(len(document["calls"])),
                *(str(per_kind[k]) for k in kinds),
                str(sum(document["findings_per_rule"].values())),
            ]
        )
    out += table(["Repository", "Calls", *(TOKEN_KINDS[k] for k in kinds), "Findings"], summary)

    endpoints: list[str] = []
    for document in documents:
        for call in document["calls"]:
            endpoints.extend(label for label in endpoint_labels(call) if label not in endpoints)
    endpoints.sort(key=_endpoint_order)
    out += ["", "## Repository × endpoint", "", "Call sites per endpoint, by where their token comes from.", ""]
    rows = []
    for document in documents:
        cells: dict[str, Counter[str]] = {label: Counter() for label in endpoints}
        for call in document["calls"]:
            for label in endpoint_labels(call):
                cells[label][_call_kind(call)] += 1
        rows.append([document["repository"], *(_endpoint_cell(cells[label]) for label in endpoints)])
    out += table(["Repository", *endpoints], rows)

    out += ["", "## Scopes each application needs", ""]
    out += table(
        ["Repository", "Token request", "Kind", "Scope asked", "Scopes needed", "Missing"],
        [
            [
                d["repository"],
                code(f"{a['path']}:{a['line']}") + f" {a['flow']} ({a['library']})",
                a["kind"],
                asked_scope(a),
                " ".join(a["scopes_needed"]),
                missing_text(a),
            ]
            for d in documents
            for a in d["applications"]
        ],
    )

    rules = sorted({code_ for d in documents for code_ in d["findings_per_rule"]})
    out += ["", "## Findings per rule", ""]
    totals: Counter[str] = Counter()
    rows = []
    for document in documents:
        counts = document["findings_per_rule"]
        totals.update(counts)
        rows.append([document["repository"], *(str(counts.get(r, 0)) for r in rules), str(sum(counts.values()))])
    rows.append(["**total**", *(str(totals[r]) for r in rules), str(sum(totals.values()))])
    out += table(["Repository", *rules, "Total"], rows)
    failed = [(d["repository"], e) for d in documents for e in d["errors"]]
    if failed:
        out += ["", "## Files that could not be analysed", ""]
        out += [f"- {repository}: {code(e['path'])}: {e['message']}" for repository, e in failed]
    return "\n".join(out) + "\n"


def _call_kind(call: dict[str, Any]) -> str:
    """A call's token, for counting: an ID token wins (it is what must change), then the rest."""
    kinds = {t["kind"] for t in call["tokens"]}
    return next((k for k in TOKEN_KINDS if k in kinds), "unknown")


def _endpoint_cell(counts: Counter[str]) -> str:
    if not counts:
        return ""
    total = sum(counts.values())
    return f"{total} (" + ", ".join(f"{_SHORT_KIND[k]} {counts[k]}" for k in TOKEN_KINDS if counts[k]) + ")"


def _endpoint_order(label: str) -> tuple[str, str]:
    method, _, path = label.partition(" ")
    return (path, method)


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
