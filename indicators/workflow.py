"""The review workflow of a zone-month: submit, approve, return, unlock.

draft/returned → submitted (staff) → approved (reviewer) or returned (reviewer, with a reason);
approved → returned by a reviewer's unlock (with a reason). A submitted or approved month is
locked: the value services refuse every change to it. A reviewer approves or returns the version
of the month they looked at, and not a month they submitted themselves (unless
settings.ALLOW_SELF_APPROVAL, for one-person offices). Each transition writes its MonthTransition
row, submissions and approvals with the month's figures and their fingerprint; one the user's role
may not perform on the zone raises RightsRefused.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import clock
from core.text import field_text
from zones.access import require_rights
from zones.models import Action, Zone
from zones.services import mark_changed

from . import provenance
from .models import MonthTransition, ZoneMonth

Status = ZoneMonth.Status

# action name → (the role's action on the zone, states it may start from, target state, reason required)
TRANSITIONS = {
    "submit": (Action.EDIT, {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, False),
    "approve": (Action.REVIEW, {Status.SUBMITTED}, Status.APPROVED, False),
    "return": (Action.REVIEW, {Status.SUBMITTED}, Status.RETURNED, True),
    "unlock": (Action.REVIEW, {Status.APPROVED}, Status.RETURNED, True),
}
# Transitions that decide on the figures the reviewer looked at: refused when the month's version moved.
DECISIONS = {"approve", "return"}
# Transitions that keep the month's figures as they were.
SNAPSHOTS = {Status.SUBMITTED, Status.APPROVED}


class TransitionRefused(Exception):
    """The month is not in a state the transition starts from, or a reason is missing."""

    def __init__(self, message: str, field: str = "status"):
        super().__init__(message)
        self.message = message
        self.field = field


def allowed_actions(zone_month: ZoneMonth, user, transitions: list | None = None) -> list[str]:
    """The transitions `user` may perform on the month now, for showing the buttons; pass the
    month's `transitions` (newest first) when they are loaded already."""
    permitted = {
        action
        for action in (Action.EDIT, Action.REVIEW)
        if Zone.objects.for_user(user, action).filter(pk=zone_month.zone_id).exists()
    }
    names = [
        name
        for name, (action, sources, _target, _reason) in TRANSITIONS.items()
        if action in permitted and zone_month.status in sources
    ]
    if "approve" in names and is_self_approval(zone_month, user, transitions):
        names.remove("approve")
    return names


def is_self_approval(zone_month: ZoneMonth, user, transitions: list | None = None) -> bool:
    """Whether `user` made the month's latest submission and self-approval is not allowed."""
    if settings.ALLOW_SELF_APPROVAL or zone_month.pk is None:
        return False
    if transitions is None:
        transitions = zone_month.transitions.filter(to_status=Status.SUBMITTED).order_by("-created_at", "-id")[:1]
    submission = provenance.latest(transitions, Status.SUBMITTED)
    return submission is not None and submission.user_id == user.pk


def _transition(name: str, zone_month: ZoneMonth, user, reason: str = "", expected_version: int | None = None) -> ZoneMonth:
    action, sources, target, needs_reason = TRANSITIONS[name]
    # The role's action on this zone: staff submit, reviewers decide.
    require_rights(user, action, [zone_month.zone_id])
    try:
        reason = field_text(MonthTransition, "reason", reason)
    except ValidationError as refused:
        raise TransitionRefused(refused.messages[0], field="reason") from None
    if needs_reason and not reason:
        raise TransitionRefused(_("请填写原因"), field="reason")
    today = clock.today()
    if name == "submit" and (zone_month.year, zone_month.month) > (today.year, today.month):
        raise TransitionRefused(_("%(month)s尚未开始，不能提交") % {"month": zone_month})
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
        if name in DECISIONS:
            seen = zone_month.version if expected_version is None else expected_version
            if seen != locked.version:
                raise TransitionRefused(_(
                    "%(month)s的数据在您查看之后已被修改（版本%(seen)s → %(now)s），未执行；请核对下方当前数据后再审核"
                ) % {"month": locked, "seen": seen, "now": locked.version}, field="version")
        if name == "approve" and is_self_approval(locked, user):
            raise TransitionRefused(_("%(month)s由您本人提交，须由另一位审核员审核") % {"month": locked}, field="user")
        previous = locked.status
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        figures = provenance.month_figures(locked.zone_id, locked.year, locked.month) if target in SNAPSHOTS else {}
        MonthTransition.objects.create(
            zone_month=locked, from_status=previous, to_status=target, user=user, reason=reason, version=locked.version,
            figures=figures, fingerprint=provenance.fingerprint(figures) if target in SNAPSHOTS else "",
        )
        mark_changed([locked.zone_id])
    zone_month.pk, zone_month.status, zone_month.version = locked.pk, locked.status, locked.version
    return locked


def submit(zone_month: ZoneMonth, user, reason: str = "") -> ZoneMonth:
    return _transition("submit", zone_month, user, reason)


def approve(zone_month: ZoneMonth, user, reason: str = "", *, expected_version: int | None = None) -> ZoneMonth:
    """`expected_version`: the month's version the reviewer looked at; by default the version of
    `zone_month` as the caller loaded it."""
    return _transition("approve", zone_month, user, reason, expected_version)


def return_month(zone_month: ZoneMonth, user, reason: str, *, expected_version: int | None = None) -> ZoneMonth:
    return _transition("return", zone_month, user, reason, expected_version)


def unlock(zone_month: ZoneMonth, user, reason: str) -> ZoneMonth:
    return _transition("unlock", zone_month, user, reason)


ACTIONS = {"submit": submit, "approve": approve, "return": return_month, "unlock": unlock}
