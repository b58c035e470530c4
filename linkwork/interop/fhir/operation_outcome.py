"""FHIR OperationOutcome: how every refusal at the FHIR edge is answered."""

from dataclasses import dataclass

from django.http import HttpResponse
from fhir.resources.R4B.operationoutcome import OperationOutcome

FHIR_JSON = "application/fhir+json"


@dataclass(frozen=True)
class Issue:
    """One problem: `code` from the FHIR issue-type value set, `expression` the FHIRPath at fault."""

    code: str
    diagnostics: str
    expression: str | None = None


class FhirProblem(Exception):
    """A request the FHIR edge refuses, with the HTTP status to answer and the issues to report."""

    def __init__(self, status: int, *issues: Issue):
        super().__init__("; ".join(issue.diagnostics for issue in issues))
        self.status = status
        self.issues = issues


def operation_outcome(issues) -> OperationOutcome:
    entries = []
    for issue in issues:
        entry = {"severity": "error", "code": issue.code, "diagnostics": issue.diagnostics}
        if issue.expression:
            entry["expression"] = [issue.expression]
        entries.append(entry)
    return OperationOutcome.model_validate({"resourceType": "OperationOutcome", "issue": entries})


def fhir_response(resource, *, status: int) -> HttpResponse:
    return HttpResponse(resource.model_dump_json(), status=status, content_type=FHIR_JSON)


def problem_response(problem: FhirProblem) -> HttpResponse:
    return fhir_response(operation_outcome(problem.issues), status=problem.status)
