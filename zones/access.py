"""Access checks: views find a zone the user may act on; services refuse a write the user may not make.

A zone the user cannot even see answers 404 (its existence is not revealed); a zone they
see but may not act on in the asked way answers 403.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Action, Zone, ZoneScope, zone_scope


class RightsRefused(PermissionDenied):
    """A service refused a write: the user may not act on these zones. A view lets it answer 403;
    an import reports its message."""

    def __init__(self, action: str, zone_names: list[str]):
        self.message = _("您无权%(action)s以下开发区的数据：%(zones)s") % {
            "action": Action(action).label, "zones": "、".join(zone_names),
        }
        super().__init__(self.message)


class AdministratorsOnly(RightsRefused):
    """A write only administrators make (zones, parks), refused alike on every channel."""

    def __init__(self, records: str):
        self.message = _("只有管理员可以新增或修改%(records)s") % {"records": records}
        PermissionDenied.__init__(self, self.message)


def require_rights(user, action: str, zone_ids: Iterable[int]) -> None:
    """Raise RightsRefused unless `user` may perform `action` on every zone of `zone_ids`.

    Every service that writes zone data calls it before writing. `user` None is the system
    itself (command line, demo data), which may act on every zone.
    """
    if user is None:
        return
    ids = set(zone_ids)
    scope = zone_scope(user, action)
    if not ids or scope is ZoneScope.ALL:
        return
    permitted = set(Zone.objects.in_scope(scope, user.pk).filter(pk__in=ids).values_list("pk", flat=True))
    refused = ids - permitted
    if refused:
        raise RightsRefused(action, list(Zone.objects.filter(pk__in=refused).values_list("name", flat=True)))


def zone_for_user(user, code: str, action: str = Action.VIEW) -> Zone:
    zone = Zone.objects.for_user(user, Action.VIEW).filter(code=code).first()
    if zone is None:
        raise Http404("no such zone")
    if action != Action.VIEW and not user.can(action, zone):
        raise PermissionDenied
    return zone


def require_administrator(user, records: str) -> None:
    """Raise AdministratorsOnly unless `user` is an administrator (None: the system itself);
    `records` names what is written (园区)."""
    if user is not None and not user.is_administrator:
        raise AdministratorsOnly(records)
