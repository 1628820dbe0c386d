#!/usr/bin/env bash
# Make sure what the tests use is on this machine: PostgreSQL on 127.0.0.1:5432 and Debian's chromium (and its headless shell)
# (for the end-to-end browser tests). Missing pieces are installed or started; failures are reported, and the
# tests that need them then fail or skip loudly rather than pass silently.
set -uo pipefail
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start \
      || echo "services: could not start PostgreSQL" >&2
  fi
fi
# Redis: the job queue's broker in the Celery tests (tests/web/jobs); RabbitMQ serves as well (docs/jobs.md).
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes >/dev/null || echo "services: could not start Redis" >&2
  fi
fi
# chromium: browser tests; pdftotext and LibreOffice: reading .pdf/.doc/.wps reports.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# the same Chromium without its windowed browser: the browser tests take half the CPU with it (tests/e2e/conftest.py)
command -v chromium-headless-shell >/dev/null 2>&1 || missing+=(chromium-headless-shell)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# a CJK font, so that the browser tests' screenshots show Chinese and not boxes
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto 2>/dev/null | grep -qi cjk || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "services: installing ${missing[*]} from Debian's packages" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null) \
    || echo "services: could not install ${missing[*]}; the tests that need them will be skipped" >&2
fi
exit 0
