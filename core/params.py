"""Numbers read from a request: query parameters, form fields, path segments.

Only ASCII digits make a number here. `str.isdigit()` is also true of "²" and "٣", and `int()`
refuses the first and reads the second as 3, so a value that passes one check can fail the
other: every view reads its numbers through these two functions instead.
"""

from django.http import Http404

MAX_DIGITS = 18  # any larger number fits no 64-bit column and names no page


def parse_int(value, low=None, high=None):
    """The number `value` spells in ASCII digits, within [low, high]; None for anything else."""
    if value is None:
        return None
    value = str(value).strip()
    if not value or len(value) > MAX_DIGITS or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def query_int(request, name, low=None, high=None, default=None, what=None):
    """`?name=` as a number within [low, high]; absent or empty: `default`; anything else: 404."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    number = parse_int(raw, low, high)
    if number is None:
        raise Http404(f"No such {what or name}.")
    return number


def query_choice(request, name, choices, default=None):
    """`?name=` when it is one of `choices` (exactly); absent, empty or anything else:
    `default` — a list filter with a value it does not know shows the whole list."""
    raw = request.GET.get(name, "").strip()
    return raw if raw in choices else default
