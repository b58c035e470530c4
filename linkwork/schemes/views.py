from django.http import Http404
from django.shortcuts import render

from linkwork.accounts import rules
from linkwork.accounts.access import member_required

from . import vocabulary
from .eligibility import describe_criteria
from .selectors import scheme_get, schemes_for_organisation


@member_required(rules.can_view_schemes)
def scheme_list(request):
    schemes = schemes_for_organisation(organisation=request.actor.organisation)
    return render(
        request,
        "schemes/list.jinja",
        {"schemes": [(scheme, describe_criteria(scheme)) for scheme in schemes]},
    )


@member_required(rules.can_view_schemes)
def scheme_detail(request, slug):
    scheme = scheme_get(organisation=request.actor.organisation, slug=slug)
    if scheme is None:
        raise Http404
    return render(
        request,
        "schemes/detail.jinja",
        {
            "scheme": scheme,
            "criteria": describe_criteria(scheme),
            "labels": {
                "triage_levels": [vocabulary.TRIAGE_LEVELS[code] for code in scheme.triage_levels],
                "message_back_events": [
                    vocabulary.MESSAGE_BACK_EVENTS[code] for code in scheme.message_back_events
                ],
                "message_back_channels": [
                    vocabulary.MESSAGE_BACK_CHANNELS[code] for code in scheme.message_back_channels
                ],
            },
        },
    )
