"""A case's risk and safeguarding flags: raise, escalate and clear (with a reason)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.access import member_required
from linkwork.core.errors import DomainError

from .. import rules
from ..forms.risk import ClearFlagForm, EscalateFlagForm, RaiseFlagForm, clear_prefix, escalate_prefix
from ..selectors.risk import case_flag, case_flags
from ..services.risk import risk_flag_clear, risk_flag_escalate, risk_flag_raise
from .common import opened_case, show_error


def _flag(header, flag_id):
    flag = case_flag(header.case, flag_id)
    if flag is None:
        raise Http404
    return flag


def _page(request, header, *, raise_form=None, bound=None):
    """The risk page; `bound` is a form that failed, shown in place of its blank twin."""
    open_flags, cleared = case_flags(header.case)
    flag_forms = {
        history.flag.pk: {
            "escalate": EscalateFlagForm(prefix=escalate_prefix(history.flag.pk)),
            "clear": ClearFlagForm(prefix=clear_prefix(history.flag.pk)),
        }
        for history in open_flags
    }
    failed = [raise_form] if raise_form is not None and raise_form.errors else []
    if bound is not None:
        flag_id, name, form = bound
        if flag_id in flag_forms:
            flag_forms[flag_id][name] = form
        failed.append(form)
    return render(
        request,
        "casework/risk/page.jinja",
        {
            "case_header": header,
            "raise_form": raise_form or RaiseFlagForm(),
            "open_flags": open_flags,
            "cleared_flags": cleared,
            "flag_forms": flag_forms,
            "failed_forms": failed,
        },
    )


@never_cache
@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def risk(request, case_id):
    header = opened_case(request, case_id, changing=request.method == "POST")
    if request.method == "GET":
        return _page(request, header)
    form = RaiseFlagForm(request.POST)
    if form.is_valid():
        try:
            flag = risk_flag_raise(by=request.actor, case=header.case, **form.cleaned_data)
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(
                request, f"{flag.get_kind_display()} flag raised. It shows on every page of the case."
            )
            return redirect("casework:risk", case_id=header.case.pk)
    return _page(request, header, raise_form=form)


@never_cache
@member_required(rules.can_work_cases)
@require_POST
def escalate(request, case_id, flag_id):
    header = opened_case(request, case_id, changing=True)
    flag = _flag(header, flag_id)
    form = EscalateFlagForm(request.POST, prefix=escalate_prefix(flag.pk))
    if form.is_valid():
        try:
            risk_flag_escalate(by=request.actor, flag=flag, **form.cleaned_data)
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, f"Escalation of the {flag.get_kind_display().lower()} flag recorded.")
            return redirect("casework:risk", case_id=header.case.pk)
    return _page(request, header, bound=(flag.pk, "escalate", form))


@never_cache
@member_required(rules.can_work_cases)
@require_POST
def clear(request, case_id, flag_id):
    header = opened_case(request, case_id, changing=True)
    flag = _flag(header, flag_id)
    form = ClearFlagForm(request.POST, prefix=clear_prefix(flag.pk))
    if form.is_valid():
        try:
            risk_flag_clear(by=request.actor, flag=flag, reason=form.cleaned_data["reason"])
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, f"{flag.get_kind_display()} flag cleared.")
            return redirect("casework:risk", case_id=header.case.pk)
    return _page(request, header, bound=(flag.pk, "clear", form))
