from .working_days import WorkingDays
