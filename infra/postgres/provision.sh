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
root=$(cd "$(dirname "$0")/../.." && pwd)
print=""
if [ "${1:-}" = "--print" ]; then print="--print"; shift; fi
if [ $# -eq 0 ]; then echo "usage: $0 [--print] <service>/<instance> …" >&2; exit 2; fi
: "${POSTGRES_ADMIN_URL:?set POSTGRES_ADMIN_URL to a superuser URL of the database to provision}"
for instance in "$@"; do set -- "$@" "--instance=$instance"; shift; done
# The built CLI when there is one, else the TypeScript source (tsx is a root dev dependency).
if [ -f "$root/packages/storage/dist/provision/bin.js" ]; then
  set -- node "$root/packages/storage/dist/provision/bin.js" "$@"
else
  set -- node --conditions=source --import tsx "$root/packages/storage/src/provision/bin.ts" "$@"
fi
cd "$root"
exec "$@" --postgres-url="$POSTGRES_ADMIN_URL" $print
