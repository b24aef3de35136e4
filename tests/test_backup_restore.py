"""A dump made by tools/backup.sh and restored by tools/restore.sh into a new database loses nothing.

Runs on the end-to-end database after that suite, server stopped (every model of ours holds data,
a contract carries a file): ``./run-tests`` sets BACKUP_SOURCE_DB, BACKUP_DATA_DIR (Odoo's
data_dir, where the filestores are) and ODOO_BIN, and runs this file. By hand, on any database:
``BACKUP_SOURCE_DB=crm BACKUP_DATA_DIR=~/.local/share/Odoo python3 -m pytest tests/test_backup_restore.py``.

The module fixtures dump the database with the backup script (next to older dumps, to check the
retention), restore the dump into ``<db>_restored`` with the restore script, and drop that copy at
the end; the tests compare the two databases: row counts of every table, every row of the models
we define or extend field by field, and every attachment's file (present in the restored filestore,
same SHA-1 as its checksum).
"""

import hashlib
import os
import pathlib
import signal
import subprocess
import time

import psycopg2
import pytest

SOURCE = os.environ.get("BACKUP_SOURCE_DB")
DATA_DIR = pathlib.Path(os.path.expanduser(os.environ.get("BACKUP_DATA_DIR", "~/.local/share/Odoo")))
ODOO_BIN = os.environ.get("ODOO_BIN", "odoo")
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUR_ADDONS = ["crm_card", "crm_dossier", "crm_shiffman", "crm_callplan", "crm_card_survey"]

pytestmark = pytest.mark.skipif(
    not SOURCE, reason="BACKUP_SOURCE_DB is not set: ./run-tests runs this after the e2e suite"
)


_connections = {}


def query(db, sql, params=None):
    """Rows of ``sql`` on ``db``, through one connection per database (hundreds of tables are compared)."""
    if db not in _connections:
        _connections[db] = psycopg2.connect(dbname=db)
        _connections[db].autocommit = True
    with _connections[db].cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def close_connections():
    while _connections:
        _connections.popitem()[1].close()


def base_tables(db):
    return {
        name
        for (name,) in query(
            db,
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
    }


def our_models(db):
    """{model: (table, defined by us alone)} of the models our addons define or extend, with a table."""
    models = query(
        db,
        """
        SELECT m.model, bool_and(d.module = ANY(%(ours)s)) AND NOT m.transient
          FROM ir_model m
          JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
         GROUP BY m.model, m.transient
        HAVING bool_or(d.module = ANY(%(ours)s))
        """,
        {"ours": OUR_ADDONS},
    )
    existing = base_tables(db)
    return {
        model: (model.replace(".", "_"), alone) for model, alone in models if model.replace(".", "_") in existing
    }


def our_tables(db):
    """The tables of our models and our many2many tables."""
    relations = query(db, "SELECT DISTINCT r.name FROM ir_model_relation r JOIN ir_module_module m "
                          "ON m.id = r.module WHERE m.name = ANY(%s)", (OUR_ADDONS,))
    existing = base_tables(db)
    return sorted({table for table, _alone in our_models(db).values()} | {n for (n,) in relations if n in existing})


def rows(db, table):
    """Every row of a table, in a stable order, as tuples of text (jsonb, dates, binary compare as text)."""
    columns = [c for (c,) in query(db, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                       "'public' AND table_name = %s ORDER BY column_name", (table,))]
    order = "id" if "id" in columns else ", ".join(f'"{c}"' for c in columns)
    select = ", ".join(f'"{c}"::text' for c in columns)
    return columns, query(db, f'SELECT {select} FROM "{table}" ORDER BY {order}')


def stored_attachments(db):
    """{id: (store_fname, checksum, file_size, res_model)} of attachments kept in the filestore."""
    return {
        row[0]: row[1:]
        for row in query(db, "SELECT id, store_fname, checksum, file_size, res_model FROM ir_attachment "
                             "WHERE store_fname IS NOT NULL")
    }


def run(cmd, env=None):
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900, check=False)
    assert result.returncode == 0, (cmd, result.stdout[-3000:], result.stderr[-3000:])
    return result


# Dumps already in the backup folder: BACKUP_KEEP_DAYS=14 deletes the first only (the third
# belongs to another database whose name starts with this one's).
EXPIRED = "{db}_2020-01-01_02-30-00.zip"
EARLIER_DUMPS = {EXPIRED: 15, "{db}_2020-01-02_02-30-00.zip": 13, "{db}_copy_2020-01-01_02-30-00.zip": 400}


@pytest.fixture(scope="module")
def backup(tmp_path_factory):
    """(backup folder, dump file) after tools/backup.sh ran on SOURCE, next to EARLIER_DUMPS."""
    folder = tmp_path_factory.mktemp("backups")
    for name, days in EARLIER_DUMPS.items():
        old = folder / name.format(db=SOURCE)
        old.write_bytes(b"")
        os.utime(old, (time.time() - days * 86400,) * 2)
    env = dict(os.environ, BACKUP_DIR=str(folder), BACKUP_KEEP_DAYS="14", ODOO_BIN=ODOO_BIN)
    run([str(ROOT / "tools" / "backup.sh"), SOURCE], env=env)
    [dump] = [f for f in folder.glob(f"{SOURCE}_*.zip") if f.stat().st_size]
    return folder, dump


@pytest.fixture(scope="module")
def restored(backup):
    """The name of a new database restored by tools/restore.sh from the dump (dropped afterwards)."""
    target = f"{SOURCE}_restored"
    env = dict(os.environ, ODOO_BIN=ODOO_BIN)
    subprocess.run([ODOO_BIN, "db", "drop", target], capture_output=True, check=False)
    try:
        run([str(ROOT / "tools" / "restore.sh"), str(backup[1]), target], env=env)
        yield target
    finally:
        close_connections()
        subprocess.run([ODOO_BIN, "db", "drop", target], capture_output=True, check=False)


def test_backup_keeps_dumps_for_the_retention_days(backup):
    """After a good dump, tools/backup.sh deletes this database's dumps older than BACKUP_KEEP_DAYS only."""
    folder, dump = backup
    left = sorted(f.name for f in folder.iterdir())
    kept = sorted([dump.name, *(n.format(db=SOURCE) for n in EARLIER_DUMPS if n != EXPIRED)])
    assert left == kept


def test_nightly_waits_for_its_hour_after_a_recent_dump(backup):
    """`tools/backup.sh --nightly` with a dump younger than a day dumps nothing at once and waits for BACKUP_AT."""
    folder, _dump = backup
    before = sorted(folder.iterdir())
    env = dict(os.environ, BACKUP_DIR=str(folder), BACKUP_AT="03:15", ODOO_BIN=ODOO_BIN)
    with subprocess.Popen([str(ROOT / "tools" / "backup.sh"), "--nightly", SOURCE], env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True) as proc:
        try:
            lines = [proc.stdout.readline() for _ in range(2)]
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
    assert "every day at 03:15" in lines[0] and "next dump" in lines[1] and "03:15" in lines[1], lines
    assert sorted(folder.iterdir()) == before


def test_restore_never_overwrites_a_database(backup, restored):
    """tools/restore.sh refuses a database that exists, and leaves it as it was."""
    before = query(restored, "SELECT count(*) FROM res_partner")
    result = subprocess.run([str(ROOT / "tools" / "restore.sh"), str(backup[1]), restored], capture_output=True,
                            text=True, env=dict(os.environ, ODOO_BIN=ODOO_BIN), check=False)
    assert result.returncode != 0 and "exists" in result.stdout + result.stderr
    assert query(restored, "SELECT count(*) FROM res_partner") == before


def test_source_holds_data_in_every_model_and_files():
    """The dumped database has rows in every model of ours and an attachment of ours in its filestore."""
    models = our_models(SOURCE)
    empty = [t for t, alone in models.values() if alone and not query(SOURCE, f'SELECT 1 FROM "{t}" LIMIT 1')]
    assert not empty, f"empty tables: the restore check would prove nothing for them: {empty}"
    ours = {model for model, (_table, alone) in models.items() if alone}
    files = [a for a in stored_attachments(SOURCE).values() if a[3] in ours]
    assert any((DATA_DIR / "filestore" / SOURCE / a[0]).is_file() for a in files), (
        f"no attachment of our models with a file in {DATA_DIR / 'filestore' / SOURCE}"
    )


def test_every_table_keeps_its_row_count(restored):
    """Every table of the restored database has as many rows as the original (ours and Odoo's)."""
    tables = base_tables(SOURCE)
    assert tables == base_tables(restored)
    counts = {t: query(SOURCE, f'SELECT count(*) FROM "{t}"')[0][0] for t in sorted(tables)}
    restored_counts = {t: query(restored, f'SELECT count(*) FROM "{t}"')[0][0] for t in sorted(tables)}
    differ = {t: (n, restored_counts[t]) for t, n in counts.items() if restored_counts[t] != n}
    assert not differ, f"row counts (original, restored) that differ: {differ}"
    print(f"{len(tables)} tables, {sum(counts.values())} rows, the same in {restored}")


def test_our_records_field_by_field(restored):
    """Every row of the models we define or extend (res.partner, crm.lead...) is the same, column by column."""
    differ = []
    for table in our_tables(SOURCE):
        columns, before = rows(SOURCE, table)
        after_columns, after = rows(restored, table)
        assert after_columns == columns, table
        for old, new in zip(before, after, strict=True):
            changed = [c for c, a, b in zip(columns, old, new, strict=True) if a != b]
            if changed:
                differ.append(f"{table} row {old[columns.index('id')] if 'id' in columns else old}: {changed}")
    assert not differ, "fields that differ after the restore:\n  " + "\n  ".join(differ[:30])


def test_attachments_files_and_checksums(restored):
    """Every stored attachment keeps its checksum, and its file is in the restored filestore with that SHA-1."""
    before = stored_attachments(SOURCE)
    assert stored_attachments(restored) == before
    filestore = DATA_DIR / "filestore" / restored
    missing, corrupt = [], []
    for store_fname, checksum, _size, _model in before.values():
        path = filestore / store_fname
        if not path.is_file():
            missing.append(store_fname)
        elif hashlib.sha1(path.read_bytes()).hexdigest() != checksum:  # Odoo's own checksum
            corrupt.append(store_fname)
    assert not missing, f"{len(missing)} of {len(before)} files missing in {filestore}: {missing[:10]}"
    assert not corrupt, f"{len(corrupt)} files whose SHA-1 differs from their checksum: {corrupt[:10]}"
