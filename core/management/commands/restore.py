from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty database and the configured file "
        "storage, then rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive made by `manage.py backup`")

    def handle(self, *args, archive, **options):
        try:
            restore(archive, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
