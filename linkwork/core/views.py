from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": connection.vendor}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def bad_request(request, exception=None):
    return render(request, "core/error.jinja", _error_context(400), status=400)


def permission_denied(request, exception=None):
    return render(request, "core/error.jinja", _error_context(403), status=403)


def page_not_found(request, exception=None):
    return render(request, "core/error.jinja", _error_context(404), status=404)


def server_error(request):
    return render(request, "core/error.jinja", _error_context(500), status=500)


_ERRORS = {
    400: ("Sorry, there is a problem with that request", "Check the address or the form and try again."),
    403: (
        "You do not have permission to do this",
        "Your role in this organisation does not allow it. If you think it should, ask your team lead "
        "or administrator.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you followed a link to a person's "
        "record, it may belong to another organisation or no longer exist.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you entered has been saved twice. If it keeps happening, tell your "
        "administrator the time it happened.",
    ),
}


def _error_context(status):
    title, body = _ERRORS[status]
    return {"status": status, "title": title, "body": body}
