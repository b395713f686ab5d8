"""Activity kinds of discovery, registered once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from leitstern.activity import kinds

SETTINGS_UPDATED = kinds.register(
    "discovery.settings.updated", _("changed how a product prioritises")
)
OUTCOME_CREATED = kinds.register("discovery.outcome.created", _("added a desired outcome"))
OUTCOME_UPDATED = kinds.register("discovery.outcome.updated", _("changed a desired outcome"))
OUTCOME_DELETED = kinds.register("discovery.outcome.deleted", _("deleted a desired outcome"))
OPPORTUNITY_CREATED = kinds.register("discovery.opportunity.created", _("added an opportunity"))
OPPORTUNITY_PROPOSED = kinds.register(
    "discovery.opportunity.proposed", _("proposed an opportunity")
)
OPPORTUNITY_DECIDED = kinds.register(
    "discovery.opportunity.decided", _("decided on a proposed opportunity")
)
OPPORTUNITY_UPDATED = kinds.register("discovery.opportunity.updated", _("changed an opportunity"))
OPPORTUNITY_DELETED = kinds.register("discovery.opportunity.deleted", _("deleted an opportunity"))
OPPORTUNITY_MERGED = kinds.register(
    "discovery.opportunity.merged", _("merged duplicate opportunities")
)
SOLUTION_CREATED = kinds.register("discovery.solution.created", _("added a solution"))
SOLUTION_UPDATED = kinds.register("discovery.solution.updated", _("changed a solution"))
SOLUTION_DELETED = kinds.register("discovery.solution.deleted", _("deleted a solution"))
SOLUTION_MERGED = kinds.register("discovery.solution.merged", _("merged duplicate solutions"))
HYPOTHESIS_CREATED = kinds.register("discovery.hypothesis.created", _("stated a hypothesis"))
HYPOTHESIS_UPDATED = kinds.register("discovery.hypothesis.updated", _("changed a hypothesis"))
HYPOTHESIS_DELETED = kinds.register("discovery.hypothesis.deleted", _("deleted a hypothesis"))
EXPERIMENT_CREATED = kinds.register("discovery.experiment.created", _("planned an experiment"))
EXPERIMENT_UPDATED = kinds.register("discovery.experiment.updated", _("changed an experiment"))
EXPERIMENT_STARTED = kinds.register("discovery.experiment.started", _("started an experiment"))
EXPERIMENT_CLOSED = kinds.register(
    "discovery.experiment.closed", _("closed an experiment with its verdicts")
)
EXPERIMENT_DELETED = kinds.register("discovery.experiment.deleted", _("deleted an experiment"))
SCORED = kinds.register("discovery.scored", _("scored an item"))
SESSION_CREATED = kinds.register("discovery.session.created", _("opened a scoring session"))
SESSION_UPDATED = kinds.register("discovery.session.updated", _("changed a scoring session"))
SESSION_VOTED = kinds.register("discovery.session.voted", _("scored in a session"))
SESSION_CLOSED = kinds.register("discovery.session.closed", _("closed a scoring session"))
EVIDENCE_LINKED = kinds.register(
    "discovery.evidence.linked", _("linked research evidence to an opportunity")
)
EVIDENCE_PROPOSED = kinds.register(
    "discovery.evidence.proposed", _("proposed second-hand evidence for an opportunity")
)
EVIDENCE_DECIDED = kinds.register("discovery.evidence.decided", _("decided on proposed evidence"))
EVIDENCE_UNLINKED = kinds.register(
    "discovery.evidence.unlinked", _("removed research evidence from an opportunity")
)
