"""Roadmap pages, split by topic: roadmaps, the views on one (board, timeline, table,
outcomes), items, history, pauses and decisions, audiences, share links, imports."""
