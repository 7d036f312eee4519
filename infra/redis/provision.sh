#!/bin/sh
# Provisions the Redis side of instances: one ACL user per instance, confined to its key prefix and its own
# discovery record (see README.md). Idempotent: run it again after adding an instance or rotating a password.
#
#   REDIS_ADMIN_URL=redis://default@127.0.0.1:6379 \
#   TSE_REDIS_PASSWORD_EXCHANGE_BINANCE=… TSE_REDIS_PASSWORD_EXCHANGE_OKX=… \
#   infra/redis/provision.sh exchange-simulator/exchange-binance exchange-simulator/exchange-okx
#
# `--print` as the first argument prints the ACL SETUSER lines instead (pipe them into redis-cli).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
print=""
if [ "${1:-}" = "--print" ]; then print="--print"; shift; fi
if [ $# -eq 0 ]; then echo "usage: $0 [--print] <service>/<instance> …" >&2; exit 2; fi
: "${REDIS_ADMIN_URL:?set REDIS_ADMIN_URL to a URL of a user allowed ACL SETUSER}"
for instance in "$@"; do set -- "$@" "--instance=$instance"; shift; done
# The built CLI when there is one, else the TypeScript source (tsx is a root dev dependency).
if [ -f "$root/packages/storage/dist/provision/bin.js" ]; then
  set -- node "$root/packages/storage/dist/provision/bin.js" "$@"
else
  set -- node --conditions=source --import tsx "$root/packages/storage/src/provision/bin.ts" "$@"
fi
cd "$root"
exec "$@" --redis-url="$REDIS_ADMIN_URL" $print ${TSE_ACL_SAVE:+--acl-save}
