"""What holds for every request: a lost database answers 503 whichever layer met it, a session
ends after SESSION_IDLE_MINUTES without a request, and no cache stores a logged-in user's pages."""

import logging
import sys
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

# Django's wrappers, which core.bulk raises for the driver's errors during COPY too.
DATABASE_ERRORS = (OperationalError, InterfaceError)


def server_error(request):
    """handler500. Django turns an exception from any middleware or view into the response of
    this handler (a try/except around the middleware would never see it), so a lost or refused
    database connection met in the session, the user or the view answers 503 here, with a page
    saying that nothing was saved: every write runs in one transaction, rolled back whole."""
    error = sys.exc_info()[1]
    if not isinstance(error, DATABASE_ERRORS):
        return defaults.server_error(request)
    logger.error("Database unavailable during %s %s", request.method, request.path, exc_info=error)
    # The page is self-contained: rendering base.html would need the database (session, user).
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


class IdleTimeoutMiddleware:
    """Logs out a session idle for longer than SESSION_IDLE_MINUTES. The last request's time is
    kept in the session, rewritten at most once a minute: not a session write per request."""

    KEY = "last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    @classmethod
    def logged_in(cls, sender, request, user, **kwargs):
        """Activity starts at login, written with the new session: not by the first page after."""
        request.session[cls.KEY] = int(time.time())

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("由于长时间未操作，您已退出登录，请重新登录。"))
            elif last is None or now - last >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Cache-Control: private, no-store on every response to a logged-in user (pages and exports):
    no proxy or browser cache keeps them for the next person at the desk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
