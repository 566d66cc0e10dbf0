#!/usr/bin/env python3
"""Writes the committed seed corpus (corpus/<target>/seed-*) from the captures and vectors
the dlms-hdlc and dlms-apdu tests use. Run from the fuzz/ directory."""
import hashlib
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "dlms-hdlc", "tests", "data", "captures_hdlc.json")


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def main():
    with open(DATA) as f:
        doc = json.load(f)
    items = doc if isinstance(doc, list) else doc["items"]
    for it in items:
        frames = it.get("frames") or ([it["frame"]] if "frame" in it else [])
        for i, h in enumerate(frames):
            frame = bytes.fromhex(h)
            write("hdlc_frame", f"{it['id']}-{i}", frame)
        if frames:
            stream = b"".join(b"\x7e" + bytes.fromhex(h) + b"\x7e" for h in frames)
            # The deframer target takes a chunk-size byte first.
            write("hdlc_deframer", it["id"], b"\x07" + stream)
            write("hdlc_link", it["id"], stream)
    # IEC 62056-47 wrapper: jDLMS WrapperHeaderTest AARQ and a gurux-generated AARQ.
    write("hdlc_wrapper", "jdlms-aarq", bytes.fromhex(
        "0001001000110022602080020780A109060760857405080102BE0F040D01000000065F0400181A200000"))
    write("hdlc_wrapper", "gurux-aarq-lls", bytes.fromhex(
        "00010010000100386036A1090607608574050801018A0207808B0760857405080201AC0A80083132333435363738BE10040E01000000065F1F0400401E5DFFFF"))
    # A client's SNRM and GET as gurux-dlms 1.0.203 sends them, for the link target.
    write("hdlc_link", "gurux-snrm-get", bytes.fromhex(
        "7EA0070321930F017E7EA0190321107FDAE6E600C001C100080000010000FF0200601A7E"))


APDU_DATA = os.path.join(HERE, "..", "dlms-apdu", "tests", "data")
# First octets of the APDUs dlms-apdu parses (ACSE, xDLMS, SN, ciphered, general-*).
APDU_TAGS = {0x60, 0x61, 0x62, 0x63, 0x01, 0x08, 0x0E, 0x0F, 0x05, 0x06, 0x0C, 0x0D, 0x16, 0x18,
             0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDF,
             0xE0} | set(range(0x21, 0x4F)) | set(range(0xC8, 0xD8))
HEX = re.compile(r"^(?:[0-9A-Fa-f]{2}){2,}$")


def hex_strings(node):
    if isinstance(node, str):
        if HEX.match(node):
            yield bytes.fromhex(node)
    elif isinstance(node, list):
        for v in node:
            yield from hex_strings(v)
    elif isinstance(node, dict):
        for v in node.values():
            yield from hex_strings(v)


def apdu_seeds():
    """Every APDU-looking byte string in dlms-apdu's test data, and the A-XDR vectors."""
    seen = set()
    for name in sorted(os.listdir(APDU_DATA)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(APDU_DATA, name)) as f:
            doc = json.load(f)
        for b in hex_strings(doc):
            digest = hashlib.sha1(b).hexdigest()[:12]
            if b in seen or len(b) > 4096:
                continue
            seen.add(b)
            if name == "axdr.json":
                write("axdr_data", digest, b)
            elif b[0] in APDU_TAGS:
                write("apdu_any", digest, b)
                write("apdu_roundtrip", digest, b)


COSEM_DATA = os.path.join(HERE, "..", "cosem-objects", "tests", "data")
SECURITY_DATA = os.path.join(HERE, "..", "dlms-security", "tests", "data")


def json_hex(path):
    with open(path) as f:
        return list(hex_strings(json.load(f)))


def notification_body(b):
    """The notification-body of a data-notification (tag 0F), or None."""
    if len(b) < 6 or b[0] != 0x0F:
        return None
    rest = b[5:]
    if rest[:2] == b"\x09\x0c":
        return rest[14:]
    return rest[1 + rest[0]:]


def structured_seeds():
    """Seeds for the targets added with the structured round trips: the same captures and
    vectors, cut to what each target reads."""
    corpus = os.path.join(HERE, "corpus")
    for name in sorted(os.listdir(os.path.join(corpus, "hdlc_frame"))):
        if name.startswith("seed-"):
            with open(os.path.join(corpus, "hdlc_frame", name), "rb") as f:
                write("hdlc_roundtrip", name[5:], f.read())
    axdr = json_hex(os.path.join(APDU_DATA, "axdr.json"))
    for b in axdr:
        digest = hashlib.sha1(b).hexdigest()[:12]
        write("axdr_roundtrip", digest, b)
        write("cosem_values", digest, b)
        if b[0] == 0x19 and len(b) >= 13:
            # A date-time, then the OBIS code of the clock.
            write("datetime_obis", digest, b[1:13] + bytes([0, 0, 1, 0, 0, 255]))
    for name in sorted(os.listdir(COSEM_DATA)):
        if name.endswith(".json"):
            for b in json_hex(os.path.join(COSEM_DATA, name)):
                if len(b) <= 4096:
                    write("cosem_values", hashlib.sha1(b).hexdigest()[:12], b)
    for name in ("notifications.json", "block_captures.json"):
        for b in json_hex(os.path.join(APDU_DATA, name)):
            body = notification_body(b)
            if body:
                digest = hashlib.sha1(body).hexdigest()[:12]
                write("cosem_push_profile", digest, b"\x02" + body)
                write("cosem_values", digest, body)
            if b[0] == 0xE0:
                write("apdu_blocks", hashlib.sha1(b).hexdigest()[:12], b)
            if b[0] in (0xE0, 0x0F) and len(b) <= 4096:
                write("apdu_structured", hashlib.sha1(b).hexdigest()[:12], b)
    for name in ("hls.json", "key_wrap.json"):
        for b in json_hex(os.path.join(SECURITY_DATA, name)):
            write("security_misc", hashlib.sha1(b).hexdigest()[:12], b)
    # A Green Book style date-time (2026-11-23 Monday 22:15:00, deviation -60, DST) and
    # the unspecified one, with OBIS codes 1.0.1.8.0.255 and 0.0.1.0.0.255.
    write("datetime_obis", "greenbook-style", bytes.fromhex("07EA0B1701160F0000FFC480") + bytes([1, 0, 1, 8, 0, 255]))
    write("datetime_obis", "unspecified", bytes.fromhex("FFFFFFFFFFFFFFFFFF800000") + bytes([0, 0, 1, 0, 0, 255]))


if __name__ == "__main__":
    main()
    apdu_seeds()
    structured_seeds()
