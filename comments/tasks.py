"""Background tasks of the comments app (run by `manage.py run_worker`; see core/tasks.py)."""

import logging

from django.conf import settings
from django_tasks import task

from .models import Comment

logger = logging.getLogger(__name__)


@task()
def purge_comment_data():
    """Daily (settings.TASKS_DAILY): erase commenters' IP addresses and user agents after
    COMMENTS_IP_RETENTION_DAYS. The same as `manage.py purge_comment_data`."""
    days = settings.COMMENTS_IP_RETENTION_DAYS
    erased = Comment.objects.purge_personal_data(days)
    logger.info(
        "Erased the IP address and user agent of %d comment(s) older than %d days.", erased, days
    )
    return erased
