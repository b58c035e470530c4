"""What every case view does first: open the case through the scope, and refuse changes it may not make."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ..selectors.cases import case_open


def opened_case(request, case_id, *, changing=False):
    """The case header for this request: 404 when out of scope, 403 when changing without the right."""
    header = case_open(actor=request.actor, case_id=case_id)
    if header is None:
        raise Http404
    if changing:
        require_recording(header)
    return header


def require_recording(header):
    if not header.can_record:
        raise PermissionDenied
