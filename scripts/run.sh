#!/usr/bin/env bash
# Set up, load the demo organisation and serve the web application (gunicorn) on the embedded default.
#   ./scripts/run.sh                      # http://127.0.0.1:8000/, SQLite in ~/.local/share/mingjing
#   PORT=8080 ./scripts/run.sh            # another port
#   DATABASE_URL=postgres://… ./scripts/run.sh   # PostgreSQL instead of SQLite
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
.venv/bin/mingjing demo
echo "打开 http://${HOST}:${PORT}/ ，用上面的示例账号登录。"
exec .venv/bin/mingjing serve --host "$HOST" --port "$PORT" "$@"
