"""Participants (people we may talk to) and the consent each of them gave."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leitstern.core.tokens import PublicToken
from leitstern.core.versioning import Versioned


class Purpose(models.TextChoices):
    """What a person consents to, each separately (nothing is bundled)."""

    INTERVIEW = "interview", _("research interviews")
    RECORDING = "recording", _("recordings and transcripts")
    RECONTACT = "recontact", _("contact for future studies")
    QUOTING = "quoting", _("quotes in internal reports")


class Channel(models.TextChoices):
    FORM = "form", _("consent form (link)")
    EMAIL = "email", _("reply by email")
    VERBAL = "verbal", _("verbally, with a witness")


class Language(models.TextChoices):
    EN = "en", _("English")
    DE = "de", _("German")


class ParticipantStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("active")
    WITHDRAWN = "withdrawn", _("withdrawn")
    ERASED = "erased", _("erased")


REMOVED = (ParticipantStatus.WITHDRAWN, ParticipantStatus.ERASED)


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def present(self) -> ParticipantQuerySet:
        """Participants that are not a tombstone of a withdrawn or erased person."""
        return self.exclude(status__in=REMOVED)

    def with_consent(self, purpose: str, at: datetime | None = None) -> ParticipantQuerySet:
        """Annotate ``has_<purpose>``: whether a valid consent for ``purpose`` exists."""
        valid = Consent.objects.valid(at).filter(participant=OuterRef("pk"), purpose=purpose)
        return self.annotate(**{f"has_{purpose}": Exists(valid)})


class Participant(Versioned):
    """A person we may talk to in learning conversations.

    Name, email address, phone number, role and notes are personal data: email and phone
    are shown to editors and owners only (``PERSONAL_FIELDS``) and never written into the
    activity log. When the person withdraws or is erased, the row stays as a tombstone
    without any personal data (``status`` withdrawn or erased), so counts of evidence stay
    true while nothing identifies the person (``services.participant_remove``)."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="research_participants"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(
        pgettext_lazy("job", "role"),
        max_length=120,
        blank=True,
        help_text=_("Their job, e.g. “Shop owner”."),
    )
    organisation = models.ForeignKey(
        "customers.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="research_participants",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "customers.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="research_participants",
        verbose_name=_("contact"),
        help_text=_("The contact at the organisation this participant is, if any."),
    )
    segments = models.ManyToManyField(
        "customers.Segment",
        blank=True,
        related_name="research_participants",
        verbose_name=_("segments"),
    )
    personas = models.ManyToManyField(
        "customers.Persona",
        blank=True,
        related_name="research_participants",
        verbose_name=_("personas"),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.DE,
        help_text=_("The language of consent requests sent to this person."),
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.ACTIVE,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    EDITABLE_FIELDS: ClassVar[list[str]] = [
        "name",
        "email",
        "phone",
        "role",
        "organisation",
        "segments",
        "personas",
        "language",
        "notes",
    ]
    # Shown to editors and owners only, masked in the activity log.
    PERSONAL_FIELDS: ClassVar[frozenset[str]] = frozenset({"email", "phone"})
    # Everything that can identify the person, emptied in a tombstone.
    IDENTIFYING_FIELDS: ClassVar[tuple[str, ...]] = ("name", "email", "phone", "role", "notes")

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["workspace", "status"], name="participant_status"),
            # The list of participants, in name order, a page at a time.
            models.Index(fields=["workspace", "name", "id"], name="participant_by_name"),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        if self.status == ParticipantStatus.WITHDRAWN:
            return str(_("Withdrawn participant #%(id)s") % {"id": self.pk})
        if self.status == ParticipantStatus.ERASED:
            return str(_("Erased participant #%(id)s") % {"id": self.pk})
        return self.name

    def clean(self) -> None:
        errors = {}
        if not self.is_removed and not self.name.strip():
            errors["name"] = _("Enter the participant's name.")
        if self.organisation_id and self.organisation.workspace_id != self.workspace_id:
            errors["organisation"] = _("Choose an organisation of this workspace.")
        if self.person_id and self.person.workspace_id != self.workspace_id:
            errors["person"] = _("Choose a contact of this workspace.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_removed(self) -> bool:
        return self.status in REMOVED

    @property
    def is_proposed(self) -> bool:
        return self.status == ParticipantStatus.PROPOSED

    def ensure_present(self) -> None:
        """A withdrawn or erased participant is a tombstone: nothing about them changes
        any more, and nothing new is recorded about them."""
        if self.is_removed:
            raise ValidationError(
                _("This participant withdrew or was erased; nothing more can be recorded.")
            )

    def valid_consents(self, at: datetime | None = None) -> dict[str, Consent]:
        """The currently valid consent for each purpose the person agreed to."""
        found: dict[str, Consent] = {}
        for consent in self.consents.valid(at).order_by("given_at"):
            found[consent.purpose] = consent
        return found


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid(self, at: datetime | None = None) -> ConsentQuerySet:
        """Given, not withdrawn and not expired at ``at`` (default: now)."""
        at = at or timezone.now()
        return self.filter(given_at__lte=at, expires_at__gt=at, withdrawn_at__isnull=True)

    def expiring(self, *, within_days: int, at: datetime | None = None) -> ConsentQuerySet:
        """Valid now, but expiring within ``within_days`` days."""
        at = at or timezone.now()
        return self.valid(at).filter(expires_at__lte=at + timedelta(days=within_days))

    def in_workspace_by_expiry(self, workspace_id: int) -> ConsentQuerySet:
        """The workspace's consents, read in expiry order from the expiry index. The
        workspace is checked per consent (``+ 0`` keeps SQLite, which has no statistics,
        from starting at the workspace's thousands of participants and sorting all their
        consents): lists that show the first few expiring consents stop early."""
        return (
            self.alias(workspace_of=F("participant__workspace_id") + 0)
            .filter(workspace_of=workspace_id)
            .order_by("expires_at", "id")
        )


class Consent(models.Model):
    """One consent for one purpose: the exact text shown and its version, in which
    language, through which channel, when it was given, when it expires and when it was
    withdrawn, and who recorded it (nobody for consent given through the person's own link).

    A consent record is proof and is never edited: a new consent is a new record; a
    withdrawal only sets ``withdrawn_at``."""

    workspace_path: ClassVar[str] = "participant__workspace"

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    text = models.TextField(_("text shown"))
    text_version = models.PositiveIntegerField(_("text version"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    witness = models.CharField(
        _("witness"),
        max_length=200,
        blank=True,
        help_text=_("For verbal consent: the colleague who heard it."),
    )
    given_at = models.DateTimeField(_("given at"))
    expires_at = models.DateTimeField(_("expires at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # When the daily task flagged it as expiring soon (it is listed and its editors told).
    expiry_flagged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "purpose"], name="consent_purpose"),
            models.Index(fields=["expires_at"], name="consent_expiry"),
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return str(self.get_purpose_display())

    def clean(self) -> None:
        errors = {}
        if self.given_at and self.expires_at and self.expires_at <= self.given_at:
            errors["expires_at"] = _("A consent must expire after it was given.")
        if self.channel == Channel.VERBAL and not self.witness.strip():
            errors["witness"] = _(
                "Verbal consent needs a witness: name the colleague who heard it."
            )
        if errors:
            raise ValidationError(errors)

    def is_valid_at(self, at: datetime) -> bool:
        return self.withdrawn_at is None and self.given_at <= at < self.expires_at

    @property
    def is_valid(self) -> bool:
        return self.is_valid_at(timezone.now())

    @property
    def state(self) -> str:
        """``withdrawn``, ``expired``, ``pending`` (given in the future) or ``valid``."""
        now = timezone.now()
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.expires_at <= now:
            return "expired"
        if self.given_at > now:
            return "pending"
        return "valid"


class ConsentText(models.Model):
    """A version of the text a person reads before agreeing to one purpose, in one
    language. Texts are never changed: editing one publishes the next version, and each
    consent keeps the exact text it was given on. Without a text of its own, a workspace
    uses Leitstern's (version 1, ``consent_texts.DEFAULTS``)."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="research_consent_texts"
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["purpose", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "purpose", "language", "version"],
                name="unique_consent_text_version",
            )
        ]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.language}, v{self.version})"


class ConsentLink(PublicToken):
    """A consent link sent to one participant (``core.tokens``): it opens a page, signed
    out, where the person reads the texts in English or German and ticks each purpose
    (nothing pre-ticked), or withdraws what they gave. It is bound to its person: it
    records and withdraws consent for that participant only. A link to give consent is
    single-use and expires; a withdrawal link never expires while the data is kept, so
    withdrawing stays as easy as giving."""

    workspace_path: ClassVar[str] = "participant__workspace"

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consent_links"
    )
    withdraw = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consent link")
        verbose_name_plural = _("consent links")

    def __str__(self) -> str:
        return str(self.participant)
