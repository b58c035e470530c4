"""Outcomes after the retention period: scores stay (they are coded and feed reports); the reasons typed
for a measure not completed go, and unused questionnaire links are deleted."""

from .models import MeasureResponse, QuestionnaireLink


def outcomes_anonymise(person_ids: list) -> dict:
    reasons = MeasureResponse.objects.filter(case__person__in=person_ids).update(reason="")
    links, _ = QuestionnaireLink.objects.filter(case__person__in=person_ids).delete()
    return {"measure reasons": reasons, "questionnaire links": links}
