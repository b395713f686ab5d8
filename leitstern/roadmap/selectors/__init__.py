"""Reads of the roadmap, by topic: the views on one roadmap (``views``), its history and
comparisons (``history``), an item's evidence and forecast (``evidence``), and what an
audience sees (``audiences``). Other apps (the shell) read through these modules."""
