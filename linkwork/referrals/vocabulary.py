"""Coded lists for referrals: needs, lifecycle, triage, contact and decline reasons."""

from django.db import models

SNOMED_REFERRAL_ACCEPTED = "871731000000106"  # Referral to social prescribing service
SNOMED_REFERRAL_DECLINED = "871711000000103"  # Social prescribing declined
SNOMED_DISPLAY = {
    SNOMED_REFERRAL_ACCEPTED: "Referral to social prescribing service",
    SNOMED_REFERRAL_DECLINED: "Social prescribing declined",
}

# The reasons people are referred, in the categories the studies and the directory use.
NEEDS = {
    "loneliness": "Loneliness or isolation",
    "low_mood": "Low mood, anxiety or stress",
    "confidence": "Low confidence or self-esteem",
    "bereavement": "Bereavement",
    "physical_activity": "Inactivity: wants to be more active",
    "weight_eating": "Weight or healthy eating",
    "long_term_condition": "Managing a long-term condition",
    "money_debt": "Money worries or debt",
    "benefits": "Welfare benefits",
    "housing": "Housing",
    "work_learning": "Work, learning or volunteering",
    "caring": "Caring for someone",
    "family_relationships": "Family or relationships",
    "other": "Something else",
}


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    TRIAGED = "triaged", "Triaged"
    SIGNPOSTED = "signposted", "Signposted"
    DECLINED = "declined", "Declined by the service"
    ALLOCATED = "allocated", "Allocated"
    CONTACTED = "contacted", "In contact"
    ACCEPTED = "accepted", "Accepted"
    PERSON_DECLINED = "person_declined", "Declined by the person"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.TRIAGED, Status.ALLOCATED, Status.CONTACTED})


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    VISIT = "visit", "Visit"


class ContactOutcome(models.TextChoices):
    REACHED = "reached", "Spoke with the person"
    NO_ANSWER = "no_answer", "No answer"
    MESSAGE_LEFT = "message_left", "Left a message"
    WRONG_DETAILS = "wrong_details", "Wrong number or address"


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", "Does not meet the scheme's criteria"
    CRISIS = "crisis", "Needs urgent or specialist help first"
    NEEDS_MET_ELSEWHERE = "needs_met_elsewhere", "Needs better met by another service"
    ALREADY_SUPPORTED = "already_supported", "Already supported by the service"
    INSUFFICIENT_INFORMATION = "insufficient_information", "Not enough information to act on"
    NO_CONSENT = "no_consent", "The person has not agreed to the referral"
