"""Cells that a spreadsheet program would run as a formula (CSV or formula injection).

A cell typed as `=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)` or `-2+3*cmd|…` is text to us but a formula
to Excel or LibreOffice once a list is exported and opened. Exports write such text with a
leading apostrophe, which spreadsheets show as text (OWASP's advice); imports turn that
apostrophe back into the value and refuse a cell that would run as a formula. CSV exports
start with a byte-order mark so that Excel reads them as UTF-8 (ExcelCSV).
"""

import re

from import_export.formats.base_formats import CSV

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What may start with "+" or "-" and still be no formula: numbers, phone numbers, a lone dash.
HARMLESS = re.compile(r"[-+\d\s().,/]*")


def escape_formula(value):
    """For export: text that starts like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unescape_formula(text):
    """For import: undo escape_formula (a file exported by the site, imported again)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def formula_problem(text):
    """Why `text` (an imported cell) would run as a formula in a spreadsheet; None if it would not."""
    if not text.startswith(FORMULA_START) or HARMLESS.fullmatch(text):
        return None
    return (
        f"“{text[:40]}” starts with “{text[0]}”, so a spreadsheet would run it as a formula: "
        "remove that character, or type the value in the person's admin page instead."
    )


class ExcelCSV(CSV):
    """CSV that Excel on Windows opens as UTF-8: the file starts with a byte-order mark.

    Without it Excel reads the file as the system code page and garbles Cyrillic names.
    Imports read the mark away (members.admin.decode_upload), so an export imports again.
    """

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)
