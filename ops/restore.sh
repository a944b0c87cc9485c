#!/usr/bin/env bash
# Restore a backup made by ops/backup.sh into the database of DATABASE_URL (which must exist; its
# pokvolg tables are replaced). Stop the app servers first.
#   DATABASE_URL=postgresql://… MEDIA_ROOT=/app/var/media ops/restore.sh /backups/pokvolg-2026-11-23
set -euo pipefail
bron=${1:?geef de naam van de back-up, zonder .dump}
: "${DATABASE_URL:?zet DATABASE_URL}"
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$bron.dump"
if [ -f "$bron.media.tar.gz" ] && [ -n "${MEDIA_ROOT:-}" ]; then
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -xzf "$bron.media.tar.gz"
fi
echo "teruggezet: $bron"
