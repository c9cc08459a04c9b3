"""Put every upload where its item's visibility says: the files of drafts and scheduled items
in the private storage, those of live items in the public one (core.uploads). Run once after
upgrading to a version that protects unpublished files; the task worker does the same at its
start and at each scheduled publication time.

    manage.py protect_files
"""

from django.core.management.base import BaseCommand

from core.publishing import next_scheduled_time
from core.tasks import schedule_file_publication
from core.uploads import move_all_files


class Command(BaseCommand):
    help = "Move unpublished items' files to the private storage and live items' to the public one."

    def handle(self, *args, **options):
        moved = move_all_files()
        schedule_file_publication(next_scheduled_time())
        self.stdout.write(f"Moved {moved} file(s).")
