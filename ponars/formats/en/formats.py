"""English dates as the site always wrote them ("December 1, 2026"); templates name a format
(`date:"DATE_FORMAT"`), never spell one out, so each language writes its own."""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = r"F j, Y \a\t g:i a"
SHORT_DATE_FORMAT = "M j, Y"
MONTH_DAY_FORMAT = "F j"
