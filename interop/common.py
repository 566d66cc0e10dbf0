"""Helpers shared by the interoperability scripts (hdlc_gurux.py, hdlc_dlms_cosem.py)."""

import json

H = bytes.fromhex

# The wrapper fields every peer reads back.
WRAPPER_KEYS = ("version", "source", "destination", "length", "apdu")


def hx(b):
    """Upper-case hex of bytes."""
    return bytes(b).hex().upper()


def write_json(path, doc):
    """Writes `doc` as indented JSON with a final newline."""
    with open(path, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")


def short(v):
    """A long hex string cut for a message."""
    if isinstance(v, str) and len(v) > 72:
        return "%s...(%d bytes)" % (v[:64], len(v) // 2)
    return v


def compare(expect, got, keys, peer):
    """Differences between the fields we meant (`expect`) and a peer's reading (`got`), as
    strings; hex strings compare case-insensitively, nested dicts field by field."""
    diffs = []
    for k in keys:
        if k not in expect:
            continue
        e, g = expect[k], got.get(k)
        if isinstance(e, dict) and isinstance(g, dict):
            for kk in e:
                if e[kk] != g.get(kk):
                    diffs.append("%s.%s: ours %r, %s %r" % (k, kk, e[kk], peer, g.get(kk)))
        elif isinstance(e, str) and isinstance(g, str):
            if e.upper() != g.upper():
                diffs.append("%s: ours %s, %s %s" % (k, short(e), peer, short(g)))
        elif e != g:
            diffs.append("%s: ours %r, %s %r" % (k, e, peer, g))
    return diffs
