#!/usr/bin/env python3
"""Odoo's log lines, read by their level: one parser for ./run-tests, ./run-bench and the tests.

    python3 tools/odoo_log.py LOGFILE   print the ERROR and CRITICAL lines of an Odoo log; exit 1 if any

Only lines in Odoo's log format count. Text that other libraries print on the same output is not an
Odoo error, even when it says "ERROR": docutils writes ``<string>:12: (ERROR/3) Unexpected
indentation.`` while Odoo renders a module description, and the install is fine.
"""

import re
import sys

# "2026-01-01 10:00:00,123 4242 WARNING dbname odoo.addons.crm_card.models.x: message"
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<msg>.*)$"
)
ERROR_LEVELS = ("ERROR", "CRITICAL")


def errors(lines):
    """The lines of ``lines`` that Odoo logged at ERROR or CRITICAL level."""
    return [line for line in lines if (match := LOG_LINE.match(line)) and match["level"] in ERROR_LEVELS]


def main(argv):
    if len(argv) != 1:
        sys.exit(__doc__.split("\n\n")[1])
    with open(argv[0], encoding="utf-8", errors="replace") as log:
        found = errors(line.rstrip("\n") for line in log)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
