"""Login with a limit on failed attempts, so passwords cannot be guessed by brute force.

Failures are counted per username and per client address in Django's cache (Redis when
REDIS_URL is set, shared by all app servers). Once either count reaches the limit, further
attempts are refused with HTTP 429 until the window has passed, even with the right password.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.utils.translation import gettext as _


def client_address(request) -> str:
    header = settings.LOGIN_CLIENT_IP_HEADER
    if header and request.META.get(header):
        # X-Forwarded-For may hold a chain; the proxy we trust appended the last entry.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _keys(request) -> list[str]:
    username = (request.POST.get("username") or "").strip().lower()
    keys = [f"login-fail:ip:{hashlib.sha256(client_address(request).encode()).hexdigest()}"]
    if username:
        keys.append(f"login-fail:user:{hashlib.sha256(username.encode()).hexdigest()}")
    return keys


def _blocked(keys: list[str]) -> bool:
    counts = cache.get_many(keys)
    return any(count >= settings.LOGIN_FAILURE_LIMIT for count in counts.values())


def _count_failure(keys: list[str]) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in keys:
        # add() starts the window at the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=window)


class RateLimitedLoginView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        keys = _keys(request)
        if _blocked(keys):
            form = self.get_form()
            form.errors.clear()
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            form.add_error(None, _("登录失败次数过多，请%(minutes)s分钟后再试。") % {"minutes": minutes})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            # A successful login clears the username's count (the address keeps its own).
            cache.delete_many(keys[1:])
        else:
            _count_failure(keys)
        return response
