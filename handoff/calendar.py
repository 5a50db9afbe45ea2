"""Business calendars and the SLA clocks that run on them.

A calendar is a team's working week: a timezone, working days and hours, the public holidays of
a country (the `holidays` package) and extra closed days. An SLA target runs on one of three
clocks:

- ``wall``: round the clock, every day;
- ``business_days``: whole 24-hour days, counting only the calendar's working days (P5's
  "1 business day": the same time on the next working day);
- ``business_hours``: only the calendar's opening hours on its working days (a 4-hour target
  opened on Friday 17:30 in Paris, open 09:00-18:00, is due Monday 12:30).

A ticket keeps the clock and calendar it was opened under as plain JSON (`ClockSpec`), so its
due times, pauses and measured durations never move when the configuration changes later.
Everything here works on aware UTC datetimes in and out; local time is used only to find the
day boundaries and opening hours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

Clock = Literal["wall", "business_days", "business_hours"]
CLOCKS: tuple[Clock, ...] = ("wall", "business_days", "business_hours")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MAX_DAYS = 3 * 366  # no clock looks further ahead than this for an open day
_DAY = timedelta(days=1)


class CalendarError(ValueError):
    """A calendar that cannot be built (the message names what is wrong)."""


@dataclass(frozen=True)
class BusinessCalendar:
    """A working week in a timezone, less public holidays and extra closed days."""

    name: str = "default"
    timezone: str = "UTC"
    days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    opens: time = time(9, 0)
    closes: time = time(18, 0)
    country: str = ""
    subdivision: str = ""
    closed: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CalendarError(
                f"calendar {self.name!r}: unknown timezone {self.timezone!r}"
            ) from None
        if not self.days or any(d not in range(7) for d in self.days):
            raise CalendarError(f"calendar {self.name!r}: working days must be among {DAY_NAMES}")
        if self.opens >= self.closes:
            raise CalendarError(f"calendar {self.name!r}: opens must be before closes")
        if self.country:
            try:
                _holidays(self.country, self.subdivision)
            except NotImplementedError:
                where = f"{self.country}/{self.subdivision}" if self.subdivision else self.country
                raise CalendarError(
                    f"calendar {self.name!r}: no public holidays known for {where!r}"
                ) from None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_working_day(self, day: date) -> bool:
        if day.weekday() not in self.days or day in self.closed:
            return False
        return not (self.country and day in _holidays(self.country, self.subdivision))

    def _window(self, day: date) -> tuple[datetime, datetime]:
        """Opening hours of a local day, in UTC."""
        zone = self.zone
        start = datetime.combine(day, self.opens, tzinfo=zone).astimezone(UTC)
        end = datetime.combine(day, self.closes, tzinfo=zone).astimezone(UTC)
        return start, end

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.zone).astimezone(UTC)

    def _local_day(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()

    # -- business hours -----------------------------------------------------------------

    def add_hours(self, start: datetime, span: timedelta) -> datetime:
        """The moment `span` of opening hours after `start`."""
        left = span
        day = self._local_day(start)
        for _ in range(_MAX_DAYS):
            if self.is_working_day(day):
                opens, closes = self._window(day)
                at = max(start, opens)
                if at < closes:
                    if left <= closes - at:
                        return at + left if left > timedelta(0) else at
                    left -= closes - at
            day += _DAY
        raise CalendarError(f"calendar {self.name!r}: no opening hours within {_MAX_DAYS} days")

    def hours_between(self, start: datetime, end: datetime) -> timedelta:
        """Opening hours from `start` to `end` (zero when end is not after start)."""
        return self._overlap(start, end, self._window)

    def _overlap(
        self, start: datetime, end: datetime, window: Callable[[date], tuple[datetime, datetime]]
    ) -> timedelta:
        """Time from `start` to `end` inside each working day's `window`."""
        total = timedelta(0)
        if end <= start:
            return total
        day, last = self._local_day(start), self._local_day(end)
        while day <= last:
            if self.is_working_day(day):
                opens, closes = window(day)
                lo, hi = max(start, opens), min(end, closes)
                if hi > lo:
                    total += hi - lo
            day += _DAY
        return total

    # -- business days (24 h each) ------------------------------------------------------

    def add_days(self, start: datetime, span: timedelta) -> datetime:
        """`span` counted on working days only, 24 hours each (local midnight to midnight)."""
        left = span
        day = self._local_day(start)
        at = start
        for _ in range(_MAX_DAYS):
            nxt = self._midnight(day + _DAY)
            if self.is_working_day(day):
                if left <= nxt - at:
                    return at + left
                left -= nxt - at
            at, day = nxt, day + _DAY
        raise CalendarError(f"calendar {self.name!r}: no working day within {_MAX_DAYS} days")

    def days_between(self, start: datetime, end: datetime) -> timedelta:
        """Working-day time from `start` to `end`, 24 hours per working day."""
        return self._overlap(
            start, end, lambda day: (self._midnight(day), self._midnight(day + _DAY))
        )

    # -- clocks -------------------------------------------------------------------------

    def advance(self, clock: Clock, start: datetime, span: timedelta) -> datetime:
        """`start` plus `span` of the given clock."""
        if clock == "business_hours":
            return self.add_hours(start, span)
        if clock == "business_days":
            return self.add_days(start, span)
        return start + span

    def elapsed(self, clock: Clock, start: datetime, end: datetime) -> timedelta:
        """How much of the given clock runs from `start` to `end`."""
        if clock == "business_hours":
            return self.hours_between(start, end)
        if clock == "business_days":
            return self.days_between(start, end)
        return max(end - start, timedelta(0))

    # -- JSON, kept on each ticket ------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "timezone": self.timezone,
            "days": [DAY_NAMES[d] for d in self.days],
            "opens": self.opens.strftime("%H:%M"),
            "closes": self.closes.strftime("%H:%M"),
            "country": self.country,
            "subdivision": self.subdivision,
            "closed": sorted(d.isoformat() for d in self.closed),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BusinessCalendar:
        return build(
            str(data.get("name") or "default"),
            timezone=str(data.get("timezone") or "UTC"),
            days=[str(d) for d in data.get("days") or DAY_NAMES[:5]],
            opens=str(data.get("opens") or "09:00"),
            closes=str(data.get("closes") or "18:00"),
            country=str(data.get("country") or ""),
            subdivision=str(data.get("subdivision") or ""),
            closed=[str(d) for d in data.get("closed") or []],
        )


def build(
    name: str,
    *,
    timezone: str = "UTC",
    days: list[str] | tuple[str, ...] = DAY_NAMES[:5],
    opens: str = "09:00",
    closes: str = "18:00",
    country: str = "",
    subdivision: str = "",
    closed: list[str] | tuple[str, ...] = (),
) -> BusinessCalendar:
    """A calendar from configuration values; `CalendarError` names the first bad one."""
    numbers: list[int] = []
    for day in days:
        key = day.strip().lower()[:3]
        if key not in DAY_NAMES:
            raise CalendarError(f"calendar {name!r}: unknown day {day!r} (use {DAY_NAMES})")
        numbers.append(DAY_NAMES.index(key))
    dates: set[date] = set()
    for text in closed:
        try:
            dates.add(date.fromisoformat(text))
        except ValueError:
            raise CalendarError(
                f"calendar {name!r}: closed day {text!r} is not YYYY-MM-DD"
            ) from None
    return BusinessCalendar(
        name=name,
        timezone=timezone,
        days=tuple(sorted(set(numbers))),
        opens=_clock_time(name, "opens", opens),
        closes=_clock_time(name, "closes", closes),
        country=country.strip().upper(),
        subdivision=subdivision.strip(),
        closed=frozenset(dates),
    )


def _clock_time(name: str, key: str, text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise CalendarError(f"calendar {name!r}: {key} {text!r} is not HH:MM") from None


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str) -> holidays.HolidayBase:
    """One holiday table per country (years are filled in as they are asked about)."""
    return holidays.country_holidays(country, subdiv=subdivision or None)


@dataclass(frozen=True)
class ClockSpec:
    """The clocks a ticket runs on: one per target, and its calendar."""

    calendar: BusinessCalendar
    response: Clock = "wall"
    resolution: Clock = "wall"

    def of(self, target: str) -> Clock:
        return self.response if target == "response" else self.resolution

    def to_json(self) -> dict[str, Any]:
        return {
            "calendar": self.calendar.to_json(),
            "response": self.response,
            "resolution": self.resolution,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ClockSpec:
        if not data:
            return cls(BusinessCalendar())
        response, resolution = data.get("response", "wall"), data.get("resolution", "wall")
        return cls(
            BusinessCalendar.from_json(data.get("calendar") or {}),
            response if response in CLOCKS else "wall",
            resolution if resolution in CLOCKS else "wall",
        )


@dataclass(frozen=True)
class Calendars:
    """The configured calendars: a default one and, by owning team, the team's own."""

    default: BusinessCalendar = field(default_factory=BusinessCalendar)
    teams: dict[str, BusinessCalendar] = field(default_factory=dict)

    def for_team(self, team: str | None) -> BusinessCalendar:
        return self.teams.get(team or "", self.default)
