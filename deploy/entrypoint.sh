#!/bin/sh
# Starts Telekost as the image's only process. Settings come from the
# environment; a secret given as a docker secret is named by its *_FILE
# setting, which Telekost reads itself (TELEKOST_MASTER_KEY_FILE, ...).
# DATABASE_URL_FILE and REDIS_URL_FILE are read here, since those two
# settings have no file form in the app.
set -eu

for name in DATABASE_URL REDIS_URL TELEKOST_ADMIN_PASSWORD TELEKOST_SMTP_URL; do
  eval "file=\${${name}_FILE:-}"
  if [ -n "$file" ]; then
    eval "current=\${${name}:-}"
    if [ -n "$current" ]; then
      echo "set $name or ${name}_FILE, not both" >&2
      exit 2
    fi
    value=$(cat "$file")
    export "$name=$value"
    unset "${name}_FILE"
  fi
done

# Migrations run inside `serve` before it listens; exec hands signals
# (SIGTERM from the orchestrator) straight to node for a graceful stop.
exec node --enable-source-maps bin/telekost.js "$@"
