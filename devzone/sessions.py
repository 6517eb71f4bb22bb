"""Sessions kept in the database and read through the shared cache (Redis, with REDIS_URL).

Django's cached_db store falls back to the database when the cache cannot be read, but then fails
the request writing the session back to the cache: with Redis away, every page would fail. This
store keeps serving sessions from the database until Redis is back. A logout still fails while
Redis is away (the copy in Redis could not be deleted), so no session outlives its logout.
"""

import logging

from django.contrib.sessions.backends import cached_db, db
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except RedisError:
            logger.warning("Session cache unavailable: session read from the database", exc_info=True)
            return db.SessionStore.load(self)
