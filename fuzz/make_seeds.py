#!/usr/bin/env python3
"""Writes the committed seed corpus (corpus/<target>/seed-*) from the HDLC captures the
dlms-hdlc tests use. Run from the fuzz/ directory."""
import json
import os

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


if __name__ == "__main__":
    main()
