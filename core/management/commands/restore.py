from core.backup import ArchiveCommand, restore


class Command(ArchiveCommand):
    help = (
        "Restore an archive made by `backup` into an empty database and the configured file "
        "storage, then rebuild the search index."
    )
    action = restore
