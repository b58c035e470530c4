"""A case's risk and safeguarding flags: raise, escalate and clear (with a reason)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.access import member_required
from linkwork.core.submit import submit

from .. import rules
from ..forms.risk import ClearFlagForm, EscalateFlagForm, RaiseFlagForm, clear_prefix, escalate_prefix
from ..selectors.risk import case_flag, case_flags
from ..services.risk import risk_flag_clear, risk_flag_escalate, risk_flag_raise
from .common import opened_case


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


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def risk(request, case_id):
    header = opened_case(request, case_id, changing=request.method == "POST")
    if request.method == "GET":
        return _page(request, header)
    form = RaiseFlagForm(request.POST)
    return submit(
        request,
        form,
        lambda data: risk_flag_raise(by=request.actor, case=header.case, **data),
        done=lambda flag: f"{flag.get_kind_display()} flag raised. It shows on every page of the case.",
        then=_risk_url(header),
    ) or _page(request, header, raise_form=form)


@member_required(rules.can_work_cases)
@require_POST
def escalate(request, case_id, flag_id):
    return _act_on_flag(
        request,
        case_id,
        flag_id,
        "escalate",
        lambda flag: EscalateFlagForm(request.POST, prefix=escalate_prefix(flag.pk)),
        lambda flag, data: risk_flag_escalate(by=request.actor, flag=flag, **data),
        lambda flag: f"Escalation of the {flag.get_kind_display().lower()} flag recorded.",
    )


@member_required(rules.can_work_cases)
@require_POST
def clear(request, case_id, flag_id):
    return _act_on_flag(
        request,
        case_id,
        flag_id,
        "clear",
        lambda flag: ClearFlagForm(request.POST, prefix=clear_prefix(flag.pk)),
        lambda flag, data: risk_flag_clear(by=request.actor, flag=flag, reason=data["reason"]),
        lambda flag: f"{flag.get_kind_display()} flag cleared.",
    )


def _act_on_flag(request, case_id, flag_id, name, form_for, action, done):
    """Escalate or clear one open flag; a refusal shows that flag's form again on the risk page."""
    header = opened_case(request, case_id, changing=True)
    flag = _flag(header, flag_id)
    form = form_for(flag)
    return submit(
        request,
        form,
        lambda data: action(flag, data),
        done=done(flag),
        then=_risk_url(header),
    ) or _page(request, header, bound=(flag.pk, name, form))


def _risk_url(header):
    return reverse("casework:risk", kwargs={"case_id": header.case.pk})
