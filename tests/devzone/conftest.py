"""Fixtures of the tests that drive real servers over HTTP."""

import pytest
from django.conf import global_settings

from tests.conftest import PASSWORD


@pytest.fixture
def staff_login(settings, staff):
    """Staff who can log in on a server started by the test: it checks passwords with Django's
    default hashers, not the suite's fast MD5 one."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    staff.set_password(PASSWORD)
    staff.save()
    return staff
