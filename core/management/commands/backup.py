from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write the database and every stored file (local disk or S3) to one archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The file to write, e.g. ponars-2026-12-01.tar.gz")

    def handle(self, *args, archive, **options):
        try:
            backup(archive, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
