from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


def sanitise_flatpage(sender, instance, **kwargs):
    from .sanitize import clean_html

    instance.content = clean_html(instance.content)


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin (INSTALLED_APPS names it by this class): before it imports every
    admin module, tablib's spreadsheet formats are deferred, so django-import-export's start
    does not import openpyxl and PyYAML into every worker (core.deferred_formats)."""

    default = False  # "core" stays CoreConfig

    def ready(self):
        from .deferred_formats import defer_formats

        defer_formats()
        super().ready()


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("Site core")

    def ready(self):
        pre_save.connect(
            sanitise_flatpage, sender="flatpages.FlatPage", dispatch_uid="sanitise_flatpage"
        )
        from django_tasks.signals import task_finished

        from .tasks import after_task

        task_finished.connect(after_task, dispatch_uid="core.tasks.after_task")
        from .publishing import content_changed
        from .uploads import files_follow_visibility

        content_changed.connect(files_follow_visibility, dispatch_uid="core.uploads.files_follow")
        from django.apps import apps

        from .pagecache import connect_record_changes

        connect_record_changes(apps.get_models())
        from .images import listen_to_image_models

        listen_to_image_models(apps.get_models())
        # django.contrib.admin (first in INSTALLED_APPS) has imported every admin module.
        from .admin import guard_every_admin

        guard_every_admin()
        from . import menus  # noqa: F401 -- its receivers: a changed entry rebuilds the menu
        from .labels import translate_field_labels

        translate_field_labels()
