"""Benchmark site search on PostgreSQL: optionally load N synthetic articles, run a varied
set of queries as the search page runs them, report the median and 95th percentile, and
print EXPLAIN (ANALYZE) of typical queries to show the GIN index at work.

    manage.py search_benchmark --load 100000 --queries 200
"""

import random
import re
import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.corpus import ENGLISH, RUSSIAN
from articles.models import Article
from members.models import Person
from ponars.search.backends import Filters, search

PER_PAGE = 20


def percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def typo(word, rng):
    if len(word) < 3:
        return word + "x"
    i = rng.randrange(1, len(word))
    return word[:i] + word[i - 1] + word[i:]  # a doubled letter: "Lipmann"


class Command(BaseCommand):
    help = "Time 200 varied searches (PostgreSQL) and show the query plans."

    def add_arguments(self, parser):
        parser.add_argument(
            "--load",
            type=int,
            default=0,
            help="Ensure at least N articles exist (adds synthetic ones with seed_demo --scale).",
        )
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, load, queries, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark is for PostgreSQL (set DATABASE_URL).")
        if load:
            self._load(load)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")
            cursor.execute(
                "SELECT count(*), pg_size_pretty(pg_total_relation_size('search_document')) "
                "FROM search_document"
            )
            rows, size = cursor.fetchone()
        self.stdout.write(f"Index: {rows} documents, {size} (table, TOAST and indexes).")

        cases = self._cases(queries, random.Random(seed))
        for text, filters in cases[:20]:  # warm the caches as a running server would be
            self._run(text, filters)
        timings = []
        for text, filters in cases:
            started = time.perf_counter()
            count = self._run(text, filters)
            timings.append((time.perf_counter() - started) * 1000)
            if options["verbosity"] > 1:
                self.stdout.write(f"{timings[-1]:8.1f} ms  {count:6d}  {text!r} {filters}")
        self.stdout.write(
            f"{len(timings)} queries (count + first page of {PER_PAGE} with snippets + suggestion): "
            f"median {statistics.median(timings):.1f} ms, 95th percentile {percentile(timings, 0.95):.1f} ms, "
            f"max {max(timings):.1f} ms"
        )
        for text in ["Nagorno-Karabakh", "sanctions", "russia", "Lipman"]:
            self._explain(text)

    def _load(self, wanted):
        have = Article.objects.count()
        if not Person.objects.exists():
            call_command("seed_demo", stdout=self.stdout)
            have = Article.objects.count()
        if have < wanted:
            started = time.monotonic()
            call_command("seed_demo", scale=wanted - have, stdout=self.stdout)
            self.stdout.write(
                f"Loaded {wanted - have} articles in {time.monotonic() - started:.1f}s "
                "(indexed once after the load)."
            )

    def _cases(self, count, rng):
        names = list(Person.objects.values_list("name", flat=True)[:200]) or ["Maria Lipman"]
        titles = list(
            Article.objects.filter(slug__startswith="synthetic-").values_list("title", flat=True)[
                :500
            ]
        )
        real = [
            "Nagorno-Karabakh",
            "security organizations",
            "elections",
            "выборы",
            "выборах",
            "гражданское общество",
            "nuclear weapons",
            "Soviet legacies",
            "refugees",
            "Duma",
            "Jean-Francois Ratelle",
            "teachers",
            "propaganda",
            "governors turnout",
        ]

        def word():  # common words most often, as readers type them (and the hard case)
            return ENGLISH.query_word(rng)

        makers = [
            word,
            lambda: f"{word()} {word()}",
            lambda: f"{word()} {word()} {word()}",
            lambda: (
                '"' + " ".join(rng.choice(titles).split()[:2]).lower() + '"' if titles else "russia"
            ),
            lambda: f"{word()} -{word()}",
            lambda: f"{word()} or {word()}",
            lambda: rng.choice(real),
            lambda: RUSSIAN.query_word(rng),
            lambda: rng.choice(names),
            lambda: rng.choice(names).split()[-1],
            lambda: typo(rng.choice(names).split()[-1], rng),
            lambda: "zzyzx" + str(rng.randrange(1000)),  # no result
        ]
        cases = []
        for i in range(count):
            text = makers[i % len(makers)]()
            filters = Filters()
            if i % 7 == 3:
                filters = Filters(
                    kinds=["article"], year=rng.choice([2022, 2023, 2024, 2025, 2026])
                )
            elif i % 7 == 5:
                filters = Filters(language=rng.choice(["en", "ru"]))
            cases.append((text, filters))
        return cases

    def _run(self, text, filters):
        results = search(text, filters)
        hits = results[0:PER_PAGE]
        count = results.count()
        if not results.browsing:
            results.suggestion()
        return max(count, len(hits))

    def _explain(self, text):
        results = search(text)
        sql, params = results._candidates()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        indexes = sorted(set(re.findall(r"(?:using|on) (search_document_\w+)", "\n".join(plan))))
        self.stdout.write(
            f"\nEXPLAIN (ANALYZE) of the candidates for {text!r} (indexes used: "
            f"{', '.join(indexes) or 'none'}):"
        )
        for line in plan:
            self.stdout.write("  " + line)
