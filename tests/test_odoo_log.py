"""tools/odoo_log.py judges an Odoo log by its lines' level (no Odoo needed): ./run-bench's install check."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from odoo_log import errors  # noqa: E402 - tools/ is not a package

DOCUTILS = "<string>:12: (ERROR/3) Unexpected indentation."
WARNING = "2026-12-05 10:00:00,123 4242 WARNING crm odoo.modules.loading: a warning"
ERROR = "2026-12-05 10:00:01,456 4242 ERROR crm odoo.modules.registry: Failed to load registry"
CRITICAL = "2026-12-05 10:00:02,789 4242 CRITICAL crm odoo.service.server: Failed to initialize database"


def test_text_of_other_libraries_is_not_an_odoo_error():
    """docutils' "(ERROR/3)" printed while Odoo renders a module description does not fail an install."""
    assert errors([DOCUTILS, WARNING]) == []


def test_error_and_critical_lines_are_errors():
    """Odoo's ERROR and CRITICAL log lines are errors, whatever the logger."""
    assert errors([DOCUTILS, ERROR, WARNING, CRITICAL]) == [ERROR, CRITICAL]


def test_command_exit_code(tmp_path):
    """`python3 tools/odoo_log.py LOG` exits 0 on a clean log and 1, printing them, on error lines."""
    log = tmp_path / "install.log"

    def check(text):
        log.write_text(text)
        cmd = [sys.executable, ROOT / "tools" / "odoo_log.py", log]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        return result.returncode, result.stdout

    assert check(f"{DOCUTILS}\n{WARNING}\n") == (0, "")
    assert check(f"{DOCUTILS}\n{ERROR}\n") == (1, ERROR + "\n")
