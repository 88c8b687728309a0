"""Django's Redis cache, keeping one client per connection pool.

Django builds a new redis-py client object for every cache call, which with
redis-py 5 and later costs more than the round trip to Redis itself (its
response-callback table is copied each time). The client is thread-safe and
its pool is kept anyway, so one per pool is built and kept. Nothing else
differs from django.core.cache.backends.redis.RedisCache.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
