#!/usr/bin/env bash
# Back up pokvolg: the PostgreSQL database (pg_dump, custom format) and the media folder (annexes, uploads).
#   DATABASE_URL=postgresql://… MEDIA_ROOT=/app/var/media ops/backup.sh /backups/pokvolg-$(date +%F)
set -euo pipefail
doel=${1:?geef een doelnaam, bijv. /backups/pokvolg-2026-11-23}
: "${DATABASE_URL:?zet DATABASE_URL}"
pg_dump --format=custom --no-owner --no-privileges --file="$doel.dump" "$DATABASE_URL"
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$doel.media.tar.gz" .
fi
echo "back-up gemaakt: $doel.dump${MEDIA_ROOT:+ en $doel.media.tar.gz}"
