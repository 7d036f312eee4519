# Shared by infra/postgres/provision.sh and infra/redis/provision.sh (sourced, POSIX sh): parses
# `[--print] <service>/<instance> …` and runs the tse-provision CLI from @tse/storage — the built one when
# there is one, else the TypeScript source (tsx is a root dev dependency).
#
#   provision_cli "$@" -- --postgres-url="$POSTGRES_ADMIN_URL"
provision_cli() {
  root=$(cd "$(dirname "$0")/../.." && pwd)
  print=""
  if [ "${1:-}" = "--print" ]; then print="--print"; shift; fi
  instances=""
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do instances="$instances --instance=$1"; shift; done
  [ "${1:-}" = "--" ] && shift
  if [ -z "$instances" ]; then echo "usage: $0 [--print] <service>/<instance> …" >&2; exit 2; fi
  if [ -f "$root/packages/storage/dist/provision/bin.js" ]; then
    cli="node $root/packages/storage/dist/provision/bin.js"
  else
    cli="node --conditions=source --import tsx $root/packages/storage/src/provision/bin.ts"
  fi
  cd "$root"
  # Word splitting is intended: instance names are validated (letters, digits, '-', '/') by the CLI.
  # shellcheck disable=SC2086
  exec $cli $instances "$@" $print
}
