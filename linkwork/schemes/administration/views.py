"""Administrators add and change schemes. Every save goes through the scheme services' checks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linkwork.accounts.administration.common import CONFLICT, add_errors
from linkwork.accounts.administration.organisations import administrator_required
from linkwork.accounts.selectors import organisations_for_administration
from linkwork.core.errors import StaleEdit

from ..models import Scheme
from ..presets import load_preset, preset_names
from ..selectors import scheme_changes, scheme_for_administration, schemes_for_administration
from ..services import scheme_create, scheme_update
from .forms import ERROR_FIELDS, SchemeForm


@administrator_required
def scheme_list(request):
    return render(request, "schemes/administration/list.jinja", {"schemes": schemes_for_administration()})


def _form(data=None, *, initial):
    active = [organisation for organisation in organisations_for_administration() if organisation.is_active]
    return SchemeForm(data, organisations=active, initial=initial)


def _presets():
    return {name: load_preset(name) for name in preset_names()}


@administrator_required
@require_http_methods(["GET", "POST"])
def scheme_new(request):
    presets = _presets()
    preset = request.GET.get("preset", "")
    if preset not in presets:
        return render(request, "schemes/administration/choose_preset.jinja", {"presets": presets})
    starting_point = Scheme(**(presets[preset] | {"name": ""}))
    form = _form(
        request.POST if request.method == "POST" else None,
        initial=SchemeForm.initial_from(starting_point, providers=[], practices=[]),
    )
    if form.is_bound and form.is_valid():
        try:
            scheme = scheme_create(by=request.actor, preset=preset, **form.service_arguments())
        except ValidationError as error:
            add_errors(form, error, ERROR_FIELDS)
        else:
            messages.success(request, f"{scheme.name} created.")
            return redirect("scheme_administration:edit", slug=scheme.slug)
    return render(
        request,
        "schemes/administration/form.jinja",
        {"form": form, "preset_name": presets[preset]["name"]},
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request, slug):
    scheme = scheme_for_administration(slug=slug)
    if scheme is None:
        raise Http404
    initial = SchemeForm.initial_from(
        scheme, providers=scheme.providers.all(), practices=scheme.practices.all()
    )
    form = _form(request.POST if request.method == "POST" else None, initial=initial)
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            scheme_update(
                by=request.actor,
                scheme=scheme,
                expected_version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except StaleEdit as stale:
            current = scheme_for_administration(slug=slug)
            saved = SchemeForm.initial_from(
                current, providers=current.providers.all(), practices=current.practices.all()
            )
            form, conflict = _form(initial=saved), stale
        except ValidationError as error:
            add_errors(form, error, ERROR_FIELDS)
        else:
            messages.success(request, f"{form.cleaned_data['name']} saved.")
            return redirect("scheme_administration:edit", slug=slug)
    return render(
        request,
        "schemes/administration/form.jinja",
        {
            "form": form,
            "scheme": scheme,
            "changes": _described(scheme_changes(scheme=scheme)),
            "conflict": conflict,
        },
        status=CONFLICT if conflict else 200,
    )


def _described(events) -> list[tuple]:
    """Each recorded change with what it changed, in the form's words."""
    labels = {name: field.label for name, field in SchemeForm.base_fields.items()} | {
        "outcome_schedule": "Outcome measures",
        "message_back_channels": "Email to the referrer",
    }
    described = []
    for event in events:
        if event.action == "scheme.create":
            described.append((event, "created the scheme"))
            continue
        # Changes from a preset (seeding) list field names; changes from these pages, before and after.
        names = event.details.get("changes") or event.details.get("fields") or []
        # In the form's order: PostgreSQL keeps a JSON object's keys in an order of its own.
        order = list(labels)
        ordered = sorted(names, key=lambda name: order.index(name) if name in order else len(order))
        changed = "; ".join(labels.get(name, name) for name in ordered)
        described.append((event, f"changed {changed}" if changed else "changed its settings"))
    return described
