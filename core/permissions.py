"""Helpers for data migrations that give groups their permissions.

Permissions are normally created after `migrate` finishes; a data migration that runs in
the same `migrate` must create them first. Use from a RunPython with `apps` from the
migration state, so the code matches the schema at that point.
"""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
MEMBERSHIP_STAFF = "Membership staff"
# Newsletter subscribers' addresses; granted to no one by default (a superuser adds people).
NEWSLETTER = "Newsletter"
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, group_name, app_label, model_names, actions=ACTIONS):
    """Give `group_name` the `actions` permissions on `app_label`'s models."""
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    codenames = [f"{action}_{model}" for model in model_names for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )


def revoke(apps, group_name, app_label, model_names, actions=ACTIONS):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    if group:
        codenames = [f"{action}_{model}" for model in model_names for action in actions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
