"""Reads made on every request run SQL the ORM wrote once (devzone.compiled): the same rows as
the querysets they come from, for every role, without compiling the queryset again."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models.sql.compiler import SQLCompiler

from devzone.compiled import CompiledQuery
from indicators.models import Indicator
from zones.backends import UserBackend
from zones.models import Action, User, Zone
from zones.selectors import zones_with_data_versions
from zones.services import mark_changed


@pytest.fixture
def no_compiling(monkeypatch):
    """Inside `with no_compiling():` any queryset compiled to SQL fails the test."""

    class Guard:
        def __enter__(self):
            def refuse(*args, **kwargs):
                raise AssertionError("a queryset was compiled again")

            monkeypatch.setattr(SQLCompiler, "as_sql", refuse)

        def __exit__(self, *exc):
            monkeypatch.undo()

    return Guard


def rows(zones):
    return [(z.pk, z.code, z.name, z.data_version_number) for z in zones]


def test_arguments_take_the_place_of_the_probes_and_constants_stay(indicators):
    headlines = CompiledQuery(lambda pk: Indicator.objects.filter(pk__gte=pk, is_headline=True).order_by("pk"))
    first = min(i.pk for i in indicators.values())
    expected = list(Indicator.objects.filter(pk__gte=first + 3, is_headline=True).order_by("pk"))
    assert headlines(first + 3) == expected and expected
    assert headlines(first + 5) == list(Indicator.objects.filter(pk__gte=first + 5, is_headline=True).order_by("pk"))


def test_the_queryset_is_built_and_compiled_once(zone, other_zone, no_compiling):
    built = []

    def build(pk):
        built.append(pk)
        return Zone.objects.filter(pk=pk)

    by_pk = CompiledQuery(build)
    assert by_pk(zone.pk) == [zone]
    with no_compiling():
        assert by_pk(other_zone.pk) == [other_zone]
    assert len(built) == 1


def test_annotations_are_filled(zone):
    mark_changed([zone.pk])
    mark_changed([zone.pk])
    (found,) = CompiledQuery(lambda pk: Zone.objects.filter(pk=pk).with_data_version())(zone.pk)
    assert found.data_version_number == 2


def test_select_related_is_refused(zone):
    from zones.models import Park

    with pytest.raises(ValueError, match="select_related"):
        CompiledQuery(lambda pk: Park.objects.filter(zone=pk).select_related("zone"))(zone.pk)


@pytest.mark.parametrize(
    "who, action",
    [
        ("administrator", Action.VIEW),
        ("city_leader", Action.VIEW),
        ("leader", Action.VIEW),
        ("leader", Action.EDIT),
        ("staff", Action.VIEW),
        ("staff", Action.EDIT),
        ("staff", Action.REVIEW),
        ("reviewer", Action.REVIEW),
        ("outsider", Action.VIEW),
    ],
)
def test_zones_with_data_versions_are_the_zones_for_user(who, action, request, zone, other_zone):
    user = request.getfixturevalue(who)
    mark_changed([other_zone.pk])
    expected = rows(Zone.objects.for_user(user, action).with_data_version())
    assert rows(zones_with_data_versions(user, action)) == expected


def test_inactive_and_anonymous_users_see_no_zones(leader):
    leader.is_active = False
    assert zones_with_data_versions(leader) == [] == list(Zone.objects.for_user(leader))
    assert zones_with_data_versions(AnonymousUser()) == []


def test_a_zone_added_to_a_user_is_seen_at_once(leader, other_zone):
    assert [z.code for z in zones_with_data_versions(leader)] == ["HX"]
    leader.zones.add(other_zone)
    assert [z.code for z in zones_with_data_versions(leader)] == ["HX", "LH"]


def test_zones_are_read_without_compiling_again(leader, city_leader, no_compiling):
    zones_with_data_versions(leader), zones_with_data_versions(city_leader)
    with no_compiling():
        assert [z.code for z in zones_with_data_versions(leader)] == ["HX"]
        assert [z.code for z in zones_with_data_versions(city_leader)] == ["HX", "LH"]


def test_the_backend_reads_the_session_user_without_compiling_again(leader, staff, no_compiling):
    backend = UserBackend()
    assert backend.get_user(leader.pk) == leader
    with no_compiling():
        found = backend.get_user(str(staff.pk))  # as the session keeps it
    assert found == staff and found.role == User.Role.STAFF


def test_the_backend_refuses_inactive_and_missing_users(leader):
    backend = UserBackend()
    User.objects.filter(pk=leader.pk).update(is_active=False)
    assert backend.get_user(leader.pk) is None
    assert backend.get_user(leader.pk + 1000) is None


def test_a_deactivated_users_session_stops_at_once(leader, client_for):
    client = client_for(leader)
    assert client.get("/dashboard/").status_code == 200
    User.objects.filter(pk=leader.pk).update(is_active=False)
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
