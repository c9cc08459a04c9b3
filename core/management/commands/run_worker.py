"""The site's task worker: django-tasks-db's `db_worker` (same options), after queueing the
daily tasks (settings.TASKS_DAILY) that are not already waiting and a run of
`publish_scheduled_files` (files of items whose publication time came while no worker ran).

    manage.py run_worker              # production: as a service, one or more processes
    manage.py run_worker --batch      # run what is due, then exit
"""

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from core.tasks import schedule_daily, schedule_file_publication


class Command(DatabaseWorker):
    help = "Run the task worker (emails, daily tasks), queueing the daily tasks first."

    def handle(self, *args, **options):
        for daily in schedule_daily():
            self.stdout.write(f"Queued the daily task {daily.name}.")
        schedule_file_publication(timezone.now())
        super().handle(*args, **options)
