"""Erase the IP address and user agent of comments older than COMMENTS_IP_RETENTION_DAYS.

The task worker runs this daily (comments.tasks.purge_comment_data, in settings.TASKS_DAILY);
the command is for running it by hand, e.g. with a shorter retention:
    manage.py purge_comment_data [--days N]
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from comments.models import Comment


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
        erased = Comment.objects.purge_personal_data(days)
        self.stdout.write(
            f"Erased the IP address and user agent of {erased} comment(s) older than {days} days."
        )
