"""Changes run as an editor's request runs them, for tests of what the page cache keeps."""

from django.db import connection


def commit(django_capture_on_commit_callbacks, change):
    """Run `change` as an editor's request does, in a transaction of its own: what the test set
    up before was committed first (its callbacks run), and the change's purge runs once the
    change commits."""
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _savepoints, callback, _robust in pending:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    connection.run_on_commit = []  # run once, as a commit runs them
