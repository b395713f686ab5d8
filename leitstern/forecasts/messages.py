"""The engine speaks English with stable codes; people read these, in their language.

``describe(code, params)`` turns an engine error, row problem or warning into a translated
sentence. An unknown code falls back to the engine's English message."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

MESSAGES = {
    # Input errors
    "not_a_table": _("The file is not a table (CSV or TSV) or a GitHub JSON list."),
    "empty_file": _("The file has no rows."),
    "no_date_column": _(
        "No column with completion dates was found. Name it below. The columns are: %(columns)s."
    ),
    "unknown_column": _("There is no column “%(column)s”. The columns are: %(columns)s."),
    "ambiguous_date_order": _(
        "The dates in column “%(column)s” could be day/month or month/day; choose the order."
    ),
    "invalid_rows": _("%(count)s row(s) could not be read."),
    "no_items": _("There are no completed items."),
    "no_completions": _(
        "No item was completed in the history window %(start)s to %(end)s; choose a longer or "
        "earlier window."
    ),
    "target_met": _("Nothing left to forecast: the target is already met."),
    "invalid_items": _("The number of items must be a positive whole number."),
    "invalid_days": _("The horizon must be a positive number of days."),
    "invalid_confidence": _("Confidence levels must lie strictly between 0 and 100%%."),
    "invalid_option": _("The setting “%(option)s” has an impossible value (%(value)s)."),
    "future_date": _("The date %(date)s lies in the future."),
    "window_outside_data": _("The history window (%(start)s to %(end)s) holds no data."),
    "exact_unsupported": _(
        "The exact engine cannot combine backlog growth with a split range; choose Monte Carlo."
    ),
    "no_cycle_times": _("No finished item has a start date."),
    "too_few_cuts": _("Too little history to measure past forecasts (%(cuts)s of %(needed)s)."),
    "unreadable_file": _("The file cannot be read."),
    # Row problems
    "bad_date": _("“%(value)s” in column “%(column)s” is not a date."),
    "missing_date": _("The date in column “%(column)s” is missing."),
    "done_before_start": _("Done on %(done)s, before it started on %(start)s."),
    "bad_json_item": _("The entry cannot be read (%(reason)s)."),
    "key_too_long": _(
        "The key in column “%(column)s” has %(length)s characters; at most %(max)s are allowed."
    ),
    "date_out_of_range": _("“%(value)s” in column “%(column)s” lies outside %(min)s to %(max)s."),
    "not_done": _("No completion date (not done)."),
    "canceled": _("The item was cancelled."),
    # Warnings
    "few_completion_days": _(
        "Only %(days)s day(s) in the window had completions (at least %(minimum)s are "
        "advised); the forecast rests on little data."
    ),
    "backlog_not_shrinking": _(
        "On average more items arrived than were finished in the window: the backlog may "
        "never reach zero."
    ),
    "not_finished_within_horizon": _(
        "Within %(days)s days the items are done with a probability of only %(percent)s%%; "
        "answers above that are not given."
    ),
    "horizon_rounded": _(
        "Weekly sampling counts whole weeks: %(days)s days are read as %(weeks)s week(s)."
    ),
    "duplicates_collapsed": _(
        "%(count)s row(s) repeated an item key and were merged into one item."
    ),
    "rows_skipped": _(
        "%(count)s row(s) are not completed items (open, cancelled or closed without merge) "
        "and were left out."
    ),
    "calibration_fallback": _("The calibration fell back to a conservative widening."),
    "few_cycle_times": _("Only %(count)s finished item(s) have start and done dates."),
    "item_older_than_history": _("The item is older than any finished item in the window."),
    "stale_history": _(
        "Nothing was finished in the %(days)s days from %(last_done)s to %(as_of)s; the "
        "forecast counts them as days without any completion. If the data ends earlier, "
        "forecast as of %(suggested_as_of)s (the last completion)."
    ),
    "throughput_shift": _(
        "Throughput changed around %(since)s: %(before)s items a week before, %(after)s since. "
        "If you know it will last (the team or its way of working changed), choose a window "
        "that starts on %(suggested_window_start)s (%(weeks)s weeks of history)."
    ),
    # Limits of a calibrated answer
    "horizon_unchecked": _(
        "Checked %(checked_days)s days ahead on histories they were not learned on, "
        "calibrated forecasts came true only %(hit_85)s%% of the time at “85%%” and "
        "%(hit_95)s%% at “95%%”; this one looks %(days)s days ahead: treat it as rough and "
        "forecast again as you go."
    ),
    "horizon_beyond_checks": _(
        "Calibration was checked up to %(checked_days)s days ahead; %(days)s days is further: "
        "treat the answer as rough and forecast again as you go."
    ),
    "little_data": _(
        "Only %(days)s day(s) with completions in the window: too few to know how often such "
        "forecasts come true; the calibrated answer is a guess."
    ),
    "calibration_unchecked": _(
        "This calibration (a fixed conservative widening) was never checked against what "
        "really happened: treat the calibrated answers as rough."
    ),
    "plain_levels": _(
        "Plain levels: on real histories, plain forecasts like this came true %(hit_85)s%% of "
        "the time at “85%%” and %(hit_95)s%% at “95%%”."
    ),
    "plain_unchecked": _(
        "Plain levels, and how often they come true with weekly sampling was never measured: "
        "treat the answers as rough."
    ),
    # Team page warnings (the app's own)
    "quiet_spell": _(
        "A quiet spell of %(days)s days without a finished item lies in the last 180 days."
    ),
}


def describe(code: str, params: dict[str, Any] | None = None, fallback: str = "") -> str:
    params = dict(params or {})
    if "probability" in params:
        try:
            params["percent"] = round(float(params["probability"]) * 100)
        except (TypeError, ValueError):
            params["percent"] = params["probability"]
    for key, value in list(params.items()):
        if isinstance(value, (list, tuple)):
            params[key] = ", ".join(str(v) for v in value)
        elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
            # The engine speaks ISO dates; people read dates as their language writes them.
            params[key] = date_format(date.fromisoformat(value), "DATE_FORMAT")
        elif isinstance(value, float):
            params[key] = number_format(value)
    template = MESSAGES.get(code)
    if template is None:
        return fallback or code
    return str(template) % defaultdict(lambda: "?", params)


def describe_error(error) -> str:
    """A ``ForecastInputError`` (or its ``as_dict()``) in the reader's language."""
    if isinstance(error, dict):
        return describe(error.get("code", ""), error.get("params"), error.get("message", ""))
    return describe(error.code, error.params, error.message)
