"""`make bench`: requests/s of each public page type against a bare Django view, on PostgreSQL
with the demo plus 10,000 synthetic articles, served by gunicorn as in production.

    .venv/bin/python scripts/bench.py [--duration 10] [--warmup 3] [--modes uncached,cached,miss]
                                      [--pages home,article,...] [--max-other 0.05]

What it does, in order:
1. Builds the database once (migrate, seed_demo, seed_demo --scale 10000, 20 approved comments
   on one article) or reuses it: BENCH_DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/ponars_bench).
2. Collects the static files and starts gunicorn -c gunicorn.conf.py ponars.wsgi with 2 sync
   workers, debug off, a real secret key, behind-proxy headers (as under nginx) and the shared
   cache in Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/5), as production runs.
   "cached": anonymous requests, served by the page cache. "uncached": the same requests with
   a session cookie, so each page is rendered as for a member of staff or on a cache miss
   (what core.pagecache.remember keeps per change of content is still kept). "miss" (not run
   unless named): anonymous requests whose query string is new on every request (a
   `bench-miss=` parameter, made by a wrk script), so the page cache and the page's kept parts
   miss every time while what a generation shares between addresses (menus, year lists, items,
   citations) is kept: what a new address (a search, a page of a list) or an expired entry
   costs, and the first request for an address after a change once other pages have been
   rendered since it. Entries live 5 s in this mode (DJANGO_PAGE_CACHE_SECONDS), so that
   Redis does not fill with pages nobody will ask for again. "change" (not run unless named):
   anonymous requests at the page's own address while a helper process writes what an edit
   of an article picked at random, or a comment approved on it, writes every 5 ms (that
   article's token, the article kind's and a new generation: core.pagecache.Renewal; not a
   publication, which also renews what lists of articles hold), so nearly every request is
   the first one after a change: a page that shows the changed article is made again, from
   what outlives the change (kept cards and boxes, records' values, values of other kinds and
   items, lists' ids, counts and years: core.pagecache.kept_parts, kept_values); one that does
   not is served from its entry once the tokens it was made of are checked (core.pagecache's
   Reading). "publish" (not run unless named): the same with an article's publication every
   5 ms (what lists of articles hold changes too): every page that lists articles, or whose
   query ran outside kept parts, is made again on nearly every request. The helper's CPU is
   neither the server's nor "other load"; its Redis writes are counted with redis-server.
   --no-redis: "uncached" without Redis and with the page cache off (the site before it).
3. Starts the floor beside it: a fresh `django-admin startproject` in a temporary folder whose
   one view returns HttpResponse("ok"), default middleware, debug off, same gunicorn.
4. For each page: wrk -t1 -c8 (after a warm-up) on the floor, then at once on the page; from
   /proc, the CPU the gunicorn processes, the database's PostgreSQL backends and redis-server
   spent, divided
   by the requests served. A run during which the rest of the machine used more than
   --max-other cores on average (from /proc/stat, minus this benchmark's own processes) is
   repeated up to --retries times, then reported with "busy" and the load it saw.
Also prints the SQL queries each page makes (Django's test client, as "uncached" and "miss") and the
workers' RSS after the runs. Ports: BENCH_PORT (default 8280) and the five next ones.

--memory N: the workers' memory only, no wrk and no floor: starts the app server of the first
of --modes (as above), requests each page N times in turn with a plain HTTP client and prints
each worker's RSS (VmRSS) at start (after the start-up request) and after each page type.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RUN = ROOT / ".bench"
CLK = os.sysconf("SC_CLK_TCK")

PAGES = [
    ("home", "home"),
    ("article", "article with 20 comments"),
    ("memo", "policy memo"),
    ("articles", "/articles/"),
    ("category", "category"),
    ("topic", "topic"),
    ("person", "a person's page"),
    ("members", "/members/"),
    ("search", 'search "russia"'),
    ("feed", "/feed/"),
    ("sitemap", "/sitemap.xml"),
]

# Run by manage.py shell on the bench database: the paths of the pages, and their SQL queries.
PATHS_SCRIPT = r"""
import json
from django.db.models import Count, Q
from articles.models import Article, Category, Topic
from comments.models import Comment, CommentStatus
from members.models import Person

live = Article.objects.published()
article = (live.annotate(n=Count("comments", filter=Q(comments__status=CommentStatus.APPROVED)))
           .filter(n__gte=20).order_by("-published_at").first())
if article is None:
    article = live.filter(credits__isnull=False).order_by("-published_at").first()
    have = Comment.objects.for_target(article).approved().count()
    for i in range(have, 20):
        Comment.objects.create(target=article, name=f"Reader {i}", email=f"reader{i}@example.org",
                               body=f"Comment number {i} on this piece.", status=CommentStatus.APPROVED)
memo = live.filter(category__slug="policy-memos").order_by("-published_at").first() or live.first()
category = Category.objects.filter(slug="commentary").first() or Category.objects.first()
topic = Topic.objects.filter(slug="russia").first() or Topic.objects.first()
person = article.primary_author
print("PATHS" + json.dumps({
    "home": "/", "article": article.get_absolute_url(), "memo": memo.get_absolute_url(),
    "articles": "/articles/", "category": category.get_absolute_url(),
    "topic": topic.get_absolute_url(), "person": person.get_absolute_url(),
    "members": "/members/", "search": "/search/?q=russia", "feed": "/feed/",
    "sitemap": "/sitemap.xml", "count": Article.objects.count(),
}))
"""

QUERIES_SCRIPT = r"""
import json, sys
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
client = Client()
if sys.argv[-1] == "session":
    client.cookies["sessionid"] = "bench-uncached"
counts = {}
for name, path in json.loads(sys.stdin.read()).items():
    first, second = path, path
    if sys.argv[-1] == "miss":  # a new address each time, as the wrk script makes them
        first, second = (path + ("&" if "?" in path else "?") + f"bench-miss=q{n}" for n in (1, 2))
    client.get(first, secure=True)
    if sys.argv[-1] in ("change", "publish"):  # the first request after an article's change
        import secrets
        from articles.models import Article
        from core import pagecache

        pagecache.cache().set(pagecache.token_key(Article), secrets.token_hex(8))
        if sys.argv[-1] == "publish":
            pagecache.cache().set(pagecache.token_key(pagecache.listing(Article)), secrets.token_hex(8))
        pagecache._new_state()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(second, secure=True)
    counts[name] = [len(queries), response.status_code]
print("QUERIES" + json.dumps(counts))
"""

# wrk's script for "miss": a query string no request has used before (the run's token from the
# command line, then a counter), so that every request misses the page cache.
MISS_SCRIPT = """
local token, counter = "", 0
function init(args) token = args[1] end
function request()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "bench-miss=" .. token .. "-" .. counter)
end
"""

# Run by manage.py shell beside the server in "change" and "publish" modes: a change every
# 5 ms. What core.pagecache.Renewal writes when the text of an article picked at random among
# all of them is edited or a comment approved on it (that article's token, the article kind's,
# then a new generation); in "publish" mode, an article's publication (what lists of articles
# hold too). Without Renewal's query for the next scheduled item: the helper's own database
# work would be counted as the server's (its one query, for the articles' ids, comes first
# and its connection is closed).
CHANGE_SCRIPT = r"""
import random, secrets, time
from django.db import connection
from articles.models import Article
from core import pagecache
ids = list(Article.objects.values_list("pk", flat=True))
connection.close()
cache = pagecache.cache()
kind = pagecache.token_key(Article)
listed = pagecache.token_key(pagecache.listing(Article)) if PUBLISH else None
while True:
    tokens = {kind: secrets.token_hex(8), pagecache.token_key((Article, random.choice(ids))): secrets.token_hex(8)}
    if listed:
        tokens[listed] = secrets.token_hex(8)
    cache.set_many(tokens, timeout=None)
    state = {"generation": secrets.token_hex(8), "until": None, "since": int(time.time())}
    cache.set(pagecache.STATE_KEY, state, timeout=None)
    time.sleep(0.005)
"""

FLOOR_URLS = """from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("", lambda request: HttpResponse("ok"))]
"""


def say(*args):
    print(*args, flush=True)


# --- /proc ------------------------------------------------------------------------------------


def machine_busy_ticks():
    """CPU ticks spent by the whole machine so far (everything but idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields[:8]
    return user + nice + system + irq + softirq + steal


def process_ticks(pid):
    """utime + stime of a process (0 if it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def children(pid):
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(p) for p in text.split()]


def rss_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


# --- servers ----------------------------------------------------------------------------------


class Server:
    def __init__(self, name, port, cwd, env, app):
        self.name, self.port, self.env = name, port, env
        RUN.mkdir(exist_ok=True)
        self.log = open(RUN / f"{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), app]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
            cwd=cwd,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"{name} did not start: see {self.log.name}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        time.sleep(1)  # both workers up

    @property
    def pids(self):
        return [self.process.pid, *children(self.process.pid)]

    def ticks(self):
        return sum(process_ticks(pid) for pid in self.pids)

    def worker_rss(self):
        return [rss_mib(pid) for pid in children(self.process.pid)]

    def stop(self):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def postgres_backends(database_url):
    """The pids of the PostgreSQL backends connected to the bench database."""
    name = database_url.rsplit("/", 1)[1]
    out = subprocess.run(
        ["psql", database_url.rsplit("/", 1)[0] + "/postgres", "-Atc",
         f"SELECT pid FROM pg_stat_activity WHERE datname = '{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [int(p) for p in out.split()]


def redis_servers():
    """The pids of redis-server (its CPU counts as the site's: the cache is part of serving)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "redis-server":
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


# --- wrk --------------------------------------------------------------------------------------


def wrk(url, seconds, headers, new_addresses=False):
    args = ["wrk", "-t1", "-c8", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        args += ["-H", header]
    after = []
    if new_addresses:
        script = RUN / "miss.lua"
        script.write_text(MISS_SCRIPT)
        args += ["-s", str(script)]
        after = ["--", secrets.token_hex(4)]
    out = subprocess.run([*args, url, *after], capture_output=True, text=True, check=True).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    for label, key in (("50%", "p50"), ("99%", "p99")):
        value, unit = re.search(rf"\s{label}\s+([\d.]+)(us|ms|s)", out).groups()
        result[key] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["bad"] = int(bad.group(1)) if bad else 0
    return result


def measure(server, path, seconds, warmup, headers, backends=(), new_addresses=False, helpers=()):
    """One wrk run with the CPU of `server` (and `backends`) and of the rest of the machine;
    `helpers`: processes of this benchmark whose CPU is neither (the "change" mode's)."""
    url = f"http://127.0.0.1:{server.port}{path}"
    wrk(url, warmup, headers, new_addresses)
    before_machine, before_own = machine_busy_ticks(), server.ticks()
    before_pg = sum(process_ticks(p) for p in backends)
    before_helpers = sum(process_ticks(p) for p in helpers)
    before_wrk = os.times()
    started = time.monotonic()
    result = wrk(url, seconds, headers, new_addresses)
    elapsed = time.monotonic() - started
    after_wrk = os.times()
    own = (server.ticks() - before_own) + sum(process_ticks(p) for p in backends) - before_pg
    wrk_seconds = (after_wrk.children_user - before_wrk.children_user) + (
        after_wrk.children_system - before_wrk.children_system
    )
    helpers_ticks = sum(process_ticks(p) for p in helpers) - before_helpers
    machine = (machine_busy_ticks() - before_machine - helpers_ticks) / CLK
    result["cpu_ms"] = own / CLK / max(result["requests"], 1) * 1000
    result["other"] = max(0.0, machine - own / CLK - wrk_seconds) / elapsed  # cores
    return result


def floor_project(directory):
    subprocess.run(
        [str(BIN / "django-admin"), "startproject", "floor", str(directory)],
        check=True,
    )
    (directory / "floor" / "urls.py").write_text(FLOOR_URLS)
    settings = directory / "floor" / "settings.py"
    text = settings.read_text().replace("DEBUG = True", "DEBUG = False")
    text = text.replace("ALLOWED_HOSTS = []", "ALLOWED_HOSTS = ['*']")
    settings.write_text(text)


def manage(env, *args, stdin=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def ensure_database(env, url):
    name, server = url.rsplit("/", 1)[1], url.rsplit("/", 1)[0]
    exists = subprocess.run(
        ["psql", f"{server}/postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(
            ["psql", f"{server}/postgres", "-c", f'CREATE DATABASE "{name}"'], check=True
        )
    say(f"database {name}: migrate" + ("" if exists else ", seed_demo, seed_demo --scale 10000"))
    manage(env, "migrate", "--noinput")
    if not exists:
        manage(env, "seed_demo")
        manage(env, "seed_demo", "--scale", "10000")
    # As PostgreSQL's autovacuum keeps a production database (a shared server may run with it
    # off): fresh statistics and visibility maps, so the planner may use index-only scans.
    subprocess.run(["psql", url, "-q", "-c", "VACUUM ANALYZE"], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--modes", default="uncached,cached")
    parser.add_argument("--pages", default=",".join(key for key, _ in PAGES))
    parser.add_argument("--max-other", type=float, default=0.05, help="cores of other load")
    parser.add_argument("--retries", type=int, default=3)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--no-redis", action="store_true", help="page cache off, no Redis")
    parser.add_argument(
        "--memory", type=int, metavar="N", help="only the workers' RSS, N requests a page"
    )
    options = parser.parse_args()
    if not options.memory and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk).")

    database = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ponars_bench"
    )
    port = int(os.environ.get("BENCH_PORT", "8280"))
    RUN.mkdir(exist_ok=True)
    key = RUN / "secret_key"
    if not key.exists():
        key.write_text(secrets.token_urlsafe(50))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": key.read_text(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_BEHIND_PROXY": "1",
        "DATABASE_URL": database,
        "DJANGO_STATIC_ROOT": str(RUN / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
    }
    ensure_database(env, database)
    manage(env, "collectstatic", "--noinput", "-v0")
    paths = json.loads(manage(env, "shell", "-c", PATHS_SCRIPT).split("PATHS", 1)[1])
    say(f"{paths.pop('count')} articles")
    pages = [(key, label) for key, label in PAGES if key in options.pages.split(",")]
    redis = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    envs = {
        "uncached": {**env, "REDIS_URL": redis},
        "cached": {**env, "REDIS_URL": redis},
        "miss": {**env, "REDIS_URL": redis, "DJANGO_PAGE_CACHE_SECONDS": "5"},
        "change": {**env, "REDIS_URL": redis},
        "publish": {**env, "REDIS_URL": redis},
    }
    if options.no_redis:
        envs["uncached"] = {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"}
    modes = options.modes.split(",")
    if set(modes) - set(envs) or (options.no_redis and {"miss", "change", "publish"} & set(modes)):
        sys.exit(f"--modes: some of {', '.join(envs)} (miss, change and publish need Redis)")
    ports = {"uncached": port, "cached": port + 2, "miss": port + 3, "change": port + 4,
             "publish": port + 5}  # fmt: skip
    headers = ["X-Forwarded-Proto: https", "Host: 127.0.0.1"]

    def mode_headers(mode):
        if mode == "uncached" and not options.no_redis:
            return [*headers, "Cookie: sessionid=bench-uncached"]
        return headers

    if options.memory:
        mode = modes[0]
        app = Server(f"app-{mode}", port, ROOT, envs[mode], "ponars.wsgi")
        try:
            measure_memory(app, pages, paths, mode_headers(mode), options.memory, mode)
        finally:
            app.stop()
        return
    queries = {}  # the SQL queries of each page, where pages are rendered ("cached": none)
    for mode in {"uncached", "miss", "change", "publish"} & set(modes):
        argument = mode if mode != "uncached" else "" if options.no_redis else "session"
        queries[mode] = json.loads(
            manage(
                envs[mode],
                "shell",
                "-c",
                QUERIES_SCRIPT.replace("sys.argv[-1]", repr(argument)),
                stdin=json.dumps({k: paths[k] for k, _ in pages}),
            ).split("QUERIES", 1)[1]
        )
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        floor_project(Path(folder))
        floor = Server("floor", port + 1, folder, {**os.environ}, "floor.wsgi")
        try:
            for mode in modes:
                app = Server(f"app-{mode}", ports[mode], ROOT, envs[mode], "ponars.wsgi")
                try:
                    results[mode] = run_mode(mode, app, floor, pages, paths, mode_headers(mode),
                                             options, database)  # fmt: skip
                finally:
                    results[mode]["rss"] = app.worker_rss() if mode in results else []
                    app.stop()
        finally:
            floor.stop()
    print_table(results, pages, queries)
    if options.json:
        Path(options.json).write_text(json.dumps({"results": results, "queries": queries}))


def measure_memory(app, pages, paths, headers, count, mode):
    """`--memory N`: each worker's RSS at start and after N requests of each page in turn."""
    header_dict = dict(header.split(": ", 1) for header in headers)
    pids = children(app.process.pid)

    def line(label):
        say(f"  {label:28} " + "  ".join(f"worker {pid}: {rss_mib(pid):6.1f} MiB" for pid in pids))

    say(f"\n{mode}: worker RSS (VmRSS), {count} requests a page\n")
    line("at start")
    for key, label in pages:
        url = f"http://127.0.0.1:{app.port}{paths[key]}"
        for _ in range(count):
            request = urllib.request.Request(url, headers=header_dict)
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                if response.status != 200:
                    sys.exit(f"{label}: HTTP {response.status}")
        line(f"after {label}")
    if children(app.process.pid) != pids:
        say("  (a worker was restarted: the figures are not comparable)")


def run_mode(mode, app, floor, pages, paths, headers, options, database):
    rows = {}
    for key, label in pages:
        for attempt in range(options.retries + 1):
            base = measure(floor, "/", options.duration, options.warmup, headers)
            helper = None
            if mode in ("change", "publish"):
                script = CHANGE_SCRIPT.replace("PUBLISH", repr(mode == "publish"))
                helper = subprocess.Popen(
                    [BIN / "python", "manage.py", "shell", "-c", script],
                    cwd=ROOT, env=app.env, stdout=subprocess.DEVNULL,
                )  # fmt: skip
            try:
                page = measure(app, paths[key], options.duration, options.warmup, headers,
                               postgres_backends(database) + redis_servers(),
                               new_addresses=mode == "miss",
                               helpers=[helper.pid] if helper else [])  # fmt: skip
            finally:
                if helper:
                    helper.kill()
                    helper.wait()
            other = max(base["other"], page["other"])
            if other <= options.max_other:
                break
            say(f"  {mode} {label}: busy machine ({other:.2f} cores of other load), "
                + ("retrying" if attempt < options.retries else "reporting as busy"))  # fmt: skip
        rows[key] = {"floor": base, "page": page, "busy": other > options.max_other,
                     "other": other}  # fmt: skip
        say(f"  {mode:8} {label:28} {page['rps']:8.0f} req/s, floor {base['rps']:6.0f}, "
            f"other load {other:.2f} cores")  # fmt: skip
    return rows


def print_table(results, pages, queries):
    for mode, rows in results.items():
        rss = ", ".join(f"{r:.0f}" for r in rows.pop("rss", []))
        say(f"\n{mode} (worker RSS after the runs: {rss} MiB)\n")
        say("| page | req/s | floor req/s | ratio | CPU ms/req | floor CPU ms/req | p50 ms | p99 ms "
            "| SQL | other load |")  # fmt: skip
        say("|---|---|---|---|---|---|---|---|---|---|")
        for key, label in pages:
            row = rows[key]
            page, base = row["page"], row["floor"]
            ratio = base["rps"] / page["rps"] if page["rps"] else float("inf")
            sql = queries[mode][key][0] if mode in queries else "0 (hit)"
            note = f"{row['other']:.2f} cores" + (" BUSY" if row["busy"] else "")
            if page["bad"]:
                note += f", {page['bad']} non-2xx/3xx"
            say(f"| {label} | {page['rps']:.0f} | {base['rps']:.0f} | 1/{ratio:.1f} "
                f"| {page['cpu_ms']:.2f} | {base['cpu_ms']:.2f} | {page['p50']:.1f} "
                f"| {page['p99']:.1f} | {sql} | {note} |")  # fmt: skip


if __name__ == "__main__":
    main()
