#!/usr/bin/env bash
# Odoo's master password (database manager, `admin_passwd`) for the docker compose services.
# Sourced by docker/init-db.sh and docker/entrypoint.sh. `set_master_password` exports
# ODOO_ADMIN_PASSWD (Odoo 19 reads every config option from ODOO_<OPTION>), taken from the first of:
#   1. $ODOO_ADMIN_PASSWD, given to docker compose (environment or .env file);
#   2. the file $ODOO_ADMIN_PASSWD_FILE (default /run/secrets/odoo_admin_passwd: a compose secret);
#   3. the file kept in the data volume, $MASTER_PASSWORD_FILE;
#   4. a random password generated now and kept in that file (mode 600), with
#      MASTER_PASSWORD_GENERATED=1 so that the caller says, once, where to read it.
# The password itself is never printed.

MASTER_PASSWORD_FILE="${ODOO_DATA_DIR:-/var/lib/odoo}/master-password"
MASTER_PASSWORD_GENERATED=0

set_master_password() {
    local secret="${ODOO_ADMIN_PASSWD_FILE:-/run/secrets/odoo_admin_passwd}"
    if [ -z "${ODOO_ADMIN_PASSWD:-}" ]; then
        if [ -s "$secret" ]; then
            ODOO_ADMIN_PASSWD=$(head -n 1 "$secret" | tr -d '\r\n')
        elif [ -s "$MASTER_PASSWORD_FILE" ]; then
            ODOO_ADMIN_PASSWD=$(head -n 1 "$MASTER_PASSWORD_FILE" | tr -d '\r\n')
        else
            ODOO_ADMIN_PASSWD=$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')
            (umask 077 && printf '%s\n' "$ODOO_ADMIN_PASSWD" > "$MASTER_PASSWORD_FILE")
            MASTER_PASSWORD_GENERATED=1
        fi
    fi
    export ODOO_ADMIN_PASSWD
}

say_where_master_password_is() {
    if [ "$MASTER_PASSWORD_GENERATED" = 1 ]; then
        echo "$1: generated a random master password (database manager, closed by list_db = False);" \
             "read it with: docker compose exec odoo cat $MASTER_PASSWORD_FILE"
    fi
}
