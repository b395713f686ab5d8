"""What the stakeholders API's topic modules share: the path prefixes, objects named by id
in a body (422 naming the field for an id outside what the caller sees), the people and
members the caller may name, and the names the API gives related objects in a conflict's
answer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.stakeholders import selectors
from leitstern.workspaces.models import Membership

W = "/workspaces/{slug}"
S = W + "/stakeholders/{stakeholder_id}"


# --- ids sent in a body: a wrong one is named in a 422 -------------------------------------


def one_of(queryset, pk: int | None, field: str):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError(
            {field: _("No such object in this workspace (id %(id)s).") % {"id": pk}}
        )
    return found


def many_of(queryset, ids: list[int], field: str) -> list:
    found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {field: _("No such object in this workspace (ids %(ids)s).")
             % {"ids": ", ".join(map(str, missing))}}
        )  # fmt: skip
    return [found[pk] for pk in dict.fromkeys(ids)]


def users_of(member: Membership):
    return User.objects.filter(memberships__workspace=member.workspace)


def people_of(member: Membership):
    return selectors.visible(member)


# The API names related objects by id.
API_NAMES = {
    "member": "member_id",
    "relationship_owner": "relationship_owner_id",
    "reports_to": "reports_to_id",
    "products": "product_ids",
    "themes": "theme_ids",
    "stakeholder": "stakeholder_id",
    "members": "member_ids",
    "owner": "owner_id",
    "influencer": "influencer_id",
    "listener": "listener_id",
}
