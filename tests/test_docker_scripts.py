"""The shell scripts of the docker compose setup, run without Docker.

- docker/entrypoint.sh (with docker/master-password.sh): the master password is the one given
  (environment or secret file), else one generated on the first start and kept; no Odoo needed.
- docker/init-db.sh against the local PostgreSQL and Odoo (skipped without them): creates the
  demo database with every addon, installed cleanly, then leaves it alone on the next start.
"""

import configparser
import getpass
import os
import shutil
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from odoo_log import errors  # noqa: E402 - tools/ is not a package

OUR_ADDONS = ["crm_callplan", "crm_card", "crm_card_survey", "crm_dossier", "crm_shiffman"]
GENERATED = "generated a random master password"


def run(script, env, check=True):
    result = subprocess.run(["bash", str(ROOT / "docker" / script)], env=env, capture_output=True, text=True,
                            timeout=1800, check=False)
    if check:
        assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    return result


# ----------------------------------------------------------------------
# Master password
# ----------------------------------------------------------------------


@pytest.fixture
def entrypoint_env(tmp_path):
    """Environment for docker/entrypoint.sh whose "image entrypoint" writes the password it was given."""
    seen = tmp_path / "seen"
    fake = tmp_path / "image-entrypoint"
    fake.write_text(f'#!/bin/sh\nprintf %s "$ODOO_ADMIN_PASSWD" > {seen}\n')
    fake.chmod(0o755)
    data = tmp_path / "data"
    data.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_ADMIN_PASSWD")}
    env.update(ODOO_IMAGE_ENTRYPOINT=str(fake), ODOO_DATA_DIR=str(data),
               ODOO_ADMIN_PASSWD_FILE=str(tmp_path / "no-secret"))
    return env, seen, data / "master-password"


def test_master_password_generated_once_and_kept(entrypoint_env):
    """Without a password given, the first start generates a long random one (file mode 600), says
    where to read it without printing it, and later starts reuse it silently."""
    env, seen, kept = entrypoint_env
    first = run("entrypoint.sh", env)
    password = seen.read_text()
    assert len(password) >= 32 and password == kept.read_text().strip()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert GENERATED in first.stdout and str(kept) in first.stdout
    assert password not in first.stdout + first.stderr
    second = run("entrypoint.sh", env)
    assert seen.read_text() == password
    assert GENERATED not in second.stdout


def test_master_password_given_by_environment_or_secret(entrypoint_env, tmp_path):
    """ODOO_ADMIN_PASSWD wins; else the secret file; neither is written to the data volume."""
    env, seen, kept = entrypoint_env
    run("entrypoint.sh", dict(env, ODOO_ADMIN_PASSWD="from-the-environment"))
    assert seen.read_text() == "from-the-environment"
    secret = tmp_path / "secret"
    secret.write_text("from-a-secret\n")
    run("entrypoint.sh", dict(env, ODOO_ADMIN_PASSWD_FILE=str(secret)))
    assert seen.read_text() == "from-a-secret"
    assert not kept.exists()


# ----------------------------------------------------------------------
# init-db.sh against the local PostgreSQL
# ----------------------------------------------------------------------


def odoo_config():
    parser = configparser.RawConfigParser()
    for candidate in (os.environ.get("ODOO_RC"), os.path.expanduser("~/.odoorc"), "/etc/odoo/odoo.conf"):
        if candidate and os.path.isfile(candidate):
            parser.read(candidate)
            break
    if not parser.has_section("options"):
        parser.add_section("options")
    return parser


def pg_env(options):
    """PG* variables for init-db.sh (which otherwise aims at the compose host "db"), from Odoo's config."""
    def option(name, default):
        value = options.get(name, "")
        return default if value.lower() in ("", "false", "none") else value

    return {
        "PGHOST": os.environ.get("PGHOST", option("db_host", "")),
        "PGPORT": os.environ.get("PGPORT", option("db_port", "5432")),
        "PGUSER": os.environ.get("PGUSER", option("db_user", getpass.getuser())),
        "PGPASSWORD": os.environ.get("PGPASSWORD", option("db_password", "")),
    }


@pytest.fixture
def local_odoo(tmp_path):
    """(environment, database name) for init-db.sh on the local Odoo and PostgreSQL; the database is dropped."""
    if not shutil.which(os.environ.get("ODOO_BIN", "odoo")) or not shutil.which("psql"):
        pytest.skip("needs Odoo 19 (`odoo` on PATH) and the PostgreSQL client")
    config = odoo_config()
    options = config["options"]
    env = dict(os.environ, **pg_env(options))
    if subprocess.run(["psql", "-d", "postgres", "-Atqc", "select 1"], env=env, capture_output=True,
                      check=False).returncode:
        pytest.skip("PostgreSQL does not answer")
    paths = [p.strip() for p in options.get("addons_path", "").split(",") if p.strip()]
    if not any(os.path.realpath(p) == str(ROOT) for p in paths):  # the compose config already has it
        paths.append(str(ROOT))
    options["addons_path"] = ",".join(paths)
    options["data_dir"] = str(tmp_path / "data")
    rc = tmp_path / "odoo.conf"
    with open(rc, "w", encoding="utf-8") as handle:
        config.write(handle)
    db = f"initdb_{uuid.uuid4().hex[:8]}"
    env.update(CRM_DB=db, ODOO_RC=str(rc), ODOO_DATA_DIR=str(tmp_path / "data"), ADDONS_DIR=str(ROOT))
    env.pop("ODOO_ADMIN_PASSWD", None)
    (tmp_path / "data").mkdir()
    try:
        yield env, db
    finally:
        subprocess.run(["dropdb", "--if-exists", db], env=env, capture_output=True, check=False)


def test_init_db_creates_the_demo_database_then_leaves_it(local_odoo):
    """init-db.sh installs every addon with demo data without an error line, then, started again,
    finds the database ready and keeps the master password it generated."""
    env, db = local_odoo
    first = run("init-db.sh", env)
    log = (first.stdout + first.stderr).splitlines()
    assert not errors(log), errors(log)[:10]
    assert GENERATED in first.stdout
    kept = Path(env["ODOO_DATA_DIR"], "master-password").read_text()
    names = ", ".join(f"'{a}'" for a in OUR_ADDONS)
    sql = f"SELECT name || ':' || state || ':' || demo FROM ir_module_module WHERE name IN ({names}) ORDER BY name"
    installed = subprocess.run(
        ["psql", "-d", db, "-Atc", sql], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert installed == [f"{a}:installed:true" for a in OUR_ADDONS]
    second = run("init-db.sh", env)
    assert f"database {db} is ready" in second.stdout
    assert GENERATED not in second.stdout
    assert Path(env["ODOO_DATA_DIR"], "master-password").read_text() == kept
