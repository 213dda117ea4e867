"""VALID and INVALID examples of SL105 (run by tests/test_rule_examples.py)."""

from scopelint.rules.base import Invalid, Valid

VALID_EXAMPLES: list[Valid] = []
INVALID_EXAMPLES: list[Invalid] = []
