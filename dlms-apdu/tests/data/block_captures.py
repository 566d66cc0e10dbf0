#!/usr/bin/env python3
"""Builds block_captures.json: the general-block-transfer APDUs that Landis+Gyr E450/E570
meters push in HDLC UI frames, taken from the frames of the shared captures collection, with
the APDU the collection records as their reassembly.

Usage: block_captures.py <captures.json> > block_captures.json

Each HDLC frame (without flags) is split here (format, addresses, control, HCS, information,
FCS; both checksums verified) so the Rust test does not depend on the HDLC crate; the LLC
header E6 E7 00 that opens the first frame of a message is removed.
"""
import json
import sys


def crc16_x25(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc ^ 0xFFFF


def address_len(frame, i):
    n = 0
    while True:
        n += 1
        if frame[i + n - 1] & 1:
            return n


def info_field(hex_frame):
    f = bytes.fromhex(hex_frame)
    assert f[0] >> 4 == 0xA
    length = ((f[0] & 0x07) << 8) | f[1]
    assert length == len(f), "frame length"
    i = 2
    i += address_len(f, i)  # destination
    i += address_len(f, i)  # source
    control = f[i]
    i += 1
    assert control & 0xEF == 0x03, "UI frame"
    hcs = int.from_bytes(f[i:i + 2], "little")
    assert crc16_x25(f[:i]) == hcs, "HCS"
    i += 2
    fcs = int.from_bytes(f[-2:], "little")
    assert crc16_x25(f[:-2]) == fcs, "FCS"
    return f[i:-2]


def gbt_apdus(frames):
    out = []
    for fr in frames:
        info = info_field(fr)
        if info[:3] == bytes.fromhex("E6E700"):
            info = info[3:]
        assert info[0] == 0xE0, "general-block-transfer"
        out.append(info.hex().upper())
    return out


with open(sys.argv[1]) as f:
    captures = json.load(f)

items = []
for c in captures["items"]:
    if not c["id"].startswith(("scs-lg_e450", "scs-lg_e570")):
        continue
    base = {"id": c["id"], "meter": c["meter"],
            "provenance": {"collection": "captures.json", "id": c["id"], "source": c["provenance"]}}
    if "messages" in c:
        for k, m in enumerate(c["messages"]):
            e = dict(base, id=f"{c['id']}#message{k + 1}", blocks=gbt_apdus(m["frames"]))
            e["reassembled"] = m.get("apdu")
            if m.get("note"):
                e["note"] = m["note"]
                if "incomplete" in m["note"]:
                    # What the collection joined from the blocks there are; not an APDU.
                    e["partial"], e["reassembled"] = e["reassembled"], None
            items.append(e)
    elif "apdu" in c:
        items.append(dict(base, blocks=gbt_apdus(c["frames"]), reassembled=c["apdu"]))
    else:
        e = dict(base, blocks=gbt_apdus(c["frames"]), reassembled=None)
        e["note"] = c.get("note")
        e["source_error"] = c.get("error")
        items.append(e)

json.dump({
    "description": ("general-block-transfer APDUs of Landis+Gyr E450/E570 HDLC UI pushes, "
                    "extracted from the frames by block_captures.py; 'reassembled' is the APDU "
                    "the collection records for the message (null when the message is "
                    "incomplete, with 'partial' the data its blocks hold, or deliberately "
                    "broken)."),
    "items": items,
}, sys.stdout, indent=1)
print()
