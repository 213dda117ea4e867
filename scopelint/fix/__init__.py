"""`scopelint fix`: apply the findings' fixes, verify them, write the files safely."""

from scopelint.fix.fixer import MAX_PASSES, Fixer, FixOutcome, RuleStats, apply_edits, verify, write_source

__all__ = ["MAX_PASSES", "FixOutcome", "Fixer", "RuleStats", "apply_edits", "verify", "write_source"]
