"""The business cases' kinds of activity entries, named in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from leitstern.activity import kinds

CASE_CREATED = kinds.register("cases.created", _("started a business case"))
CASE_CHANGED = kinds.register("cases.changed", _("changed a business case"))
CASE_DELETED = kinds.register("cases.deleted", _("deleted a business case"))
LINE_ADDED = kinds.register("cases.line.added", _("added a line to a business case"))
LINE_CHANGED = kinds.register("cases.line.changed", _("changed a line of a business case"))
LINE_REMOVED = kinds.register("cases.line.removed", _("removed a line of a business case"))
PHASE_CHANGED = kinds.register("cases.phase.changed", _("changed a phase of a business case"))
EVENT_CHANGED = kinds.register(
    "cases.event.changed", _("changed a yes/no event of a business case")
)
CORRELATION_CHANGED = kinds.register(
    "cases.correlation.changed", _("changed a correlation of a business case")
)
VERDICT_DECIDED = kinds.register(
    "cases.verdict", _("decided about a hypothesis' verdict for a business case")
)
ACTUAL_RECORDED = kinds.register("cases.actual", _("recorded actuals of a business case"))
COMPUTE_ASKED = kinds.register("cases.computed", _("ran a business case's simulation"))
SCENARIO_MADE = kinds.register(
    "cases.scenario", _("made a conservative and an optimistic scenario of a business case")
)
