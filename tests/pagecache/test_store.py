"""Versioned entries are read from the worker's own memory first, the shared cache second."""

import pytest
from django.core.cache import cache, caches

from filmsite.pagecache import store


def test_an_entry_read_once_is_then_answered_from_the_workers_memory(monkeypatch):
    cache.set("page:film:build:7:where", "the page")
    assert store.get("page:film:build:7:where") == "the page"

    def no_round_trip(*args, **kwargs):
        raise AssertionError("the shared cache was asked again")

    monkeypatch.setattr(cache, "get", no_round_trip)
    assert store.get("page:film:build:7:where") == "the page"


def test_a_put_entry_is_shared_with_other_workers_through_the_shared_cache():
    store.put("fragment:credits:build:8:1", "<ul>…</ul>")
    caches["pages"].clear()  # another worker's empty memory
    assert cache.get("fragment:credits:build:8:1") == "<ul>…</ul>"
    assert store.get("fragment:credits:build:8:1") == "<ul>…</ul>"


@pytest.mark.parametrize("key", ["page:film:build:9:where", "fragment:x:build:9"])
def test_a_missing_entry_is_none_from_both(key):
    assert store.get(key) is None
    assert caches["pages"].get(key) is None
