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


if __name__ == "__main__":
    main()
    apdu_seeds()
