"""`manage.py load_demo` guards production databases."""

import pytest
from django.core.management import CommandError, call_command

from zones.models import Zone


def test_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not Zone.objects.exists()


def test_force_runs_without_debug(db, settings, monkeypatch):
    """What loading does is tests/demo/test_demo_data.py's; here, that --force lets it run."""
    from demo.management.commands import load_demo

    calls = []
    monkeypatch.setattr(load_demo, "load_demo", lambda password: calls.append(password) or ({}, 2025))
    settings.DEBUG = False
    call_command("load_demo", "--force")
    assert calls == ["demo12345"]


