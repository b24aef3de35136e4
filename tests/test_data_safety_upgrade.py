"""Upgrading keeps every row; uninstalling the other addons leaves the client card intact.

Runs on a copy of the end-to-end database after that suite (so every model of ours holds
data): ``./run-tests`` makes the copy, sets DATA_SAFETY_DB and runs this file with the server
stopped. The tests run in order on that copy: count, upgrade, count, uninstall, count, reinstall Shiffman.
"""

import os
import subprocess

import psycopg2
import pytest

DB = os.environ.get("DATA_SAFETY_DB")
ODOO_BIN = os.environ.get("ODOO_BIN", "odoo")
ADDONS_PATH = os.environ.get("DATA_SAFETY_ADDONS_PATH", "")
OUR_ADDONS = ["crm_card", "crm_dossier", "crm_shiffman", "crm_callplan"]
TABLE_PREFIXES = ("crm_card_", "crm_dossier", "crm_shiffman_", "crm_callplan")
REMOVED = ["crm_callplan", "crm_shiffman", "crm_dossier"]

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


def odoo(*args, stdin=None, tolerated=None):
    cmd = [ODOO_BIN, *args[:1], "-d", DB, f"--addons-path={ADDONS_PATH}", "--log-level=warn", *args[1:]]
    result = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=900, check=False)
    errors = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if (" ERROR " in line or " CRITICAL " in line) and not (tolerated and tolerated in line)
    ]
    assert result.returncode == 0 and not errors, (result.returncode, errors[:10], result.stderr[-2000:])
    return result


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


@pytest.fixture(scope="module")
def before():
    return {
        "tables": table_counts(),
        "partner": partner_card_counts(card_partner_columns()),
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


def test_upgrade_keeps_every_row(before):
    """`odoo -u` of the four addons on a full database keeps every row of every table of ours."""
    odoo("--stop-after-init", "-u", ",".join(OUR_ADDONS), "--no-http")
    assert table_counts() == before["tables"]
    assert partner_card_counts(card_partner_columns()) == before["partner"]


def test_uninstalling_other_addons_keeps_client_card(before):
    """Uninstalling crm_callplan, crm_shiffman and crm_dossier leaves every crm_card row and card field."""
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


def test_reinstalling_shiffman_takes_back_its_team(before):
    """Installing crm_shiffman again reuses the team and stages its leads stayed in: no second team."""
    assert before["shiffman_leads"], "no lead in the Shiffman team: the check would prove nothing"
    odoo("--stop-after-init", "-i", "crm_shiffman", "--no-http")
    assert len(before["shiffman_records"]) == 7, before["shiffman_records"]
    assert shiffman_records() == before["shiffman_records"]
    assert shiffman_leads() == before["shiffman_leads"]
    teams = query("SELECT count(*) FROM crm_team WHERE name->>'en_US' = 'Shiffman' AND use_shiffman")[0][0]
    assert teams == 1, f"{teams} Shiffman teams after reinstalling"
