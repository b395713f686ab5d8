"""Writes for strategy: metrics and their data, cycles, objectives, key results and
check-ins. Views, the API, the demo and the reminder command all call these."""

from leitstern.strategy.services._common import can_own, check_owner
from leitstern.strategy.services.metrics import (
    annotation_add,
    metric_create,
    metric_delete,
    metric_target_add,
    metric_update,
    metric_value_delete,
    metric_value_set,
    metric_values_record,
)
from leitstern.strategy.services.okrs import (
    check_in_delete,
    check_in_record,
    cycle_close,
    cycle_create,
    cycle_update,
    key_result_create,
    key_result_delete,
    key_result_update,
    objective_carry_forward,
    objective_create,
    objective_delete,
    objective_update,
    postmortem_needed,
    reminder_preference_set,
)

__all__ = [
    "annotation_add",
    "can_own",
    "check_in_delete",
    "check_in_record",
    "check_owner",
    "cycle_close",
    "cycle_create",
    "cycle_update",
    "key_result_create",
    "key_result_delete",
    "key_result_update",
    "metric_create",
    "metric_delete",
    "metric_target_add",
    "metric_update",
    "metric_value_delete",
    "metric_value_set",
    "metric_values_record",
    "objective_carry_forward",
    "objective_create",
    "objective_delete",
    "objective_update",
    "postmortem_needed",
    "reminder_preference_set",
]
