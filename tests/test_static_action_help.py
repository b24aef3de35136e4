"""Every window action of our addons greets an empty list with a help text (no Odoo needed)."""

from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("crm_card", "crm_dossier", "crm_shiffman", "crm_callplan", "crm_card_survey")


def _window_actions():
    for addon in ADDONS:
        for path in sorted((ROOT / addon).glob("**/*.xml")):
            if "static" in path.parts or "demo" in path.parts:
                continue
            for record in etree.parse(str(path)).iterfind(".//record[@model='ir.actions.act_window']"):
                yield f"{addon}/{path.relative_to(ROOT / addon)}", record


def _is_dialog(record):
    """Wizards open in a dialog on a new record: they never show an empty list."""
    target = record.find("field[@name='target']")
    return target is not None and (target.text or "").strip() == "new"


def test_every_action_has_empty_state_help():
    """Each ir.actions.act_window record (dialogs aside) has a non-empty help field."""
    actions = list(_window_actions())
    assert actions, "no window action found: the check itself is broken"
    missing = []
    for where, record in actions:
        help_field = record.find("field[@name='help']")
        text = "".join(help_field.itertext()).strip() if help_field is not None else ""
        if not text and not _is_dialog(record):
            missing.append(f"{where}: {record.get('id')}")
    assert not missing, "window actions without empty-state help:\n  " + "\n  ".join(sorted(missing))
