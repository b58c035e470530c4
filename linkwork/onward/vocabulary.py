"""Onward-referral statuses: the HL7 Gravity SDOH Task status set, in Linkwork's words."""

from django.db import models


class OnwardStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for a reply"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Declined by the service"
    ON_HOLD = "on-hold", "On a waiting list"
    IN_PROGRESS = "in-progress", "Attending"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Did not work out"
    CANCELLED = "cancelled", "Cancelled"
    ENTERED_IN_ERROR = "entered-in-error", "Entered in error"


FINAL = frozenset(
    {
        OnwardStatus.REJECTED,
        OnwardStatus.COMPLETED,
        OnwardStatus.FAILED,
        OnwardStatus.CANCELLED,
        OnwardStatus.ENTERED_IN_ERROR,
    }
)

# Who moves a referral where: the receiving service answers and reports; the link worker cancels.
SERVICE_MOVES = {
    OnwardStatus.REQUESTED: {OnwardStatus.ACCEPTED, OnwardStatus.REJECTED, OnwardStatus.ON_HOLD},
    OnwardStatus.ON_HOLD: {OnwardStatus.ACCEPTED, OnwardStatus.REJECTED, OnwardStatus.IN_PROGRESS},
    OnwardStatus.ACCEPTED: {OnwardStatus.IN_PROGRESS, OnwardStatus.ON_HOLD, OnwardStatus.FAILED},
    OnwardStatus.IN_PROGRESS: {OnwardStatus.COMPLETED, OnwardStatus.FAILED, OnwardStatus.ON_HOLD},
}
REASON_REQUIRED = frozenset({OnwardStatus.FAILED, OnwardStatus.CANCELLED})


class DeclineReason(models.TextChoices):
    """Why a service turned a referral down, coded so unmet need can be counted (a full service above all)."""

    NO_CAPACITY = "no_capacity", "The service is full"
    NOT_ELIGIBLE = "not_eligible", "The person is not eligible for it"
    NOT_SUITABLE = "not_suitable", "It cannot meet the person's needs"
    NOT_REACHED = "not_reached", "We could not reach the person"
    PERSON_DECLINED = "person_declined", "The person did not want it"
    OTHER = "other", "Another reason"
