"""The person's own questionnaire page, reached by a one-time secure link: no login, phone-first."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from linkwork.core.errors import DomainError
from linkwork.core.ratelimit import limit_per_address

from ..forms import AnswersForm
from ..services.links import (
    LinkUnusable,
    questionnaire_link_find,
    questionnaire_link_instruments,
    questionnaire_link_submit,
)

limit_link_requests = limit_per_address(
    scope="questionnaire-link",
    setting="LINKWORK_QUESTIONNAIRE_LINK_LIMIT",
    default=30,  # opens and submits per address per hour: plenty for one person, few for a guesser
    template="outcomes/questionnaire_limited.jinja",
    methods=("GET", "POST"),
)


@never_cache
@require_http_methods(["GET", "POST"])
@limit_link_requests
def questionnaire(request, token):
    try:
        link = questionnaire_link_find(token)
    except LinkUnusable as problem:
        return render(
            request, "outcomes/questionnaire_unusable.jinja", {"problem": problem.message}, status=410
        )
    form = AnswersForm(
        request.POST or None, instruments=questionnaire_link_instruments(link), time_point=link.time_point
    )
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire_link_submit(token=token, measures=form.measures())
        except LinkUnusable as problem:
            return render(
                request, "outcomes/questionnaire_unusable.jinja", {"problem": problem.message}, status=410
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "outcomes/questionnaire_done.jinja", {"organisation": link.case.provider})
    return render(
        request,
        "outcomes/questionnaire.jinja",
        {"form": form, "organisation": link.case.provider, "expires_at": link.expires_at},
    )
