"""Erase the IP address and user agent of comments older than COMMENTS_IP_RETENTION_DAYS.

Run it daily (cron, a systemd timer or the platform's scheduler):
    manage.py purge_comment_data
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from articles.models import Comment


class Command(BaseCommand):
    help = "Erase commenters' IP addresses and user agents after the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: COMMENTS_IP_RETENTION_DAYS).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.COMMENTS_IP_RETENTION_DAYS if days is None else days
        if days < 0:
            self.stderr.write("--days must be zero or more.")
            return
        cutoff = timezone.now() - datetime.timedelta(days=days)
        erased = (
            Comment.objects.filter(created__lt=cutoff)
            .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
            .update(ip_address=None, user_agent="")
        )
        self.stdout.write(
            f"Erased the IP address and user agent of {erased} comment(s) older than {days} days."
        )
