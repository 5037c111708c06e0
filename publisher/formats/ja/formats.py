"""Japanese moments with a space between date and time ("2026年12月6日 10:56"), where
Django's own module runs them together ("2026年12月6日10:56")."""

DATETIME_FORMAT = "Y年n月j日 G:i"
SHORT_DATETIME_FORMAT = "Y/m/d G:i"
