"""NHS coded lists for a person's demographics."""

from django.db import models


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INDETERMINATE = "indeterminate", "Indeterminate"
    NOT_KNOWN = "not_known", "Not known"


class EthnicCategory(models.TextChoices):
    """NHS Data Dictionary ethnic category codes."""

    WHITE_BRITISH = "A", "White: British"
    WHITE_IRISH = "B", "White: Irish"
    WHITE_OTHER = "C", "White: any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "D", "Mixed: White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "E", "Mixed: White and Black African"
    MIXED_WHITE_ASIAN = "F", "Mixed: White and Asian"
    MIXED_OTHER = "G", "Mixed: any other mixed background"
    ASIAN_INDIAN = "H", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "J", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "K", "Asian or Asian British: Bangladeshi"
    ASIAN_OTHER = "L", "Asian or Asian British: any other Asian background"
    BLACK_CARIBBEAN = "M", "Black or Black British: Caribbean"
    BLACK_AFRICAN = "N", "Black or Black British: African"
    BLACK_OTHER = "P", "Black or Black British: any other Black background"
    CHINESE = "R", "Other ethnic group: Chinese"
    OTHER = "S", "Other ethnic group: any other ethnic group"
    NOT_STATED = "Z", "Not stated"
    NOT_KNOWN = "99", "Not known"


ETHNIC_GROUPS = {
    "White": {"A", "B", "C"},
    "Mixed": {"D", "E", "F", "G"},
    "Asian or Asian British": {"H", "J", "K", "L"},
    "Black or Black British": {"M", "N", "P"},
    "Other ethnic group": {"R", "S"},
    "Not stated or not known": {"Z", "99"},
}


def ethnic_group(code):
    return next(group for group, codes in ETHNIC_GROUPS.items() if code in codes)


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"


class WorkerGender(models.TextChoices):
    NO_PREFERENCE = "", "No preference"
    FEMALE = "female", "A woman"
    MALE = "male", "A man"


class RelationshipBasis(models.TextChoices):
    """The only links that let an organisation see a person (DESIGN.md section 1)."""

    REFERRAL = "referral", "Referral"
    ALLOCATION = "allocation", "Allocation"
    ONWARD_REFERRAL = "onward_referral", "Onward referral"
    CONSENT = "consent", "Consent to share"
    # One user's emergency access, with a reason and a second factor, for a few hours (people/break_glass.py).
    BREAK_GLASS = "break_glass", "Emergency access"
