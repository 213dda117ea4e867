"""`scopelint inventory`: every Management API call site with its endpoint, its token's
source and the scopes it needs, read off the run's flows (`RunResult.facts`), never from a
scan of its own; and `--merge`, one report of many repositories' inventories.

The JSON document (`INVENTORY_VERSION`) is the interface between the two: `build` makes
it, `scopelint.inventory.render` prints it, `scopelint.inventory.merge` joins several.
"""

from __future__ import annotations

from scopelint.inventory.build import INVENTORY_VERSION, TOKEN_KINDS, build_inventory

__all__ = ["INVENTORY_VERSION", "TOKEN_KINDS", "build_inventory"]
