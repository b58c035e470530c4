"""Outcome measures as FHIR R4: instrument definitions as Questionnaire, answers as QuestionnaireResponse.

Definitions are stored Questionnaire-shaped; here the Linkwork scoring block is left out and each
answer option's score becomes the standard ordinalValue extension. Both are validated by
fhir.resources before they leave.
"""

import copy

from django.utils import timezone
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from linkwork.outcomes.definitions import items_asked_at

from .systems import NHS_NUMBER_SYSTEM, canonical, code_system

ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


def questionnaire_url(instrument) -> str:
    """The Questionnaire's canonical URL on this deployment (the stored definition's is a placeholder)."""
    return canonical("Questionnaire", instrument.code)


def answer_system(instrument) -> str:
    """The code system of an instrument's answer codes: they mean something only within it."""
    return code_system(f"questionnaire-answer/{instrument.code}")


def answer_coding(instrument, coding: dict) -> dict:
    return {"system": answer_system(instrument), **coding}


def questionnaire_resource(instrument) -> Questionnaire:
    definition = copy.deepcopy(instrument.definition)
    definition.pop("scoring")
    definition["id"] = instrument.code.replace("_", "-")  # FHIR ids allow letters, digits, - and . only
    definition["url"] = questionnaire_url(instrument)
    for item in definition["item"]:
        for option in item.get("answerOption", []):
            score = option.pop("ordinalValue")
            option["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": score}]
            if "valueCoding" in option:
                option["valueCoding"] = answer_coding(instrument, option["valueCoding"])
    return Questionnaire.model_validate(definition)


def questionnaire_response_resource(response) -> QuestionnaireResponse:
    """A completed measure: the answers as given (before any reversal), against its Questionnaire."""
    definition = response.instrument.definition
    person = response.case.person
    items = []
    for item in items_asked_at(definition, response.time_point):
        value = response.answers[item["linkId"]]
        if item["type"] == "choice":
            option = next(option for option in item["answerOption"] if option["ordinalValue"] == value)
            answer = {"valueCoding": answer_coding(response.instrument, option["valueCoding"])}
        else:
            answer = {"valueInteger": value}
        entry = {"linkId": item["linkId"], "answer": [answer]}
        if item.get("text"):
            entry["text"] = item["text"]
        items.append(entry)
    subject = {"display": person.full_name}
    if person.nhs_number:
        subject["identifier"] = {"system": NHS_NUMBER_SYSTEM, "value": person.nhs_number}
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.pk),
        "questionnaire": f"{questionnaire_url(response.instrument)}|{response.instrument_version}",
        "status": "completed",
        "subject": subject,
        "authored": timezone.localtime(response.created_at).isoformat(),
        "author": {"display": response.recorded_by.display_name} if response.recorded_by else subject,
        "source": subject,
        "item": items,
    }
    return QuestionnaireResponse.model_validate(resource)
