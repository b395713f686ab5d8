"""Discovery: opportunity solution trees, hypotheses measured to verdicts, and
prioritisation on evidence.

A product's desired outcome (a key result or a metric of strategy) is the root of a tree of
opportunities (customer needs, nestable) and the solutions that address them. Each bet is a
hypothesis with a decision rule fixed in advance; experiments test hypotheses and, when
closed, store a verdict per hypothesis computed by the statistics engine. Solutions and
opportunities are scored by the product's method, alone or in scoring sessions."""

from leitstern.discovery.models.evidence import EvidenceLink
from leitstern.discovery.models.experiments import (
    BEFORE_AFTER_FIELDS,
    COUNT_FIELDS,
    DEFAULT_RESULT_KIND,
    LEARNING_FIELDS,
    MEAN_FIELDS,
    RESULT_FIELDS,
    Experiment,
    ExperimentKind,
    ExperimentStatus,
    Judgement,
    ResultKind,
    Verdict,
)
from leitstern.discovery.models.hypotheses import (
    Category,
    Criterion,
    EffectScale,
    Hypothesis,
    HypothesisStatus,
    MetricKind,
    RuleDirection,
)
from leitstern.discovery.models.scores import (
    INPUT_FIELDS,
    Score,
    ScoringSession,
    SessionStatus,
    SessionVote,
)
from leitstern.discovery.models.tree import (
    SETTLED_SOLUTIONS,
    SETTLED_STAGES,
    DiscoverySettings,
    Opportunity,
    Outcome,
    Review,
    ScoringMethod,
    Solution,
    SolutionStatus,
    Stage,
)

__all__ = [
    "BEFORE_AFTER_FIELDS",
    "COUNT_FIELDS",
    "DEFAULT_RESULT_KIND",
    "INPUT_FIELDS",
    "LEARNING_FIELDS",
    "MEAN_FIELDS",
    "RESULT_FIELDS",
    "SETTLED_SOLUTIONS",
    "SETTLED_STAGES",
    "Category",
    "Criterion",
    "DiscoverySettings",
    "EffectScale",
    "EvidenceLink",
    "Experiment",
    "ExperimentKind",
    "ExperimentStatus",
    "Hypothesis",
    "HypothesisStatus",
    "Judgement",
    "MetricKind",
    "Opportunity",
    "Outcome",
    "ResultKind",
    "Review",
    "RuleDirection",
    "Score",
    "ScoringMethod",
    "ScoringSession",
    "SessionStatus",
    "SessionVote",
    "Solution",
    "SolutionStatus",
    "Stage",
    "Verdict",
]
