"""Spreadsheet formats imported when they are used, not when the admin starts.

django-import-export decides at import which tablib formats are available by loading each one
(`import_export.formats.base_formats.DEFAULT_FORMATS`), and tablib's XLSX and YAML formats
import openpyxl and PyYAML at the top: every worker carried them (some 7 MiB) from the moment
the admin modules were imported, though only the admin's import and export pages use them.
`defer_formats()` registers each format tablib names by its module path (those whose library
is installed) again as a `DeferredFormat`, which imports that module on first use; it runs
before the admin modules are imported (`core.apps.AdminConfig`).
"""

from tablib.formats import load_format_class, registry


class DeferredFormat:
    """A tablib format that imports its class (and its library) on first use."""

    def __init__(self, key, path):
        self.title = key  # tablib's title of a format is its key
        self.path = path
        self.loaded = None

    def __getattr__(self, name):  # anything else: the real format's (export_set, detect, …)
        if self.loaded is None:
            self.loaded = load_format_class(self.path)
        return getattr(self.loaded, name)

    def __repr__(self):
        return f"<DeferredFormat {self.path}>"


def defer_formats():
    """Put a DeferredFormat in place of every format tablib registered by path, in place."""
    for key, format_or_path in list(registry._formats.items()):
        if isinstance(format_or_path, str):
            registry.register(key, DeferredFormat(key, format_or_path))
