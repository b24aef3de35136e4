"""The docker compose setup ships no shared master password and no open database manager (no Odoo needed).

Odoo reads its master password from ``admin_passwd`` (default ``admin``) or, since 19.0, from
the environment variable ``ODOO_ADMIN_PASSWD``; its database manager (download, drop, restore of
any database) is open unless ``list_db = False``. Anyone reaching port 8069 of a setup that ships
a known password with the manager open can take or drop the whole base.
"""

import configparser
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
ODOO_CONF = ROOT / "docker" / "odoo.conf"
# Services running Odoo as a server that users reach (not the one-shot init, not the tests).
SERVED = ("odoo",)
# Values that are a password in name only: empty, or a placeholder read from elsewhere.
PASSWORD_KEYS = re.compile(r"admin_passwd|master_password", re.IGNORECASE)


def _compose():
    return yaml.safe_load(COMPOSE.read_text())


def _odoo_conf():
    parser = configparser.RawConfigParser()
    parser.read(ODOO_CONF)
    return dict(parser.items("options"))


def _environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def _false(value):
    return str(value).strip().lower() in ("false", "0", "no", "off")


def test_compose_file_parses():
    """docker-compose.yml is valid YAML with the services the README names."""
    services = _compose()["services"]
    assert {"db", "init", "odoo", "tests", "backup"} <= set(services), sorted(services)


def test_odoo_conf_has_no_master_password():
    """docker/odoo.conf sets no admin_passwd: Odoo would use it (or its default "admin") for every install."""
    options = _odoo_conf()
    assert "admin_passwd" not in options, f"docker/odoo.conf ships a master password: {options['admin_passwd']!r}"


def test_compose_has_no_default_master_password():
    """docker-compose.yml passes a master password only from the caller's environment, without a default."""
    written = []
    for name, service in _compose()["services"].items():
        for key, value in _environment(service).items():
            given = PASSWORD_KEYS.search(key) and not key.endswith("_FILE") and value
            if given and not re.fullmatch(r"\$\{\w+(:-)?\}", str(value)):
                written.append(f"{name}: {key}={value}")
    assert not written, f"master password written in docker-compose.yml: {written}"


def test_database_server_is_not_published():
    """The PostgreSQL service publishes no port: its password only matters inside the compose network."""
    assert not _compose()["services"]["db"].get("ports")


def test_served_odoo_closes_the_database_manager():
    """The production-like service runs with list_db off: no database manager on port 8069."""
    options = _odoo_conf()
    services = _compose()["services"]
    for name in SERVED:
        env = _environment(services[name])
        command = " ".join(map(str, services[name].get("command") or []))
        closed = (
            _false(env.get("ODOO_LIST_DB", options.get("list_db", "True")))
            or "--no-database-list" in command
        )
        assert closed, f"service {name!r} serves Odoo's database manager (set list_db = False)"


def test_served_odoo_gets_a_master_password_of_its_own():
    """The served Odoo starts through docker/entrypoint.sh, which sets the password given or generated
    for this install (tests/test_docker_scripts.py runs it)."""
    services = _compose()["services"]
    for name in SERVED:
        assert "docker/entrypoint.sh" in " ".join(services[name].get("entrypoint") or []), name
