"""Leitstern's adjustments to Django's locale formats (``FORMAT_MODULE_PATH``).

Only what differs from Django's own per-language formats lives here; everything else
(display of dates and numbers on pages) stays Django's."""
