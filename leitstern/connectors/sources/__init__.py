"""One adapter per tracker, all answering ``base.Source``."""

from __future__ import annotations

from leitstern.connectors.sources.azure import Azure
from leitstern.connectors.sources.base import Item, Settings, Source
from leitstern.connectors.sources.github import GitHub
from leitstern.connectors.sources.http import SourceError
from leitstern.connectors.sources.jira import Jira
from leitstern.connectors.sources.linear import Linear

ADAPTERS: dict[str, type] = {"jira": Jira, "github": GitHub, "linear": Linear, "azure": Azure}


def source_for(kind: str, settings: Settings) -> Source:
    return ADAPTERS[kind](settings)


__all__ = ["Item", "Settings", "Source", "SourceError", "source_for"]
