"""Upgrading keeps every row; uninstalling the other addons leaves the client card intact; a
database of the last release, upgraded, gets the access rules of a fresh install.

Runs on a copy of the end-to-end database after that suite (so every model of ours holds
data): ``./run-tests`` makes the copy, sets DATA_SAFETY_DB and runs this file with the server
stopped. The tests run in order on that copy: count, upgrade, count, uninstall, count, reinstall
Shiffman; the last one installs the release named in ``tests/last_release`` (taken from this
repository's history) in a database of its own and upgrades it to this code.
"""

import json
import os
import pathlib
import subprocess
import tarfile
import tempfile

import psycopg2
import pytest

DB = os.environ.get("DATA_SAFETY_DB")
ODOO_BIN = os.environ.get("ODOO_BIN", "odoo")
ADDONS_PATH = os.environ.get("DATA_SAFETY_ADDONS_PATH", "")
OUR_ADDONS = ["crm_card", "crm_dossier", "crm_shiffman", "crm_callplan", "crm_card_survey"]
TABLE_PREFIXES = ("crm_card_", "crm_dossier", "crm_shiffman_", "crm_callplan")
# everything but the client card: the other addons and the glue modules on it (crm_card_survey)
REMOVED = ["crm_callplan", "crm_shiffman", "crm_dossier", "crm_card_survey"]

pytestmark = pytest.mark.skipif(not DB, reason="DATA_SAFETY_DB is not set: ./run-tests runs this on a database copy")


def query(sql, params=None):
    with psycopg2.connect(dbname=DB) as conn, conn.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def table_counts():
    """{table: rows} for every table of our addons (SQL views excluded: they hold no data)."""
    tables = [
        name
        for (name,) in query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE'"
        )
        if name.startswith(TABLE_PREFIXES)
    ]
    return {t: query(f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in sorted(tables)}


def card_partner_columns():
    """Stored res.partner columns that crm_card adds."""
    rows = query(
        "SELECT f.name FROM ir_model_fields f JOIN ir_model_data d ON d.model = 'ir.model.fields' "
        "AND d.res_id = f.id AND d.module = 'crm_card' WHERE f.model = 'res.partner' AND f.store "
        "AND f.ttype NOT IN ('one2many', 'many2many')"
    )
    return sorted(name for (name,) in rows)


def partner_card_counts(columns):
    return {c: query(f'SELECT COUNT(*) FROM res_partner WHERE "{c}" IS NOT NULL')[0][0] for c in columns}


# While uninstalling, Odoo deletes the module's own records (seeded topics...) in savepoints and keeps
# those still referenced by rows that go away with their table; the failed DELETE is logged by
# odoo.sql_db before Odoo recovers (ir.model.data._module_data_uninstall). Nothing is lost by it.
RECOVERED_ON_UNINSTALL = "odoo.sql_db: bad query: b'DELETE FROM "


def odoo(*args, stdin=None, tolerated=None, db=None, addons_path=None):
    cmd = [ODOO_BIN, *args[:1], "-d", db or DB, f"--addons-path={addons_path or ADDONS_PATH}", "--log-level=warn",
           *args[1:]]
    result = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=900, check=False)
    errors = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if (" ERROR " in line or " CRITICAL " in line) and not (tolerated and tolerated in line)
    ]
    assert result.returncode == 0 and not errors, (result.returncode, errors[:10], result.stderr[-2000:])
    return result


def card_survey_counts():
    """Rows crm_card_survey keeps in tables not its own: the invitations naming a client, the
    checks filed from an answer."""
    return {
        "invitations": query("SELECT COUNT(*) FROM survey_user_input WHERE card_partner_id IS NOT NULL")[0][0],
        "checks": query("SELECT COUNT(*) FROM crm_card_satisfaction WHERE survey_user_input_id IS NOT NULL")[0][0],
    }


def shiffman_leads():
    """{lead id: (team id, stage id)} of the leads in the Shiffman team(s)."""
    rows = query(
        "SELECT l.id, l.team_id, l.stage_id FROM crm_lead l JOIN ir_model_data d ON d.model = 'crm.team'"
        " AND d.res_id = l.team_id AND d.name = 'crm_team_shiffman'"
    )
    return {lead: (team, stage) for lead, team, stage in rows}


def shiffman_records():
    """{external id: record id} of the Shiffman team and stages."""
    return dict(
        query(
            "SELECT name, res_id FROM ir_model_data"
            " WHERE module = 'crm_shiffman' AND model IN ('crm.team', 'crm.stage')"
        )
    )


def access_rules(db):
    """{external id: (domain, read, write, create, delete, active, groups)} of our addons' record rules."""
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(
            """
            SELECT d.module || '.' || d.name, r.domain_force, r.perm_read, r.perm_write, r.perm_create,
                   r.perm_unlink, r.active,
                   ARRAY(SELECT gd.module || '.' || gd.name FROM rule_group_rel rg
                           JOIN ir_model_data gd ON gd.model = 'res.groups' AND gd.res_id = rg.group_id
                          WHERE rg.rule_group_id = r.id ORDER BY 1)
              FROM ir_rule r
              JOIN ir_model_data d ON d.model = 'ir.rule' AND d.res_id = r.id
             WHERE d.module = ANY(%s)
            """,
            (OUR_ADDONS,),
        )
        return {row[0]: tuple(row[1:]) for row in cr.fetchall()}


@pytest.fixture(scope="module")
def before():
    return {
        "rules": access_rules(DB),
        "tables": table_counts(),
        "partner": partner_card_counts(card_partner_columns()),
        "card_survey": card_survey_counts(),
        "survey_answers": query("SELECT COUNT(*) FROM survey_user_input")[0][0],
        "shiffman_leads": shiffman_leads(),
        "shiffman_records": shiffman_records(),
    }


def test_every_model_of_ours_holds_data(before):
    """The database under test has rows in every table of ours (so keeping them proves something)."""
    transient = {m.replace(".", "_") for (m,) in query("SELECT model FROM ir_model WHERE transient")}
    empty = [t for t, n in before["tables"].items() if n == 0 and t not in transient and "_rel" not in t]
    assert len(before["tables"]) >= 25, before["tables"]
    assert not empty, f"empty tables, the data safety checks would prove nothing for them: {empty}"
    assert any(before["partner"].values()), before["partner"]
    assert all(before["card_survey"].values()), before["card_survey"]


def test_upgrade_keeps_every_row(before):
    """`odoo -u` of our addons (glue modules too) on a full database keeps every row of every table of ours."""
    odoo("--stop-after-init", "-u", ",".join(OUR_ADDONS), "--no-http")
    assert table_counts() == before["tables"]
    assert partner_card_counts(card_partner_columns()) == before["partner"]
    assert card_survey_counts() == before["card_survey"]


def test_uninstalling_other_addons_keeps_client_card(before):
    """Uninstalling crm_callplan, crm_shiffman, crm_dossier and crm_card_survey leaves every crm_card row
    and card field (the satisfaction checks filed from questionnaires too)."""
    script = (
        "modules = env['ir.module.module'].search([('name', 'in', %r)])\n"
        "modules.button_immediate_uninstall()\n"
        "env.cr.commit()\n"
    ) % REMOVED
    odoo("shell", "--no-http", stdin=script, tolerated=RECOVERED_ON_UNINSTALL)
    states = dict(query("SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", (OUR_ADDONS,)))
    assert states == {"crm_card": "installed", **dict.fromkeys(REMOVED, "uninstalled")}
    after = table_counts()
    card_before = {t: n for t, n in before["tables"].items() if t.startswith("crm_card_")}
    assert {t: n for t, n in after.items() if t.startswith("crm_card_")} == card_before
    assert not [t for t in after if not t.startswith("crm_card_")], "tables of the uninstalled addons remain"
    assert partner_card_counts(list(before["partner"])) == before["partner"]
    # the clients' answers to the questionnaire crm_card_survey shipped stay with Odoo's Surveys
    assert query("SELECT COUNT(*) FROM survey_user_input")[0][0] == before["survey_answers"]


def test_reinstalling_shiffman_takes_back_its_team(before):
    """Installing crm_shiffman again reuses the team and stages its leads stayed in: no second team."""
    assert before["shiffman_leads"], "no lead in the Shiffman team: the check would prove nothing"
    odoo("--stop-after-init", "-i", "crm_shiffman", "--no-http")
    assert len(before["shiffman_records"]) == 7, before["shiffman_records"]
    assert shiffman_records() == before["shiffman_records"]
    assert shiffman_leads() == before["shiffman_leads"]
    teams = query("SELECT count(*) FROM crm_team WHERE name->>'en_US' = 'Shiffman' AND use_shiffman")[0][0]
    assert teams == 1, f"{teams} Shiffman teams after reinstalling"


# Partners the release keyed in its own columns (card_phone_key, card_email_key, callplan_phone_key);
# "DS SQL row" stands for a row written by SQL, with none of the keys. After the upgrade the duplicate
# guard and the telephony match them on Odoo's keys (phone_sanitized, email_normalized).
KEYS_SEED = """
ru = env.ref("base.ru")
people = [
    ("DS Kama", {"phone": "8 (912) 345-67-89"}),
    ("DS Kama branch", {"phone": "+7 912 345 67 89"}),
    ("DS Volga", {"email": "ivan@volga.example.com, sales@volga.example.com"}),
    ("DS Volga twin", {"email": "Ivan <IVAN@Volga.example.com>"}),
    ("DS SQL row", {"phone": "8 843 222 33 44", "email": "Row@DS.example.com"}),
    ("DS SQL twin", {"phone": "+7 843 222-33-44", "email": "row@ds.example.com"}),
]
partners = env["res.partner"].create(
    [{"name": name, "is_company": True, "country_id": ru.id, **vals} for name, vals in people]
)
env.flush_all()
env.cr.execute(
    "UPDATE res_partner SET phone_sanitized = NULL, email_normalized = NULL, card_phone_key = NULL,"
    " card_email_key = NULL, callplan_phone_key = NULL WHERE name = 'DS SQL row'"
)
env.cr.commit()
"""
KEYS_CHECK = """
import json
from odoo.addons.crm_card.tools import phone_sanitize
partners = env["res.partner"].search([("name", "=like", "DS %")])
env.cr.execute(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner'"
    " AND column_name IN ('card_phone_key', 'card_email_key', 'callplan_phone_key')"
)
print("KEYS " + json.dumps({
    "columns": env.cr.fetchall(),
    "duplicates": {p.name: p.card_duplicate_ids.mapped("name") for p in partners},
    "callers": partners.filtered(lambda p: p.phone_sanitized == phone_sanitize("+78432223344", "RU")).mapped("name"),
}))
"""
KEYS_AFTER = {
    "columns": [],
    "duplicates": {
        "DS Kama": ["DS Kama branch"],
        "DS Kama branch": ["DS Kama"],
        "DS Volga": ["DS Volga twin"],
        "DS Volga twin": ["DS Volga"],
        "DS SQL row": ["DS SQL twin"],
        "DS SQL twin": ["DS SQL row"],
    },
    "callers": ["DS SQL row", "DS SQL twin"],
}


def test_last_release_upgraded_gets_the_rules_of_a_fresh_install(before):
    """A database installed with the last release and upgraded to this code has the same record
    rules as a fresh install: rules sit in ``noupdate`` blocks, so a change to one needs a
    migration script, which this catches when it is missing."""
    root = pathlib.Path(__file__).resolve().parent.parent
    commit = (root / "tests" / "last_release").read_text().split()[0]
    assert len(before["rules"]) >= 20, before["rules"]
    known = subprocess.run(["git", "-C", str(root), "cat-file", "-e", f"{commit}^{{commit}}"], check=False)
    if known.returncode:
        pytest.skip(f"this clone does not hold the last release {commit[:8]} (shallow clone?): fetch its history")
    release_db = f"{DB}_release"
    with tempfile.TemporaryDirectory() as folder:
        archive = pathlib.Path(folder) / "release.tar"
        # the addons the release had (a glue module added since is installed by the upgrade or not at all)
        released = [a for a in OUR_ADDONS if not subprocess.run(
            ["git", "-C", str(root), "cat-file", "-e", f"{commit}:{a}/__manifest__.py"], check=False
        ).returncode]
        subprocess.run(["git", "-C", str(root), "archive", "-o", str(archive), commit, *released], check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(pathlib.Path(folder) / "addons", filter="data")
        entries = ADDONS_PATH.split(",")
        ours = [e for e in entries if pathlib.Path(e, "crm_card").is_dir()]
        assert ours, f"no entry of {ADDONS_PATH} holds crm_card"
        release_path = ",".join(str(pathlib.Path(folder) / "addons") if e in ours else e for e in entries)
        subprocess.run(["dropdb", "--if-exists", release_db], check=True)
        subprocess.run(["createdb", release_db], check=True)
        try:
            odoo("--stop-after-init", "-i", ",".join(released), "--no-http", db=release_db,
                 addons_path=release_path)
            odoo("shell", "--no-http", stdin=KEYS_SEED, db=release_db, addons_path=release_path)
            odoo("--stop-after-init", "-u", ",".join(released), "--no-http", db=release_db)
            upgraded = access_rules(release_db)
            checked = odoo("shell", "--no-http", stdin=KEYS_CHECK, db=release_db).stdout
            keys = json.loads(next(line for line in checked.splitlines() if line.startswith("KEYS "))[5:])
        finally:
            subprocess.run(["dropdb", "--if-exists", release_db], check=False)
    differ = {
        xmlid: (upgraded.get(xmlid), fresh)
        for xmlid, fresh in before["rules"].items()
        if upgraded.get(xmlid) != fresh
    }
    assert not differ, f"record rules an upgrade leaves as they were in {commit[:8]}: {differ}"
    assert set(upgraded) == set(before["rules"])
    # the phone and e-mail keys of the release gave way to Odoo's, filled where they were missing
    assert keys == KEYS_AFTER
