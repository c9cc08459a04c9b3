"""The fuzz suite (issue 13): no request of any shape is answered with a 5xx.

Every URL pattern of the site is read from the URLconf (tests/helpers/fuzz.py), so a new view
is walked the day it is added. Its path slots are filled with values that name real records
(slugs and ids from the factory data below) and with hostile segments; requests go with
hostile query parameters and headers (Host, X-Forwarded-Host behind the proxy, Content-Type
charsets, huge and repeated parameters, Unicode digits, broken percent-encodings, NUL,
overlong values), anonymously and as each staff role (a superuser and one staff user per
permission group), through the test client and through ponars.wsgi.application as gunicorn
calls it.

Two passes: a sweep of every route (deterministic), then hypothesis with a fixed seed
(derandomize) for combinations. The summary line at the end of `make test` gives the
number of requests, of 5xx answers and the time taken.
"""

import traceback
import urllib.parse

import pytest
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.signals import got_request_exception
from django.test import Client, override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.comments.factories import BlockedTermFactory, CommentFactory
from tests.events.factories import EventFactory, LectureFactory, SeriesFactory
from tests.helpers.fuzz import HOSTILE_SEGMENTS, Counter, Pools, admin_query_keys, site_routes
from tests.helpers.wsgi import wsgi_request
from tests.members.factories import MembershipFactory, PersonFactory, UserFactory
from tests.newsletter.factories import SubscriberFactory
from tests.podcasts.factories import EpisodeFactory, ShowFactory
from tests.podcasts.factories import SeriesFactory as PodcastSeriesFactory
from tests.resources.factories import BookFactory, HubEntryFactory, SyllabusFactory

pytestmark = pytest.mark.django_db

ROUTES = site_routes()
BEHIND_PROXY = {
    "USE_X_FORWARDED_HOST": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "RATELIMIT_IP_META_KEY": "core.ratelimit.client_ip",
}
HOSTILE_VALUES = [
    "²",
    "٣",
    "１２",
    "-1",
    "0",
    "9" * 25,
    "1e999",
    "NaN",
    "9999",
    "12",
    "31",
    "",
    " ",
    "%ff",
    "%zz",
    "%",
    "%c3%28",
    "%E2%80%AE",
    "%D0%A0%D0%BE%D1%81%D1%81%D0%B8%D1%8F",
    "'",
    '"><b>x</b>',
    "x" * 1500,
    "true",
    "[]",
    "2024-13-45",
    "9999-12-31",
    "../../etc/passwd",
    "a,b",
    "+",
]
BASE_KEYS = ["page", "cpage", "replyto", "posted", "q", "year", "month", "day", "id", "pk"]
HOSTILE_HOSTS = [
    "evil.example",
    "localhost:99999",
    "",
    "ünï.example",
    "[::1",
    "a" * 300,
    "127.0.0.1",
]
HOSTILE_HEADERS = {
    "HTTP_X_FORWARDED_FOR": ["1.1.1.1, 2.2.2.2", "garbage", "", "::1, , ,", "9" * 500],
    "HTTP_X_FORWARDED_PROTO": ["https", "http", "gopher", ""],
    "HTTP_ACCEPT_LANGUAGE": ["ru", "xx-YY;q=2", "*", "a" * 500],
    "HTTP_COOKIE": ["sessionid=garbage", "csrftoken=%ff", "a=b; ; =; sessionid", "x" * 3000],
    "HTTP_IF_NONE_MATCH": ['"x"', "*", "garbage", 'W/"' + "9" * 200 + '"'],
    "HTTP_IF_MODIFIED_SINCE": ["yesterday", "Sat, 29 Feb 2023 00:00:00 GMT", "0", "9" * 40],
    "HTTP_RANGE": ["bytes=0-0", "bytes=9-1", "items=1"],
    "HTTP_REFERER": ["https://evil.example/", "not a url", ""],
    "HTTP_USER_AGENT": ["", "x" * 4000, "Mozilla/5.0 ²"],
    "HTTP_ACCEPT": ["application/json", "*/*;q=x", ""],
}
CHARSETS = ["utf-8", "rot13", "zlib", "hex", "punycode", "idna", "utf-16", "no-such-codec", ""]


# -- The world: a little of everything, as the demo has ---------------------------------------


@pytest.fixture
def world(db, settings):
    settings.DEBUG = False
    site = Site.objects.get_current()
    about = FlatPage.objects.create(url="/about/", title="About", content="<p>About us.</p>")
    about.sites.add(site)
    people = [PersonFactory(name=name) for name in ("Maria Lipman", "Ben Noble", "Ada Ivanova")]
    MembershipFactory(person=people[0])
    topic = TopicFactory(name="Armenia")
    memo = CategoryFactory(name="Policy Memos")
    article = ArticleFactory(category=memo, authors=people[:2], topics=[topic])
    ArticleFactory(category=CategoryFactory(name="Commentary"), authors=[people[2]])
    ArticleFactory(status="draft", authors=[people[0]])
    CommentFactory(article=article)
    CommentFactory(article=article, status="pending")
    BlockedTermFactory()
    series = SeriesFactory()
    event = EventFactory(series=series, speakers=[people[1]])
    CommentFactory(target=event)
    EventFactory(past=True, series=series, recording_url="https://vimeo.com/123456")
    LectureFactory(lecturer=people[2])
    ShowFactory()
    episode = EpisodeFactory(host=people[0], guests=[people[1]], series=PodcastSeriesFactory())
    CommentFactory(target=episode, status="pending")
    BookFactory(authors=[people[0]])
    SyllabusFactory(instructors=[people[1]])
    HubEntryFactory()
    subscriber = SubscriberFactory()
    tokens = [subscriber.confirmation_token(), subscriber.unsubscribe_token()]
    pools = Pools.from_database(tokens=tokens)
    identities = {"anonymous": _client(None)}
    identities["superuser"] = _client(UserFactory(is_staff=True, is_superuser=True))
    for group in Group.objects.order_by("name"):
        user = UserFactory(username=f"staff-{group.pk}", is_staff=True)
        user.groups.add(group)
        identities[group.name] = _client(user)
    return pools, identities


def _client(user):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


# -- Sending, counting, recording ------------------------------------------------------------


class Sender:
    """Sends one request by either transport and records any 5xx with its traceback."""

    def __init__(self, identities):
        self.identities = identities
        self.failures = []
        self.tracebacks = []
        self.answered = set()  # (identity, path) answered with neither a 404 nor a 5xx

    def __enter__(self):
        got_request_exception.connect(self._exception)
        Counter.start()
        return self

    def __exit__(self, *exc):
        Counter.stop()
        got_request_exception.disconnect(self._exception)

    def _exception(self, **kwargs):
        self.tracebacks.append(traceback.format_exc())

    def send(
        self, wsgi, identity, path, query="", method="GET", headers=None, body=b"", proxy=False
    ):
        headers = dict(headers or {})
        client = self.identities[identity]
        self.tracebacks.clear()
        with override_settings(**BEHIND_PROXY) if proxy else _nothing():
            if wsgi is None:
                target = f"{path}?{query}" if query else path
                content_type = headers.pop("CONTENT_TYPE", "application/x-www-form-urlencoded")
                response = client.generic(
                    method, target, body, content_type=content_type, **headers
                )
                status = response.status_code
            else:
                if "sessionid" in client.cookies and "HTTP_COOKIE" not in headers:
                    headers["HTTP_COOKIE"] = f"sessionid={client.cookies['sessionid'].value}"
                # As gunicorn passes them: bytes off the wire, decoded as Latin-1.
                raw_path = urllib.parse.unquote_to_bytes(path).decode("latin-1")
                query = _wire(query)
                headers = {name: _wire(value) for name, value in headers.items()}
                try:
                    status = wsgi_request(wsgi, raw_path, query, method, headers, body).status
                except Exception:  # out of the handler: the WSGI server answers a bare 500
                    self.tracebacks.append(traceback.format_exc())
                    status = 500
        Counter.requests += 1
        if status != 404 and status < 500:
            self.answered.add((identity, path))
        if status >= 500:
            Counter.server_errors += 1
            trace = self.tracebacks[-1] if self.tracebacks else "(no traceback)"
            transport = "wsgi" if wsgi else "client"
            self.failures.append(
                f"{status} {method} {path}?{query} as {identity} via {transport} "
                f"{headers!r} proxy={proxy}\n{trace}"
            )
        return status

    def assert_no_failures(self):
        shown = "\n\n".join(self.failures[:10])
        assert not self.failures, f"{len(self.failures)} requests got a 5xx:\n{shown}"


def _wire(text):
    return text.encode("utf-8").decode("latin-1")


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def hostile_fills(route, limit):
    slots = route.slots
    if not slots:
        return []
    return [[segment] * len(slots) for segment in HOSTILE_SEGMENTS[:limit]]


def edge_query(keys):
    """One query string at the edges of dates and numbers (a date hierarchy's last day …)."""
    edges = {"__year": "9999", "__month": "12", "__day": "31", "__gte": "0001-01-01"}
    pairs = [
        (key, next((v for s, v in edges.items() if key.endswith(s)), "9" * 19)) for key in keys
    ]
    return "&".join(f"{urllib.parse.quote(k)}={v}" for k, v in pairs)[:2000]


def hostile_query(keys):
    """One query string with every key given a hostile value, some repeated."""
    pairs = [(key, HOSTILE_VALUES[n % len(HOSTILE_VALUES)]) for n, key in enumerate(keys)]
    pairs += [("page", "1"), ("page", "²"), ("q", "x" * 50)]
    return "&".join(f"{urllib.parse.quote(k)}={v}" for k, v in pairs)[:2000]


# -- Pass 1: every route, deterministic -----------------------------------------------------


SHARDS = 4  # the sweep in four parts, so that parallel workers (pytest-xdist) share it


def test_the_sweep_shards_cover_every_route_once():
    shards = [ROUTES[shard::SHARDS] for shard in range(SHARDS)]
    assert sorted(route.text for shard in shards for route in shard) == sorted(
        route.text for route in ROUTES
    )


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_route_answers_without_a_5xx(world, wsgi, shard):
    pools, identities = world
    keys = admin_query_keys()
    routes = ROUTES[shard::SHARDS]
    with Sender(identities) as sender:
        for route in routes:
            for identity in identities:
                anonymous, superuser = identity == "anonymous", identity == "superuser"
                public = not route.is_admin
                valid = pools.valid_fills(route, 30 if (public and anonymous) else 2)
                hostile = hostile_fills(route, len(HOSTILE_SEGMENTS) if anonymous else 2)
                if route.is_admin and not superuser:
                    valid, hostile = valid[:1], hostile[:1]
                for values in [*valid, *hostile] or [()]:
                    sender.send(None, identity, route.fill(values))
                if valid:
                    path = route.fill(valid[0])
                    sender.send(None, identity, path, hostile_query(keys))
                    sender.send(None, identity, path, edge_query(keys))
                    if anonymous or superuser:
                        sender.send(wsgi, identity, path)
                        sender.send(wsgi, identity, path, hostile_query(BASE_KEYS), proxy=True)
            fills = pools.valid_fills(route, 1)
            if route.slots and not route.is_admin and fills:
                path = route.fill(fills[0])
                for host in HOSTILE_HOSTS:
                    sender.send(wsgi, "anonymous", path, headers={"HTTP_HOST": host})
                    sender.send(
                        wsgi, "anonymous", path, headers={"HTTP_X_FORWARDED_HOST": host}, proxy=True
                    )
                for charset in CHARSETS:
                    content_type = {"CONTENT_TYPE": f"text/plain; charset={charset}"}
                    sender.send(wsgi, "anonymous", path, "a=1&page=2", headers=content_type)
    sender.assert_no_failures()
    # The sweep reached real pages, not only 404s: every route but a catch-all answered
    # something else to the public (routes outside the admin) or the superuser (the admin).
    unreached = []
    for route in routes:
        who = "superuser" if route.is_admin else "anonymous"
        fills = pools.valid_fills(route, 2 if route.is_admin else 30)
        if [slot.regex for slot in route.slots] == [".*"] or not fills:
            continue  # a catch-all, or a model with no record in the world above
        if not any((who, route.fill(values)) in sender.answered for values in fills):
            unreached.append(route.text)
    assert unreached == [], unreached


# -- Pass 2: hypothesis, combinations --------------------------------------------------------

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
nonempty_text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30)
raw_text = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="&#"))


@st.composite
def query_strings(draw, keys):
    pairs = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(keys), text),
                st.one_of(st.sampled_from(HOSTILE_VALUES), text, st.integers().map(str)),
                st.booleans(),  # percent-encode the value, or send it raw
            ),
            max_size=6,
        )
    )
    parts = []
    for key, value, encode in pairs:
        value = urllib.parse.quote(value, safe="%") if encode else value
        parts.append(f"{urllib.parse.quote(key)}={value}")
    if draw(st.booleans()):
        parts.append(draw(raw_text))
    if draw(st.integers(0, 20)) == 0:  # now and then, one huge repeated parameter
        parts += ["page=1"] * 600
    return "&".join(parts)


@st.composite
def header_sets(draw):
    headers = {}
    for name, values in HOSTILE_HEADERS.items():
        if draw(st.integers(0, 4)) == 0:
            headers[name] = draw(st.sampled_from(values))
    if draw(st.integers(0, 3)) == 0:
        headers["HTTP_HOST"] = draw(st.sampled_from(HOSTILE_HOSTS))
    if draw(st.integers(0, 3)) == 0:
        headers["HTTP_X_FORWARDED_HOST"] = draw(st.sampled_from(HOSTILE_HOSTS))
    return headers


@hsettings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_combinations_never_get_a_5xx(world, wsgi, data):
    pools, identities = world
    keys = sorted({*BASE_KEYS, *admin_query_keys()})
    route = data.draw(st.sampled_from(ROUTES), label="route")
    values = [
        data.draw(
            st.one_of(
                st.sampled_from(pools.valid_for(slot)),
                st.sampled_from(HOSTILE_SEGMENTS),
                nonempty_text.map(lambda v: urllib.parse.quote(v, safe="")),
            )
        )
        for slot in route.slots
    ]
    identity = data.draw(st.sampled_from(sorted(identities)), label="identity")
    use_wsgi = data.draw(st.booleans(), label="wsgi")
    method = data.draw(st.sampled_from(["GET", "GET", "HEAD", "POST"]), label="method")
    headers = data.draw(header_sets(), label="headers")
    query = data.draw(query_strings(keys), label="query")
    body = b""
    if method == "POST":
        body = data.draw(query_strings(keys), label="body").encode()
    if use_wsgi and data.draw(st.booleans()):
        charset = data.draw(st.sampled_from(CHARSETS), label="charset")
        headers["CONTENT_TYPE"] = f"application/x-www-form-urlencoded; charset={charset}"
    proxy = data.draw(st.booleans(), label="behind proxy")
    with Sender(identities) as sender:
        sender.send(
            wsgi if use_wsgi else None,
            identity,
            route.fill(values),
            query,
            method,
            headers,
            body,
            proxy,
        )
    sender.assert_no_failures()


def test_the_urlconf_walk_finds_every_kind_of_route():
    """The walk reads path() and re_path() patterns, nested includes and admin URLs."""
    texts = {route.text for route in ROUTES}
    assert {"articles/<slug>/", "members/<tier>/", "admin/articles/article/<path>/change/"} <= texts
    assert any(route.text.startswith("admin/articles/article/<regex>/history/") for route in ROUTES)
    assert any("<regex>" in route.text and not route.is_admin for route in ROUTES)  # flatpages
    assert len(ROUTES) > 100
    article = next(route for route in ROUTES if route.text == "articles/<slug>/")
    assert article.fill(["x"]) == "/articles/x/"
