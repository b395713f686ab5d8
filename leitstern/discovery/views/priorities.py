"""Prioritisation: the ranked list with its formula per row and the value/effort scatter,
scoring an item, backlog care, and scoring sessions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import run_with_message
from leitstern.core.http import WorkspaceRequest
from leitstern.discovery import access, prioritisation, selectors, services
from leitstern.discovery.forms import ScoreForm, SessionForm, VoteForm
from leitstern.discovery.models import Score, ScoringMethod
from leitstern.discovery.views.common import edit_page, get_product, new_page, url
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need


def _method(request: WorkspaceRequest, product) -> str:
    chosen = request.GET.get("method")
    if chosen in ScoringMethod.values:
        return chosen
    return selectors.settings_for(product).scoring_method


@workspace_view(need=Need.VIEW)
def ranked(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    """Solutions (or opportunities) best first, each row with its formula and numbers; a
    value/effort scatter of the same rows."""
    product = get_product(request, product_id)
    method = _method(request, product)
    kind = "opportunity" if request.GET.get("kind") == "opportunity" else "solution"
    rows = selectors.ranked(product, method, kind=kind)
    scatter = [
        {
            "name": str(row.item),
            "value": row.score.value if row.score else None,
            "effort": row.score.effort if row.score else None,
        }
        for row in rows
        if row.score and row.score.value is not None and row.score.effort is not None
    ]
    return TemplateResponse(
        request,
        "discovery/priorities.html",
        {
            "product": product,
            "method": method,
            "method_label": ScoringMethod(method).label,
            "methods": ScoringMethod.choices,
            "kind": kind,
            "rows": rows,
            "scatter": scatter,
            "rules": [(basis, prioritisation.CONFIDENCE[basis]) for basis in prioritisation.Basis],
        },
    )


def _score_page(request: WorkspaceRequest, item, kind: str) -> HttpResponse:
    product = item.product
    method = selectors.settings_for(product).scoring_method
    score = Score.objects.filter(**{kind: item}).first() or Score(product=product, **{kind: item})
    form = ScoreForm(request.POST or None, method=method, loaded=score)
    evidence = (
        selectors.solution_evidence([item])[item.pk]
        if kind == "solution"
        else selectors.opportunity_evidence([item.pk])[item.pk]
    )
    back = url(request, kind, pk=item.pk)
    return edit_page(
        request,
        form=form,
        save=lambda **changes: services.score_set(actor=request.user, item=item, **changes),
        template="discovery/score_form.html",
        context={
            "product": product,
            "item": item,
            "kind": kind,
            "method": method,
            "method_label": ScoringMethod(method).label,
            "confidence": prioritisation.confidence(evidence, score.confidence),
            "evidence": evidence,
            "back": back,
        },
        done=lambda _s: back,
        message=_("Score saved."),
    )


@workspace_view(need=Need.EDIT)
def solution_score_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return _score_page(
        request, access.get_solution_for(request.member, pk, need=Need.EDIT), "solution"
    )


@workspace_view(need=Need.EDIT)
def opportunity_score_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return _score_page(
        request, access.get_opportunity_for(request.member, pk, need=Need.EDIT), "opportunity"
    )


@workspace_view(need=Need.VIEW)
def backlog(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    product = get_product(request, product_id)
    weeks = selectors.settings_for(product).stale_weeks
    return TemplateResponse(
        request,
        "discovery/backlog.html",
        {"product": product, "backlog": selectors.backlog(product, stale_weeks=weeks)},
    )


# --- sessions --------------------------------------------------------------------------


@workspace_view(need=Need.EDIT)
def session_new(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    product = get_product(request, product_id, Need.EDIT)
    form = SessionForm(
        request.POST or None,
        product=product,
        initial={"method": selectors.settings_for(product).scoring_method},
    )
    return new_page(
        request,
        form=form,
        create=lambda: services.session_create(
            actor=request.user, product=product, **form.session_data()
        ),
        template="discovery/session_form.html",
        context={"product": product, "session": None},
        done=lambda s: url(request, "session", pk=s.pk),
        message=_("Scoring session opened. Everyone scores on their own first."),
    )


@workspace_view(need=Need.VIEW)
def session_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The session: a form with the member's own numbers per solution; everyone's numbers
    and their spread only once the member has scored every solution (or it is closed)."""
    session = access.get_session_for(request.member, pk)
    can_vote = request.member.can_contribute and not session.is_closed
    rows = selectors.session_rows(session, request.user)
    forms = []
    for row in rows:
        initial = {}
        if row.mine is not None:
            initial = {name: getattr(row.mine, name) for name in VoteForm.base_fields}
        data = request.POST if request.method == "POST" else None
        forms.append(
            (
                row,
                VoteForm(
                    data, method=session.method, initial=initial, prefix=f"s{row.solution.pk}"
                ),
            )
        )
    if request.method == "POST":
        if not can_vote:
            messages.error(request, _("This session takes no more scores."))
            return redirect(url(request, "session", pk=session.pk))
        if all(form.is_valid() for _row, form in forms):
            try:
                with transaction.atomic():
                    for row, form in forms:
                        if form.is_empty():
                            continue
                        services.vote_record(
                            actor=request.user,
                            session=session,
                            solution=row.solution,
                            **form.vote_data(),
                        )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Your scores are saved."))
                return redirect(url(request, "session", pk=session.pk))
    voted_all = bool(rows) and all(row.mine is not None for row in rows)
    scorers = sorted({v.scorer for row in rows for v in row.votes}, key=lambda u: (u.name, u.pk))
    for row in rows:
        by_scorer = {
            vote.scorer_id: value for vote, value in zip(row.votes, row.scores, strict=True)
        }
        row.cells = [by_scorer.get(scorer.pk) for scorer in scorers]
    return TemplateResponse(
        request,
        "discovery/session.html",
        {
            "product": session.product,
            "session": session,
            "forms": forms,
            "rows": rows,
            "can_vote": can_vote,
            "show_all": session.is_closed or voted_all,
            "scorers": scorers,
        },
    )


@workspace_view(need=Need.EDIT)
def session_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    session = access.get_session_for(request.member, pk, need=Need.EDIT)
    if session.is_closed:
        messages.error(request, _("This scoring session is closed."))
        return redirect(url(request, "session", pk=session.pk))
    form = SessionForm(request.POST or None, product=session.product, loaded=session)
    return edit_page(
        request,
        form=form,
        save=lambda version, note, **changes: services.session_update(
            actor=request.user, session=session, version=version, **changes
        ),
        template="discovery/session_form.html",
        context={"product": session.product, "session": session},
        done=lambda _s: url(request, "session", pk=session.pk),
        message=_("Scoring session saved."),
    )


@require_POST
@workspace_view(need=Need.EDIT)
def session_close(request: WorkspaceRequest, pk: int) -> HttpResponse:
    session = access.get_session_for(request.member, pk, need=Need.EDIT)
    apply = request.POST.get("apply") == "medians"
    run_with_message(
        request,
        lambda: services.session_close(actor=request.user, session=session, apply_medians=apply),
        _("Session closed; each solution now carries the median scores.")
        if apply
        else _("Session closed."),
    )
    return redirect(url(request, "session", pk=session.pk))
