"""Dates as they arrive (ISO, RFC 2822, feed and page metadata) and the date filters.

Articles carry timezone-aware datetimes: a value without a zone is taken as UTC, an unparseable
one stays None (never the file's mtime). Filter values typed by the user (the `date`, `since`
and `until` settings) are read in the `tz` zone, the local zone by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from digest.errors import SettingError

_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def _aware(value: datetime, zone: tzinfo = UTC) -> datetime:
    return value if value.tzinfo is not None and value.utcoffset() is not None else value.replace(tzinfo=zone)


def _plausible(value: datetime) -> datetime | None:
    return value if 1900 <= value.year <= 2200 else None


def parse_datetime(value: object) -> datetime | None:
    """A timezone-aware datetime (UTC when no zone is given) from metadata, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _plausible(_aware(value))
    if isinstance(value, date):
        return _plausible(datetime.combine(value, time(), UTC))
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 10**11 else value  # epoch milliseconds are common in exports
        try:
            return _plausible(datetime.fromtimestamp(seconds, UTC))
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    try:
        return _plausible(_aware(datetime.fromisoformat(text.replace("Z", "+00:00"))))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return _plausible(_aware(parsedate_to_datetime(text)))
    except (TypeError, ValueError, IndexError):
        pass
    from dateutil import parser as date_parser

    try:
        return _plausible(_aware(date_parser.parse(text)))
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None


def resolve_zone(name: str | None) -> tzinfo:
    """The named IANA zone, or the machine's local zone; SettingError for an unknown name."""
    if not name:
        from dateutil import tz

        return tz.tzlocal()  # follows daylight saving time, unlike a fixed offset taken from now()
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingError("tz", f"unknown time zone {name!r} (use a name such as Europe/London or UTC)") from exc


def parse_when(value: str, zone: tzinfo, now: datetime, *, end_of_day: bool = False, option: str = "since") -> datetime:
    """A `since`/`until` bound: relative (`24h`, `3d`, `90m`, `2w`) or an ISO date or date-time.

    A bare date is the start of that day (`end_of_day`: its end) in `zone`; a date-time without a
    zone is in `zone` too, because the user typed it in their own time.
    """
    match = _RELATIVE.match(value)
    if match:
        amount, unit = float(match.group(1)), match.group(2).lower()
        return now - timedelta(**{_UNITS[unit]: amount})
    if _DATE_ONLY.match(value):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError as exc:
            raise SettingError(option, f"invalid date {value!r}") from exc
        moment = datetime.combine(day, time.max if end_of_day else time.min)
        return moment.replace(tzinfo=zone)
    try:
        return _aware(datetime.fromisoformat(value.strip().replace("Z", "+00:00")), zone)
    except ValueError as exc:
        raise SettingError(option, f"{value!r} is neither an ISO date/time nor a relative time such as 24h or 3d") from exc


@dataclass
class Window:
    """The publication-time window the date filters allow (either end open)."""

    start: datetime | None = None
    end: datetime | None = None

    @property
    def active(self) -> bool:
        return self.start is not None or self.end is not None

    def contains(self, moment: datetime) -> bool:
        return (self.start is None or moment >= self.start) and (self.end is None or moment <= self.end)


def window(date_: str | None, since: str | None, until: str | None, tz: str | None,
           now: datetime | None = None) -> Window:
    """The window from the `date`, `since` and `until` filters (combined: all must hold)."""
    if not (date_ or since or until or tz):
        return Window()  # no filter: spare every run the local-zone lookup (dateutil's import)
    zone = resolve_zone(tz)
    now = now or datetime.now(UTC)
    result = Window()
    if date_:
        if not _DATE_ONLY.match(date_):
            raise SettingError("date", f"expected YYYY-MM-DD, got {date_!r}")
        result.start = parse_when(date_, zone, now, option="date")
        result.end = parse_when(date_, zone, now, end_of_day=True, option="date")
    if since:
        start = parse_when(since, zone, now, option="since")
        result.start = max(result.start, start) if result.start else start
    if until:
        end = parse_when(until, zone, now, end_of_day=True, option="until")
        result.end = min(result.end, end) if result.end else end
    if result.start and result.end and result.start > result.end:
        raise SettingError("since", "is after until: the date filters leave no time window")
    return result
