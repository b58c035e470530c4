from unittest import mock

from django.db import connection
from django.db.utils import OperationalError


def test_healthz_reports_ok_and_the_database_vendor(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_unreachable(client, db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_every_response_carries_a_request_id(client, db):
    first = client.get("/healthz")
    second = client.get("/healthz", headers={"X-Request-ID": "abcdef1234"})
    unsafe = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})

    assert len(first["X-Request-ID"]) == 32
    assert second["X-Request-ID"] == "abcdef1234"
    assert unsafe["X-Request-ID"] != "bad id\nwith newline"
