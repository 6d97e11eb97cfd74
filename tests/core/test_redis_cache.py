"""The Redis cache backend the portal runs with: Django's, with one client per pool instead of one per call."""

import os
import uuid

import pytest

from core.redis_cache import SharedClientRedisCache
from tests.realworker import TEST_REDIS_URL, redis_unreachable_reason


@pytest.fixture
def redis_cache():
    reason = redis_unreachable_reason()
    if reason:
        (pytest.fail if os.environ.get("REQUIRE_WORKER_TESTS") else pytest.skip)(reason)
    # A prefix of its own: the test Redis database is shared, and nothing here is flushed.
    return SharedClientRedisCache(TEST_REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_it_behaves_as_a_cache(redis_cache):
    redis_cache.set("organisation", {"name": "เทศบาล"}, 30)
    assert redis_cache.get("organisation") == {"name": "เทศบาล"}
    assert redis_cache.add("organisation", "other", 30) is False
    assert redis_cache.incr(redis_cache.add("hits", 0, 30) and "hits") == 1
    assert redis_cache.get_many(["organisation", "hits", "missing"]) == {"organisation": {"name": "เทศบาล"}, "hits": 1}
    redis_cache.delete_many(["organisation", "hits"])
    assert redis_cache.get("organisation") is None


def test_one_client_serves_every_call(redis_cache):
    redis_cache.get("a")
    client = redis_cache._cache.get_client()
    redis_cache.set("a", 1, 30)
    redis_cache.get("a")
    assert redis_cache._cache.get_client(write=True) is client
    assert len(redis_cache._cache._clients) == 1
