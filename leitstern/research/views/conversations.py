"""Learning conversations and second-hand feedback: list, page, schedule or record, edit,
held or cancelled, the interview snapshot, attachments and highlighting quotes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors, run_with_message
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.research import services
from leitstern.research.access import get_attachment_for, get_conversation_for
from leitstern.research.forms import (
    AttachmentForm,
    ConversationForm,
    FeedbackForm,
    QuoteForm,
    SnapshotForm,
)
from leitstern.research.models import Conversation, ConversationStatus, Quote, Source
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

PAGE = 50


@access.workspace_view(need=Need.VIEW)
def conversation_list(request: WorkspaceRequest) -> HttpResponse:
    conversations = (
        Conversation.objects.filter(workspace=request.workspace)
        .select_related("product", "organisation", "segment", "persona")
        .prefetch_related("interviewers")
    )
    source = request.GET.get("source", "")
    if source in Source.values:
        conversations = conversations.filter(source=source)
    status = request.GET.get("status", "")
    if status in ConversationStatus.values:
        conversations = conversations.filter(status=status)
    page = Paginator(conversations, PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "research/conversations.html",
        {"page": page, "source": source, "status": status, "sources": Source.choices,
         "statuses": ConversationStatus.choices},
    )  # fmt: skip


@access.workspace_view(need=Need.EDIT)
def conversation_new(request: WorkspaceRequest) -> HttpResponse:
    form = ConversationForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.conversation_data()
        try:
            conversation = services.conversation_create(
                actor=request.user,
                workspace=request.workspace,
                held=form.cleaned_data["held"],
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Conversation saved."))
            return redirect(
                "research:conversation", slug=request.workspace.slug, pk=conversation.pk
            )
    return TemplateResponse(
        request, "research/conversation_form.html", {"form": form, "conversation": None}
    )


@access.workspace_view(need=Need.CONTRIBUTE)
def feedback_new(request: WorkspaceRequest) -> HttpResponse:
    """Second-hand feedback: what sales, support, marketing or a survey heard."""
    form = FeedbackForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.feedback_submit(
                actor=request.user, workspace=request.workspace, **form.feedback_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Feedback saved, marked as second-hand."))
            return redirect(
                "research:conversation", slug=request.workspace.slug, pk=conversation.pk
            )
    return TemplateResponse(request, "research/feedback_form.html", {"form": form})


@access.workspace_view(need=Need.VIEW)
def conversation_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    conversation = get_conversation_for(request.member, pk)
    quotes = (
        Quote.objects.filter(conversation=conversation)
        .visible_to(request.user)
        .select_related("participant")
        .prefetch_related("tags")
    )
    context = {
        "conversation": conversation,
        "participants": list(conversation.participants.all()),
        "interviewers": list(conversation.interviewers.all()),
        "attachments": list(conversation.attachments.all()),
        "quotes": quotes,
        "hidden_quotes": conversation.quotes.count() - quotes.count(),
    }
    if request.member.can_edit:
        context["quote_form"] = QuoteForm(conversation=conversation)
        context["attachment_form"] = AttachmentForm()
    return TemplateResponse(request, "research/conversation.html", context)


@access.workspace_view(need=Need.EDIT)
def conversation_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    conversation = get_conversation_for(request.member, pk, need=Need.EDIT)
    if conversation.is_second_hand:
        return redirect("research:conversation", slug=request.workspace.slug, pk=pk)
    form = ConversationForm(request.POST or None, workspace=request.workspace, loaded=conversation)
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
            messages.success(request, _("Conversation saved."))
            return redirect("research:conversation", slug=request.workspace.slug, pk=pk)
    return TemplateResponse(
        request, "research/conversation_form.html", {"form": form, "conversation": conversation}
    )


@access.workspace_view(need=Need.EDIT)
def snapshot_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    conversation = get_conversation_for(request.member, pk, need=Need.EDIT)
    form = SnapshotForm(request.POST or None, loaded=conversation)
    if request.method == "POST" and form.is_valid():
        try:
            services.snapshot_update(
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
            messages.success(request, _("Snapshot saved."))
            return redirect("research:conversation", slug=request.workspace.slug, pk=pk)
    return TemplateResponse(
        request, "research/snapshot_form.html", {"form": form, "conversation": conversation}
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def conversation_hold(request: WorkspaceRequest, pk: int) -> HttpResponse:
    conversation = get_conversation_for(request.member, pk, need=Need.EDIT)
    run_with_message(
        request,
        lambda: services.conversation_hold(actor=request.user, conversation=conversation),
        _("Marked as held."),
    )
    return redirect("research:conversation", slug=request.workspace.slug, pk=pk)


@require_POST
@access.workspace_view(need=Need.EDIT)
def conversation_cancel(request: WorkspaceRequest, pk: int) -> HttpResponse:
    conversation = get_conversation_for(request.member, pk, need=Need.EDIT)
    run_with_message(
        request,
        lambda: services.conversation_cancel(actor=request.user, conversation=conversation),
        _("Conversation cancelled."),
    )
    return redirect("research:conversation", slug=request.workspace.slug, pk=pk)


@require_POST
@access.workspace_view(need=Need.EDIT)
def quote_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Highlight a passage as a quote (the page fills the text from a selection)."""
    conversation = get_conversation_for(request.member, pk, need=Need.EDIT)
    form = QuoteForm(request.POST, conversation=conversation)
    if form.is_valid():
        try:
            tags = list(form.cleaned_data["tags"])
            if form.cleaned_data["new_tag"]:
                tags.append(
                    services.tag_create(
                        actor=request.user,
                        workspace=request.workspace,
                        name=form.cleaned_data["new_tag"],
                    )
                )
            text = form.cleaned_data["text"]
            source = "notes" if text in conversation.notes else "typed"
            services.quote_create(
                actor=request.user,
                conversation=conversation,
                text=text,
                participant=form.cleaned_data.get("participant"),
                source=source,
                tags=tags,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Quote saved."))
            return redirect("research:conversation", slug=request.workspace.slug, pk=pk)
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form.fields[field].label}: {error}" if field in
                           form.fields else error)  # fmt: skip
    return redirect("research:conversation", slug=request.workspace.slug, pk=pk)


@require_POST
@access.workspace_view(need=Need.EDIT)
def attachment_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    conversation = get_conversation_for(request.member, pk, need=Need.EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        run_with_message(
            request,
            lambda: services.attachment_add(
                actor=request.user,
                conversation=conversation,
                kind=form.cleaned_data["kind"],
                name=upload.name,
                content=upload.read(),
                content_type=upload.content_type or "",
            ),
            _("File attached."),
        )
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("research:conversation", slug=request.workspace.slug, pk=pk)


@access.workspace_view(need=Need.VIEW)
def attachment_download(request: WorkspaceRequest, pk: int, attachment: int) -> HttpResponse:
    conversation = get_conversation_for(request.member, pk)
    found = get_attachment_for(request.member, attachment, conversation=conversation)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=found.name)


@require_POST
@access.workspace_view(need=Need.EDIT)
def attachment_delete(request: WorkspaceRequest, pk: int, attachment: int) -> HttpResponse:
    conversation = get_conversation_for(request.member, pk, need=Need.EDIT)
    found = get_attachment_for(request.member, attachment, conversation=conversation)
    services.attachment_delete(actor=request.user, attachment=found)
    messages.success(request, _("File deleted."))
    return redirect("research:conversation", slug=request.workspace.slug, pk=pk)
