"""Onward referrals after the retention period: statuses, dates and attendance stay for reports; what was
written about the person (the summary, reasons, outcome notes and messages) goes."""

from .models import OnwardEvent, OnwardReferral


def onward_anonymise(person_ids: list) -> dict:
    referrals = OnwardReferral.objects.filter(case__person__in=person_ids)
    return {
        "onward referrals": referrals.update(summary="", status_reason="", outcome=""),
        "onward messages": OnwardEvent.objects.filter(referral__in=referrals).update(text=""),
    }
