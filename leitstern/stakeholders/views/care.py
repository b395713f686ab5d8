"""Relationship care: who needs attention and whom to talk to this week, the conversation
log, and the communication plan with its due rows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.stakeholders import access, selectors, services, wording
from leitstern.stakeholders.forms import (
    ConversationForm,
    DeleteForm,
    PlanItemForm,
    SentForm,
    WeeksFilter,
)
from leitstern.stakeholders.views.analyses import map_filter
from leitstern.stakeholders.views.detail import detail_page
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need


def _person_url(request: WorkspaceRequest, pk: int, anchor: str = "") -> str:
    url = reverse("stakeholders:stakeholder", args=[request.workspace.slug, pk])
    return f"{url}#{anchor}" if anchor else url


BEHIND_PAGE = 25
SILENT_SHOWN = 25
FIRST_STEPS = 10  # suggestions (whom to talk to first) for the first rows of a page


@workspace_view(need=Need.EDIT)
def attention(request: WorkspaceRequest) -> HttpResponse:
    """This week's conversations for the member, who is behind the engagement wanted (with
    whom to talk to first), and key players nobody spoke to for a while — among the people
    the filter chooses. The suggestions use the whole map; the lists are paged or cut with
    a count of the rest, so the page stays readable (and its queries constant) at 500."""
    today = timezone.localdate()
    weeks_form = WeeksFilter(request.GET or None)
    weeks = weeks_form.chosen()
    filters = map_filter(request)
    chosen = filters.chosen()
    view = selectors.map_for(request.member, stances=False)
    rows = selectors.attention(view, today)
    if any(chosen.values()):
        keep = set(selectors.narrowed(request.member, **chosen).values_list("pk", flat=True))
        rows = [row for row in rows if row.person.pk in keep]
    behind = Paginator(selectors.needing_attention(rows), BEHIND_PAGE).get_page(
        request.GET.get("page")
    )
    first_steps = {}
    targets = [row.person for row in behind.object_list[:FIRST_STEPS]]
    for person, answer in zip(targets, view.first_steps(targets).values(), strict=True):
        found, _against = wording.suggestions(view.by_id, person, answer, None)
        if found:
            first_steps[person.pk] = found[0]
    silent = selectors.silent_key_players(rows, weeks)
    owners = {
        user.pk: user
        for user in get_user_model().objects.filter(
            pk__in={row.person.relationship_owner_id for row in silent[:SILENT_SHOWN]}
        )
    }
    return TemplateResponse(
        request,
        "stakeholders/attention.html",
        {
            "filters": filters,
            "filter_query": filters.query(),
            "week": selectors.talk_this_week(rows, request.user.pk),
            "owns_any": any(r.person.relationship_owner_id == request.user.pk for r in rows),
            "behind": [(row, first_steps.get(row.person.pk)) for row in behind.object_list],
            "behind_page": behind,
            "silent": [
                (row, owners.get(row.person.relationship_owner_id)) for row in silent[:SILENT_SHOWN]
            ],
            "silent_more": max(0, len(silent) - SILENT_SHOWN),
            "weeks": weeks,
            "weeks_form": weeks_form,
            "due": selectors.due_within(
                selectors.plan_rows(request.member, today, owner_id=request.user.pk), today
            ),
            "today": today,
        },
    )


# --- conversations ------------------------------------------------------------------------


@workspace_view(need=Need.EDIT)
def conversation_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    stakeholder = access.get_stakeholder_for(request.member, pk)
    form = ConversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_record(
                actor=request.user, stakeholder=stakeholder, **form.conversation_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Conversation logged."))
            return redirect(_person_url(request, stakeholder.pk, "conversations"))
        return detail_page(request, stakeholder, conversation_form=form)
    if request.method == "POST":
        return detail_page(request, stakeholder, conversation_form=form)
    return redirect(_person_url(request, stakeholder.pk, "conversations"))


@workspace_view(need=Need.EDIT)
def conversation_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    conversation = access.get_conversation_for(request.member, pk)
    form = ConversationForm(request.POST or None, loaded=conversation)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_update(
                actor=request.user,
                conversation=conversation,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_person_url(request, conversation.stakeholder_id, "conversations"))
    return TemplateResponse(
        request,
        "stakeholders/conversation_form.html",
        {"form": form, "conversation": conversation, "stakeholder": conversation.stakeholder},
    )


@workspace_view(need=Need.EDIT)
def conversation_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    conversation = access.get_conversation_for(request.member, pk)
    back = _person_url(request, conversation.stakeholder_id, "conversations")
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.conversation_delete(actor=request.user, conversation=conversation)
        messages.success(request, _("Deleted."))
        return redirect(back)
    return TemplateResponse(
        request,
        "stakeholders/confirm_delete.html",
        {
            "form": form,
            "heading": _("Delete this conversation?"),
            "what": f"{conversation.stakeholder.name}: {conversation.topic}",
            "cancel_url": back,
        },
    )


# --- the communication plan ---------------------------------------------------------------


@workspace_view(need=Need.EDIT)
def plan(request: WorkspaceRequest) -> HttpResponse:
    today = timezone.localdate()
    mine = request.GET.get("mine") == "1"
    rows = selectors.plan_rows(request.member, today, owner_id=request.user.pk if mine else None)
    return TemplateResponse(
        request,
        "stakeholders/plan.html",
        {
            "rows": rows,
            "overdue": sum(1 for row in rows if row.overdue),
            "mine": mine,
            "today": today,
        },
    )


@workspace_view(need=Need.EDIT)
def plan_new(request: WorkspaceRequest) -> HttpResponse:
    seen = selectors.visible(request.member)
    initial = {"owner": request.user}
    chosen = request.GET.get("stakeholder", "")
    if chosen.isdigit() and seen.filter(pk=int(chosen)).exists():
        initial["stakeholder"] = int(chosen)
    form = PlanItemForm(
        request.POST or None, workspace=request.workspace, seen=seen, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.plan_data()
        try:
            services.plan_item_create(
                actor=request.user,
                workspace=request.workspace,
                information=data.pop("information"),
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Added to the communication plan."))
            return redirect("stakeholders:plan", slug=request.workspace.slug)
    return TemplateResponse(request, "stakeholders/plan_form.html", {"form": form, "item": None})


@workspace_view(need=Need.EDIT)
def plan_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    item = access.get_plan_item_for(request.member, pk)
    form = PlanItemForm(
        request.POST or None,
        workspace=request.workspace,
        seen=selectors.visible(request.member),
        loaded=item,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_update(
                actor=request.user, item=item, version=form.loaded_version, **form.changed_values()
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("stakeholders:plan", slug=request.workspace.slug)
    return TemplateResponse(request, "stakeholders/plan_form.html", {"form": form, "item": item})


@require_POST
@workspace_view(need=Need.EDIT)
def plan_sent(request: WorkspaceRequest, pk: int) -> HttpResponse:
    item = access.get_plan_item_for(request.member, pk)
    form = SentForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_sent(actor=request.user, item=item, day=form.cleaned_data["day"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Marked as sent; next due %(day)s.") % {"day": _day(item.next_due())},
            )
    else:
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
    return redirect(
        reverse("stakeholders:plan", args=[request.workspace.slug]) + f"#plan-{item.pk}"
    )


def _day(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")


@workspace_view(need=Need.EDIT)
def plan_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    item = access.get_plan_item_for(request.member, pk)
    back = reverse("stakeholders:plan", args=[request.workspace.slug])
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.plan_item_delete(actor=request.user, item=item)
        messages.success(request, _("Removed from the communication plan."))
        return redirect(back)
    return TemplateResponse(
        request,
        "stakeholders/confirm_delete.html",
        {
            "form": form,
            "heading": _("Remove this row of the communication plan?"),
            "what": item.information,
            "cancel_url": back,
        },
    )
