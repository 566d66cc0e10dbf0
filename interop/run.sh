#!/usr/bin/env bash
# Interoperability checks against independent implementations, the gurux-dlms and dlms-cosem
# Python packages; see interop/README.md. Needs python3 with venv, and cargo.
# dlms-hdlc (HDLC frame type 3, IEC 62056-47 wrapper):
#   1. gurux-dlms writes frames with its own reading of them    -> target/interop/gurux.json
#   2. dlms-hdlc checks them, and writes frames and sessions    -> target/interop/ours.json
#   3. gurux-dlms reads ours and replays the sessions
#   4. dlms-cosem writes frames with its own reading of them    -> target/interop/dlms_cosem.json
#   5. dlms-hdlc checks them
#   6. dlms-cosem reads ours and replays the sessions it can
# dlms-apdu (A-XDR Data):
#   7. gurux-dlms encodes seeded random values                  -> target/interop/axdr_gurux.json
#   8. dlms-apdu decodes and compares them, and encodes its own -> target/interop/axdr_ours.json
#   9. gurux-dlms decodes ours and compares
# dlms-apdu (GET/SET/ACTION requests):
#  10. gurux-dlms writes requests from seeded random fields     -> target/interop/apdu_gurux.json
#  11. dlms-apdu reads them, rebuilds them from the fields byte for byte, and writes its own
#                                                               -> target/interop/apdu_ours.json
#  12. gurux-dlms's translator reads ours and compares
# dlms-security (suites 0, 1 and 2: protection, HLS-GMAC, key wrap):
#  13. gurux-dlms and dlms-cosem protect seeded random APDUs   -> target/interop/sec_<peer>.json
#  14. dlms-security unprotects them (and refuses tampered copies), and protects its own
#                                                               -> target/interop/sec_ours.json
#  15. each peer unprotects ours and compares
# dlms-security (suites 1 and 2: ECDH, ECDSA, HLS mechanism 7, Security setup key_agreement):
#  16. gurux-dlms derives public keys and ECDH secrets, signs, answers HLS-7 challenges as a
#      client and builds key_agreement requests                -> target/interop/ecc_gurux.json
#  17. dlms-security checks them, answers the requests as the server, signs and computes
#      HLS-7 responses of its own                              -> target/interop/ecc_ours.json
#  18. gurux-dlms verifies ours and derives the agreed keys
# dlms-security (suites 1 and 2: X.509 certificates, PKCS #10 requests):
#  19. cryptography issues certificates, gurux-dlms and cryptography write requests
#                                                               -> target/interop/cert_peers.json
#  20. dlms-security parses and verifies them, and writes requests of its own
#                                                               -> target/interop/cert_ours.json
#  21. cryptography and gurux-dlms verify ours and compare
# dlms-cli (`dlms decode --json`):
#  22. gurux-dlms encodes seeded random values in data-notifications and get-responses and
#      protects them; `dlms decode` unprotects them and the values are compared
# dlms-security (general-ciphering and general-signing):
#  23. gurux-dlms (AES-GCM, its AAD, P-256 ECDSA) with cryptography (ECDH, P-384) builds
#      general-ciphering and general-signing APDUs          -> target/interop/general_gurux.json
#  24. dlms-security undoes them (and refuses tampered copies), and builds its own
#                                                               -> target/interop/general_ours.json
#  25. the peers undo ours and compare
# Exits non-zero if any direction has a failure; the last line sums all directions.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
OUT=target/interop
mkdir -p "$OUT"
rm -f "$OUT"/*.log

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r interop/requirements.txt

"$VENV/bin/python" interop/hdlc_gurux.py "$OUT/gurux.json"
"$VENV/bin/python" interop/hdlc_dlms_cosem.py "$OUT/dlms_cosem.json"
"$VENV/bin/python" interop/axdr_gurux.py "$OUT/axdr_gurux.json"
"$VENV/bin/python" interop/apdu_gurux.py "$OUT/apdu_gurux.json"
"$VENV/bin/python" interop/ecc_gurux.py "$OUT/ecc_gurux.json"
"$VENV/bin/python" interop/general_gurux.py "$OUT/general_gurux.json"
for peer in gurux dlms-cosem; do
  "$VENV/bin/python" interop/security_peers.py --peer "$peer" "$OUT/sec_$peer.json"
done
"$VENV/bin/python" interop/cert_peers.py "$OUT/cert_peers.json"
cargo build --locked -q -p dlms-examples --example interop_hdlc --example interop_axdr \
  --example interop_apdu --example interop_security --example interop_ecc \
  --example interop_cert --example interop_general
cargo build --locked -q -p dlms-cli
DLMS="${CARGO_TARGET_DIR:-target}/debug/dlms"
example() { cargo run --locked -q -p dlms-examples --example interop_hdlc -- "$@"; }
axdr() { cargo run --locked -q -p dlms-examples --example interop_axdr -- "$@"; }
apdu() { cargo run --locked -q -p dlms-examples --example interop_apdu -- "$@"; }
security() { cargo run --locked -q -p dlms-examples --example interop_security -- "$@"; }
ecc() { cargo run --locked -q -p dlms-examples --example interop_ecc -- "$@"; }
cert() { cargo run --locked -q -p dlms-examples --example interop_cert -- "$@"; }
general() { cargo run --locked -q -p dlms-examples --example interop_general -- "$@"; }

rc=0
echo "--- gurux-dlms frames, read by dlms-hdlc"
example "$OUT/gurux.json" "$OUT/ours.json" | tee "$OUT/1-gurux-to-us.log" || rc=1
echo "--- dlms-hdlc frames and sessions, read by gurux-dlms"
"$VENV/bin/python" interop/hdlc_gurux.py --check "$OUT/ours.json" | tee "$OUT/2-us-to-gurux.log" || rc=1
echo "--- dlms-cosem frames, read by dlms-hdlc"
example "$OUT/dlms_cosem.json" | tee "$OUT/3-dlms-cosem-to-us.log" || rc=1
echo "--- dlms-hdlc frames and sessions, read by dlms-cosem"
"$VENV/bin/python" interop/hdlc_dlms_cosem.py --check "$OUT/ours.json" | tee "$OUT/4-us-to-dlms-cosem.log" || rc=1
echo "--- gurux-dlms A-XDR values, read by dlms-apdu"
axdr "$OUT/axdr_gurux.json" "$OUT/axdr_ours.json" | tee "$OUT/5-axdr-gurux-to-us.log" || rc=1
echo "--- dlms-apdu A-XDR values, read by gurux-dlms"
"$VENV/bin/python" interop/axdr_gurux.py --check "$OUT/axdr_ours.json" | tee "$OUT/6-axdr-us-to-gurux.log" || rc=1
echo "--- gurux-dlms GET/SET/ACTION requests, read and rebuilt by dlms-apdu"
apdu "$OUT/apdu_gurux.json" "$OUT/apdu_ours.json" | tee "$OUT/7-apdu-gurux-to-us.log" || rc=1
echo "--- dlms-apdu GET/SET/ACTION requests, read by gurux-dlms"
"$VENV/bin/python" interop/apdu_gurux.py --check "$OUT/apdu_ours.json" | tee "$OUT/8-apdu-us-to-gurux.log" || rc=1
echo "--- gurux-dlms protected APDUs, unprotected by dlms-security"
security "$OUT/sec_gurux.json" "$OUT/sec_ours.json" | tee "$OUT/09-sec-gurux-to-us.log" || rc=1
echo "--- dlms-security protected APDUs, unprotected by gurux-dlms"
"$VENV/bin/python" interop/security_peers.py --peer gurux --check "$OUT/sec_ours.json" \
  | tee "$OUT/10-sec-us-to-gurux.log" || rc=1
echo "--- dlms-cosem protected APDUs, unprotected by dlms-security"
security "$OUT/sec_dlms-cosem.json" | tee "$OUT/11-sec-dlms-cosem-to-us.log" || rc=1
echo "--- dlms-security protected APDUs, unprotected by dlms-cosem"
"$VENV/bin/python" interop/security_peers.py --peer dlms-cosem --check "$OUT/sec_ours.json" \
  | tee "$OUT/12-sec-us-to-dlms-cosem.log" || rc=1
echo "--- gurux-dlms ECDH, ECDSA, HLS-7 and key_agreement, checked by dlms-security"
ecc "$OUT/ecc_gurux.json" "$OUT/ecc_ours.json" | tee "$OUT/13-ecc-gurux-to-us.log" || rc=1
echo "--- dlms-security ECDSA, HLS-7 and key_agreement, checked by gurux-dlms"
"$VENV/bin/python" interop/ecc_gurux.py --check "$OUT/ecc_ours.json" \
  | tee "$OUT/14-ecc-us-to-gurux.log" || rc=1
echo "--- cryptography certificates, gurux-dlms and cryptography requests, read by dlms-security"
cert "$OUT/cert_peers.json" "$OUT/cert_ours.json" | tee "$OUT/15-cert-peers-to-us.log" || rc=1
echo "--- dlms-security certificate requests, verified by cryptography and gurux-dlms"
"$VENV/bin/python" interop/cert_peers.py --check "$OUT/cert_ours.json" \
  | tee "$OUT/16-cert-us-to-peers.log" || rc=1
echo "--- gurux-dlms protected APDUs, decoded by dlms decode --json"
"$VENV/bin/python" interop/decode_gurux.py "$DLMS" | tee "$OUT/17-decode-gurux.log" || rc=1
echo "--- gurux-dlms general-ciphering and general-signing, undone by dlms-security"
general "$OUT/general_gurux.json" "$OUT/general_ours.json" | tee "$OUT/18-general-gurux-to-us.log" || rc=1
echo "--- dlms-security general-ciphering and general-signing, undone by gurux-dlms"
"$VENV/bin/python" interop/general_gurux.py --check "$OUT/general_ours.json" \
  | tee "$OUT/19-general-us-to-gurux.log" || rc=1

# Every log ends with "N passed, M failed".
logs=("$OUT"/*.log)
tail -q -n 1 "${logs[@]}" \
  | awk -v want="${#logs[@]}" \
        '$2 == "passed," && $4 == "failed" { p += $1; f += $3; n++ }
         END { if (n != want || want == 0) { print "interop: a direction did not report"; exit 1 }
               printf "interop: %d passed, %d failed (%d directions)\n", p, f, n }' || rc=1
exit "$rc"
