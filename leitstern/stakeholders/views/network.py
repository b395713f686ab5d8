"""Who listens to whom: the network graph with the same numbers as a table, adding,
changing and removing ties, and routes of influence between two people."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.engines.network import Centrality
from leitstern.stakeholders import access, selectors, services, wording
from leitstern.stakeholders.forms import DeleteForm, InfluenceEditForm, InfluenceForm
from leitstern.stakeholders.models import Engagement, Influence, Stakeholder
from leitstern.stakeholders.views.analyses import map_filter
from leitstern.stakeholders.views.detail import _chosen, detail_page
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need

TIES_PAGE = 50
TABLE_PAGE = 50
# The graph draws this many people at most (those with the most reach) and the ties among
# them: more is a hairball nobody can read. The filter narrows what is drawn.
GRAPH_LIMIT = 60
# Node colours by engagement, from resistant red to leading green (and grey for unknown).
ENGAGEMENT_ORDER = [*Engagement.values, ""]


def graph_data(people: list[Stakeholder], c: Centrality, ties: list[tuple[int, int, int]]) -> dict:
    """The graph for the kernel's chart module: nodes coloured by engagement and sized by
    reach (against the highest reach of the whole map), real ties (influencer, listener,
    strength) as arrows, the official reporting line among ``people`` dashed."""
    position = {pk: i for i, pk in enumerate(c.ids)}
    top = max(c.reach) if len(c.ids) else 1.0
    nodes = []
    for person in people:
        i = position[person.pk]
        nodes.append(
            {
                "id": str(person.pk),
                "name": person.name,
                "category": ENGAGEMENT_ORDER.index(person.engagement or ""),
                "influence": float(c.influence[i]),
                "reach": round(float(c.reach[i]), 4),
                "broker": round(float(c.betweenness_normalized[i]), 4),
                "size": round(10 + 26 * (float(c.reach[i]) / top if top else 0), 1),
            }
        )
    links = [
        {"source": str(influencer), "target": str(listener), "strength": strength}
        for influencer, listener, strength in ties
    ]
    ids = {person.pk for person in people}
    official = [
        {"source": str(p.reports_to_id), "target": str(p.pk)}
        for p in people
        if p.reports_to_id in ids
    ]
    return {
        "nodes": nodes,
        "links": links,
        "official": official,
        "categories": [wording.engagement(code or None) for code in ENGAGEMENT_ORDER],
        "labels": {
            "influence": _("influence"),
            "reach": _("reach"),
            "broker": _("broker"),
            "listens": _("listens to"),
            "official": _("reports to (official)"),
            "strength": [wording.strength(s) for s in (1, 2, 3)],
        },
    }


@workspace_view(need=Need.EDIT)
def network(request: WorkspaceRequest) -> HttpResponse:
    return network_page(request)


def network_page(request: WorkspaceRequest, *, form: InfluenceForm | None = None) -> HttpResponse:
    """The network of the people chosen by the filter: the ``GRAPH_LIMIT`` with the most
    reach drawn with the ties among them (and how many more are not drawn), every one in
    the paged table of numbers, the brokers, and the ties page by page. Centrality is the
    whole map's (as the member sees it), cached until the map changes; a constant number of
    queries however many people and ties the map holds."""
    member = request.member
    filters = map_filter(request)
    chosen = filters.chosen()
    narrowed = selectors.narrowed(member, **chosen)
    c = selectors.centrality_for(member)
    keep: list[int] | None = None
    if any(chosen.values()):
        keep = list(narrowed.values_list("pk", flat=True))
        kept = set(keep)
        ranked = [row for row in c.ranked("reach") if row.id in kept]
        by_broker = [row for row in c.ranked("betweenness") if row.id in kept]
    else:
        ranked = list(c.ranked("reach"))
        by_broker = list(c.ranked("betweenness", limit=5))
    brokers = [row for row in by_broker[:5] if row.betweenness > 0]
    table = Paginator(ranked, TABLE_PAGE).get_page(request.GET.get("page"))
    drawn_ids = [row.id for row in ranked[:GRAPH_LIMIT]]
    wanted = {*drawn_ids, *(row.id for row in table.object_list), *(row.id for row in brokers)}
    people = {
        p.pk: p
        for p in Stakeholder.objects.filter(pk__in=wanted).only(
            "id", "name", "engagement", "power", "interest", "reports_to", "private_to",
            "workspace",
        )
    }  # fmt: skip
    drawn = [people[pk] for pk in drawn_ids]
    drawn_ties = list(
        Influence.objects.filter(influencer__in=drawn_ids, listener__in=drawn_ids)
        .order_by("pk")
        .values_list("influencer_id", "listener_id", "strength")
    )
    among = selectors.ties_among(member, keep)
    ties = Paginator(
        among.select_related("influencer", "listener")
        .only("id", "strength", "note", "influencer__name", "listener__name")
        .order_by("listener__name", "-strength", "pk"),
        TIES_PAGE,
    ).get_page(request.GET.get("ties"))
    tie_count = ties.paginator.count
    return TemplateResponse(
        request,
        "stakeholders/network.html",
        {
            "filters": filters,
            "filter_query": filters.query(),
            "graph": graph_data(drawn, c, drawn_ties),
            "drawn": len(drawn),
            "not_drawn": len(ranked) - len(drawn),
            "ties_not_drawn": tie_count - len(drawn_ties),
            "table": table,
            "rows": [(people[row.id], row) for row in table.object_list],
            "ties": ties,
            "tie_rows": [(t, t.influencer, t.listener) for t in ties.object_list],
            "brokers": [(people[row.id], row) for row in brokers],
            "form": form or InfluenceForm(seen=selectors.visible(member)),
            "size": len(ranked),
            "tie_count": tie_count,
            "official_count": narrowed.filter(reports_to__in=narrowed).count(),
        },
    )


@workspace_view(need=Need.EDIT)
def influence_new(request: WorkspaceRequest) -> HttpResponse:
    """Add who listens to whom (from the network page or a stakeholder's page)."""
    seen = selectors.visible(request.member)
    form = InfluenceForm(request.POST or None, seen=seen)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.influence_add(
                actor=request.user,
                influencer=data["influencer"],
                listener=data["listener"],
                strength=data["strength"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(listener)s listens to %(influencer)s (%(strength)s).")
                % {
                    "listener": data["listener"].name,
                    "influencer": data["influencer"].name,
                    "strength": wording.strength(data["strength"]),
                },
            )
            return _back(request, data["listener"].pk)
    back = request.POST.get("next", "")
    if request.method == "POST" and back.isdigit() and seen.filter(pk=int(back)).exists():
        return detail_page(
            request, access.get_stakeholder_for(request.member, back), influence_form=form
        )
    return network_page(request, form=form)


def _back(request: WorkspaceRequest, stakeholder_pk: int) -> HttpResponse:
    slug = request.workspace.slug
    back = request.POST.get("next", "")
    if back.isdigit():
        return redirect(reverse("stakeholders:stakeholder", args=[slug, int(back)]) + "#influence")
    return redirect(reverse("stakeholders:network", args=[slug]) + "#ties")


@workspace_view(need=Need.EDIT)
def influence_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    influence = access.get_influence_for(request.member, pk)
    form = InfluenceEditForm(request.POST or None, loaded=influence)
    if request.method == "POST" and form.is_valid():
        try:
            services.influence_update(
                actor=request.user,
                influence=influence,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(
                reverse(
                    "stakeholders:stakeholder", args=[request.workspace.slug, influence.listener_id]
                )
                + "#influence"
            )
    return TemplateResponse(
        request, "stakeholders/influence_form.html", {"form": form, "influence": influence}
    )


@workspace_view(need=Need.EDIT)
def influence_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    influence = access.get_influence_for(request.member, pk)
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        listener = influence.listener_id
        services.influence_remove(actor=request.user, influence=influence)
        messages.success(request, _("Removed."))
        return redirect(
            reverse("stakeholders:stakeholder", args=[request.workspace.slug, listener])
            + "#influence"
        )
    return TemplateResponse(
        request,
        "stakeholders/confirm_delete.html",
        {
            "form": form,
            "heading": _("Remove this tie?"),
            "what": str(influence),
            "cancel_url": reverse(
                "stakeholders:stakeholder", args=[request.workspace.slug, influence.listener_id]
            ),
        },
    )


@workspace_view(need=Need.EDIT)
def paths(request: WorkspaceRequest) -> HttpResponse:
    """Routes of influence between two people, up to three steps, strongest first."""
    seen = selectors.visible(request.member)
    source = _chosen(request, "from", seen)
    target = _chosen(request, "to", seen)
    routes, problem = [], ""
    if source is not None and target is not None:
        if source.pk == target.pk:
            problem = _("Choose two different people.")
        else:
            view = selectors.map_for(request.member, stances=False)
            routes = [
                (wording.route(view.by_id, path), path)
                for path in view.paths(view.by_id[source.pk], view.by_id[target.pk])
            ]
    return TemplateResponse(
        request,
        "stakeholders/paths.html",
        {
            "people": seen.only("id", "name").order_by("name"),
            "source": source,
            "target": target,
            "routes": routes,
            "problem": problem,
        },
    )
