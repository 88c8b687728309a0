"""The shared cache (CACHE_URL=redis://...) works through Django's cache API.

Runs against the Redis on this machine (TEST_REDIS_URL, by default database 0 of
127.0.0.1:6379), under a key prefix of its own that it removes again.
"""

import os
import secrets

import pytest
import redis

from home.cache import RedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def shared_cache():
    prefix = f"faskel-test-{secrets.token_hex(6)}"
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield cache
    server = redis.Redis.from_url(REDIS_URL)
    keys = list(server.scan_iter(f"{prefix}:*"))
    if keys:
        server.delete(*keys)


def test_values_set_by_one_server_are_read_and_removed_by_another(shared_cache):
    other_server = RedisCache(REDIS_URL, {"KEY_PREFIX": shared_cache.key_prefix})
    shared_cache.set("roster:abc", "<table>…</table>", 60)
    assert other_server.get("roster:abc") == "<table>…</table>"
    other_server.delete("roster:abc")
    assert shared_cache.get("roster:abc") is None
    assert shared_cache.get_or_set("coverage", lambda: (27, 26, 3), 60) == (27, 26, 3)
    assert other_server.get("coverage") == (27, 26, 3)


def test_one_client_is_kept_per_connection_pool(shared_cache):
    client = shared_cache._cache
    assert client.get_client("a") is client.get_client("b")
    assert client.get_client("a", write=True) is client.get_client("a")
