"""The run phase: every file's program, joined along the module graph and interpreted
together, gives the flows every rule reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scopelint.facts.model import RunFacts
from scopelint.facts.program import Program
from scopelint.flow.derive import derive
from scopelint.flow.interpreter import Interpreter
from scopelint.flow.libraries import Libraries
from scopelint.flow.modules import ModuleGraph

if TYPE_CHECKING:
    from scopelint.packs.knowledge import Knowledge


@dataclass
class RunAnalysis:
    run: RunFacts
    exhausted: list[str] = field(default_factory=list)  # files past their budget: findings may be missing
    apps: dict[str, int] = field(default_factory=dict)


def analyse_run(
    programs: Iterable[Program],
    texts: dict[str, str],
    knowledge: Knowledge,
    custom_domains: tuple[str, ...] = (),
    markers: Iterable[str] = (),
) -> RunAnalysis:
    programs = list(programs)
    graph = ModuleGraph(programs, markers)
    interpreter = Interpreter(programs, graph, knowledge, texts, Libraries, custom_domains)
    interpreter.run()
    derived = derive(interpreter)
    assert derived.run is not None
    return RunAnalysis(derived.run, interpreter.exhausted, {p.path: graph.app_of(p.path) for p in programs})
