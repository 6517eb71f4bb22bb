"""Django's Redis cache backend, keeping its redis-py client.

Django's client builds a new `redis.Redis` for every cache call, which sets up its table of
response callbacks each time: about a third of a session read from Redis (sessions are read on
every request). A `redis.Redis` is safe to share: it takes a connection from its pool per command.
"""

from django.core.cache.backends import redis


class _KeptClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClient
