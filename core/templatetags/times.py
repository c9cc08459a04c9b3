from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter(expects_localtime=True)
def zone(value):
    """The time zone of a datetime as a reader knows it, where the page shows it: its
    abbreviation (EST, CET, MSK), or "UTC+4" where the zone has none (tz data names Tbilisi's
    zone "+04"). The template converts the value as it does for `date` (`expects_localtime`,
    `{% localtime off %}` respected), so the zone is the one of the time shown."""
    if not isinstance(value, datetime) or timezone.is_naive(value):
        return ""
    name = value.tzname() or ""
    if name and name[0] not in "+-":
        return name
    minutes = int(value.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "") if minutes else "UTC"
