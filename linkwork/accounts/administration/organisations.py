"""Administrators add and change organisations. Organisations hold no one's record, so all are listed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from linkwork.core.errors import StaleEdit

from .. import rules
from ..access import member_required
from ..models import Organisation
from ..selectors import organisations_for_administration
from ..services import organisation_create, organisation_update
from .common import CONFLICT, add_errors
from .forms import OrganisationForm

administrator_required = member_required(rules.can_administer)


@administrator_required
def administration_home(request):
    return render(request, "accounts/administration/home.jinja")


@administrator_required
def organisation_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in Organisation.Kind.values else ""
    return render(
        request,
        "accounts/administration/organisations.jinja",
        {
            "organisations": organisations_for_administration(kind=kind),
            "kinds": Organisation.Kind.choices,
            "kind": kind,
        },
    )


def _form(data=None, **kwargs):
    networks = organisations_for_administration(kind=Organisation.Kind.PCN)
    return OrganisationForm(data, networks=networks, **kwargs)


@administrator_required
@require_http_methods(["GET", "POST"])
def organisation_new(request):
    form = _form(request.POST if request.method == "POST" else None, initial={"is_active": True})
    if form.is_bound and form.is_valid():
        try:
            organisation = organisation_create(by=request.actor, settings=form.settings())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{organisation.name} added.")
            return redirect("administration:organisations")
    return render(request, "accounts/administration/organisation_form.jinja", {"form": form})


def _initial(organisation):
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "ods_code": organisation.ods_code,
        "parent": organisation.parent_id,
        "registered_list_size": organisation.registered_list_size,
        "postcode": organisation.postcode,
        "is_active": organisation.is_active,
        "version": organisation.version,
    }


@administrator_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = _form(request.POST if request.method == "POST" else None, initial=_initial(organisation))
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            organisation_update(
                by=request.actor,
                organisation=organisation,
                expected_version=form.cleaned_data["version"],
                settings=form.settings(),
            )
        except StaleEdit as stale:
            form, conflict = _form(initial=_initial(stale.current)), stale
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} saved.")
            return redirect("administration:organisations")
    return render(
        request,
        "accounts/administration/organisation_form.jinja",
        {"form": form, "organisation": organisation, "conflict": conflict},
        status=CONFLICT if conflict else 200,
    )
