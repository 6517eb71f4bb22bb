"""`manage.py load_demo` guards production databases."""

import pytest
from django.core.management import CommandError, call_command

from zones.models import Zone


def test_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not Zone.objects.exists()


def test_force_runs_without_debug(db, settings):
    settings.DEBUG = False
    call_command("load_demo", "--force")
    assert Zone.objects.count() == 2


