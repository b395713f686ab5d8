"""The requests' kinds of activity entries, named in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from leitstern.activity import kinds

REQUEST_CREATED = kinds.register("requests.created", _("submitted a request"))
REQUEST_CHANGED = kinds.register("requests.changed", _("changed a request"))
REQUEST_TRIAGED = kinds.register("requests.triaged", _("triaged a request"))
REQUEST_MERGED = kinds.register("requests.merged", _("merged requests"))
REQUEST_COMMENTED = kinds.register("requests.commented", _("commented on a request"))
ACCOUNT_ADDED = kinds.register("requests.account.added", _("added an account to a request"))
LOOP_CLOSED = kinds.register("requests.loop_closed", _("closed the loop with a customer"))
COMMITMENT_PROPOSED = kinds.register("requests.commitment.proposed", _("proposed a commitment"))
COMMITMENT_DECIDED = kinds.register("requests.commitment.decided", _("decided on a commitment"))
COMMITMENT_MOVED = kinds.register("requests.commitment.moved", _("moved a committed date"))
COMMITMENT_SETTLED = kinds.register("requests.commitment.settled", _("settled a commitment"))
SETTINGS_CHANGED = kinds.register("requests.settings", _("changed the request settings"))
