"""The community directory, shaped on Open Referral UK 3.0 (the HSDS 3.0 profile).

Every record keeps its HSDS UUID as its primary key, so a feed re-imported updates the same rows.
Directory data describes services, never people: it is public and needs no organisation scope.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from linkwork.accounts.models import Organisation
from linkwork.core.models import PublicIdModel

from . import vocabulary


class DirectoryOrganisation(PublicIdModel):
    """An organisation that delivers services (HSDS `organization`)."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    logo = models.CharField(max_length=500, blank=True, help_text="The address of the organisation's logo.")
    uri = models.URLField(blank=True, help_text="A persistent identifier of the organisation.")
    # HSDS `parent_organization_id`: kept as the publisher gave it, whether or not that parent is here.
    parent_organization_id = models.UUIDField(null=True, blank=True)
    # The Linkwork organisation (usually a VCSE group) that keeps these listings current, if any.
    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="directory_listings"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Taxonomy(PublicIdModel):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "taxonomies"

    def __str__(self):
        return self.name


class TaxonomyTerm(PublicIdModel):
    """A category a service can carry, such as "Physical activity"."""

    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.PROTECT, related_name="terms"
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=100, blank=True, help_text="The term's code in its taxonomy.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    term_uri = models.URLField(blank=True)
    # HSDS `taxonomy`: the name of the term's taxonomy, kept for a term with no taxonomy record here.
    taxonomy_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class ServiceQuerySet(models.QuerySet):
    def listed(self):
        """Services a link worker can send someone to now or soon: active or temporarily closed."""
        return self.filter(status__in=vocabulary.LISTED_STATUSES)


class Service(PublicIdModel):
    organisation = models.ForeignKey(DirectoryOrganisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=20, choices=vocabulary.ServiceStatus.choices, default=vocabulary.ServiceStatus.ACTIVE
    )
    alert = models.TextField(blank=True, help_text="A short-term notice, such as a holiday closure.")
    fees = models.TextField(blank=True, help_text="HSDS `fees`: charges, in words.")
    accreditations = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # HSDS `assured_date`: when someone last checked the listing was right.
    last_verified_on = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    # HSDS `last_modified`: changes whenever the service or anything attached to it changes. Kept by
    # the services (not auto_now) so an imported feed keeps its own dates and re-exports unchanged.
    last_modified = models.DateTimeField(default=timezone.now)

    # Linkwork's additions to HSDS.
    capacity_status = models.CharField(
        max_length=20, choices=vocabulary.CapacityStatus.choices, default=vocabulary.CapacityStatus.UNKNOWN
    )
    expected_wait_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a waiting list: about how many weeks until someone starts."
    )
    attendance = models.CharField(
        max_length=10, choices=vocabulary.Attendance.choices, default=vocabulary.Attendance.UNKNOWN
    )
    referral_method = models.CharField(
        max_length=20, choices=vocabulary.ReferralMethod.choices, default=vocabulary.ReferralMethod.UNKNOWN
    )
    target_groups = models.JSONField(default=list, blank=True)
    categories = models.ManyToManyField(TaxonomyTerm, through="ServiceCategory", related_name="services")

    # Everything a search should find the service by, kept up to date by the directory services.
    # Indexed by PostgreSQL full-text search or SQLite FTS5 (see migration 0002 and ADR 0007).
    search_text = models.TextField(blank=True, editable=False)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            # A search without words lists the listed services in this order, a page at a time, and
            # counts them from this index alone.
            models.Index(
                fields=["name", "id"],
                condition=models.Q(status__in=vocabulary.LISTED_STATUSES),
                name="directory_service_listed_idx",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if None not in (self.minimum_age, self.maximum_age) and self.minimum_age > self.maximum_age:
            errors["maximum_age"] = "The maximum age must be the same as or more than the minimum age."
        if (
            self.expected_wait_weeks is not None
            and self.capacity_status != vocabulary.CapacityStatus.WAITING_LIST
        ):
            errors["expected_wait_weeks"] = "Give an expected wait only for a waiting list."
        if not isinstance(self.target_groups, list) or set(self.target_groups) - set(
            vocabulary.TARGET_GROUPS
        ):
            errors["target_groups"] = f"Choose from: {', '.join(vocabulary.TARGET_GROUPS)}."
        if errors:
            raise ValidationError(errors)

    @property
    def capacity_label(self):
        """How capacity reads to a link worker, with the expected wait where there is one."""
        label = vocabulary.CapacityStatus(self.capacity_status).label
        if self.capacity_status == vocabulary.CapacityStatus.WAITING_LIST and self.expected_wait_weeks:
            return f"{label}: about {self.expected_wait_weeks} weeks"
        return label

    def is_stale(self, today=None):
        """Not verified for six months (or never): link workers are told it may be out of date."""
        today = today or timezone.localdate()
        if self.last_verified_on is None:
            return True
        return today - self.last_verified_on > datetime.timedelta(days=vocabulary.STALE_AFTER_DAYS)


class ServiceCategory(PublicIdModel):
    """A service carries a taxonomy term (HSDS `attribute` with link_type "service")."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="category_links")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="service_links", db_index=False
    )

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "service categories"
        constraints = [
            models.UniqueConstraint(fields=["service", "taxonomy_term"], name="unique_service_category"),
        ]
        # A term's services in order, so finding a term's first listed service reads a row or two.
        indexes = [models.Index(fields=["taxonomy_term", "service"], name="directory_category_term_idx")]


class Location(PublicIdModel):
    name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    location_type = models.CharField(
        max_length=10, choices=vocabulary.LocationType.choices, default=vocabulary.LocationType.PHYSICAL
    )
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    # A third party's identifier for the place, such as its UPRN.
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name or str(self.pk)


class Address(PublicIdModel):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(
        max_length=200, blank=True, help_text="The person or department to write to."
    )
    address_1 = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=10)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(
        max_length=10, choices=vocabulary.LocationType.choices, default=vocabulary.LocationType.PHYSICAL
    )

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "addresses"


class Accessibility(PublicIdModel):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(blank=True)
    # HSDS `accessibility`: the feed's own summary, kept beside the description.
    accessibility = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "accessibility"


class ServiceAtLocation(PublicIdModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="service_at_locations")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]


class Schedule(PublicIdModel):
    """When a service runs: an RFC 5545 rule in HSDS's columns (weekly on given days, opens, closes).

    `service` is always set, also for a schedule that belongs to one service-at-location, so
    "on Tuesday" and "after 17:00" are one join from the service.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    freq = models.CharField(max_length=10, choices=vocabulary.Frequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=40, blank=True, help_text="Days as RFC 5545 codes, like MO,TH.")
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    attending_type = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def clean(self):
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": "Closing time must be after opening time."})
        unknown = [day for day in self.days if day[-2:] not in vocabulary.WEEKDAYS]
        if unknown:
            raise ValidationError(
                {"byday": f"Unknown days: {', '.join(unknown)}. Use MO, TU, WE, TH, FR, SA, SU."}
            )

    @property
    def days(self):
        return [day.strip() for day in self.byday.split(",") if day.strip()]


class CostOption(PublicIdModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=200, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]


class Language(PublicIdModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=10, blank=True, help_text="ISO 639 code, like pl for Polish.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]


class ServiceArea(PublicIdModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    # Feeds often describe the area in a sentence or two here.
    name = models.TextField(blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=40, blank=True)
    uri = models.URLField(blank=True)
    # HSDS `service_area`: the feed's own description of the area.
    service_area = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]


class Contact(PublicIdModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["id"]


class Phone(PublicIdModel):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=40)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
