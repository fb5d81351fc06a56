"""Working days of the official calendar (statutory holidays and 调休 working weekends).

chinese-calendar knows the years the State Council has published; for a year it does not
know yet we fall back to Monday–Friday and say so, instead of guessing holidays.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


@dataclass(frozen=True)
class WorkingDay:
    date: date
    is_working_day: bool
    is_official: bool  # False when the calendar for that year is not published yet


def working_day(day: date) -> WorkingDay:
    try:
        return WorkingDay(day, chinese_calendar.is_workday(day), True)
    except NotImplementedError:
        return WorkingDay(day, day.weekday() < 5, False)


def first_working_day_after_spring_festival(year: int) -> date | None:
    """The first working day after the year's Spring Festival holiday (the day work resumes
    after 春节), or None when the official calendar of that year is not published."""
    try:
        festival = [
            day
            for day in chinese_calendar.get_holidays(date(year, 1, 1), date(year, 3, 31))
            if chinese_calendar.get_holiday_detail(day)[1]
            == chinese_calendar.Holiday.spring_festival.value
        ]
    except NotImplementedError:
        return None
    if not festival:
        return None
    day = max(festival) + timedelta(days=1)
    while not chinese_calendar.is_workday(day):
        day += timedelta(days=1)
    return day
