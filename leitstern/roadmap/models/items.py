"""Roadmaps and their items: outcomes first, in Now / Next / Later, or deliberately set
aside (parked, not doing)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned


class Horizon(models.TextChoices):
    NOW = "now", _("Now")
    NEXT = "next", _("Next")
    LATER = "later", _("Later")
    PARKED = "parked", _("Parked")
    NOT_DOING = "not_doing", _("Not doing")


PLANNED = (Horizon.NOW, Horizon.NEXT, Horizon.LATER)
SET_ASIDE = (Horizon.PARKED, Horizon.NOT_DOING)
HORIZON_ORDER = {h: i for i, h in enumerate(Horizon.values)}

# Confidence fades with the horizon: what is being done now is fairly certain, what comes
# later much less. An item without a confidence of its own shows its horizon's.
DEFAULT_CONFIDENCE = {Horizon.NOW: 80, Horizon.NEXT: 50, Horizon.LATER: 25}


class Status(models.TextChoices):
    EXPLORING = "exploring", _("exploring")
    VALIDATING = "validating", _("validating")
    BUILDING = "building", _("building")
    RELEASED = "released", _("released")
    MEASURING = "measuring", _("measuring")
    DONE = "done", _("done")


class Level(models.TextChoices):
    """How concrete an item is: the outcome it serves, the problem it solves, or the
    solution (feature) that is being built."""

    OUTCOME = "outcome", _("outcome")
    PROBLEM = "problem", _("problem")
    SOLUTION = "solution", _("solution / feature")


class Size(models.TextChoices):
    XS = "xs", "XS"
    S = "s", "S"
    M = "m", "M"
    L = "l", "L"
    XL = "xl", "XL"


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("internal")
    PUBLIC = "public", _("public")


class HardDateKind(models.TextChoices):
    """Why a date is hard: only real deadlines get one."""

    REGULATORY = "regulatory", _("regulatory deadline")
    EVENT = "event", _("event")
    CONTRACT = "contract", _("contract")
    OTHER = "other", _("other fixed date")


class RoadmapQuerySet(models.QuerySet["Roadmap"]):
    def active(self) -> RoadmapQuerySet:
        """Roadmaps of products still in use, and the portfolio roadmap."""
        return self.filter(
            models.Q(product__isnull=True) | models.Q(product__archived_at__isnull=True)
        )


class Roadmap(Versioned):
    """A product's one living roadmap, or (without a product) the workspace's portfolio
    roadmap of themes across products."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="roadmaps"
    )
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roadmaps",
        verbose_name=_("product"),
    )
    wip_limit = models.PositiveSmallIntegerField(
        _("limit of items in Now"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_(
            "Focus: going over it asks for a reason, which is kept and counted. Leave empty "
            "for no limit."
        ),
    )
    portfolio_disclaimer = models.TextField(
        _("disclaimer"),
        blank=True,
        help_text=_(
            "Shown on shared views of the portfolio roadmap; a product's roadmap shows the "
            "disclaimer of its product."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoadmapQuerySet.as_manager()

    workspace_path = "workspace"
    EDITABLE_FIELDS = ["wip_limit", "portfolio_disclaimer"]

    class Meta:
        ordering = ["product__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=models.Q(product__isnull=False),
                name="one_roadmap_per_product",
                violation_error_message=_("This product has a roadmap already."),
            ),
            models.UniqueConstraint(
                fields=["workspace"],
                condition=models.Q(product__isnull=True),
                name="one_portfolio_roadmap_per_workspace",
                violation_error_message=_("This workspace has a portfolio roadmap already."),
            ),
        ]
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    def __str__(self) -> str:
        if self.product_id:
            return str(self.product)
        return str(_("Portfolio"))

    @property
    def is_portfolio(self) -> bool:
        return self.product_id is None

    @property
    def disclaimer(self) -> str:
        """The text shared views show under the roadmap: the product's, or the portfolio's
        own."""
        if self.product_id:
            return self.product.roadmap_disclaimer
        return self.portfolio_disclaimer

    def clean(self) -> None:
        if self.product_id and self.product.workspace_id != self.workspace_id:
            raise ValidationError({"product": _("Choose a product of this workspace.")})


def normalize_tags(text: str) -> str:
    """Tags as one canonical text: separated by commas, each stripped, the first spelling
    of a tag kept, duplicates (without regard to case) dropped, in the order given."""
    seen, tags = set(), []
    for part in (text or "").replace(";", ",").split(","):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return ", ".join(tags)


class RoadmapItemQuerySet(models.QuerySet["RoadmapItem"]):
    def current(self) -> RoadmapItemQuerySet:
        """Items on the roadmap (not removed)."""
        return self.filter(removed_at__isnull=True)

    def planned(self) -> RoadmapItemQuerySet:
        return self.current().filter(horizon__in=PLANNED)

    def with_tag(self, tag: str) -> RoadmapItemQuerySet:
        """Items with exactly this tag (without regard to case)."""
        import re

        return self.filter(tags__iregex=r"(^|, )" + re.escape(tag.strip()) + r"(,|$)")


class RoadmapItem(Versioned):
    """One theme, outcome, problem or solution on a roadmap. Items are never deleted by
    the people using the roadmap: removing one keeps it (``removed_at``) so the history
    and every comparison with an earlier date stay complete."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("title"), max_length=200)
    outcome = models.TextField(
        _("outcome or problem it serves"),
        blank=True,
        help_text=_("For example: help first-time buyers finish checkout."),
    )
    description = models.TextField(_("notes"), blank=True)
    level = models.CharField(
        _("level of detail"), max_length=10, choices=Level.choices, default=Level.OUTCOME
    )
    horizon = models.CharField(
        _("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.NEXT
    )
    # Order within the horizon's column; a move places the item between two neighbours.
    position = models.FloatField(default=0.0, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.EXPLORING
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("In percent. Empty: the horizon's default (Now 80 %, Next 50 %, Later 25 %)."),
    )
    size = models.CharField(_("size"), max_length=2, choices=Size.choices, blank=True)
    size_items = models.PositiveIntegerField(
        _("size in items"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("How many of the team's work items it takes; with a team, gives a forecast."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_items",
        verbose_name=_("team"),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
        help_text=_("Public items may appear on views shared with customers."),
    )
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    window_start = models.DateField(_("from"), null=True, blank=True)
    window_end = models.DateField(_("until"), null=True, blank=True)
    hard_date = models.DateField(_("hard date"), null=True, blank=True)
    hard_date_kind = models.CharField(
        _("kind of hard date"), max_length=12, choices=HardDateKind.choices, blank=True
    )
    hard_date_note = models.CharField(_("what the date is"), max_length=200, blank=True)
    key_results = models.ManyToManyField(
        "strategy.KeyResult",
        blank=True,
        related_name="roadmap_items",
        verbose_name=_("key results"),
    )
    objectives = models.ManyToManyField(
        "strategy.Objective",
        blank=True,
        related_name="roadmap_items",
        verbose_name=_("objectives"),
    )
    # Set aside: why (for parked and not-doing items), who decided, and when to look again.
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    revisit_on = models.DateField(_("revisit on"), null=True, blank=True)
    # When the reminder to look at a parked item again went out (once per revisit date).
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = RoadmapItemQuerySet.as_manager()

    workspace_path = "roadmap__workspace"
    EDITABLE_FIELDS = [
        "title",
        "outcome",
        "description",
        "level",
        "status",
        "confidence",
        "size",
        "size_items",
        "owner",
        "team",
        "visibility",
        "tags",
        "window_start",
        "window_end",
        "hard_date",
        "hard_date_kind",
        "hard_date_note",
        "key_results",
        "objectives",
    ]

    class Meta:
        ordering = ["roadmap", "position", "id"]
        indexes = [
            models.Index(fields=["roadmap", "horizon", "position"], name="roadmap_item_column"),
        ]
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")

    def __str__(self) -> str:
        return self.title

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def is_set_aside(self) -> bool:
        return self.horizon in SET_ASIDE

    @property
    def shown_confidence(self) -> int | None:
        """The item's own confidence, else its horizon's default (none when set aside)."""
        if self.confidence is not None:
            return self.confidence
        return DEFAULT_CONFIDENCE.get(self.horizon)

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(", ") if tag]

    def clean(self) -> None:
        """Everything an item links to lives in its roadmap's workspace; a time window ends
        after it starts; a hard date says what kind of date it is."""
        errors: dict[str, object] = {}
        workspace_id = self.roadmap.workspace_id if self.roadmap_id else None
        if self.team_id and self.team.workspace_id != workspace_id:
            errors["team"] = _("Choose a team of this workspace.")
        if self.window_start and self.window_end and self.window_end < self.window_start:
            errors["window_end"] = _("The time window ends before it starts.")
        if bool(self.window_start) != bool(self.window_end):
            field = "window_end" if self.window_start else "window_start"
            errors[field] = _("Give the time window's start and end, or neither.")
        if self.hard_date and not self.hard_date_kind:
            errors["hard_date_kind"] = _(
                "Say what makes the date hard (a regulation, an event, a contract …)."
            )
        if not self.hard_date and (self.hard_date_kind or self.hard_date_note):
            errors["hard_date"] = _("Give the hard date, or leave its kind and note empty.")
        self.tags = normalize_tags(self.tags)
        if errors:
            raise ValidationError(errors)

    def ensure_not_removed(self) -> None:
        """A removed item is kept for the history only; restore it to change it."""
        if self.is_removed:
            raise ValidationError(
                _("“%(title)s” was removed from the roadmap; restore it to change it.")
                % {"title": self.title}
            )

    def window_overlaps(self, starts_on: date, ends_on: date) -> bool:
        """Whether the item's time window or hard date touches ``starts_on``–``ends_on``."""
        if self.hard_date and starts_on <= self.hard_date <= ends_on:
            return True
        if self.window_start and self.window_end:
            return self.window_start <= ends_on and self.window_end >= starts_on
        return False


class ItemComment(models.Model):
    """A comment on an item: contributors (sales, support) read and comment, editors
    change the roadmap."""

    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "item__roadmap__workspace"

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
