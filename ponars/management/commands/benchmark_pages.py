"""Count SQL queries and time the public pages against the current database.

    manage.py benchmark_pages [--runs 20] [--path /extra/path/ ...] [--profile 25]

Run it on the demo site, then again after `seed_demo --scale 10000`: the query counts must
not change with the amount of data. --profile N adds, per page, the N functions where the
runs spent the most time of their own (cProfile), and the calls of reverse() per request.
"""

import cProfile
import io
import pstats
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Category, Topic
from members.models import Person


def default_paths():
    article = (
        Article.objects.published().filter(credits__isnull=False).order_by("published_at").first()
    )
    paths = ["/", "/articles/", "/articles/?page=2"]
    if article:
        paths.append(article.get_absolute_url())
        paths.append(article.primary_author.get_absolute_url())
    category = Category.objects.filter(slug="commentary").first() or Category.objects.first()
    if category:
        paths.append(category.get_absolute_url())
    topic = Topic.objects.filter(slug="russia").first() or Topic.objects.first()
    if topic:
        paths.append(topic.get_absolute_url())
    return paths


class Command(BaseCommand):
    help = "Report SQL queries and median/95th-percentile render time of the public pages."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--path", action="append", default=[], help="Extra path to measure.")
        parser.add_argument(
            "--profile", type=int, default=0, help="Show the N costliest functions."
        )

    def handle(self, *args, runs=20, path=(), profile=0, **options):
        if "testserver" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client()
        self.stdout.write(
            f"{Article.objects.count()} articles, {Person.objects.count()} people, "
            f"database {connection.vendor}, {runs} runs per page"
        )
        self.stdout.write(
            f"{'path':70} {'status':>6} {'queries':>7} {'median ms':>9} {'p95 ms':>7}"
        )
        for url in [*default_paths(), *path]:
            client.get(url, secure=True)  # warm caches and connections
            timings = []
            profiler = cProfile.Profile() if profile else None
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    if profiler:
                        profiler.enable()
                    response = client.get(url, secure=True)
                    if profiler:
                        profiler.disable()
                    timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            self.stdout.write(
                f"{url[:70]:70} {response.status_code:>6} {len(queries):>7} "
                f"{statistics.median(timings):>9.1f} {p95:>7.1f}"
            )
            if profiler:
                self.show_profile(profiler, runs, profile)

    def show_profile(self, profiler, runs, count):
        stats = pstats.Stats(profiler, stream=io.StringIO())
        calls = sum(
            nc for (file, _line, name), (_cc, nc, *_rest) in stats.stats.items()
            if name == "reverse" and file.endswith("urls/base.py")
        )  # fmt: skip
        self.stdout.write(f"    reverse() per request: {calls / runs:.0f}")
        total = stats.total_tt / runs * 1000
        self.stdout.write(f"    profiled ms per request: {total:.1f}; own time, cumulative:")
        rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:count]
        for (file, line, name), (_cc, nc, tt, ct, _callers) in rows:
            where = f"{file.rsplit('site-packages/', 1)[-1]}:{line}({name})"
            self.stdout.write(
                f"    {tt / runs * 1000:7.2f} {ct / runs * 1000:7.2f} ms {nc / runs:7.0f}x {where}"
            )
