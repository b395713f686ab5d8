"""Sales requests with the revenue at stake, and commitments made to customers.

A request is a customer problem in the customer's words, heard by someone (second-hand
evidence by nature), asked by one or more organisations (``RequestAccount``: each with its
deal and its revenue at stake). Requests for the same problem are merged into one: the
accounts move over, an organisation that asked in both counts once.

A commitment is a promise to one organisation: what, by when, who agreed on the product
side, contractual or not, tied to a roadmap item (whose team's forecast gives the risk)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leitstern.core.versioning import Versioned

MAX_AMOUNT = 999_999_999_999


class Currency(models.TextChoices):
    EUR = "EUR", "EUR"
    CHF = "CHF", "CHF"
    USD = "USD", "USD"
    GBP = "GBP", "GBP"


class RequestSettings(Versioned):
    """What the workspace counts revenue in, and after how many days a request waiting for
    triage is highlighted."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.OneToOneField(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="request_settings"
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    ageing_days = models.PositiveIntegerField(
        _("highlight after days"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Requests waiting longer than this for triage are highlighted."),
    )

    EDITABLE_FIELDS: ClassVar[list[str]] = ["currency", "ageing_days"]

    class Meta:
        verbose_name = _("request settings")
        verbose_name_plural = _("request settings")

    def __str__(self) -> str:
        return f"{self.workspace} ({self.currency})"


class Source(models.TextChoices):
    SALES_CALL = "sales_call", _("sales call")
    SUPPORT = "support", _("support ticket")
    QBR = "qbr", _("quarterly business review")
    LOST_DEAL = "lost_deal", _("lost deal")
    OTHER = "other", _("other")


class Urgency(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    CRITICAL = "critical", _("critical")


class Status(models.TextChoices):
    NEW = "new", _("new")
    REVIEW = "review", _("under review")
    LINKED = "linked", _("linked to an opportunity")
    PLANNED = "planned", _("planned on the roadmap")
    NOT_PLANNED = "not_planned", _("not planned")
    RELEASED = "released", _("released")
    MERGED = "merged", _("merged")


OPEN = (Status.NEW, Status.REVIEW, Status.LINKED, Status.PLANNED)
CLOSED = (Status.NOT_PLANNED, Status.RELEASED)
WAITING = (Status.NEW, Status.REVIEW)


class Stage(models.TextChoices):
    LEAD = "lead", _("lead")
    QUALIFIED = "qualified", _("qualified")
    PROPOSAL = "proposal", _("proposal")
    NEGOTIATION = "negotiation", _("negotiation")
    WON = "won", _("won")
    LOST = "lost", _("lost")
    RENEWAL = "renewal", _("renewal")


class RequestQuerySet(models.QuerySet["Request"]):
    def visible(self) -> RequestQuerySet:
        """Requests not merged into another."""
        return self.exclude(status=Status.MERGED)


class Request(Versioned):
    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="sales_requests"
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(
        _("the problem in the customer's words"),
        help_text=_("What the customer said, as close to their words as you can."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.SALES_CALL
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    deadline = models.DateField(_("deadline the customer named"), null=True, blank=True)
    heard_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("heard by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    reason = models.TextField(_("reason"), blank=True)
    answer = models.TextField(
        _("answer to the requester"),
        blank=True,
        help_text=_("What the people who asked are told; required when closing."),
    )
    opportunity = models.ForeignKey(
        "discovery.Opportunity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sales_requests",
        verbose_name=_("opportunity"),
    )
    roadmap_item = models.ForeignKey(
        "roadmap.RoadmapItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sales_requests",
        verbose_name=_("roadmap item"),
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    loop_closed_at = models.DateTimeField(null=True, blank=True)

    objects = RequestQuerySet.as_manager()

    EDITABLE_FIELDS: ClassVar[list[str]] = ["title", "problem", "source", "urgency", "deadline"]

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "status", "created_at"], name="request_inbox"),
            # An item's requests newest first, with their status: the few newest (not
            # merged) of a person's accounts per item on the sales roadmap, read from the
            # index alone without sorting the item's requests (thousands on a busy item).
            models.Index(
                fields=["roadmap_item", "created_at", "id", "status"], name="request_item_newest"
            ),
            # The list, newest first, read in its order a page at a time (no sort of every
            # request of the workspace for each page).
            models.Index(fields=["workspace", "created_at", "id"], name="request_list"),
        ]
        verbose_name = _("request")
        verbose_name_plural = _("requests")

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED


class RequestAccount(models.Model):
    """One organisation asking, with the deal or renewal behind it and the revenue at stake
    (annual recurring revenue, in the workspace's currency)."""

    workspace_path: ClassVar[str] = "request__workspace"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="accounts")
    organisation = models.ForeignKey(
        "customers.Organisation",
        on_delete=models.CASCADE,
        related_name="sales_requests",
        verbose_name=_("organisation"),
    )
    deal = models.CharField(_("deal or renewal"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, blank=True)
    amount = models.DecimalField(
        _("deal amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    close_date = models.DateField(_("expected close date"), null=True, blank=True)
    arr = models.DecimalField(
        _("revenue at stake (ARR)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-arr", "id"]
        indexes = [
            # Each organisation's asks with their revenue, summed from the index alone for
            # the accounts asking, most revenue first.
            models.Index(fields=["organisation", "arr"], name="request_account_revenue"),
            # The requests of chosen accounts read from the index alone: the sales roadmap
            # for a person's thousand accounts (20 ms instead of 30 on PostgreSQL).
            models.Index(fields=["organisation", "request"], name="account_requests"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organisation"],
                name="one_account_per_request",
                violation_error_message=_("This organisation already asks for this request."),
            )
        ]
        verbose_name = _("requesting organisation")
        verbose_name_plural = _("requesting organisations")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.request}"


class RequestComment(models.Model):
    workspace_path: ClassVar[str] = "request__workspace"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]


class CommitmentState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    COMMITTED = "committed", pgettext_lazy("commitment state", "committed")
    DECLINED = "declined", _("declined")
    KEPT = "kept", _("kept")
    BROKEN = "broken", _("broken")


LIVE = (CommitmentState.PROPOSED, CommitmentState.COMMITTED)


class Commitment(Versioned):
    """A promise to one organisation. Sales proposes it; product approves it (or not)."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="commitments"
    )
    request = models.ForeignKey(
        Request,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("request"),
    )
    organisation = models.ForeignKey(
        "customers.Organisation",
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("promised to"),
    )
    what = models.CharField(_("what exactly"), max_length=300)
    due_on = models.DateField(_("by when"))
    contractual = models.BooleanField(_("contractual"), default=False)
    roadmap_item = models.ForeignKey(
        "roadmap.RoadmapItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("roadmap item"),
    )
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("team"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CommitmentState.choices, default=CommitmentState.PROPOSED
    )
    sales_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sales owner"),
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed by (product)"),
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    settled_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The risk as last computed (``selectors.risk_refresh``): lists read it instead of
    # computing a team forecast per row. ``risk_basis`` names the forecast it came from
    # (the team's history version, the item's version and the date); a list recomputes a
    # row whose basis no longer matches, and the daily run stores it anew.
    risk_level = models.CharField(_("risk"), max_length=10, blank=True)
    risk_percent = models.PositiveSmallIntegerField(_("chance in percent"), null=True, blank=True)
    risk_note = models.CharField(max_length=300, blank=True)
    risk_basis = models.CharField(max_length=200, blank=True)
    risk_computed_at = models.DateTimeField(_("risk computed at"), null=True, blank=True)

    EDITABLE_FIELDS: ClassVar[list[str]] = ["what", "contractual", "roadmap_item", "team"]

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["workspace", "state", "due_on"], name="commitment_due")]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.what


class DateChange(models.Model):
    """A committed date moved, with the reason: the sales owner is told."""

    workspace_path: ClassVar[str] = "commitment__workspace"

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="date_changes"
    )
    old = models.DateField(_("old date"))
    new = models.DateField(_("new date"))
    why = models.TextField(_("why"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("date change")
        verbose_name_plural = _("date changes")

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class RevenueRollup(models.Model):
    """The requests behind one roadmap item or one opportunity, as last computed
    (``selectors.revenue.rollup_refresh``): the roll-up pages, the API and the panels read it
    instead of summing every request account on each view.

    Revenue, accounts, asks, the largest account and the segments count the requests
    that are neither merged nor not planned, each organisation once with its largest
    revenue at stake (``selectors.revenue.rollups_computed`` is the same computation done fresh);
    ``requests``, ``open`` and ``asking`` count every request not merged. ``segments`` is
    keyed by the segment's id (names are read when shown, so a renamed or deleted segment
    needs no recomputation)."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="revenue_rollups"
    )
    roadmap_item = models.OneToOneField(
        "roadmap.RoadmapItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revenue_rollup",
    )
    opportunity = models.OneToOneField(
        "discovery.Opportunity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revenue_rollup",
    )
    revenue = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    accounts = models.PositiveIntegerField(default=0)
    asks = models.PositiveIntegerField(default=0)
    largest = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    largest_organisation = models.ForeignKey(
        "customers.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    segments = models.JSONField(default=dict, blank=True)
    requests = models.PositiveIntegerField(default=0)
    open = models.PositiveIntegerField(default=0)
    asking = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "-revenue"], name="rollup_by_revenue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(roadmap_item__isnull=True, opportunity__isnull=False)
                | models.Q(roadmap_item__isnull=False, opportunity__isnull=True),
                name="rollup_one_target",
            )
        ]
        verbose_name = _("revenue roll-up")
        verbose_name_plural = _("revenue roll-ups")

    def __str__(self) -> str:
        return f"{self.roadmap_item_id or self.opportunity_id}: {self.revenue}"


class RollupState(models.Model):
    """What the workspace's stored roll-ups were computed from on the customers' side: the
    organisations' latest change, their number and their highest id. An organisation
    changed since (its segment, a merge, a deletion: the customers module cannot tell the
    requests module) makes a read recompute the targets it asks for (``rollups_fresh``)."""

    workspace = models.OneToOneField(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="rollup_state"
    )
    organisations_changed = models.DateTimeField(null=True, blank=True)
    organisations = models.PositiveIntegerField(default=0)
    highest_organisation = models.PositiveBigIntegerField(default=0)
    # None until everything was computed once (the services store single targets before).
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roll-up state")
        verbose_name_plural = _("roll-up states")

    def __str__(self) -> str:
        return f"{self.workspace} ({self.computed_at})"


class PersonAccount(models.Model):
    """An organisation a person looks after, stored: one whose requests they submitted
    (``Request.created_by``) or heard (``heard_by``), or to which they own a commitment
    (``Commitment.sales_owner``). "For my accounts" on the sales roadmap reads these rows
    instead of joining every request of the person on each view.

    Derived, like the roll-ups: the request services recompute the pairs of person and
    organisation a change touches, in the change's transaction
    (``selectors.accounts.person_accounts_refresh``); the customers' merge of
    organisations is heard through ``customers.signals.organisations_changed``; the daily
    run and a workspace import rebuild them all. The relations are hidden
    (``related_name="+"``): a merge of organisations leaves these rows to the signal's
    receiver, which computes the kept organisation's pairs anew, instead of moving them
    onto pairs that may exist already."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    # The unique constraint below leads with the person: no index of its own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        "customers.Organisation", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_person_account")
        ]
        verbose_name = _("account looked after")
        verbose_name_plural = _("accounts looked after")

    def __str__(self) -> str:
        return f"{self.user_id} – {self.organisation_id}"
