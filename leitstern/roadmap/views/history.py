"""The living document: the history as a story, "what changed since …" between two dates
or snapshots, snapshots, and a digest sent on demand."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.roadmap import display, services
from leitstern.roadmap.forms import CompareForm, DigestForm, SnapshotForm
from leitstern.roadmap.models import Roadmap, Snapshot, Status
from leitstern.roadmap.selectors import history as selectors
from leitstern.roadmap.views.common import get_roadmap, query_without, roadmap_context
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

# How many items of each kind of change the page lists (all are counted); one kind on its
# own is listed a page at a time.
SHOWN = 20
KIND_PAGE = 100


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 19 else None


@access.workspace_view(need=Need.VIEW)
def history(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Every change, newest first, as sentences with their reasons; 50 at a time."""
    roadmap = get_roadmap(request, pk, Need.VIEW)
    reorders = request.GET.get("reorders") == "1"
    lines, more = selectors.story(
        roadmap, below=_number(request.GET.get("below")), include_reorders=reorders
    )
    template = "roadmap/history.html"
    if request.htmx and request.htmx.target == "story":
        template += "#story"
    return TemplateResponse(
        request,
        template,
        {
            **roadmap_context(request, roadmap),
            "lines": lines,
            "more": more,
            "reorders": reorders,
            "digest_form": DigestForm(initial={"since": timezone.localdate() - timedelta(days=7)}),
        },
    )


def _points(
    request: WorkspaceRequest, roadmap: Roadmap, form: CompareForm
) -> tuple[selectors.Point, selectors.Point]:
    """The two moments the form names; by default the latest snapshot (or 30 days ago)
    and now. A digest's link names its start as a change (``from_change``)."""
    snapshots = {s.pk: s for s in form.snapshots}
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    after = selectors.point_now(roadmap)
    if data.get("until_snapshot") in snapshots:
        after = selectors.point_for_snapshot(snapshots[data["until_snapshot"]])
    elif data.get("until"):
        after = selectors.point_for_day(roadmap, data["until"])
    from_change = _number(request.GET.get("from_change"))
    if data.get("since_snapshot") in snapshots:
        before = selectors.point_for_snapshot(snapshots[data["since_snapshot"]])
    elif data.get("since"):
        before = selectors.point_for_day(roadmap, data["since"])
    elif from_change is not None:
        before = selectors.Point(from_change, _("the last digest"))
    elif form.snapshots:
        before = selectors.point_for_snapshot(form.snapshots[0])
    else:
        day = timezone.localdate() - timedelta(days=30)
        before = selectors.point_for_day(roadmap, day)
    return before, after


@access.workspace_view(need=Need.VIEW)
def changes(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """What changed between two moments (dates or snapshots): added, removed, moved,
    reworded, with each reason. The view to show in a quarterly review."""
    roadmap = get_roadmap(request, pk, Need.VIEW)
    snapshots = list(Snapshot.objects.filter(roadmap=roadmap).order_by("-taken_at", "-id"))
    form = CompareForm(request.GET or None, snapshots=snapshots)
    form.snapshots = snapshots
    before, after = _points(request, roadmap, form)
    comparison = selectors.compare(roadmap, before=before, after=after)
    counts = comparison.counts
    show = request.GET.get("show")
    offset = _number(request.GET.get("offset")) or 0
    if show in selectors.CATEGORIES:
        entries = comparison.of(show)[offset : offset + KIND_PAGE]
        sections = [(show, entries, counts[show])]
        more = offset + KIND_PAGE if offset + KIND_PAGE < counts[show] else None
    else:
        show, offset, more = None, 0, None
        sections = [
            (category, comparison.of(category)[:SHOWN], counts[category])
            for category in selectors.CATEGORIES
        ]
    comparison.fill(entry for _category, entries, _count in sections for entry in entries)
    item_url = _item_url(request)
    return TemplateResponse(
        request,
        "roadmap/changes.html",
        {
            **roadmap_context(request, roadmap),
            "form": form,
            "comparison": comparison,
            "sections": [
                (category, _heading(category), _lines(category, entries, item_url), count)
                for category, entries, count in sections
            ],
            "summary": [(_kind(category), counts[category]) for category in selectors.CATEGORIES],
            "show": show,
            "offset": offset,
            "more": more,
            "query": query_without(request, "show", "offset"),
        },
    )


def _kind(category: str) -> str:
    return {
        selectors.ADDED: _("added"),
        selectors.REMOVED: _("removed"),
        selectors.MOVED: _("moved"),
        selectors.REWORDED: _("reworded"),
        selectors.CONFIDENCE: _("confidence changed"),
        selectors.STATUS: _("status changed"),
    }.get(category) or _("rescheduled")


def _heading(category: str) -> str:
    return {
        selectors.ADDED: _("Added"),
        selectors.REMOVED: _("Removed"),
        selectors.MOVED: _("Moved"),
        selectors.REWORDED: _("Reworded"),
        selectors.CONFIDENCE: _("Confidence changed"),
        selectors.STATUS: _("Status changed"),
    }.get(category) or _("Rescheduled")


def _item_url(request: WorkspaceRequest):
    """The item page's URL by id, reversed once for the page."""
    placeholder = 2_147_483_629
    pattern = reverse("roadmap:item", args=[request.workspace.slug, placeholder])
    head, tail = pattern.split(str(placeholder))
    return lambda pk: f"{head}{int(pk)}{tail}"


def _status(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def _detail(category: str, entry: selectors.Entry) -> SafeString | str:
    """What changed about one entry, after its title (empty: nothing to add)."""
    before, after = entry.before, entry.after
    name = selectors.horizon_label
    if category == selectors.MOVED and before is not None:
        return f"{name(before.horizon)} → {name(after.horizon)}"
    if category == selectors.ADDED:
        return name(after.horizon)
    if category == selectors.REMOVED:
        return "{} {}".format(_("was in"), name(before.horizon)) if before is not None else ""
    if category == selectors.REWORDED:
        old = entry.old_title
        return format_html('<span class="was">{}</span>', old) if old != entry.title else ""
    if before is None:
        return ""
    if category == selectors.CONFIDENCE:
        return f"{display.percent(before.confidence)} → {display.percent(after.confidence)}"
    if category == selectors.STATUS:
        return f"{_status(before.status)} → {_status(after.status)}"
    window = display.window_label
    return (
        f"{window(before.window_start, before.window_end) or '—'} → "
        f"{window(after.window_start, after.window_end) or '—'}"
    )


def _lines(category: str, entries: list[selectors.Entry], item_url) -> list[tuple]:
    """The entries of one kind as the page lists them: link, title, what changed, why,
    who; built here once rather than decided per entry in the template."""
    return [
        (item_url(entry.item_id), entry.title, _detail(category, entry), entry.why, entry.who)
        for entry in entries
    ]


def _snapshots_page(
    request: WorkspaceRequest, roadmap: Roadmap, form: SnapshotForm
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "roadmap/snapshots.html",
        {
            **roadmap_context(request, roadmap),
            "snapshots": Snapshot.objects.filter(roadmap=roadmap).select_related("taken_by"),
            "form": form,
        },
    )


@access.workspace_view(need=Need.VIEW)
def snapshots(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The roadmap's named snapshots, each to compare today with."""
    roadmap = get_roadmap(request, pk, Need.VIEW)
    return _snapshots_page(request, roadmap, SnapshotForm())


@require_POST
@access.workspace_view(need=Need.EDIT)
def snapshot_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    roadmap = get_roadmap(request, pk, Need.EDIT)
    form = SnapshotForm(request.POST)
    if form.is_valid():
        try:
            snapshot = services.snapshot_take(
                actor=request.user, roadmap=roadmap, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Snapshot “%(name)s” taken.") % {"name": snapshot.name})
            return redirect("roadmap:snapshots", slug=request.workspace.slug, pk=roadmap.pk)
    return _snapshots_page(request, roadmap, form)


@require_POST
@access.workspace_view(need=Need.EDIT)
def digest(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Send the followers what changed since a date, now."""
    roadmap = get_roadmap(request, pk, Need.EDIT)
    form = DigestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        since = form.cleaned_data["since"]
        point = selectors.point_for_day(roadmap, since - timedelta(days=1))
        count = services.digest_send(
            actor=request.user, roadmap=roadmap, before_change_id=point.change_id, since=since
        )
        if count:
            messages.success(
                request,
                _("The digest goes to %(count)d followers.") % {"count": count},
            )
        else:
            messages.error(request, _("Nobody follows this roadmap yet; no digest was sent."))
    return redirect(reverse("roadmap:history", args=[request.workspace.slug, roadmap.pk]))
