"""Coded lists the directory draws on. Codes are stored and exchanged; labels are shown."""

from django.db import models


class ServiceStatus(models.TextChoices):
    """HSDS 3.0 service status values, exactly as the standard spells them."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


# Services a link worker can send someone to now or soon.
LISTED_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


# Linkwork's own facts about a service. A listing imported from another directory does not carry
# them, so they start as unknown and are published as unknown, never guessed (ADR 0017).
UNKNOWN = "unknown"


class CapacityStatus(models.TextChoices):
    UNKNOWN = UNKNOWN, "Not known"
    HAS_CAPACITY = "has_capacity", "Taking people now"
    NO_CAPACITY = "no_capacity", "Not taking anyone at the moment"
    WAITING_LIST = "waiting_list", "Waiting list"
    ASSESSMENT_NEEDED = "assessment_needed", "Assessment needed first"


class Attendance(models.TextChoices):
    UNKNOWN = UNKNOWN, "Not known"
    DROP_IN = "drop_in", "Drop in"
    BOOKED = "booked", "Booked"


class ReferralMethod(models.TextChoices):
    UNKNOWN = UNKNOWN, "Not known"
    THROUGH_LINKWORK = "through_linkwork", "Refer through Linkwork"
    SIGNPOST_ONLY = "signpost_only", "Signpost only: the person gets in touch themselves"


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    POSTAL = "postal", "Postal"
    VIRTUAL = "virtual", "Virtual"


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", "Weekly"
    MONTHLY = "MONTHLY", "Monthly"


TARGET_GROUPS = {
    "men": "Men",
    "women_only": "Women only",
    "older_people": "Older people",
    "young_people": "Young people",
    "carers": "Carers",
    "families": "Families",
    "people_with_disabilities": "Disabled people",
    "long_term_conditions": "People with long-term conditions",
    "mental_health": "People living with mental health problems",
    "lgbtq": "LGBTQ+ people",
    "veterans": "Veterans",
    "refugees_asylum_seekers": "Refugees and people seeking asylum",
    "black_asian_minority_ethnic": "Black, Asian and minority ethnic communities",
    "specific_language": "Speakers of a specific language",
}

# RFC 5545 BYDAY codes, as HSDS schedules carry them, in week order.
WEEKDAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}

# Languages offered in the search filter (ISO 639-1); services may record any code.
LANGUAGES = {
    "en": "English",
    "ar": "Arabic",
    "bn": "Bengali",
    "zh": "Chinese",
    "fa": "Farsi",
    "ku": "Kurdish",
    "pl": "Polish",
    "pa": "Punjabi",
    "ro": "Romanian",
    "so": "Somali",
    "ti": "Tigrinya",
    "ur": "Urdu",
    "bsl": "British Sign Language",
}

# "Free or low cost" means no cost option above this many pounds per session.
LOW_COST_LIMIT_POUNDS = 5

# A session "after work" is one still running after this time.
EVENING_STARTS = "17:00"

# Listings not verified for this long are shown to link workers as possibly out of date.
STALE_AFTER_DAYS = 183
