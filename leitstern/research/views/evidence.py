"""Quotes and insights: every quote a member may read, insights with their evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.paging import CappedPaginator
from leitstern.core.versioning import EditConflict
from leitstern.research import services
from leitstern.research.access import get_insight_for, get_quote_for
from leitstern.research.forms import InsightForm
from leitstern.research.models import Conversation, Insight, Quote, Tag
from leitstern.research.selectors import evidence_by_insight, evidence_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

PAGE = 50
AHEAD = 10  # pages counted after the one asked for


@access.workspace_view(need=Need.VIEW)
def quote_list(request: WorkspaceRequest) -> HttpResponse:
    """The quotes a member may read, newest first, a page at a time: one query for the
    page and one bounded count (both walking the quotes newest first by their key), one
    for the shown quotes' tags. The count stops ten pages after the page asked for: an
    exact count of a workspace's quotes reads all of them (200,000 quotes: about 170 ms
    on PostgreSQL), so beyond that the pager says "more than"."""
    quotes = Quote.objects.all()
    tags = Tag.objects.filter(workspace=request.workspace)
    tag = request.GET.get("tag", "")
    if tag.isdigit() and len(tag) < 19:
        quotes = quotes.filter(tags=int(tag))
    in_workspace = Conversation.objects.filter(workspace=request.workspace).values("pk")
    shown = (
        # The quotes walked newest first by their key, each checked against the
        # workspace's conversations (``+ 0`` and no join: otherwise the planner may read
        # the workspace's conversations first and sort all of their quotes).
        quotes.alias(conversation_of=F("conversation_id") + 0)
        .filter(conversation_of__in=in_workspace)
        .visible_to(request.user)
        .select_related("participant")
        .prefetch_related("conversation", "tags")
        .order_by("-pk")
    )
    asked = request.GET.get("page", "")
    number = int(asked) if asked.isdigit() and len(asked) < 7 else 1
    page = CappedPaginator(
        shown,
        PAGE,
        max_pages=number + AHEAD,
        count_rows=shown.select_related(None).prefetch_related(None).values("pk"),
        open_ended=True,
    ).get_page(asked)
    return TemplateResponse(
        request, "research/quotes.html", {"page": page, "tags": tags, "tag": tag}
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def quote_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    quote = get_quote_for(request.member, pk, need=Need.EDIT)
    conversation = quote.conversation_id
    services.quote_delete(actor=request.user, quote=quote)
    messages.success(request, _("Quote deleted."))
    return redirect("research:conversation", slug=request.workspace.slug, pk=conversation)


@access.workspace_view(need=Need.VIEW)
def insight_list(request: WorkspaceRequest) -> HttpResponse:
    insights = (
        Insight.objects.filter(workspace=request.workspace).active().select_related("product")
    )
    page = Paginator(insights, PAGE).get_page(request.GET.get("page"))
    evidence = evidence_by_insight(list(page))
    rows = [(insight, evidence[insight.pk]) for insight in page]
    return TemplateResponse(request, "research/insights.html", {"page": page, "rows": rows})


@access.workspace_view(need=Need.VIEW)
def insight_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    insight = get_insight_for(request.member, pk)
    all_quotes = insight.quotes.select_related("conversation", "participant")
    visible = set(all_quotes.visible_to(request.user).values_list("pk", flat=True))
    return TemplateResponse(
        request,
        "research/insight.html",
        {
            "insight": insight,
            "quotes": [(q, q.pk in visible) for q in all_quotes],
            "evidence": evidence_for(insights=[insight]),
        },
    )


@access.workspace_view(need=Need.EDIT)
def insight_new(request: WorkspaceRequest) -> HttpResponse:
    form = InsightForm(request.POST or None, workspace=request.workspace, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            insight = services.insight_create(
                actor=request.user,
                workspace=request.workspace,
                quotes=list(form.cleaned_data["quotes"]),
                **form.insight_data(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Insight saved."))
            return redirect("research:insight", slug=request.workspace.slug, pk=insight.pk)
    return TemplateResponse(request, "research/insight_form.html", {"form": form, "insight": None})


@access.workspace_view(need=Need.EDIT)
def insight_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    insight = get_insight_for(request.member, pk, need=Need.EDIT)
    form = InsightForm(
        request.POST or None, workspace=request.workspace, user=request.user, loaded=insight
    )
    if request.method == "POST" and form.is_valid():
        offered = set(form.fields["quotes"].queryset.values_list("pk", flat=True))
        chosen = {q.pk for q in form.cleaned_data["quotes"]}
        held = set(insight.quotes.values_list("pk", flat=True))
        try:
            with transaction.atomic():
                _save_insight(request, insight, form, chosen - held, (held & offered) - chosen)
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Insight saved."))
            return redirect("research:insight", slug=request.workspace.slug, pk=pk)
    return TemplateResponse(
        request, "research/insight_form.html", {"form": form, "insight": insight}
    )


def _save_insight(request: WorkspaceRequest, insight: Insight, form: InsightForm, add, remove):
    """The insight's fields and its evidence together, or neither."""
    services.insight_update(
        actor=request.user, insight=insight, version=form.loaded_version, **form.changed_values()
    )
    if add or remove:
        services.insight_quotes_change(
            actor=request.user, insight=insight, add=sorted(add), remove=sorted(remove)
        )
