"""A small HTTP client for the bench: a browser-like session over http.client, and a timed load loop.

gunicorn's sync workers close every connection, so each request opens a new one, as a browser's
first request to a busy server would. Cookies are kept per simulated user; CSRF tokens are read from
the form on the page, as a browser submits them.
"""

import http.client
import json
import random
import re
import threading
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.db import connections
from django_otp.oath import TOTP

from .stats import Figures, figures

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignInFailed(Exception):
    pass


class Browser:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """Send one request; return (status, Location header, body) and keep any cookies set."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()

    def form_token(self, path: str) -> str:
        status, _, body = self.request("GET", path)
        match = _CSRF.search(body)
        if status != 200 or match is None:
            raise SignInFailed(f"GET {path} gave {status} without a form")
        return match.group(1)

    def password_step(self, username: str, password: str) -> str:
        """The sign-in page: returns where it sends the user next (the code page), or raises."""
        token = self.form_token("/accounts/login/")
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        status, location, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "two-factor" not in location:
            raise SignInFailed(f"{username}: the password step gave {status} {location}")
        return location

    def sign_in(self, username: str, password: str, key_hex: str) -> None:
        """Password, then the code from the user's app (computed from its known key), as a person would."""
        code_page = urlsplit(self.password_step(username, password))
        path = f"{code_page.path}?{code_page.query}" if code_page.query else code_page.path
        token = self.form_token(path)
        code = f"{TOTP(bytes.fromhex(key_hex)).token():06d}"
        status, location, _ = self.request("POST", path, {"csrfmiddlewaretoken": token, "code": code})
        if status != 302 or "two-factor" in location:
            raise SignInFailed(f"{username}: the code step gave {status} {location}")


def api_post(port: int, path: str, *, token: str, key: str, body: dict) -> tuple[int, dict]:
    """POST JSON as an API client does (a bearer token and an Idempotency-Key); (status, JSON answer)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Connection": "close",
        "Content-Type": "application/json",
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": key,
    }
    try:
        connection.request("POST", path, body=json.dumps(body), headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def run_load(actions: list[Callable[[], bool]], *, seconds: float, think: float = 0.0) -> Figures:
    """Run each action (one per simulated user, in its own thread) again and again for `seconds`.

    An action returns True when the answer was right. Each thread makes one unmeasured warm-up call
    first. Failed calls (a wrong answer or an exception) count as errors, not in the percentiles.
    With `think`, each user pauses between its requests for a random time averaging `think` seconds
    (half to one and a half times it), as a person reads a page before the next click.
    """
    durations: list[float] = []
    errors = [0]
    lock = threading.Lock()
    clock = [0.0, 0.0]  # start, deadline: set once, as every thread passes the barrier

    def go():
        clock[0] = time.perf_counter()
        clock[1] = clock[0] + seconds

    start = threading.Barrier(len(actions) + 1, action=go)

    def user(action, pauses):
        _safe(action)
        start.wait()
        mine, failed = [], 0
        while True:
            if think:
                pause = pauses.uniform(think / 2, think * 1.5)
                if time.perf_counter() + pause >= clock[1]:
                    break
                time.sleep(pause)
            began = time.perf_counter()
            if began >= clock[1]:
                break
            ok = _safe(action)
            elapsed = (time.perf_counter() - began) * 1000
            if ok:
                mine.append(elapsed)
            else:
                failed += 1
        connections.close_all()  # this thread's own, if its action used the database
        with lock:
            durations.extend(mine)
            errors[0] += failed

    threads = [
        threading.Thread(target=user, args=(action, random.Random(number)), daemon=True)  # noqa: S311
        for number, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join()
    return figures(durations, errors=errors[0], seconds=time.perf_counter() - clock[0])


def run_sequence(action: Callable[[], bool], *, runs: int) -> Figures:
    """One user running `action` `runs` times, one after another, after one unmeasured warm-up call."""
    _safe(action)
    durations, errors = [], 0
    began = time.perf_counter()
    for _ in range(runs):
        started = time.perf_counter()
        if _safe(action):
            durations.append((time.perf_counter() - started) * 1000)
        else:
            errors += 1
    return figures(durations, errors=errors, seconds=time.perf_counter() - began)


def _safe(action) -> bool:
    """Any failure counts as an error of the run; a thread that died would hold the others at the barrier."""
    try:
        return bool(action())
    except Exception:
        return False
