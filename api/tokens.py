"""Creating, checking and revoking API tokens.

A token reads `dz_<prefix>_<secret>`; the prefix finds the row, the sha256 of the whole token is
compared in constant time. Nothing but the hash is stored: a lost token is revoked, not recovered.
"""

import datetime
import hashlib
import hmac
import re
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

KEY = re.compile(r"dz_(?P<prefix>[0-9a-f]{8})_[A-Za-z0-9_-]{20,100}")
# last_used_at is rewritten at most this often: not one UPDATE per request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_token(user, name: str, expires_at: datetime.datetime | None = None) -> tuple[ApiToken, str]:
    """The new token and its secret, which is shown to the user once and never again."""
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    key = f"dz_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=prefix, key_hash=_digest(key), expires_at=expires_at)
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
