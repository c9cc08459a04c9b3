"""Russian dates: Django's ("1 декабря 2026 г."), with the day and month in the genitive
("1 декабря", where Django's own MONTH_DAY_FORMAT gives "1 Декабрь")."""

DATETIME_FORMAT = r"j E Y г. \в G:i"
MONTH_DAY_FORMAT = "j E"
