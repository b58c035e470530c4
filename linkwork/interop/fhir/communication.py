"""The message back to the referrer as a FHIR R4 Communication, read by the referring organisation.

Built from the message's stored document, so the Communication says exactly what the page and the
letter say, and carries nothing the person did not agree to share.
"""

from django.utils import timezone
from fhir.resources.R4B.communication import Communication

from linkwork.messaging.message_back import document_text
from linkwork.messaging.referrer_selectors import referrer_message
from linkwork.referrals.rules import can_refer

from .operation_outcome import FhirProblem, Issue, fhir_response, problem_response
from .systems import NHS_NUMBER_SYSTEM, ODS_SYSTEM, code_system, identifier_system
from .views import GET, _reader, _unauthenticated, fhir_endpoint


def _organisation(organisation: dict | None) -> dict | None:
    """By ODS code; an organisation without one is named only (never by a database id)."""
    if not organisation:
        return None
    reference = {"display": organisation["name"]}
    if organisation.get("ods_code"):
        reference["identifier"] = {"system": ODS_SYSTEM, "value": organisation["ods_code"]}
    return reference


def communication_resource(message) -> Communication:
    document = message.payload
    person = document["person"]
    subject = {"display": person["name"]}
    if person.get("nhs_number"):
        subject["identifier"] = {"system": NHS_NUMBER_SYSTEM, "value": person["nhs_number"]}
    resource = {
        "resourceType": "Communication",
        "id": str(message.pk),
        "identifier": [{"system": identifier_system("message-back"), "value": str(message.pk)}],
        "status": "completed",
        "category": [
            {
                "coding": [{"system": code_system("message-back"), "code": document["kind"]}],
                "text": document["title"],
            }
        ],
        "subject": subject,
        "about": [
            {
                "identifier": {"system": identifier_system("referral"), "value": document["referral"]["id"]},
                "display": f"Referral to {document['referral']['scheme']}",
            }
        ],
        "sent": timezone.localtime(message.created_at).isoformat(),
        "payload": [{"contentString": document_text(document)}],
    }
    recipient = _organisation(document["referral"].get("referring_organisation"))
    if recipient:
        resource["recipient"] = [recipient]
    sender = _organisation(document["sender"].get("organisation"))
    if sender:
        resource["sender"] = sender
    if message.read_at:
        resource["received"] = timezone.localtime(message.read_at).isoformat()
    coded = document.get("coded_entry")
    if coded:
        resource["reasonCode"] = [{"coding": [coded], "text": coded["display"]}]
    return Communication.model_validate(resource)


@fhir_endpoint(*GET)
def communication_read(request, message_id):
    actor = _reader(request)
    if actor is None:
        return _unauthenticated()
    if not can_refer(actor):
        return problem_response(
            FhirProblem(403, Issue("forbidden", "Only referrers read the messages sent back to them"))
        )
    message = referrer_message(actor=actor, message_id=message_id, purpose="fhir")
    if message is None:
        return problem_response(
            FhirProblem(404, Issue("not-found", "No Communication with this id is visible to you"))
        )
    return fhir_response(communication_resource(message), status=200)
