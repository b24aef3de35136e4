#!/usr/bin/env bash
# First start of docker compose: create the database $CRM_DB ("crm") with our addons and demo data
# (none with CRM_DEMO=0), and the master password when none is given (docker/master-password.sh).
# Runs on every `up`: does nothing more when the database already has crm_card installed.
# Without Docker (tests/test_docker_scripts.py): PGHOST, PGUSER, ODOO_RC, ODOO_DATA_DIR, ADDONS_DIR.
set -euo pipefail
DB=${CRM_DB:-crm}
# unset: the compose service "db"; set, even empty (local socket), as given
export PGHOST=${PGHOST-db} PGUSER=${PGUSER-odoo} PGPASSWORD=${PGPASSWORD-odoo}
# shellcheck source=docker/master-password.sh
. "$(dirname "$0")/master-password.sh"
set_master_password
say_where_master_password_is init-db

for _ in $(seq 60); do pg_isready -q -d postgres && break; sleep 1; done
installed=$(psql -d "$DB" -tAc "select 1 from ir_module_module where name = 'crm_card' and state = 'installed'" \
    2>/dev/null || true)
if [ "$installed" = "1" ]; then
    echo "init-db: database $DB is ready"
    exit 0
fi
addons=$(cd "${ADDONS_DIR:-/mnt/extra-addons}" && for m in */__manifest__.py; do dirname "$m"; done | paste -sd, -)
demo=(--with-demo)
if [ "${CRM_DEMO:-1}" = 0 ]; then
    demo=()
    echo "init-db: creating database $DB with $addons, without demo data"
else
    echo "init-db: creating database $DB with $addons and demo data"
fi
echo "init-db: the login is admin / admin: change that password at the first login, before real data goes in"
exec odoo -c "${ODOO_RC:-/etc/odoo/odoo.conf}" -d "$DB" -i "$addons" "${demo[@]}" --stop-after-init --workers=0 \
    --max-cron-threads=0
