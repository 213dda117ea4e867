"""A `Program` is plain data: the cache stores it as JSON, the process pool pickles it, and
its locations are a compact mapping that must behave exactly like the dict it replaces."""

from __future__ import annotations

import json
import pickle

import pytest

from scopelint.facts.program import Locations, Program
from scopelint.python.lower import lower_module
from scopelint.python.parse import parse

APP = """\
import requests

def profile(tokens, domain):
    headers = {"Authorization": f"Bearer {tokens['id_token']}"}
    return requests.get(f"https://{domain}/api/v2/users/me", headers=headers)
"""


def _program(text: str = APP) -> Program:
    return lower_module(parse(text), "app.py")


def test_locations_behave_as_a_mapping() -> None:
    locations = Locations()
    locations[3] = (1, 2, 1, 9, 1, 1, 0)
    locations[0] = (5, 1, 6, 4, 5, 6, 2)
    assert len(locations) == 2
    assert 3 in locations and 0 in locations
    assert 1 not in locations and 2 not in locations and 4 not in locations and -1 not in locations
    assert "3" not in locations
    assert locations[3] == (1, 2, 1, 9, 1, 1, 0)
    assert locations.get(2) is None and locations.get(99, "absent") == "absent"
    with pytest.raises(KeyError):
        locations[1]
    assert list(locations) == [0, 3]
    assert dict(locations.items()) == {0: (5, 1, 6, 4, 5, 6, 2), 3: (1, 2, 1, 9, 1, 1, 0)}
    locations[3] = (2, 2, 2, 9, 2, 2, 0)  # set again: replaced, not counted twice
    assert len(locations) == 2 and locations[3][0] == 2
    assert locations == {0: (5, 1, 6, 4, 5, 6, 2), 3: (2, 2, 2, 9, 2, 2, 0)}


def test_every_node_location_survives_the_cache_and_the_pool() -> None:
    program = _program()
    assert len(program.locations) > 10
    through_cache = Program.from_data(json.loads(json.dumps(program.to_data())))
    through_pool = pickle.loads(pickle.dumps(program))
    for copy in (through_cache, through_pool):
        assert dict(copy.locations.items()) == dict(program.locations.items())
    assert through_pool == program


def test_a_docstring_is_not_lowered() -> None:
    text = '"""A module about https://example.auth0.com/authorize?response_type=id_token"""\n' + APP
    nodes = _program(text).nodes
    assert not any(node[0] == "str" and "authorize" in node[1] for node in nodes)
