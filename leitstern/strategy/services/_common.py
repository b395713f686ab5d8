"""What the strategy services share: activity kinds and input checks."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.workspaces.models import Need, Workspace

METRIC_CREATED = kinds.register("strategy.metric.created", gettext_lazy("created a metric"))
METRIC_UPDATED = kinds.register("strategy.metric.updated", gettext_lazy("changed a metric"))
METRIC_VALUES = kinds.register("strategy.metric.values", gettext_lazy("recorded metric values"))
METRIC_VALUE_DELETED = kinds.register(
    "strategy.metric.value_deleted", gettext_lazy("deleted a metric value")
)
METRIC_DELETED = kinds.register("strategy.metric.deleted", gettext_lazy("deleted a metric"))
METRIC_TARGET = kinds.register("strategy.metric.target", gettext_lazy("set a metric target"))
ANNOTATION = kinds.register("strategy.annotation", gettext_lazy("annotated metric charts"))
CYCLE_CREATED = kinds.register("strategy.cycle.created", gettext_lazy("created an OKR cycle"))
CYCLE_UPDATED = kinds.register("strategy.cycle.updated", gettext_lazy("changed an OKR cycle"))
CYCLE_CLOSED = kinds.register("strategy.cycle.closed", gettext_lazy("closed an OKR cycle"))
OBJECTIVE_CREATED = kinds.register(
    "strategy.objective.created", gettext_lazy("created an objective")
)
OBJECTIVE_UPDATED = kinds.register(
    "strategy.objective.updated", gettext_lazy("changed an objective")
)
OBJECTIVE_DELETED = kinds.register(
    "strategy.objective.deleted", gettext_lazy("deleted an objective")
)
OBJECTIVE_CARRIED = kinds.register(
    "strategy.objective.carried", gettext_lazy("carried an objective forward")
)
KEY_RESULT_CREATED = kinds.register(
    "strategy.key_result.created", gettext_lazy("added a key result")
)
KEY_RESULT_UPDATED = kinds.register(
    "strategy.key_result.updated", gettext_lazy("changed a key result")
)
KEY_RESULT_DELETED = kinds.register(
    "strategy.key_result.deleted", gettext_lazy("deleted a key result")
)
CHECKED_IN = kinds.register("strategy.check_in", gettext_lazy("checked in on a key result"))
CHECK_IN_DELETED = kinds.register("strategy.check_in.deleted", gettext_lazy("deleted a check-in"))


def check_owner(*, workspace: Workspace, user: User | None, field: str = "owner") -> None:
    """An owner of an objective or key result checks in every week, so they must be able
    to: a member with the contributor role or above (a viewer would be asked for
    check-ins they cannot make). ``None`` (the objective's owner) is always fine."""
    if user is None:
        return
    membership = user.memberships.filter(workspace=workspace).first()
    if membership is None:
        raise ValidationError({field: _("Choose a member of this workspace.")})
    if not membership.can(Need.CONTRIBUTE):
        raise ValidationError(
            {
                field: _(
                    "%(name)s is a viewer and cannot check in; choose a contributor, editor "
                    "or owner."
                )
                % {"name": user}
            }
        )


def _finite(value: float | None, field: str) -> None:
    if value is not None and not math.isfinite(value):
        raise ValidationError({field: _("Enter a finite number.")})


def can_own(*, workspace: Workspace, user: User | None) -> bool:
    """Whether ``user`` may own an objective or key result now (see ``check_owner``)."""
    try:
        check_owner(workspace=workspace, user=user)
    except ValidationError:
        return False
    return True
