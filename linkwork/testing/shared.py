"""Records built once for a whole test module instead of once per test.

The records are written inside a transaction that stays open while the module's tests run and is rolled
back when the module ends. Each test still runs in its own savepoint (pytest-django's `db` fixture nests
inside the open transaction), so whatever a test changes is undone before the next test starts, and
every test sees the records exactly as they were built.

A test that needs committed transactions (`transaction=True`, `live_server`) cannot run inside that open
transaction: `pytest_runtest_setup` below refuses it with a plain message rather than letting its
flush empty the shared records under the other tests.
"""

import pytest
from django.test import TestCase


class _ModuleTransaction(TestCase):
    """Django's own test-transaction handling (atomic blocks marked as the test's, so durable blocks in
    the code under test behave as they do in any TestCase)."""

    databases = {"default"}


_open_modules: set[str] = set()


def built_once_per_module(request, django_db_blocker, build):
    """Generator for a module-scoped fixture: `yield from built_once_per_module(request, blocker, build)`."""
    module = request.node.nodeid
    with django_db_blocker.unblock():
        atomics = _ModuleTransaction._enter_atomics()
        try:
            built = build()
        except BaseException:
            _ModuleTransaction._rollback_atomics(atomics)
            raise
    _open_modules.add(module)
    try:
        yield built
    finally:
        _open_modules.discard(module)
        with django_db_blocker.unblock():
            _ModuleTransaction._rollback_atomics(atomics)


def _needs_committed_transactions(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    )
    return transactional or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _open_modules and _needs_committed_transactions(item):
        pytest.fail(
            f"{item.nodeid} needs committed transactions but runs while records shared by "
            f"{sorted(_open_modules)} are held in an open transaction: move it to a module of its own."
        )
