#!/usr/bin/env bash
# Restores a dump of tools/backup.sh (or of Odoo's database manager) into a NEW database, with its
# filestore; never overwrites an existing database.
#
#   tools/restore.sh [--neutralize] FILE.zip NEWDB
#
# --neutralize: for a test copy next to production: Odoo disables its crons, outgoing mail servers
# and other links to the outside world (odoo db load --neutralize).
# The restored database is a copy in Odoo's sense (`odoo db load`): it gets its own database.uuid
# and secret, so its sessions and tokens are new; web.base.url is set again at the first admin login.
# The connection and data_dir come from Odoo's configuration ($ODOO_RC, ~/.odoorc); ODOO_BIN
# (default odoo). Inside docker compose: docker compose run --rm backup restore /backups/FILE.zip NEWDB
set -euo pipefail
neutralize=()
if [ "${1:-}" = "--neutralize" ]; then neutralize=(--neutralize); shift; fi
if [ $# -ne 2 ] || [ "${1#-}" != "$1" ]; then
    sed -n '5p' "$0" >&2
    exit 2
fi
FILE=$1 DB=$2
[ -f "$FILE" ] || { echo "restore: no file $FILE" >&2; exit 2; }
echo "restore: $FILE into the new database $DB"
"${ODOO_BIN:-odoo}" db load "${neutralize[@]}" "$DB" "$FILE"
echo "restore: done: database $DB (serve it with: odoo -d $DB --db-filter='^$DB\$'," \
     "or in docker compose: CRM_DB=$DB docker compose up -d odoo)"
