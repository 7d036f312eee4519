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
. "$(dirname "$0")/../lib/provision-cli.sh"
: "${REDIS_ADMIN_URL:?set REDIS_ADMIN_URL to a URL of a user allowed ACL SETUSER}"
provision_cli "$@" -- --redis-url="$REDIS_ADMIN_URL" ${TSE_ACL_SAVE:+--acl-save}
