"""Creating, checking and revoking API tokens.

A token reads `dz_<prefix>_<secret>`; the prefix finds the row, the sha256 of the whole token is
compared in constant time. Nothing but the hash is stored: a lost token is revoked, not recovered.
"""

import datetime
import hashlib
import hmac
import re
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import field_text

from .models import ApiToken

KEY = re.compile(r"dz_(?P<prefix>[0-9a-f]{8})_[A-Za-z0-9_-]{20,100}")
# last_used_at is rewritten at most this often: not one UPDATE per request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# Active tokens one user may hold: one per system they connect, with room to rotate.
MAX_ACTIVE_TOKENS = 10


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def active_tokens(user):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )


@transaction.atomic
def create_token(user, name: str, expires_at: datetime.datetime | None = None) -> tuple[ApiToken, str]:
    """The new token and its secret, which is shown to the user once and never again.
    ValidationError for a name the text rule refuses, or past MAX_ACTIVE_TOKENS."""
    name = field_text(ApiToken, "name", name)
    # The user's row lock: two requests at once cannot both take the last place.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if active_tokens(user).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(_("每个用户最多可有%(n)s个有效令牌，请先撤销不再使用的令牌。") % {"n": MAX_ACTIVE_TOKENS})
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    key = f"dz_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=_digest(key), expires_at=expires_at)
    return token, key


def find_token(key: str) -> ApiToken | None:
    """The active token `key` names, its use recorded; None for any other text."""
    found = KEY.fullmatch(key)
    if found is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=found["prefix"]).first()
    if token is None or not hmac.compare_digest(token.key_hash, _digest(key)) or not token.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke_token(user, token_id: int) -> bool:
    """Revoke one of `user`'s own tokens; False when it is not theirs or already revoked."""
    return bool(ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now()))
