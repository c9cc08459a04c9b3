"""Blocks of the home page that span the content apps (see core.sections): ponars composes."""

from django.utils.translation import gettext_lazy as _

from core.sections import Section


def home_resources(request):
    """“Digital Resources”: where the network's collections are (links only, no query)."""
    return Section("home/digital_resources.html", {}, _("Digital Resources"))
