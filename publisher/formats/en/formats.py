"""English dates as people read them worldwide: day, month, year and a 24-hour clock
("6 Dec 2026, 10:56"), not Django's American default ("Dec. 6, 2026, 10:56 a.m.")."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
