from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


def sanitise_flatpage(sender, instance, **kwargs):
    from .sanitize import clean_html

    instance.content = clean_html(instance.content)


class CoreConfig(AppConfig):
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
        # django.contrib.admin (first in INSTALLED_APPS) has imported every admin module.
        from .admin import guard_every_admin

        guard_every_admin()
        from . import menus  # noqa: F401 -- its receivers: a changed entry rebuilds the menu
        from .labels import translate_field_labels

        translate_field_labels()
