"""A team's live connection to its tracker, and the keys it brought in.

The credentials are stored encrypted (``crypto.py``); the items themselves are the team's
``forecasts.WorkItem`` rows, merged by key like an upload's."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned


class Kind(models.TextChoices):
    JIRA = "jira", _("Jira (Cloud or Data Center)")
    GITHUB = "github", _("GitHub")
    LINEAR = "linear", _("Linear")
    AZURE = "azure", _("Azure DevOps")


class GitHubItems(models.TextChoices):
    ISSUES = "issues", _("Issues (finished when closed as completed)")
    PULLS = "pulls", _("Pull requests (finished when merged)")


class JiraDone(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution date")
    STATUS = "status", _("Date the status moved to the Done category")


class Interval(models.IntegerChoices):
    NEVER = 0, _("Only when someone clicks “Sync now”")
    HOURLY = 1, _("Every hour")
    SIX_HOURS = 6, _("Every six hours")
    DAILY = 24, _("Once a day")


class State(models.TextChoices):
    IDLE = "idle", _("idle")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")


class Problem(models.TextChoices):
    """Why the last sync or test failed, in words a person can act on (``messages.py``)."""

    NONE = "", _("none")
    NO_CREDENTIALS = "no_credentials", _("no credentials")
    NO_KEY = "no_key", _("no encryption key")
    EXPIRED = "expired", _("credentials expired")
    FORBIDDEN = "forbidden", _("no permission")
    NOT_FOUND = "not_found", _("not found")
    RATE_LIMITED = "rate_limited", _("rate limited")
    UNREACHABLE = "unreachable", _("unreachable")
    BAD_QUERY = "bad_query", _("query refused")
    BAD_ANSWER = "bad_answer", _("unexpected answer")
    NOTHING_FOUND = "nothing_found", _("nothing found")


class Connector(Versioned):
    """One source of a team's items: which tracker, where, which items, the encrypted
    credentials, the schedule, and how the last sync went (the health line). The settings
    are edited through ``update_versioned``; the sync's own fields (state onwards) and the
    credential are written by the sync and the credential services with plain updates, so
    a running sync never conflicts with an edit."""

    workspace_path: ClassVar[str] = "team__workspace"

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="connectors")
    kind = models.CharField(_("tracker"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    url = models.CharField(_("server address"), max_length=500)
    scope = models.CharField(_("which items"), max_length=2000)
    labels = models.CharField(_("labels"), max_length=500, blank=True)
    milestone = models.CharField(_("milestone"), max_length=100, blank=True)
    github_items = models.CharField(
        _("GitHub items"), max_length=10, choices=GitHubItems.choices, default=GitHubItems.ISSUES
    )
    jira_done = models.CharField(
        _("done date"), max_length=12, choices=JiraDone.choices, default=JiraDone.RESOLUTION
    )
    username = models.CharField(_("user name or email"), max_length=200, blank=True)
    secret = models.TextField(blank=True)  # Fernet token of the credential; never shown
    secret_set_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    interval = models.PositiveSmallIntegerField(
        _("sync"), choices=Interval.choices, default=Interval.SIX_HOURS
    )

    state = models.CharField(max_length=10, choices=State.choices, default=State.IDLE)
    progress = models.PositiveIntegerField(default=0)  # items read by the running sync
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_full_at = models.DateTimeField(null=True, blank=True)
    synced_through = models.DateTimeField(null=True, blank=True)  # updated-since mark
    items = models.PositiveIntegerField(default=0)  # keys this connector brought in
    last_counts = models.JSONField(default=dict, blank=True)
    problem = models.CharField(max_length=20, choices=Problem.choices, blank=True, default="")
    problem_detail = models.CharField(max_length=500, blank=True)
    retry_after = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("connector")
        verbose_name_plural = _("connectors")
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="unique_connector_name_per_team")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_credentials(self) -> bool:
        return bool(self.secret) and self.revoked_at is None

    @property
    def is_busy(self) -> bool:
        return self.state in (State.QUEUED, State.RUNNING)


class SyncedKey(models.Model):
    """A key this connector merged into the team's items: what a full sync compares with
    the tracker's answer to remove items deleted there."""

    workspace_path: ClassVar[str] = "connector__team__workspace"

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=200)

    class Meta:
        ordering = ["connector", "key"]
        constraints = [
            models.UniqueConstraint(fields=["connector", "key"], name="unique_synced_key")
        ]

    def __str__(self) -> str:
        return self.key
