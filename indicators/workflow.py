"""The review workflow of a zone-month: submit, approve, return, unlock.

draft/returned → submitted (staff) → approved (reviewer) or returned (reviewer, with a reason);
approved → returned by a reviewer's unlock (with a reason). An approved month is locked: the
value services refuse every change to it. Each transition writes its MonthTransition row; one
the user's role may not perform on the zone raises RightsRefused.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zones.access import require_rights
from zones.models import Action, Zone
from zones.services import mark_changed

from .models import MonthTransition, ZoneMonth

Status = ZoneMonth.Status

# action name → (the role's action on the zone, states it may start from, target state, reason required)
TRANSITIONS = {
    "submit": (Action.EDIT, {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, False),
    "approve": (Action.REVIEW, {Status.SUBMITTED}, Status.APPROVED, False),
    "return": (Action.REVIEW, {Status.SUBMITTED}, Status.RETURNED, True),
    "unlock": (Action.REVIEW, {Status.APPROVED}, Status.RETURNED, True),
}


class TransitionRefused(Exception):
    """The month is not in a state the transition starts from, or a reason is missing."""

    def __init__(self, message: str, field: str = "status"):
        super().__init__(message)
        self.message = message
        self.field = field


def allowed_actions(zone_month: ZoneMonth, user) -> list[str]:
    """The transitions `user` may perform on the month now, for showing the buttons."""
    permitted = {
        action
        for action in (Action.EDIT, Action.REVIEW)
        if Zone.objects.for_user(user, action).filter(pk=zone_month.zone_id).exists()
    }
    return [
        name
        for name, (action, sources, _target, _reason) in TRANSITIONS.items()
        if action in permitted and zone_month.status in sources
    ]


def _transition(name: str, zone_month: ZoneMonth, user, reason: str = "") -> ZoneMonth:
    action, sources, target, needs_reason = TRANSITIONS[name]
    # The role's action on this zone: staff submit, reviewers decide.
    require_rights(user, action, [zone_month.zone_id])
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise TransitionRefused(_("请填写原因"), field="reason")
    with transaction.atomic():
        # The row lock serialises a transition against concurrent saves and transitions.
        ZoneMonth.objects.get_or_create(zone_id=zone_month.zone_id, year=zone_month.year, month=zone_month.month)
        locked = ZoneMonth.objects.select_for_update().get(
            zone_id=zone_month.zone_id, year=zone_month.year, month=zone_month.month
        )
        if locked.status not in sources:
            raise TransitionRefused(
                _("%(month)s当前状态为“%(status)s”，不能执行此操作") % {"month": locked, "status": locked.get_status_display()}
            )
        previous = locked.status
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        MonthTransition.objects.create(zone_month=locked, from_status=previous, to_status=target, user=user, reason=reason)
        mark_changed([locked.zone_id])
    zone_month.pk, zone_month.status, zone_month.version = locked.pk, locked.status, locked.version
    return locked


def submit(zone_month: ZoneMonth, user, reason: str = "") -> ZoneMonth:
    return _transition("submit", zone_month, user, reason)


def approve(zone_month: ZoneMonth, user, reason: str = "") -> ZoneMonth:
    return _transition("approve", zone_month, user, reason)


def return_month(zone_month: ZoneMonth, user, reason: str) -> ZoneMonth:
    return _transition("return", zone_month, user, reason)


def unlock(zone_month: ZoneMonth, user, reason: str) -> ZoneMonth:
    return _transition("unlock", zone_month, user, reason)


ACTIONS = {"submit": submit, "approve": approve, "return": return_month, "unlock": unlock}
