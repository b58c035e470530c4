"""Records built once per module: each test sees them as built, and may change them for itself alone."""

import pytest

from linkwork.accounts.models import Organisation
from linkwork.testing.factories import make_organisation
from linkwork.testing.shared import built_once_per_module, pytest_runtest_setup


@pytest.fixture(scope="module")
def built_once(request, django_db_setup, django_db_blocker):
    yield from built_once_per_module(request, django_db_blocker, lambda: make_organisation(name="Built once"))


def test_a_test_changes_the_shared_records_for_itself(db, built_once):
    Organisation.objects.filter(pk=built_once.pk).delete()
    make_organisation(name="Made by the first test")

    assert not Organisation.objects.filter(pk=built_once.pk).exists()


def test_the_next_test_sees_the_records_as_built(db, built_once):
    assert Organisation.objects.filter(pk=built_once.pk).exists()
    assert not Organisation.objects.filter(name="Made by the first test").exists()


class _Item:
    def __init__(self, nodeid, marker=None, fixturenames=()):
        self.nodeid, self._marker, self.fixturenames = nodeid, marker, list(fixturenames)

    def get_closest_marker(self, name):
        return self._marker if name == "django_db" else None


def test_a_test_needing_committed_transactions_is_refused_while_records_are_shared(db, built_once):
    committed = pytest.mark.django_db(transaction=True).mark

    for item in (_Item("flushes", marker=committed), _Item("serves", fixturenames=["live_server"])):
        with pytest.raises(pytest.fail.Exception, match="move it to a module of its own"):
            pytest_runtest_setup(item)
    pytest_runtest_setup(_Item("ordinary", marker=pytest.mark.django_db.mark))
