"""Overview pages: the workspace's alignment tree, a product's strategy, key results at
risk, my check-ins, and the hints fragment for forms."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.http import WorkspaceRequest
from leitstern.products.access import get_product_for
from leitstern.strategy import hints, selectors, services
from leitstern.strategy.access import get_cycle_for
from leitstern.strategy.forms import ReminderForm
from leitstern.strategy.models import Cycle, Objective, ReminderPreference
from leitstern.teams.access import get_team_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _number(text: str | None) -> int | None:
    """A whole number from a query parameter, or None."""
    return int(text) if text and text.isdigit() and len(text) < 19 else None


def tree_context(
    request: WorkspaceRequest, objectives: QuerySet[Objective], query: dict[str, object]
) -> dict:
    """The alignment tree of ``objectives`` as a page shows it: bounded, with the part
    below one objective (``?under=``) or the next top objectives (``?roots_from=``) on
    request. ``query`` keeps the page's other parameters in those links."""
    under = _number(request.GET.get("under"))
    tree = selectors.alignment_tree(
        objectives, under=under, roots_from=_number(request.GET.get("roots_from")) or 0
    )
    parent = None
    if under is not None and under in tree.order:
        parent = Objective.objects.only("pk", "title").get(pk=under)
    kept = urlencode({key: value for key, value in query.items() if value})
    return {"tree": tree, "tree_under": parent, "tree_query": f"{kept}&" if kept else ""}


def tree_part(request: WorkspaceRequest) -> bool:
    """Whether htmx asks for more of the tree alone."""
    asked = "under" in request.GET or "roots_from" in request.GET
    return bool(request.htmx and not request.htmx.boosted and asked)


@access.workspace_view(need=Need.VIEW)
def index(request: WorkspaceRequest) -> HttpResponse:
    """The workspace's strategy: every product's North Star and the alignment tree of the
    chosen (by default the current) cycle's objectives. With ``?team=<id>`` only that
    team's objectives, each naming the objective it contributes to: the link a team's
    page can use for its objectives."""
    today = timezone.localdate()
    cycles = list(Cycle.objects.filter(workspace=request.workspace))
    cycle = None
    if request.GET.get("cycle"):
        cycle = get_cycle_for(request.member, request.GET["cycle"])
    cycle = cycle or selectors.current_cycle(request.workspace, today=today)
    team = None
    if request.GET.get("team"):
        team = get_team_for(request.member, request.GET["team"])
    objectives = Objective.objects.filter(cycle=cycle)
    if team is not None:
        objectives = objectives.filter(team=team)
    tree = {"tree": []}
    if cycle:
        query = {"cycle": cycle.pk, "team": team.pk if team else None}
        tree = tree_context(request, objectives, query)
    if tree_part(request):
        return TemplateResponse(request, "strategy/_tree_part.html", tree)
    products = request.workspace.products.active().prefetch_related("metrics")
    template = "strategy/index.html"
    if request.htmx and not request.htmx.boosted:
        template += "#alignment"
    return TemplateResponse(
        request,
        template,
        {
            "cycles": cycles,
            "cycle": cycle,
            "teams": request.workspace.teams.order_by("name"),
            "team_filter": team,
            "products": products,
            **tree,
        },
    )


# Objectives of a product whose key result tables its strategy page shows at a time (the
# next ones load below them, or on the next page).
PRODUCT_OBJECTIVES = 5


@access.workspace_view(need=Need.VIEW)
def product(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    """The product's vision, North Star and inputs, and the key result tables of one page
    of its objectives in the current cycle; htmx asks for the next page's tables alone."""
    product = get_product_for(request.member, product_id)
    today = timezone.localdate()
    cycle = selectors.current_cycle(request.workspace, today=today)
    objectives: list[Objective] = []
    page = None
    if cycle:
        order = Objective.objects.filter(cycle=cycle, product=product).values_list("pk", flat=True)
        page = Paginator(order, PRODUCT_OBJECTIVES).get_page(request.GET.get("page"))
        objectives = selectors.scored_objectives(
            Objective.objects.filter(pk__in=list(page)), today=today
        )
    context = {"product": product, "cycle": cycle, "objectives": objectives, "page": page}
    if request.htmx and not request.htmx.boosted:
        return TemplateResponse(request, "strategy/product.html#objectives", context)
    context.update(selectors.product_metrics(product, today=today))
    return TemplateResponse(request, "strategy/product.html", context)


# Key results at risk shown at a time (more load below them, or on the next page).
AT_RISK_PAGE = 25


@access.workspace_view(need=Need.VIEW)
def at_risk(request: WorkspaceRequest) -> HttpResponse:
    today = timezone.localdate()
    found = selectors.at_risk(request.workspace, today=today)
    page = Paginator(found, AT_RISK_PAGE).get_page(request.GET.get("page"))
    key_results = selectors.scored_key_results(list(page), today=today)
    template = "strategy/at_risk.html"
    if request.htmx and not request.htmx.boosted:
        template += "#at-risk"
    return TemplateResponse(request, template, {"key_results": key_results, "page": page})


@access.workspace_view(need=Need.VIEW)
def my_check_ins(request: WorkspaceRequest) -> HttpResponse:
    today = timezone.localdate()
    preference = ReminderPreference.objects.filter(
        workspace=request.workspace, user=request.user
    ).first()
    form = ReminderForm(initial={"weekly_email": preference.weekly_email if preference else True})
    key_results = selectors.my_key_results(request.workspace, request.user, today=today)
    return TemplateResponse(
        request,
        "strategy/my_check_ins.html",
        {
            "due": [kr for kr in key_results if kr.due],
            "done": [kr for kr in key_results if not kr.due],
            "form": form,
        },
    )


@require_POST
@access.workspace_view(need=Need.VIEW)
def reminders(request: WorkspaceRequest) -> HttpResponse:
    form = ReminderForm(request.POST)
    form.is_valid()
    enabled = bool(form.cleaned_data.get("weekly_email"))
    services.reminder_preference_set(
        actor=request.user, workspace=request.workspace, weekly_email=enabled
    )
    if enabled:
        messages.success(request, _("You will get a weekly e-mail with your due check-ins."))
    else:
        messages.success(request, _("No more weekly check-in e-mails for you."))
    return redirect("strategy:my_check_ins", slug=request.workspace.slug)


def _float(text: str | None) -> float | None:
    try:
        return float((text or "").replace(",", "."))
    except ValueError:
        return None


@access.workspace_view(need=Need.VIEW)
def hint_fragment(request: WorkspaceRequest) -> HttpResponse:
    """The hints for what is being typed (htmx swaps it next to the title field)."""
    title = request.GET.get("title", "")
    if request.GET.get("for") == "objective":
        found = [h for h in hints.objective_hints(title=title, key_result_count=1)]
    else:
        baseline = request.GET.get("baseline")
        found = hints.key_result_hints(
            title=title,
            baseline=_float(baseline) if baseline is not None else 0.0,
            sibling_count=int(request.GET.get("siblings") or 0)
            if (request.GET.get("siblings") or "").isdigit()
            else 0,
        )
    return TemplateResponse(request, "strategy/_hints.html", {"hints": found, "title": title})
