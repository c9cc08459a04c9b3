"""Django's Redis cache backend, with one client object per connection pool.

Django's RedisCacheClient makes a new redis.Redis for every operation (its get_client), and a
new client sets up some two hundred response callbacks: a tenth of a millisecond of CPU per
cache call, paid by every page (the page cache, the menu, the kept content). A redis.Redis is
safe to share between threads (it takes a connection from its pool for each command), and
the pools are made per process after gunicorn forks, as before. Keys are not checked for
memcached (`validate_key`)."""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
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
        self._class = RedisCacheClient

    def validate_key(self, key):
        """Redis takes any key: Django's check only warns about keys memcached would refuse,
        looping in Python over the characters of every key of every call (a page reads some
        hundred keys when it is made)."""
