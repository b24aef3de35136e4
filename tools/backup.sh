#!/usr/bin/env bash
# Backs up an Odoo database with its filestore into one zip file in Odoo's own format (dump.sql,
# filestore/, manifest.json: what the database manager downloads and `odoo db load` restores),
# checks the file, then deletes this database's dumps older than BACKUP_KEEP_DAYS days.
#
#   tools/backup.sh DB               one dump now
#   tools/backup.sh --nightly DB     a dump every day at BACKUP_AT (and one at once when the newest
#                                    dump is more than a day old); runs until stopped
#
# Environment: BACKUP_DIR (default ~/odoo-backups), BACKUP_KEEP_DAYS (default 14), BACKUP_AT
# (default 02:30, local time of the machine or $TZ), ODOO_BIN (default odoo). The database
# connection and data_dir (where the filestore is) come from Odoo's configuration ($ODOO_RC,
# ~/.odoorc). Restore: tools/restore.sh. Works the same inside the odoo:19.0 image (compose service
# "backup") and on an Odoo source install.
set -euo pipefail
nightly=0
if [ "${1:-}" = "--nightly" ]; then nightly=1; shift; fi
if [ $# -ne 1 ] || [ "${1#-}" != "$1" ]; then
    sed -n '5,7p' "$0" >&2
    exit 2
fi
DB=$1
BACKUP_DIR=${BACKUP_DIR:-$HOME/odoo-backups}
KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
ODOO_BIN=${ODOO_BIN:-odoo}
# crm_2026-12-05_02-30-00.zip: the date pattern keeps "crm" from matching the dumps of "crm_copy"
STAMP='[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]_[0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
case "$KEEP_DAYS" in ''|*[!0-9]*|0) echo "backup: BACKUP_KEEP_DAYS must be a number of days >= 1" >&2; exit 2 ;; esac

backup_once() {
    mkdir -p "$BACKUP_DIR"
    local file partial
    file="$BACKUP_DIR/${DB}_$(date +%Y-%m-%d_%H-%M-%S).zip"
    partial="$file.partial"
    echo "backup: dumping database $DB with its filestore into $file"
    if ! "$ODOO_BIN" db dump "$DB" "$partial" 2> "$partial.log"; then
        cat "$partial.log" >&2
        rm -f "$partial" "$partial.log"
        echo "backup: FAILED: odoo db dump $DB" >&2
        return 1
    fi
    rm -f "$partial.log"
    if ! python3 - "$partial" <<'PY'
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as dump:
    bad = dump.testzip()
    names = set(dump.namelist())
if bad or not {"dump.sql", "manifest.json"} <= names:
    sys.exit(f"backup: FAILED: {sys.argv[1]} is damaged ({bad or 'dump.sql or manifest.json missing'})")
print(f"backup: checked: dump.sql, manifest.json and {sum(n.startswith('filestore/') for n in names)} filestore files")
PY
    then
        rm -f "$partial"
        return 1
    fi
    mv "$partial" "$file"
    echo "backup: done: $file ($(du -h "$file" | cut -f1))"
    # only after a good dump, so that a failing backup never leaves you without the older ones
    find "$BACKUP_DIR" -maxdepth 1 -name "${DB}_${STAMP}.zip" -mmin +$((KEEP_DAYS * 1440)) -print -delete |
        sed 's/^/backup: deleted (older than '"$KEEP_DAYS"' days): /'
}

if [ "$nightly" = 0 ]; then
    backup_once
    exit
fi
at=${BACKUP_AT:-02:30}
date -d "today $at" > /dev/null || { echo "backup: BACKUP_AT=$at is not a time of day (HH:MM)" >&2; exit 2; }
echo "backup: database $DB every day at $at into $BACKUP_DIR, kept $KEEP_DAYS days"
if [ -z "$(find "$BACKUP_DIR" -maxdepth 1 -name "${DB}_${STAMP}.zip" -mmin -1440 2>/dev/null)" ]; then
    backup_once || true
fi
while true; do
    now=$(date +%s)
    next=$(date -d "today $at" +%s)
    [ "$next" -gt "$now" ] || next=$(date -d "tomorrow $at" +%s)
    echo "backup: next dump $(date -d "@$next" '+%Y-%m-%d %H:%M %Z')"
    sleep $((next - now))
    backup_once || echo "backup: the dump failed; the next attempt is tomorrow" >&2
done
