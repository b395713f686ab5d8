"""Business cases with their phases, lines and actuals travel with their workspace."""

from __future__ import annotations

from leitstern.cases.models import (
    BusinessCase,
    CaseActual,
    CaseCorrelation,
    CaseEvent,
    CaseLine,
    CasePhase,
    ComparisonRun,
    VerdictUpdate,
)
from leitstern.core import portability

portability.register(BusinessCase)
portability.register(CasePhase)
portability.register(CaseLine)
portability.register(CaseActual)
portability.register(CaseEvent)
portability.register(CaseCorrelation)
portability.register(VerdictUpdate)
portability.skip(ComparisonRun, reason="derived numbers, simulated again when asked for")
