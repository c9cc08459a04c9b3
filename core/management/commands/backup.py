from core.backup import ArchiveCommand, backup


class Command(ArchiveCommand):
    help = "Write the database and every stored file (local disk or S3) to one archive."
    action = backup
