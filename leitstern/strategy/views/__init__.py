"""Strategy pages, split by topic: overview pages, metrics, OKRs."""
