"""A user who works in Russian sees no English string of our addons.

Admin installs ru_RU (reloading every module's terms); a user whose language is ru_RU then
asks, as the web client does, for the labels, help texts and selection values of every field
our addons declare (``fields_get``), the arch of every view our addons ship or inherit, and
the names and empty-state help of our actions and menus. Each string is compared with what
the same call returns in English: a string returned unchanged is untranslated (the English
msgid leaked through), unless it is on the short allow-list of strings that read the same in
Russian.
"""

import re
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("crm_card", "crm_dossier", "crm_shiffman", "crm_callplan", "crm_card_survey")
RU = {"lang": "ru_RU"}
EN = {"lang": "en_US"}

# Strings that are legitimately the same in a Russian interface.
ALLOWED = {"E-mail", "ABC", "VAT", "E.164", "UTM", "PDF", "CSV", "ID"}

# arch attributes that carry text for the user
TEXT_ATTRIBUTES = ("string", "help", "placeholder", "title", "confirm", "aria-label", "data-tooltip", "sum")


def _norm(text):
    return re.sub(r"\s+", " ", text or "").strip()


def _is_text(text):
    """Only strings a reader would read: at least one letter, not a lone placeholder."""
    return bool(re.search(r"[A-Za-z]{2}", text)) and text not in ALLOWED


def _arch_strings(arch):
    """Text nodes and text attributes of an arch, in document order."""
    if not arch:
        return []
    root = etree.fromstring(arch.encode())
    found = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for attr in TEXT_ATTRIBUTES:
            if node.get(attr):
                found.append(_norm(node.get(attr)))
        if node.tag == "attribute":  # xpath <attribute name="invisible">: an expression, not text
            if node.get("name") in TEXT_ATTRIBUTES:
                found.append(_norm(node.text))
            continue
        for text in (node.text, node.tail):
            if _norm(text):
                found.append(_norm(text))
    return found


def _pairs(where, en_values, ru_values):
    return [(where, en, ru) for en, ru in zip(en_values, ru_values, strict=False)]


def _xmlid_records(admin, model):
    """{res_id: module} of the records of ``model`` created by our addons."""
    rows = admin.call(
        "ir.model.data", "search_read", [("module", "in", ADDONS), ("model", "=", model)], fields=["res_id", "module"]
    )
    return {row["res_id"]: row["module"] for row in rows}


@pytest.fixture(scope="module")
def russian(admin, make_user):
    """ru_RU installed with our terms (re)loaded, and a user working in it."""
    lang = admin.call("res.lang", "search_read", [("code", "=", "ru_RU"), ("active", "in", [True, False])],
                      fields=["id"], limit=1)
    assert lang, "Odoo has no ru_RU language record"
    wizard = admin.call("base.language.install", "create", [{"lang_ids": [(6, 0, [lang[0]["id"]])], "overwrite": True}])
    timeout, admin.timeout = admin.timeout, 900  # loads the Russian terms of every installed module
    try:
        admin.call("base.language.install", "lang_install", wizard)
    finally:
        admin.timeout = timeout
    # and the groups of the fields our glue modules restrict to their Odoo app, when it is installed
    apps = [
        xmlid for xmlid in ("survey.group_survey_user",)
        if admin.call("ir.model.data", "search_count", [("module", "=", xmlid.split(".")[0]),
                                                        ("name", "=", xmlid.split(".")[1])])
    ]
    user = make_user("ru_reader", groups=[
        "base.group_system", "sales_team.group_sale_manager", "crm_dossier.group_crm_dossier_restricted", *apps,
    ])
    admin.call("res.users", "write", [user.uid], {"lang": "ru_RU"})
    return user


def _field_strings(admin, user):
    """Labels and help of the fields only our addons declare (not Odoo's fields that every
    inheriting module also gets an xmlid for, like display_name or the activity mixin's), and
    the selection values our addons add (their ir.model.fields.selection xmlid is ours)."""
    field_ids = _xmlid_records(admin, "ir.model.fields")
    shared = admin.call("ir.model.data", "search_read", [("model", "=", "ir.model.fields"),
                        ("res_id", "in", list(field_ids)), ("module", "not in", ADDONS)], fields=["res_id"])
    own_fields = set(field_ids) - {row["res_id"] for row in shared}
    own_values = {}  # field id -> values our addons added
    selection_ids = list(_xmlid_records(admin, "ir.model.fields.selection"))
    for option in admin.call("ir.model.fields.selection", "read", selection_ids, ["field_id", "value"]):
        own_values.setdefault(option["field_id"][0], set()).add(option["value"])
    by_model = {}  # model -> {field name: (own label?, own values)}
    for field in admin.call("ir.model.fields", "read", list(own_fields | set(own_values)), ["model", "name"]):
        by_model.setdefault(field["model"], {})[field["name"]] = (
            field["id"] in own_fields, own_values.get(field["id"], set()),
        )
    pairs = []
    for model, fields in sorted(by_model.items()):
        attrs = ["string", "help", "selection"]
        en = user.call(model, "fields_get", sorted(fields), attrs, context=EN)
        ru = user.call(model, "fields_get", sorted(fields), attrs, context=RU)
        for name, (own_label, values) in sorted(fields.items()):
            where = f"field {model}.{name}"
            if own_label:
                pairs.append((where, _norm(en[name].get("string")), _norm(ru[name].get("string"))))
                pairs.append((f"{where} (help)", _norm(en[name].get("help")), _norm(ru[name].get("help"))))
            ru_labels = dict(ru[name].get("selection") or [])
            pairs += [(f"{where} (selection {value!r})", _norm(label), _norm(ru_labels.get(value)))
                      for value, label in en[name].get("selection") or [] if value in values]
    return pairs


def _view_strings(admin, user):
    pairs = []
    view_ids = _xmlid_records(admin, "ir.ui.view")
    en = {v["id"]: v for v in user.call("ir.ui.view", "read", list(view_ids), ["name", "arch_db"], context=EN)}
    ru = {v["id"]: v for v in user.call("ir.ui.view", "read", list(view_ids), ["arch_db"], context=RU)}
    for view_id, view in sorted(en.items()):
        pairs += _pairs(f"view {view['name']}", _arch_strings(view["arch_db"]), _arch_strings(ru[view_id]["arch_db"]))
    # and the views the web client really gets for our actions (our inherited parts included)
    actions = admin.call("ir.actions.act_window", "read", list(_xmlid_records(admin, "ir.actions.act_window")),
                         ["res_model", "view_mode"])
    for action in actions:
        # strings of Odoo's own views of the model (say an icon's title="Position") are Odoo's to translate
        others = user.call("ir.ui.view", "search_read", [("model", "=", action["res_model"]),
                           ("id", "not in", list(view_ids))], ["arch_db"], context=EN)
        odoo_strings = {text for view in others for text in _arch_strings(view["arch_db"])}
        modes = [[False, mode] for mode in action["view_mode"].split(",")] + [[False, "search"]]
        en_views = user.call(action["res_model"], "get_views", modes, context=EN)["views"]
        ru_views = user.call(action["res_model"], "get_views", modes, context=RU)["views"]
        for mode, view in en_views.items():
            if not view.get("id"):
                continue  # a default arch generated by Odoo, nothing of ours in it
            pairs += [
                pair for pair in _pairs(f"{action['res_model']} {mode} view", _arch_strings(view["arch"]),
                                        _arch_strings(ru_views[mode]["arch"]))
                if pair[1] in OUR_MSGIDS and pair[1] not in odoo_strings
            ]
    return pairs


def _action_and_menu_strings(admin, user):
    pairs = []
    for model, names in (("ir.actions.act_window", ["name", "help"]), ("ir.ui.menu", ["name"]),
                         ("ir.actions.report", ["name"]), ("ir.actions.server", ["name"])):
        ids = list(_xmlid_records(admin, model))
        if not ids:
            continue
        en = {r["id"]: r for r in user.call(model, "read", ids, names, context=EN)}
        ru = {r["id"]: r for r in user.call(model, "read", ids, names, context=RU)}
        for rec_id, rec in en.items():
            for name in names:
                where = f"{model} {rec['name']!r} ({name})"
                pairs.append((where, _norm(rec[name] or ""), _norm(ru[rec_id][name] or "")))
    return pairs


def _pot_msgids(pots):
    """Every msgid of these translation templates (whitespace-normalised)."""
    msgids = set()
    for pot in pots:
        if pot.exists():
            for block in re.findall(r'^msgid ((?:".*"\n)+)', pot.read_text(), flags=re.MULTILINE):
                text = "".join(re.findall(r'"(.*)"', block))
                msgids.add(_norm(text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")))
    return msgids


OUR_MSGIDS = _pot_msgids(pot for addon in ADDONS for pot in (ROOT / addon / "i18n").glob("*.pot"))


def test_every_addon_ships_a_russian_translation():
    """Each addon has i18n/<addon>.pot and i18n/ru.po."""
    missing = [
        f"{addon}/i18n/{name}"
        for addon in ADDONS
        for name in (f"{addon}.pot", "ru.po")
        if not (ROOT / addon / "i18n" / name).exists()
    ]
    assert not missing, "missing translation files: " + ", ".join(missing)


def test_no_untranslated_string_for_a_russian_user(admin, russian):
    """Field labels, help, selections, views, actions and menus of our addons all read in Russian."""
    pairs = _field_strings(admin, russian) + _view_strings(admin, russian) + _action_and_menu_strings(admin, russian)
    assert len(pairs) > 200, f"only {len(pairs)} strings collected: the probe itself is broken"
    untranslated = sorted({(where, en) for where, en, ru in pairs if en and en == ru and _is_text(en)})
    report = "\n".join(f"  {where}: {en!r}" for where, en in untranslated)
    assert not untranslated, f"{len(untranslated)} strings shown in English to a Russian user:\n{report}"
