"""Does a (partly known) URL address an endpoint of a rule pack's API?

A URL is a `Text` of literal pieces and holes. Holes stand for values not known
statically: a domain from the environment, a user id. The host decides whether the call
goes to the API (an Auth0 host, a configured custom domain, or a host that is not a
literal); the path must match an endpoint template, each hole filling one segment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from scopelint.flow.values import Text, Value, alternatives
from scopelint.packs.knowledge import Endpoint

_HOLE = "\x00"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def render(text: Text) -> str:
    return "".join(p if isinstance(p, str) else _HOLE for p in text.parts)


def split_url(url: str) -> tuple[str | None, str] | None:
    """(host, path) of a rendered URL; host None when it is not a literal at all.

    Returns None when the URL does not say where it goes (a hole that may hold a whole
    base URL with its own path, followed by a path that does not start the API's prefix).
    """
    match = _SCHEME.match(url)
    if match:
        rest = url[match.end() :]
        cut = rest.find("/")
        host, path = (rest, "/") if cut < 0 else (rest[:cut], rest[cut:])
        return (None if host.strip(_HOLE) == "" else host), path
    if url.startswith(_HOLE):
        cut = url.find("/")
        if cut < 0:
            return None
        return None, url[cut:]
    if url.startswith("/"):
        return None, url
    return None


def _normalise_path(path: str) -> str:
    path = re.split(r"[?#]", path, maxsplit=1)[0]
    path = re.sub(r"/{2,}", "/", path)
    return path.replace(_HOLE, "X")


def host_matches(host: str | None, patterns: Iterable[re.Pattern[str]], custom_domains: Iterable[str]) -> bool:
    if host is None:
        return True  # a variable, a setting, the environment: may well be the tenant
    host = host.split("@")[-1]
    host = re.sub(r":(\d+|\x00)$", "", host).lower()
    if _HOLE in host and host.replace(_HOLE, "") in ("", "."):
        return True
    concrete = host.replace(_HOLE, "tenant")
    if any(p.fullmatch(concrete) for p in patterns):
        return True
    return concrete in {d.lower() for d in custom_domains}


def url_parts(url: Value) -> Iterator[tuple[str | None, str]]:
    """(host, path) of every alternative of a URL that says where it goes."""
    for option in alternatives(url):
        if isinstance(option, Text):
            parts = split_url(render(option))
            if parts is not None:
                yield parts


def match_endpoints(
    url: Value, method: str | None, endpoints: Iterable[Endpoint], custom_domains: Iterable[str]
) -> list[Endpoint]:
    """The endpoints `url` (with `method`, None when unknown) may call."""
    found: list[Endpoint] = []
    endpoints = list(endpoints)
    for host, path in url_parts(url):
        path = _normalise_path(path)
        for endpoint in endpoints:
            if method is not None and endpoint.method != method:
                continue
            if not endpoint.pattern.match(path):
                continue
            if not host_matches(host, endpoint.api.hosts, custom_domains):
                continue
            if endpoint not in found:
                found.append(endpoint)
    return found
