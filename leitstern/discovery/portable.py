"""Discovery travels with its workspace: settings, outcomes, the opportunity tree with its
solutions, hypotheses, experiments with their stored verdicts, scores and scoring sessions
with their votes."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.discovery.models import (
    DiscoverySettings,
    EvidenceLink,
    Experiment,
    Hypothesis,
    Opportunity,
    Outcome,
    Score,
    ScoringSession,
    SessionVote,
    Solution,
    Verdict,
)

portability.register(DiscoverySettings)
portability.register(Outcome)
portability.register(Opportunity)
portability.register(EvidenceLink)
portability.register(Solution)
portability.register(Hypothesis)
portability.register(Experiment)
portability.register(Verdict)
portability.register(Score)
portability.register(ScoringSession)
portability.register(SessionVote)
