from __future__ import annotations

from pathlib import Path

import pytest

from scopelint.config import load_config
from scopelint.engine import Engine

# The rules' cases are projects, not tests (some hold a tests/conftest.py or tests/test_*.py):
# tests/rules/test_rule_cases.py reads them through tests/rule_cases.py.
collect_ignore = ["fixtures"]


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine with the built-in packs and default configuration (no config file)."""
    empty = tmp_path_factory.mktemp("no-config")
    return Engine(load_config(empty))


REPO = Path(__file__).resolve().parent.parent
