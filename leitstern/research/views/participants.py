"""Participants and their consent: the list with each one's consent state, a participant's
page, recording and withdrawing consent, consent links, accepting proposals, erasure."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors, run_with_message
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.research import services
from leitstern.research.access import get_participant_for
from leitstern.research.forms import (
    ConsentLinkForm,
    ConsentRecordForm,
    ConsentWithdrawForm,
    ParticipantForm,
)
from leitstern.research.gdpr import access_export
from leitstern.research.models import (
    Consent,
    Participant,
    ParticipantStatus,
    Purpose,
    Quote,
    ResearchSettings,
)
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

PAGE = 50


def consent_states(participant: Participant, consents: list[Consent]) -> list[dict]:
    """Per purpose, in order: the newest consent and its state (or none)."""
    newest: dict[str, Consent] = {}
    for consent in consents:
        current = newest.get(consent.purpose)
        if current is None or (not current.is_valid and consent.is_valid):
            newest[consent.purpose] = consent
    return [
        {
            "purpose": purpose,
            "label": label,
            "consent": newest.get(purpose),
            "state": newest[purpose].state if purpose in newest else "none",
        }
        for purpose, label in Purpose.choices
    ]


@access.workspace_view(need=Need.VIEW)
def participant_list(request: WorkspaceRequest) -> HttpResponse:
    people = (
        Participant.objects.filter(workspace=request.workspace)
        .select_related("organisation")
        .prefetch_related(
            "segments",
            "personas",
            Prefetch("consents", queryset=Consent.objects.order_by("given_at")),
        )
    )
    status = request.GET.get("status", "")
    if status in ParticipantStatus.values:
        people = people.filter(status=status)
    else:
        people = people.present()
    page = Paginator(people, PAGE).get_page(request.GET.get("page"))
    rows = [(p, consent_states(p, list(p.consents.all()))) for p in page]
    settings = ResearchSettings.for_workspace(request.workspace)
    # One line per person: their consents that expire soon, the first expiry first.
    soon = (
        Consent.objects.expiring(within_days=settings.expiry_notice_days)
        .in_workspace_by_expiry(request.workspace.pk)
        .select_related("participant")[:200]
    )
    expiring: dict[int, dict] = {}
    for consent in soon:
        entry = expiring.setdefault(
            consent.participant_id,
            {"participant": consent.participant, "expires_at": consent.expires_at, "purposes": []},
        )
        entry["purposes"].append(consent.get_purpose_display())
    return TemplateResponse(
        request,
        "research/participants.html",
        {
            "rows": rows,
            "page": page,
            "status": status,
            "statuses": ParticipantStatus.choices,
            "purposes": Purpose.choices,
            "expiring": list(expiring.values())[:20],
            "settings": settings,
        },
    )


@access.workspace_view(need=Need.CONTRIBUTE)
def participant_new(request: WorkspaceRequest) -> HttpResponse:
    """Editors add participants; contributors (sales, support) propose them."""
    proposing = not request.member.can_edit
    form = ParticipantForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.participant_data()
        try:
            participant = services.participant_create(
                actor=request.user,
                workspace=request.workspace,
                proposed=proposing,
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if proposing:
                messages.success(request, _("Thank you: an editor will look at your proposal."))
                return redirect("research:participants", slug=request.workspace.slug)
            messages.success(request, _("Participant added. Next: ask for their consent."))
            return redirect("research:participant", slug=request.workspace.slug, pk=participant.pk)
    return TemplateResponse(
        request,
        "research/participant_form.html",
        {"form": form, "participant": None, "proposing": proposing},
    )


@access.workspace_view(need=Need.VIEW)
def participant_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.member, pk)
    consents = list(participant.consents.select_related("recorded_by").order_by("-given_at"))
    conversations = participant.conversations.select_related("product").order_by("-date")[:50]
    quotes = (
        Quote.objects.filter(participant=participant)
        .visible_to(request.user)
        .select_related("conversation")[:50]
    )
    links = (
        participant.consent_links.select_related("created_by")[:10]
        if (request.member.can_edit)
        else []
    )
    return TemplateResponse(
        request,
        "research/participant.html",
        {
            "participant": participant,
            "states": consent_states(participant, consents),
            "consents": consents,
            "conversations": conversations,
            "quotes": quotes,
            "links": links,
            "now": timezone.now(),
        },
    )


@access.workspace_view(need=Need.EDIT)
def participant_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.member, pk, need=Need.EDIT)
    if participant.is_removed:
        return redirect("research:participant", slug=request.workspace.slug, pk=pk)
    form = ParticipantForm(request.POST or None, workspace=request.workspace, loaded=participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                actor=request.user,
                participant=participant,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Participant saved."))
            return redirect("research:participant", slug=request.workspace.slug, pk=pk)
    return TemplateResponse(
        request,
        "research/participant_form.html",
        {"form": form, "participant": participant, "proposing": False},
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def participant_accept(request: WorkspaceRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.member, pk, need=Need.EDIT)
    run_with_message(
        request,
        lambda: services.participant_accept(actor=request.user, participant=participant),
        _("Participant accepted."),
    )
    return redirect("research:participant", slug=request.workspace.slug, pk=pk)


@access.workspace_view(need=Need.EDIT)
def consent_record(request: WorkspaceRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.member, pk, need=Need.EDIT)
    if participant.is_removed:
        return redirect("research:participant", slug=request.workspace.slug, pk=pk)
    form = ConsentRecordForm(
        request.POST or None,
        initial={"given_on": timezone.localdate(), "language": participant.language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                actor=request.user, participant=participant, **form.consent_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("research:participant", slug=request.workspace.slug, pk=pk)
    return TemplateResponse(
        request, "research/consent_form.html", {"form": form, "participant": participant}
    )


@access.workspace_view(need=Need.EDIT)
def consent_withdraw(request: WorkspaceRequest, pk: int) -> HttpResponse:
    participant = get_participant_for(request.member, pk, need=Need.EDIT)
    if participant.is_removed:
        return redirect("research:participant", slug=request.workspace.slug, pk=pk)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user, participant=participant, purposes=form.cleaned_data["purposes"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Withdrawal recorded."))
            return redirect("research:participant", slug=request.workspace.slug, pk=pk)
    return TemplateResponse(
        request, "research/consent_withdraw.html", {"form": form, "participant": participant}
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def consent_link_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """A consent (or withdrawal) link for this participant; its address is shown once."""
    participant = get_participant_for(request.member, pk, need=Need.EDIT)
    form = ConsentLinkForm(request.POST)
    if not form.is_valid() or participant.is_removed:
        return redirect("research:participant", slug=request.workspace.slug, pk=pk)
    try:
        link, raw = services.consent_link_create(
            actor=request.user,
            participant=participant,
            withdraw=form.cleaned_data["withdraw"],
            send=form.cleaned_data["send"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("research:participant", slug=request.workspace.slug, pk=pk)
    return TemplateResponse(
        request,
        "research/link_created.html",
        {"participant": participant, "link": link, "token": raw,
         "sent": form.cleaned_data["send"]},
    )  # fmt: skip


@access.workspace_view(need=Need.EDIT)
def participant_erase(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Erase a participant on request (GDPR Art. 17), after confirming."""
    participant = get_participant_for(request.member, pk, need=Need.EDIT)
    if participant.is_removed:
        return redirect("research:participant", slug=request.workspace.slug, pk=pk)
    if request.method == "POST":
        services.participant_erase(actor=request.user, participant=participant)
        messages.success(request, _("The participant was erased; their quotes show as withdrawn."))
        return redirect("research:participants", slug=request.workspace.slug)
    counts = {
        "conversations": participant.conversations.count(),
        "quotes": participant.quotes.count(),
        "consents": participant.consents.count(),
    }
    return TemplateResponse(
        request, "research/participant_erase.html", {"participant": participant, **counts}
    )


@access.workspace_view(need=Need.EDIT)
def participant_export(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Everything kept about the participant (GDPR Art. 15): a printable page, or JSON
    with ``?format=json``."""
    participant = get_participant_for(request.member, pk, need=Need.EDIT)
    data = access_export(participant)
    if request.GET.get("format") == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="participant-{pk}.json"'
        return response
    return TemplateResponse(
        request, "research/participant_export.html", {"participant": participant, "data": data}
    )
