"""Discovery's overview pages: every product's outcomes and recent verdicts, one product's
discovery, and how a product prioritises."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from leitstern.core.http import WorkspaceRequest
from leitstern.discovery import selectors, services
from leitstern.discovery.forms import SettingsForm
from leitstern.discovery.models import (
    Experiment,
    ExperimentStatus,
    Hypothesis,
    Opportunity,
    Outcome,
    Review,
    Verdict,
)
from leitstern.discovery.views.common import edit_page, get_product, url
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need


@workspace_view(need=Need.VIEW)
def index(request: WorkspaceRequest) -> HttpResponse:
    products = list(
        request.workspace.products.active().annotate(
            outcome_count=Count("discovery_outcomes", distinct=True),
            hypothesis_count=Count("discovery_hypotheses", distinct=True),
            running=Count(
                "discovery_experiments",
                filter=Q(discovery_experiments__status=ExperimentStatus.RUNNING),
                distinct=True,
            ),
        )
    )
    recent = (
        Verdict.objects.filter(experiment__product__workspace=request.workspace)
        .select_related("hypothesis", "experiment__product")
        .order_by("-decided_at", "-id")[:10]
    )
    # What is in flight comes before what was decided.
    running = (
        Experiment.objects.filter(
            product__workspace=request.workspace, status=ExperimentStatus.RUNNING
        )
        .select_related("product")
        .order_by("starts_on", "id")[:10]
    )
    return TemplateResponse(
        request,
        "discovery/index.html",
        {"products": products, "recent": recent, "running": running},
    )


@workspace_view(need=Need.VIEW)
def product(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    product = get_product(request, product_id)
    outcomes = (
        Outcome.objects.filter(product=product)
        .select_related("key_result__objective__cycle", "metric")
        .annotate(
            opportunity_count=Count(
                "opportunities", filter=~Q(opportunities__review=Review.DECLINED), distinct=True
            ),
            solution_count=Count("opportunities__solutions", distinct=True),
        )
    )
    proposals = Opportunity.objects.filter(product=product, review=Review.PROPOSED).select_related(
        "created_by"
    )
    running = Experiment.objects.filter(product=product, status=ExperimentStatus.RUNNING)
    unplaced = Opportunity.objects.in_tree().filter(product=product, outcome=None).count()
    standalone = selectors.hypothesis_summaries(
        Hypothesis.objects.filter(product=product, solution=None).order_by("-created_at", "-id")[
            :20
        ]
    )
    recent = (
        Verdict.objects.filter(experiment__product=product)
        .select_related("hypothesis", "experiment")
        .order_by("-decided_at", "-id")[:8]
    )
    return TemplateResponse(
        request,
        "discovery/product.html",
        {
            "product": product,
            "outcomes": outcomes,
            "proposals": proposals,
            "running": running,
            "unplaced": unplaced,
            "standalone": standalone,
            "recent": recent,
            "settings": selectors.settings_for(product),
        },
    )


@workspace_view(need=Need.EDIT)
def settings_edit(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    product = get_product(request, product_id, Need.EDIT)
    form = SettingsForm(request.POST or None, loaded=selectors.settings_for(product))
    return edit_page(
        request,
        form=form,
        save=lambda version, note, **changes: services.settings_update(
            actor=request.user, product=product, version=version, **changes
        ),
        template="discovery/settings_form.html",
        context={"product": product},
        done=lambda _s: url(request, "product", product_id=product.pk),
        message=_("Settings saved."),
    )
