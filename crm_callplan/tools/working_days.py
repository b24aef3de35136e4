from bisect import bisect_left, bisect_right
from datetime import timedelta

ONE_DAY = timedelta(days=1)


class WorkingDays:
    """The working dates of a working calendar, to count working days.

    ``dates`` are the known working dates of a span (sorted; public holidays and days without
    attendance left out); outside that span a day works when its weekday (Monday 0) is one of
    ``weekdays``. With no dates at all this is a plain working week.
    """

    __slots__ = ("dates", "weekdays")

    def __init__(self, dates=(), weekdays=range(5)):
        self.dates = tuple(sorted(dates))
        self.weekdays = frozenset(weekdays) or frozenset(range(5))

    def is_working(self, day):
        dates = self.dates
        if dates and dates[0] <= day <= dates[-1]:
            index = bisect_left(dates, day)
            return dates[index] == day
        return day.weekday() in self.weekdays

    def add(self, day, count):
        """The date ``count`` working days after ``day`` (``count`` rounded half to even, as
        Python's ``round``; ``day`` itself for 0)."""
        count = max(round(count), 0)
        dates = self.dates
        while count:
            if dates and dates[0] <= day + ONE_DAY and day < dates[-1]:
                # inside the span: jump to the count-th known working date after day
                first = bisect_right(dates, day)
                last = min(first + count - 1, len(dates) - 1)
                count -= last - first + 1
                day = dates[last]
            else:
                day += ONE_DAY
                if day.weekday() in self.weekdays:
                    count -= 1
        return day

    def next(self, start, count):
        """The ``count`` working days from ``start`` (included when it is one)."""
        first = start if self.is_working(start) else self.add(start, 1)
        days = [first]
        while len(days) < count:
            days.append(self.add(days[-1], 1))
        return days
