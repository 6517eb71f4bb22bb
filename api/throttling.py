import logging

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class UserRateThrottle(SimpleRateThrottle):
    """settings.API_THROTTLE_RATE per user, all their tokens and their browser session counted
    together (more tokens buy no more requests), per address before authentication; in the
    default cache, shared by every worker when it is Redis. Beyond it: 429 with Retry-After.

    While the shared cache is away the counts are kept in this process's memory ("process"
    cache): each worker then limits on its own, rather than the whole API failing."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except RedisError:
            logger.warning("API throttle counted in this process: the shared cache is unavailable", exc_info=True)
            self.cache = caches["process"]
            return super().allow_request(request, view)
