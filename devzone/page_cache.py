"""The per-process cache of computed page parts and chart pictures (settings.CACHES["pages"])."""

import hashlib
import secrets

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation


def remember(namespace: str, key_parts: tuple, compute):
    """`compute()`, kept under `key_parts`: callers put into them everything the result depends
    on (figures, or the zones' data versions, period and language)."""
    pages = caches["pages"]
    key = f"{namespace}:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    value = pages.get(key)
    if value is None:
        value = compute()
        pages.set(key, value)
    return value


# Stands for the CSRF token in a kept page. Random per process, so no page's own text can hold it.
CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(16)}"


def render_page(request, template_name: str, key_parts: tuple, context) -> HttpResponse:
    """The whole page, kept for this user, address and language under `key_parts` (what its
    figures depend on); `context()` is called only when the page is rendered.

    A kept page is sent without rendering a template: rendering the page around its figures costs
    more than everything else a cached dashboard does. The CSRF token goes in per response, so each
    response masks it anew and the page's forms stay valid after a login rotates the token. A
    request with messages to show is rendered afresh, as showing them uses them up.
    """
    if len(get_messages(request)):
        return HttpResponse(render_to_string(template_name, context(), request))
    user = request.user
    who = (user.pk, user.get_username(), user.get_full_name(), getattr(user, "role", ""))
    where = (request.get_full_path(), translation.get_language())

    def rendered():
        page = render_to_string(template_name, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request)
        # Kept encoded, in the pieces around the token: a kept page is joined, not searched and encoded.
        return page.encode().split(CSRF_PLACEHOLDER.encode())

    pieces = remember("page", (template_name, key_parts, who, where), rendered)
    return HttpResponse(get_token(request).encode().join(pieces))
