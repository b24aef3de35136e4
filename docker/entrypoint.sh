#!/usr/bin/env bash
# Entry point of the compose services that serve Odoo: sets the master password (see
# docker/master-password.sh), then hands over to the official image's /entrypoint.sh (database
# connection from the environment, wait for PostgreSQL, `odoo ...`).
set -euo pipefail
# shellcheck source=docker/master-password.sh
. "$(dirname "$0")/master-password.sh"
set_master_password
say_where_master_password_is entrypoint
exec "${ODOO_IMAGE_ENTRYPOINT:-/entrypoint.sh}" "$@"
