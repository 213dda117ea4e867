from __future__ import annotations

from pathlib import Path

import pytest

from scopelint.config import load_config
from scopelint.engine import Engine


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine with the built-in packs and default configuration (no config file)."""
    empty = tmp_path_factory.mktemp("no-config")
    return Engine(load_config(empty))


REPO = Path(__file__).resolve().parent.parent
