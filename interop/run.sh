#!/usr/bin/env bash
# Interoperability check of dlms-hdlc (HDLC frame type 3, IEC 62056-47 wrapper) against the
# gurux-dlms Python package; see interop/README.md. Needs python3 with venv, and cargo.
#   1. gurux-dlms writes frames with its own reading of them    -> target/interop/gurux.json
#   2. dlms-hdlc checks them, and writes frames and sessions    -> target/interop/ours.json
#   3. gurux-dlms reads ours and replays the sessions
# Exits non-zero if either direction has a failure; the last line sums both directions.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
OUT=target/interop
mkdir -p "$OUT"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r interop/requirements.txt

"$VENV/bin/python" interop/hdlc_gurux.py "$OUT/gurux.json"

rc=0
echo "--- gurux-dlms frames, read by dlms-hdlc"
cargo run --locked -q -p dlms-examples --example interop_hdlc -- "$OUT/gurux.json" "$OUT/ours.json" \
  | tee "$OUT/rust.log" || rc=1
echo "--- dlms-hdlc frames and sessions, read by gurux-dlms"
"$VENV/bin/python" interop/hdlc_gurux.py --check "$OUT/ours.json" | tee "$OUT/python.log" || rc=1

# Both logs end with "N passed, M failed".
tail -q -n 1 "$OUT/rust.log" "$OUT/python.log" \
  | awk '$2 == "passed," && $4 == "failed" { p += $1; f += $3; n++ }
         END { if (n != 2) { print "interop: a direction did not report"; exit 1 }
               printf "interop: %d passed, %d failed\n", p, f }' || rc=1
exit "$rc"
