#!/bin/sh
# Adds or replaces users in a Mosquitto password file, reading `username:password` lines on stdin.
#
#   chargenet stations add --site sit_… --slots 12 --json | jq -r '"\(.station.id):\(.secret)"' \
#     | deploy/mosquitto/passwords.sh /etc/mosquitto/chargenet/password_file
#   printf 'chargenet-platform:%s\n' "$MQTT_PASSWORD" | deploy/mosquitto/passwords.sh …/password_file
#
# Secrets never appear on a command line (where `ps` would show them, as `mosquitto_passwd -b` does):
# they are hashed with `mosquitto_passwd -U` in a private temporary file, then merged into the file.
# Remove a station with `mosquitto_passwd -D <file> <station id>`. Reload Mosquitto afterwards
# (`kill -HUP`), which re-reads the password file without dropping connections.
set -eu

if [ $# -ne 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "usage: $0 <password_file>   (reads username:password lines on stdin)" >&2
  exit 2
fi
file=$1
command -v mosquitto_passwd >/dev/null 2>&1 || { echo "mosquitto_passwd not found (install mosquitto)" >&2; exit 1; }

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# Drop blank lines; every other line must be username:password with no space in the username.
grep -v '^[[:space:]]*$' > "$work/new" || true
if [ ! -s "$work/new" ]; then
  echo "no username:password lines on stdin" >&2
  exit 2
fi
if bad=$(grep -n -v '^[^:[:space:]][^:[:space:]]*:..*$' "$work/new" | cut -d: -f1 | head -n 1) && [ -n "$bad" ]; then
  echo "line $bad: expected username:password" >&2
  exit 2
fi

cut -d: -f1 "$work/new" > "$work/users"
mosquitto_passwd -U "$work/new"

# Keep the existing users that were not given again, then append the new hashes.
if [ -f "$file" ]; then
  awk -F: 'NR == FNR { given[$1] = 1; next } !($1 in given)' "$work/users" "$file" > "$work/merged"
else
  : > "$work/merged"
fi
cat "$work/new" >> "$work/merged"
# Rewriting in place keeps an existing file's owner and mode (Mosquitto must still be able to read it).
if [ -f "$file" ]; then cat "$work/merged" > "$file"; else mv "$work/merged" "$file"; fi
echo "$(wc -l < "$work/users" | tr -d ' ') user(s) written to $file" >&2
