"""One limit on password guesses for every login form (the site's and the admin's).

Guesses are counted in Django's cache (Redis when REDIS_URL is set, shared by all app servers)
per (username, address) and per address: an attacker elsewhere cannot lock a user out, and one
address cannot try many names. A guess takes its place in both counts *before* the password is
checked (an atomic add or increment), so a burst of concurrent attempts gets no more guesses than
the limit; a refused attempt gives its place back, a successful login its places too. The
address is the client's as the configured trusted proxy header names it, else the peer's.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    header = settings.LOGIN_CLIENT_IP_HEADER
    if header and request.META.get(header):
        # X-Forwarded-For may hold a chain; the proxy we trust appended the last entry.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def counters(request, username: str) -> list[tuple[str, int]]:
    """(cache key, limit) of the counts a guess at `username` from this request takes a place in."""
    address = client_address(request)
    name = username.strip().lower()
    return [
        (f"login-guess:pair:{_digest(name, address)}", settings.LOGIN_FAILURE_LIMIT),
        (f"login-guess:address:{_digest(address)}", settings.LOGIN_ADDRESS_FAILURE_LIMIT),
    ]


def _take(key: str) -> int:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    # add() starts the window at the first guess; incr() keeps its expiry.
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired since add()
        return 1 if cache.add(key, 1, timeout=window) else cache.incr(key)
    if count == 1:  # the key expired between the backend's existence check and INCR: no expiry now
        cache.touch(key, window)
    return count


def _give_back(keys: list[str]) -> None:
    for key in keys:
        try:
            cache.decr(key)
        except ValueError:  # the window has passed
            pass


def take_guess(keys_and_limits: list[tuple[str, int]]) -> bool:
    """Take a place in every count; False (nothing taken) when one of them is full."""
    taken = []
    for key, limit in keys_and_limits:
        taken.append(key)
        if _take(key) > limit:
            _give_back(taken)
            return False
    return True


class LimitedLogin:
    """The login forms' clean(): a guess must find a place before the password is checked."""

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()
        places = counters(self.request, username)
        try:
            allowed = take_guess(places)
        except RedisError:
            # Without the shared count a guess could not be limited: no login rather than an
            # unlimited one, and a message rather than an error page (answers 503).
            logger.warning("Login refused: the cache that counts guesses is unavailable", exc_info=True)
            raise ValidationError(_("登录服务暂时不可用，请稍后再试。"), code="unavailable") from None
        if not allowed:
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            raise ValidationError(_("登录失败次数过多，请%(minutes)s分钟后再试。") % {"minutes": minutes}, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            raise  # a wrong guess keeps its places
        except BaseException:
            _give_back([key for key, _limit in places])
            raise
        # A successful login frees the pair's count and its place at the address.
        try:
            cache.delete(places[0][0])
            _give_back([places[1][0]])
        except RedisError:
            logger.warning("Login counts not freed: the cache is unavailable", exc_info=True)
        return cleaned


class LoginForm(LimitedLogin, AuthenticationForm):
    pass


class AdminLoginForm(LimitedLogin, AdminAuthenticationForm):
    pass


# A login refused for too many guesses answers 429; one refused while guesses cannot be counted, 503.
REFUSAL_STATUS = {"throttled": 429, "unavailable": 503}


def answers_refusal_status(view):
    """A login view whose refusals answer REFUSAL_STATUS rather than 200."""

    @functools.wraps(view)
    def limited(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        for code, status in REFUSAL_STATUS.items():
            if form is not None and form.has_error(NON_FIELD_ERRORS, code):
                response.status_code = status
        return response

    return limited
