"""Access helpers for views: find a zone the user may act on, or refuse.

A zone the user cannot even see answers 404 (its existence is not revealed); a zone they
see but may not act on in the asked way answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Action, Zone


def zone_for_user(user, code: str, action: str = Action.VIEW) -> Zone:
    zone = Zone.objects.for_user(user, Action.VIEW).filter(code=code).first()
    if zone is None:
        raise Http404("no such zone")
    if action != Action.VIEW and not user.can(action, zone):
        raise PermissionDenied
    return zone


def require_administrator(user) -> None:
    if not user.is_administrator:
        raise PermissionDenied
