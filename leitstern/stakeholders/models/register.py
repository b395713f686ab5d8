"""The register: stakeholders, the themes they care about and their attitude toward each."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned
from leitstern.stakeholders import analyses
from leitstern.workspaces.models import Membership, Need, Role

AXIS_VALIDATORS = [MinValueValidator(analyses.AXIS_MIN), MaxValueValidator(analyses.AXIS_MAX)]


class Engagement(models.TextChoices):
    """PMBOK's levels, from the least to the most engaged."""

    UNAWARE = "unaware", _("unaware")
    RESISTANT = "resistant", _("resistant")
    NEUTRAL = "neutral", _("neutral")
    SUPPORTIVE = "supportive", _("supportive")
    LEADING = "leading", _("leading")


class Attitude(models.TextChoices):
    SUPPORTS = "supports", _("supports")
    NEUTRAL = "neutral", _("neutral")
    OPPOSES = "opposes", _("opposes")


class StakeholderQuerySet(models.QuerySet["Stakeholder"]):
    def visible_to(self, member: Membership) -> StakeholderQuerySet:
        """The stakeholders ``member`` may see: every one of the workspace that is not
        private, the ones private to the member, and — for owners — private ones whose
        keeper no longer edits in the workspace (so they can be handed on or erased instead
        of lingering unseen). Contributors and viewers see none."""
        if not member.can(Need.EDIT):
            return self.none()
        visible = Q(private_to__isnull=True) | Q(private_to=member.user_id)
        if member.is_owner:
            keepers = Membership.objects.filter(
                workspace=member.workspace_id, role__in=[Role.OWNER, Role.EDITOR]
            ).values("user_id")
            visible |= Q(private_to__isnull=False) & ~Q(private_to__in=keepers)
        return self.filter(visible, workspace=member.workspace_id)

    def placed(self) -> StakeholderQuerySet:
        """People with both grid coordinates."""
        return self.filter(power__isnull=False, interest__isnull=False)

    def in_quadrant(self, code: str) -> StakeholderQuerySet:
        """People in one Mendelow quadrant, decided in the database."""
        return self.filter(quadrant_rule(code))


def quadrant_rule(code: str) -> Q:
    """A quadrant as a database condition, the same rule as ``analyses.quadrant``: placed on
    both axes, and an axis from ``analyses.HIGH`` up counts as high."""
    placed = Q(power__isnull=False, interest__isnull=False)
    high_power = Q(power__gte=analyses.HIGH)
    high_interest = Q(interest__gte=analyses.HIGH)
    low_power = Q(power__lt=analyses.HIGH)
    low_interest = Q(interest__lt=analyses.HIGH)
    return (
        placed
        & {
            analyses.MANAGE_CLOSELY: high_power & high_interest,
            analyses.KEEP_SATISFIED: high_power & low_interest,
            analyses.KEEP_INFORMED: low_power & high_interest,
            analyses.MONITOR: low_power & low_interest,
        }[code]
    )


class Stakeholder(Versioned):
    """A person who matters to the products: a member of Leitstern or someone who is not a
    user. The current positions (grid, salience, engagement) live here for lists and the
    network; each change also adds a ``PositionRecord``, so the trail stays. Notes are
    personal data: only editors and owners see them, a linked member can download them,
    and an erasure removes them with everything else about the person."""

    workspace_path = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(_("name"), max_length=160)
    title = models.CharField(_("role or title"), max_length=160, blank=True)
    department = models.CharField(_("department"), max_length=120, blank=True)
    organisation = models.CharField(
        _("organisation"),
        max_length=160,
        blank=True,
        help_text=_("For people outside the company, e.g. a key customer."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workspace member"),
        help_text=_("If the person uses Leitstern here. They can download what is stored."),
    )
    notes = models.TextField(_("notes"), blank=True)
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relationship owner"),
        help_text=_("Who keeps in touch with this person."),
    )
    # Private notes go with their keeper's account.
    private_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("private to"),
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name=_("reports to"),
        help_text=_("The official reporting line. Who really listens to whom is kept apart."),
    )
    products = models.ManyToManyField(
        "products.Product", blank=True, related_name="+", verbose_name=_("products")
    )
    themes = models.ManyToManyField(
        "stakeholders.Theme", blank=True, related_name="+", verbose_name=_("topics")
    )
    power = models.FloatField(_("power"), null=True, blank=True, validators=AXIS_VALIDATORS)
    interest = models.FloatField(_("interest"), null=True, blank=True, validators=AXIS_VALIDATORS)
    has_power = models.BooleanField(_("power"), default=False)
    has_legitimacy = models.BooleanField(_("legitimacy"), default=False)
    has_urgency = models.BooleanField(_("urgency"), default=False)
    engagement = models.CharField(
        _("current engagement"), max_length=12, choices=Engagement.choices, blank=True
    )
    desired_engagement = models.CharField(
        _("desired engagement"), max_length=12, choices=Engagement.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StakeholderQuerySet.as_manager()

    REGISTER_FIELDS = [
        "name",
        "title",
        "department",
        "organisation",
        "email",
        "member",
        "notes",
        "relationship_owner",
        "reports_to",
        "products",
        "themes",
    ]

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["workspace", "name"], name="stakeholder_name")]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Everyone named here belongs to the workspace; the reporting line never loops
        back to the person (nobody reports to themselves, directly or through others)."""
        errors = {}
        for field in ("member", "relationship_owner", "private_to"):
            user_id = getattr(self, f"{field}_id")
            if (
                user_id
                and not Membership.objects.filter(
                    workspace=self.workspace_id, user=user_id
                ).exists()
            ):
                errors[field] = _("Choose a member of this workspace.")
        if (
            self.relationship_owner_id
            and not Membership.objects.filter(
                workspace=self.workspace_id,
                user=self.relationship_owner_id,
                role__in=[Role.OWNER, Role.EDITOR],
            ).exists()
        ):
            errors.setdefault(
                "relationship_owner",
                _("Only editors and owners see stakeholders; choose one of them."),
            )
        if self.reports_to_id:
            if self.reports_to.workspace_id != self.workspace_id:
                errors["reports_to"] = _("Choose a stakeholder of this workspace.")
            elif self.reports_to_id == self.pk:
                errors["reports_to"] = _("A person cannot report to themselves.")
            elif self.pk and self._reports_loop():
                errors["reports_to"] = _(
                    "This would make the reporting line a loop: %(name)s already reports, "
                    "directly or through others, to this person."
                ) % {"name": self.reports_to.name}
        if errors:
            raise ValidationError(errors)

    def _reports_loop(self) -> bool:
        node_id, seen = self.reports_to_id, set()
        while node_id is not None and node_id not in seen:
            if node_id == self.pk:
                return True
            seen.add(node_id)
            node_id = (
                Stakeholder.objects.filter(pk=node_id).values_list("reports_to", flat=True).first()
            )
        return False

    @property
    def is_private(self) -> bool:
        return self.private_to_id is not None

    @property
    def is_external(self) -> bool:
        return bool(self.organisation)

    @property
    def quadrant(self) -> str | None:
        return analyses.quadrant(self.power, self.interest)

    @property
    def salience(self) -> str:
        return analyses.salience_class(
            power=self.has_power, legitimacy=self.has_legitimacy, urgency=self.has_urgency
        )

    @property
    def engagement_gap(self) -> int | None:
        return analyses.engagement_gap(self.engagement, self.desired_engagement)

    def erasable_by(self, member: Membership) -> bool:
        """Owners erase any stakeholder they see (also on a person's request); the keeper
        of a private stakeholder may erase their own."""
        return member.is_owner or (self.private_to_id is not None and
                                   self.private_to_id == member.user_id)  # fmt: skip


class Theme(Versioned):
    """A product or roadmap theme people take sides on (“Checkout on one page”)."""

    workspace_path = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="stakeholder_themes"
    )
    name = models.CharField(_("name"), max_length=120)
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
        help_text=_("Leave empty for a theme across products."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    EDITABLE_FIELDS = ["name", "product", "description"]

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"],
                name="unique_stakeholder_theme",
                violation_error_message=_("This workspace already has a theme of that name."),
            )
        ]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.product_id and self.product.workspace_id != self.workspace_id:
            raise ValidationError({"product": _("Choose a product of this workspace.")})


class Stance(models.Model):
    """A stakeholder's attitude toward one theme now; each change also adds a
    ``PositionRecord``. A person may back one theme and block another."""

    workspace_path = "stakeholder__workspace"

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="stances")
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="stances", verbose_name=_("theme")
    )
    attitude = models.CharField(_("attitude"), max_length=10, choices=Attitude.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["theme__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stakeholder", "theme"], name="one_stance_per_theme")
        ]
        verbose_name = _("attitude")
        verbose_name_plural = _("attitudes")

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.attitude} {self.theme}"
