"""Working days of the official calendar (statutory holidays and 调休 working weekends).

chinese-calendar knows the years the State Council has published; for a year it does not
know yet we fall back to Monday–Friday and say so, instead of guessing holidays.
"""

from dataclasses import dataclass
from datetime import date

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
