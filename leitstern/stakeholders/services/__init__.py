"""Every write of the stakeholders app: keyword-only, ``actor=``, atomic, with its activity
entry in the same transaction. Views, the API, the importer and the demo call these."""

from leitstern.stakeholders.services.care import (
    conversation_delete,
    conversation_record,
    conversation_update,
    plan_item_create,
    plan_item_delete,
    plan_item_sent,
    plan_item_update,
)
from leitstern.stakeholders.services.erase import stakeholder_erase
from leitstern.stakeholders.services.network import (
    influence_add,
    influence_remove,
    influence_update,
)
from leitstern.stakeholders.services.positions import (
    engagement_assess,
    grid_place,
    salience_assess,
    stance_set,
)
from leitstern.stakeholders.services.register import (
    stakeholder_create,
    stakeholder_update,
    theme_create,
    theme_delete,
    theme_update,
)

__all__ = [
    "conversation_delete",
    "conversation_record",
    "conversation_update",
    "engagement_assess",
    "grid_place",
    "influence_add",
    "influence_remove",
    "influence_update",
    "plan_item_create",
    "plan_item_delete",
    "plan_item_sent",
    "plan_item_update",
    "salience_assess",
    "stakeholder_create",
    "stakeholder_erase",
    "stakeholder_update",
    "stance_set",
    "theme_create",
    "theme_delete",
    "theme_update",
]
