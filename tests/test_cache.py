"""The Redis cache takes an unreachable Redis for an empty cache, and says so once in a while."""

import logging
from typing import cast

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache

from filmsite import cache as resilient_cache
from filmsite.cache import CacheUnavailable


def test_an_unreachable_redis_reads_as_a_miss_and_stores_nothing(unreachable_cache):
    cache.set("answer", 42)
    assert cache.get("answer") is None
    assert cache.get("answer", "default") == "default"
    assert cache.add("answer", 42) is False
    assert cache.get_many(["answer", "question"]) == {}
    assert cache.set_many({"answer": 42}) == ["answer"]
    assert cache.has_key("answer") is False
    assert cache.touch("answer") is False
    assert cache.delete("answer") is False
    cache.delete_many(["answer"])
    # RedisCache.clear says whether Redis cleared; django-stubs give BaseCache's None.
    assert cache.clear() is False  # type: ignore[func-returns-value]
    assert cache.get_or_set("answer", 42) == 42


def test_an_unreachable_redis_cannot_count(unreachable_cache):
    with pytest.raises(CacheUnavailable):
        cache.incr("counter")
    with pytest.raises(CacheUnavailable):
        cache.decr("counter")


def test_an_outage_is_logged_once_per_pause_not_per_call(unreachable_cache, caplog, monkeypatch):
    now = 1000.0
    monkeypatch.setattr(resilient_cache.time, "monotonic", lambda: now)
    with caplog.at_level(logging.WARNING, logger="filmsite.cache"):
        for _ in range(20):
            cache.get("answer")
        now += resilient_cache.PAUSE_SECONDS + 1
        cache.get("answer")
    warnings = [record for record in caplog.records if record.name == "filmsite.cache"]
    assert len(warnings) == 2
    assert "Cache unavailable" in warnings[0].getMessage()


def test_during_the_pause_redis_is_not_asked(unreachable_cache, monkeypatch):
    cache.get("answer")

    def must_not_connect(*args, **kwargs):
        raise AssertionError("asked Redis during the pause")

    monkeypatch.setattr(cast(RedisCache, cache)._cache, "get", must_not_connect)
    assert cache.get("answer", "default") == "default"
