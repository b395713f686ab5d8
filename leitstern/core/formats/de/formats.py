"""German: dates typed or shown in forms. The first input format is what a date widget
renders; it must be ISO, because ``<input type="date">`` takes nothing else and shows the
date in the reader's format by itself. German ``01.10.2026`` is still understood when
typed into a text field."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S.%f",
    "%d.%m.%Y %H:%M",
]
