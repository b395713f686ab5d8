"""Work history (finished and open items), saved and tracking forecasts, share links.
(Uploads are the kernel's import jobs, ``core.imports``.)

The numbers come from the forecast engine (``leitstern.engines.forecast``); these models only
keep what a team finished or still has open, what a user asked and what the engine answered."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leitstern.core.tokens import PublicToken
from leitstern.core.versioning import Versioned


class WorkItemQuerySet(models.QuerySet["WorkItem"]):
    def finished(self) -> WorkItemQuerySet:
        """Items with a done date: the only ones forecasts, throughput, cycle time, scoring
        and tracking count."""
        return self.filter(done__isnull=False)

    def open(self) -> WorkItemQuerySet:
        """Items not done yet; they count only as arrivals and work in progress (from their
        start date)."""
        return self.filter(done__isnull=True)

    def search(
        self,
        *,
        q: str = "",
        status: str = "",
        done_from: date | None = None,
        done_to: date | None = None,
    ) -> WorkItemQuerySet:
        """Filter by key or title, by status (``"finished"`` or ``"open"``) and by done date
        (a done-date bound leaves open items out)."""
        items = self
        if status == "finished":
            items = items.finished()
        elif status == "open":
            items = items.open()
        if q:
            items = items.filter(models.Q(key__icontains=q) | models.Q(title__icontains=q))
        if done_from:
            items = items.filter(done__gte=done_from)
        if done_to:
            items = items.filter(done__lte=done_to)
        return items


class WorkItem(models.Model):
    """One item of a team, finished (``done`` set) or still open (``done`` empty). ``key`` is
    the tracker's key (``NW-42``, ``#123``); a new upload with the same key updates the item
    instead of adding another, so an open item gets its done date once it is finished (see
    ``would_reopen`` for the way back). Items come from uploads and the API alike, so an item
    in both is one item.

    Open items count only as arrivals and work in progress; every forecast and throughput
    number uses ``WorkItem.objects.finished()``."""

    workspace_path: ClassVar[str] = "team__workspace"

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=500, blank=True)
    created = models.DateField(_("created"), null=True, blank=True)
    started = models.DateField(_("started"), null=True, blank=True)
    done = models.DateField(_("done"), null=True, blank=True)

    objects = WorkItemQuerySet.as_manager()

    FIELDS = ["title", "created", "started", "done"]

    # Open items first, then the most recently finished.
    NEWEST_FIRST = (models.F("done").desc(nulls_first=True), "key")

    class Meta:
        ordering = [models.F("done").desc(nulls_first=True), "key"]
        constraints = [
            models.UniqueConstraint(fields=["team", "key"], name="unique_item_key_per_team"),
        ]
        indexes = [models.Index(fields=["team", "done"], name="item_team_done")]
        verbose_name = _("work item")
        verbose_name_plural = _("work items")

    def __str__(self) -> str:
        return self.key

    @property
    def is_open(self) -> bool:
        return self.done is None

    def would_reopen(self, done: date | None) -> bool:
        """Whether merging a row without a done date would make this finished item open
        again. Such a row is stale: a file or a push is a snapshot, and an export made before
        the item was finished can be uploaded after the one that finished it. Merging never
        reopens an item, so a stale row leaves a finished item exactly as it is; to reopen an
        item, delete it and merge it again."""
        return self.done is not None and done is None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.started and self.done and self.started > self.done:
            raise ValidationError({"started": _("An item cannot start after it was done.")})


class TeamHistory(models.Model):
    """A version number bumped by every change to a team's items, so computed charts and
    forecasts can be cached until the history changes."""

    workspace_path: ClassVar[str] = "team__workspace"

    team = models.OneToOneField(
        "teams.Team", on_delete=models.CASCADE, primary_key=True, related_name="history"
    )
    version = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.team} v{self.version}"


class Question(models.TextChoices):
    HOW_MANY = "how_many", _("How many items by a date?")
    WHEN = "when", _("When will a number of items be done?")
    CHANCE = "chance", _("What is the chance to finish by a date?")


class SavedForecastQuerySet(models.QuerySet["SavedForecast"]):
    def due(self, today: date) -> SavedForecastQuerySet:
        return self.filter(scored_at__isnull=True, due__lt=today)

    def scored(self) -> SavedForecastQuerySet:
        return self.filter(scored_at__isnull=False)


class SavedForecast(models.Model):
    """A forecast as it was made: its inputs, the engine's answer and when. Once its period
    has passed it is scored against what the team really finished (``outcome``)."""

    workspace_path: ClassVar[str] = "team__workspace"

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="saved_forecasts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    question = models.CharField(max_length=20, choices=Question.choices)
    inputs = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    as_of = models.DateField()
    due = models.DateField(help_text="The day after which the forecast can be scored.")
    made_at = models.DateTimeField(default=timezone.now)
    scored_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(default=dict, blank=True)

    objects = SavedForecastQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at"]
        verbose_name = _("saved forecast")
        verbose_name_plural = _("saved forecasts")

    def __str__(self) -> str:
        return self.name

    @property
    def is_scored(self) -> bool:
        return self.scored_at is not None


class TrackingForecast(models.Model):
    """A question asked again every day with fresh data: "``items`` items, counted from
    ``start``". Items finished since ``start`` count down what is left."""

    workspace_path: ClassVar[str] = "team__workspace"

    team = models.ForeignKey(
        "teams.Team", on_delete=models.CASCADE, related_name="tracking_forecasts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    items = models.PositiveIntegerField(_("items"))
    start = models.DateField(_("counting from"))
    options = models.JSONField(default=dict, blank=True)
    alert_days = models.PositiveIntegerField(
        _("record a change of more than (days)"),
        default=7,
        # xgettext:no-python-format
        help_text=_("A move of the 85% date by more than this is written to the activity log."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tracking forecast")
        verbose_name_plural = _("tracking forecasts")

    def __str__(self) -> str:
        return self.name


class TrackingPoint(models.Model):
    """One day's answer of a tracking forecast."""

    workspace_path: ClassVar[str] = "tracking__team__workspace"

    tracking = models.ForeignKey(TrackingForecast, on_delete=models.CASCADE, related_name="points")
    as_of = models.DateField()
    done = models.PositiveIntegerField()
    remaining = models.PositiveIntegerField()
    p50 = models.DateField(null=True)
    p85 = models.DateField(null=True)
    p85_calibrated = models.DateField(null=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["as_of"]
        constraints = [
            models.UniqueConstraint(fields=["tracking", "as_of"], name="one_point_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.tracking} {self.as_of}"


class ShareLink(PublicToken):
    """A read-only link to one forecast for people without an account: a public link of the
    kernel (``core.tokens``): only the token's SHA-256 is kept, the link is shown once, and
    it stops working when it expires or is revoked."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    forecast = models.ForeignKey(
        SavedForecast, on_delete=models.CASCADE, null=True, blank=True, related_name="shares"
    )
    tracking = models.ForeignKey(
        TrackingForecast, on_delete=models.CASCADE, null=True, blank=True, related_name="shares"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(forecast__isnull=False, tracking__isnull=True)
                | models.Q(forecast__isnull=True, tracking__isnull=False),
                name="share_one_target",
            )
        ]

    def __str__(self) -> str:
        return str(self.forecast or self.tracking)


class DailyCount(models.Model):
    """A team's items counted per day, kept by the services that write ``WorkItem`` rows in
    the same transaction, so the team page and forecasts read about a thousand rows instead
    of grouping every item. ``done``: items finished that day; ``created``: finished items
    created that day; ``arrived``: items created that day, open or not; ``began``: items
    begun that day (started, or created where no start is known); ``ended``: begun items
    finished that day; ``open_began``: open items begun that day."""

    workspace_path: ClassVar[str] = "team__workspace"

    COLUMNS = ("done", "created", "arrived", "began", "ended", "open_began")

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="daily_counts")
    day = models.DateField()
    done = models.IntegerField(default=0)
    created = models.IntegerField(default=0)
    arrived = models.IntegerField(default=0)
    began = models.IntegerField(default=0)
    ended = models.IntegerField(default=0)
    open_began = models.IntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["team", "day"], name="one_daily_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.day}"


class WipLimit(Versioned):
    """How many items a team means to have in progress at once, drawn on its flow charts.
    Empty: no limit set. A team has at most one; the row is made the first time someone
    sets a limit (``services.wip_limit_set``), so a team nobody gave a limit has none."""

    workspace_path: ClassVar[str] = "team__workspace"

    team = models.OneToOneField(
        "teams.Team", on_delete=models.CASCADE, primary_key=True, related_name="wip_limit"
    )
    limit = models.PositiveIntegerField(
        _("WIP limit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("The most items the team wants in progress at once. Empty: no limit."),
    )

    class Meta:
        verbose_name = _("WIP limit")
        verbose_name_plural = _("WIP limits")

    def __str__(self) -> str:
        return f"{self.team}: {self.limit}"
