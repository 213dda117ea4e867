"""The realistic apps of tests/fixtures/apps (several modules, a framework, helpers, a correct
twin each), as benchmarks/recall.py scores them: what the analysis must keep true on them.

- a correct twin (the documented access-token flow) gives no finding at all;
- every finding of a vulnerable twin is one its annotations expect (precision);
- recall does not fall below what it was when the floor was last raised;
- the apps of a language laid side by side as one monorepo give exactly the union of the
  findings of the apps checked one by one (joins stay inside an app).
"""

from __future__ import annotations

import sys

import pytest

from helpers import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import recall  # the scorer of benchmarks/recall.py, shared rather than copied

APPS = recall.discover(recall.DEFAULT_APPS, list(recall.LANGUAGES))
IDS = [f"{language}/{name}" for language, name, _ in APPS]
# Raised when recall improves, never lowered to let a change through.
RECALL_FLOOR = {"python": 1.0, "javascript": 1.0}


@pytest.fixture(scope="module")
def results() -> dict[str, recall.AppResult]:
    return {f"{language}/{name}": recall.check_app(language, name, path) for language, name, path in APPS}


def test_there_are_apps_of_both_languages() -> None:
    assert {language for language, _, _ in APPS} == set(recall.LANGUAGES)
    assert len(APPS) >= 30


@pytest.mark.parametrize("app", IDS)
def test_the_correct_twin_has_no_finding(results: dict[str, recall.AppResult], app: str) -> None:
    result = results[app]
    assert not result.correct, [result.messages[("correct", key)] for key in sorted(result.correct)]


@pytest.mark.parametrize("app", IDS)
def test_every_finding_of_the_vulnerable_twin_is_expected(results: dict[str, recall.AppResult], app: str) -> None:
    result = results[app]
    false = sorted(result.false_vulnerable)
    assert not false, [f"{key}: {result.messages[('vulnerable', key)]}" for key in false]


@pytest.mark.parametrize("app", IDS)
def test_the_apps_are_analysed_without_errors(results: dict[str, recall.AppResult], app: str) -> None:
    assert results[app].errors == []


@pytest.mark.parametrize("language", recall.LANGUAGES)
def test_recall_stays_above_its_floor(results: dict[str, recall.AppResult], language: str) -> None:
    score = recall.Score()
    for result in results.values():
        if result.language == language:
            score.add(result.score())
    misses = sorted(f"{r.name}/{k}" for r in results.values() if r.language == language for k in r.misses)
    assert score.recall is not None and score.recall >= RECALL_FLOOR[language], misses


@pytest.mark.parametrize("language", recall.LANGUAGES)
def test_a_monorepo_reports_the_union_of_its_apps(results: dict[str, recall.AppResult], language: str) -> None:
    mono = recall.monorepo(language, APPS, list(results.values()))
    assert mono is not None
    assert (mono.only_monorepo, mono.only_per_app) == ([], [])
    assert mono.equal
