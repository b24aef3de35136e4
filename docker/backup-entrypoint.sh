#!/usr/bin/env bash
# Entry point of the compose service "backup". It starts as root only to hand the backups volume
# to the odoo user, then runs the scripts as that user (the filestore belongs to it):
#   nightly (default)      tools/backup.sh --nightly $CRM_DB   (docker compose up)
#   now                    tools/backup.sh $CRM_DB             (docker compose run --rm backup now)
#   restore FILE NEWDB     tools/restore.sh FILE NEWDB         (docker compose run --rm backup restore ...)
set -euo pipefail
tools="$(dirname "$0")/../tools"
chown odoo: "${BACKUP_DIR:-/backups}"
case "${1:-nightly}" in
    nightly) set -- "$tools/backup.sh" --nightly "${CRM_DB:-crm}" ;;
    now) set -- "$tools/backup.sh" "${CRM_DB:-crm}" ;;
    restore) shift; set -- "$tools/restore.sh" "$@" ;;
    *) echo "backup: unknown command '$1' (nightly, now, restore FILE NEWDB)" >&2; exit 2 ;;
esac
exec setpriv --reuid=odoo --regid=odoo --init-groups env HOME=/var/lib/odoo /bin/bash "$@"
