"""Influence networks of stakeholders: who listens to whom (pure Python + numpy/scipy).

Build a ``Network`` with ``build_network(people=..., ties=...)`` — a tie
``Tie(influencer=j, listener=i, strength=1..3)`` says "i listens to j". Then ask
``centrality`` (weighted influence, betweenness for brokers, PageRank-style reach),
``influence_paths`` (routes of up to three steps between two people, with their strength)
and ``suggestions`` (whom to talk to first to win over someone for a theme, with reasons as
codes). Results are frozen dataclasses with ``as_dict()``; refusals raise
``NetworkInputError`` with the field, the row and a stable code. Conventions:
``docs/network.md``. This package never imports Django.
"""

from __future__ import annotations

from .centrality import Centrality, PersonCentrality, betweenness, centrality, pagerank
from .errors import NetworkInputError, NetworkProblem
from .graph import (
    ATTITUDES,
    ENGAGEMENT,
    STRENGTH_LABELS,
    Network,
    Person,
    PersonId,
    Tie,
    build_network,
)
from .paths import MAX_STEPS, InfluencePath, influence_paths, path_strength
from .suggestions import Candidate, Reason, Suggestions, suggestions

__all__ = [
    "ATTITUDES",
    "ENGAGEMENT",
    "MAX_STEPS",
    "STRENGTH_LABELS",
    "Candidate",
    "Centrality",
    "InfluencePath",
    "Network",
    "NetworkInputError",
    "NetworkProblem",
    "Person",
    "PersonCentrality",
    "PersonId",
    "Reason",
    "Suggestions",
    "Tie",
    "betweenness",
    "build_network",
    "centrality",
    "influence_paths",
    "pagerank",
    "path_strength",
    "suggestions",
]
