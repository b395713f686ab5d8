"""Who the customers are: organisations (customer accounts), the people at them, and the
segments and personas a workspace sorts them into.

People are personal data (name, email, phone): their email address and phone number are
shown only to editors and owners (``Person.PERSONAL_FIELDS``), and a person can be erased
(``services.person_erase``)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leitstern.core.versioning import Versioned

MAX_QUARTER_GOAL = 1_000


class ArchivableQuerySet(models.QuerySet):
    def active(self) -> ArchivableQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ArchivableQuerySet:
        return self.filter(archived_at__isnull=False)


class Grouping(Versioned):
    """What segments and personas share: a name, a description and a goal of learning
    conversations per quarter, which the research coverage compares against."""

    workspace_path: ClassVar[str] = "workspace"

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    goal_per_quarter = models.PositiveIntegerField(
        _("conversations per quarter"),
        default=0,
        validators=[MaxValueValidator(MAX_QUARTER_GOAL)],
        help_text=_("How many learning conversations you aim for each quarter; 0 for no goal."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ArchivableQuerySet.as_manager()

    EDITABLE_FIELDS: ClassVar[list[str]] = ["name", "description", "goal_per_quarter"]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Segment(Grouping):
    """A group of customer organisations that want similar things (e.g. "mid-sized
    retailers in DACH")."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="customer_segments"
    )

    class Meta(Grouping.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"],
                name="unique_segment_name",
                violation_error_message=_("This workspace already has a segment of that name."),
            )
        ]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")


class Persona(Grouping):
    """A kind of person the product serves (e.g. "shop owner", "operations lead")."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="customer_personas"
    )

    class Meta(Grouping.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"],
                name="unique_persona_name",
                violation_error_message=_("This workspace already has a persona of that name."),
            )
        ]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")


class OrganisationSize(models.TextChoices):
    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250-999", _("250–999 employees")
    ENTERPRISE = "1000+", _("1,000 or more employees")


class Organisation(Versioned):
    """A customer account. Sales requests attach here; research participants work here.

    Two organisations of one workspace never share a CRM id, and no two active ones share
    a name (compared without case): a duplicate is merged (``services.organisation_merge``),
    not kept twice."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="customer_organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    segment = models.ForeignKey(
        Segment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("segment"),
    )
    size = models.CharField(_("size"), max_length=10, choices=OrganisationSize.choices, blank=True)
    country = models.CharField(_("country"), max_length=60, blank=True)
    plan = models.CharField(_("plan"), max_length=60, blank=True)
    arr = models.DecimalField(
        _("annual recurring revenue"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What the customer pays per year, in the workspace's currency."),
    )
    crm_id = models.CharField(
        _("CRM id"),
        max_length=100,
        blank=True,
        help_text=_("The account's id in your CRM, to match imports and links."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ArchivableQuerySet.as_manager()

    EDITABLE_FIELDS: ClassVar[list[str]] = [
        "name",
        "segment",
        "size",
        "country",
        "plan",
        "arr",
        "crm_id",
        "notes",
    ]

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "workspace",
                condition=models.Q(archived_at__isnull=True),
                name="unique_active_organisation_name",
                violation_error_message=_(
                    "This workspace already has an organisation of that name; merge the two "
                    "instead of keeping both."
                ),
            ),
            models.UniqueConstraint(
                fields=["workspace", "crm_id"],
                condition=~models.Q(crm_id=""),
                name="unique_organisation_crm_id",
                violation_error_message=_(
                    "Another organisation of this workspace has that CRM id."
                ),
            ),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.segment_id and self.segment.workspace_id != self.workspace_id:
            raise ValidationError({"segment": _("Choose a segment of this workspace.")})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Person(Versioned):
    """Someone at a customer organisation (a contact). Name, email address and phone
    number are personal data: email and phone are shown to editors and owners only."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="customer_people"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        pgettext_lazy("job", "role"),
        max_length=120,
        blank=True,
        help_text=_("Their job, e.g. “Head of E-Commerce”."),
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ArchivableQuerySet.as_manager()

    EDITABLE_FIELDS: ClassVar[list[str]] = [
        "name",
        "organisation",
        "role",
        "email",
        "phone",
        "notes",
    ]
    # Shown to editors and owners only, and never written into the activity log.
    PERSONAL_FIELDS: ClassVar[frozenset[str]] = frozenset({"email", "phone"})

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.organisation_id and self.organisation.workspace_id != self.workspace_id:
            raise ValidationError({"organisation": _("Choose an organisation of this workspace.")})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
