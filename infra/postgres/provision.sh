#!/bin/sh
# Provisions the PostgreSQL side of instances: one role per instance, owner of its own schema and nothing
# else (see README.md). Idempotent: run it again after adding an instance or rotating a password.
#
#   POSTGRES_ADMIN_URL=postgres://postgres@127.0.0.1:5432/trading \
#   TSE_PG_PASSWORD_EXCHANGE_BINANCE=… TSE_PG_PASSWORD_EXCHANGE_OKX=… \
#   infra/postgres/provision.sh exchange-simulator/exchange-binance exchange-simulator/exchange-okx
#
# `--print` as the first argument prints the SQL instead (only the URL's database name is used).
set -eu
. "$(dirname "$0")/../lib/provision-cli.sh"
: "${POSTGRES_ADMIN_URL:?set POSTGRES_ADMIN_URL to a superuser URL of the database to provision}"
provision_cli "$@" -- --postgres-url="$POSTGRES_ADMIN_URL"
