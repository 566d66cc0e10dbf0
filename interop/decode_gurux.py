#!/usr/bin/env python3
"""`dlms decode --json` on ciphered APDUs that gurux-dlms protected.

    decode_gurux.py DLMS-BINARY

Builds seeded random plain APDUs (data-notifications, get-response-normal and
get-response-with-list) whose values gurux-dlms encodes (`_GXCommon.setData` with its typed
value classes), has gurux-dlms protect each one (`GXDLMSChippering.encryptAesGcm`, driven as
in interop/security_peers.py) in a random envelope (glo-, ded-, general-glo- or
general-ded-ciphering), security control (authentication, encryption or both, broadcast
key) and suite (0, 1 or 2) under random keys, counters and system titles, then runs
`DLMS-BINARY decode --json` on it and compares the envelope, the plaintext and the decoded
values with what gurux was given. Some copies with one flipped ciphertext bit must be
refused (authenticated ones) by a non-zero exit that prints nothing.

Prints `N passed, M failed`; exit status 1 on any failure.
"""
import json
import random
import struct
import subprocess
import sys

from common import H, hx, short
from security_peers import Gurux, encryption_key

from gurux_dlms import (GXArray, GXEnum, GXFloat32, GXFloat64, GXInt8, GXInt16, GXInt32,
                        GXInt64, GXStructure, GXUInt8, GXUInt16, GXUInt32, GXUInt64)
from gurux_dlms.GXByteBuffer import GXByteBuffer
from gurux_dlms.GXDLMSSettings import GXDLMSSettings
from gurux_dlms.enums import DataType
from gurux_dlms.internal._GXCommon import _GXCommon

SEED = 570
COUNT = 200  # protected APDUs
TAMPERED = 40  # of which a flipped copy is also checked
MAX_DEPTH = 3

INTS = {
    "integer": (GXInt8, 8, True),
    "long": (GXInt16, 16, True),
    "double-long": (GXInt32, 32, True),
    "long64": (GXInt64, 64, True),
    "unsigned": (GXUInt8, 8, False),
    "long-unsigned": (GXUInt16, 16, False),
    "double-long-unsigned": (GXUInt32, 32, False),
    "long64-unsigned": (GXUInt64, 64, False),
    "enum": (GXEnum, 8, False),
}
# Types gurux's encoder takes nested through its value classes; bit-strings and date-times
# are left to interop/axdr_gurux.py, which covers gurux's deviations A1 and A2 with them.
SCALARS = tuple(INTS) + ("null-data", "boolean", "octet-string", "visible-string",
                         "float32", "float64")


def rand_value(rng, depth):
    """(the value in dlms-apdu's JSON form of Data, gurux's value)."""
    kinds = SCALARS + (("array", "structure") if depth < MAX_DEPTH else ())
    kind = rng.choice(kinds)
    if kind in INTS:
        cls, bits, signed = INTS[kind]
        lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
        v = rng.choice([lo, hi, 0, rng.randint(lo, hi), rng.randint(lo, hi)])
        return {kind: v}, cls(v)
    if kind == "null-data":
        return {kind: None}, None
    if kind == "boolean":
        v = rng.random() < 0.5
        return {kind: v}, v
    if kind == "octet-string":
        v = rng.randbytes(rng.choice([0, 1, 6, 12, rng.randint(0, 40), 130]))
        return {kind: v.hex()}, v
    if kind == "visible-string":
        v = "".join(chr(rng.randint(0x20, 0x7E)) for _ in range(rng.randint(0, 20)))
        return {kind: v}, v
    if kind in ("float32", "float64"):
        fmt = ">f" if kind == "float32" else ">d"
        v = rng.choice([0.0, 1.5, -2.25, 0.1, 230.7, rng.uniform(-1e6, 1e6)])
        v = struct.unpack(fmt, struct.pack(fmt, v))[0]
        return {kind: v}, (GXFloat32 if kind == "float32" else GXFloat64)(v)
    items = [rand_value(rng, depth + 1) for _ in range(rng.choice([0, 1, 2, 3, 5]))]
    if kind == "array" and items:
        # An array's elements share one type.
        first = next(iter(items[0][0]))
        items = [i for i in items if next(iter(i[0])) == first and first not in ("array", "structure")]
    g = GXArray() if kind == "array" else GXStructure()
    g.extend(i[1] for i in items)
    return {kind: [i[0] for i in items]}, g


def gurux_encode(value):
    """gurux's A-XDR encoding of a value made by `rand_value`."""
    bb = GXByteBuffer()
    dtype = {GXArray: DataType.ARRAY, GXStructure: DataType.STRUCTURE}.get(type(value))
    if dtype is None:
        dtype = _GXCommon.getDLMSDataType(value)
    _GXCommon.setData(GXDLMSSettings(False, None), bb, dtype, value)
    return bytes(bb.array())


def rand_plain(rng):
    """(plain APDU, its name, the `data` the decoder should report)."""
    kind = rng.choice(["data-notification", "get-response", "get-response-list"])
    if kind == "data-notification":
        # A push: a structure of values, as meters send it.
        items = [rand_value(rng, 2) for _ in range(rng.randint(1, 8))]
        g = GXStructure()
        g.extend(i[1] for i in items)
        ours = {"structure": [i[0] for i in items]}
        invoke = rng.randrange(1 << 32).to_bytes(4, "big")
        return bytes([0x0F]) + invoke + b"\x00" + gurux_encode(g), kind, ours
    iid = rng.randrange(0x100)
    if kind == "get-response":
        ours, g = rand_value(rng, 1)
        return bytes([0xC4, 0x01, iid, 0x00]) + gurux_encode(g), kind, ours
    body, expect = b"", []
    n = rng.randint(1, 4)
    for _ in range(n):
        if rng.random() < 0.25:
            body += bytes([0x01, 4])
            expect.append({"data-access-result": "object-undefined"})
        else:
            ours, g = rand_value(rng, 2)
            body += b"\x00" + gurux_encode(g)
            expect.append(ours)
    return bytes([0xC4, 0x03, iid, n]) + body, "get-response", expect


SERVICE = {"glo": (0xCC, "glo-get-response"), "ded": (0xD4, "ded-get-response")}
GENERAL = {"general-glo": (0xDB, "general-glo-ciphering"),
           "general-ded": (0xDC, "general-ded-ciphering")}


def rand_case(rng):
    plain, plain_name, data = rand_plain(rng)
    forms = ["general-glo", "general-ded"] + (["glo", "ded"] if plain[0] == 0xC4 else [])
    form = rng.choice(forms)
    tag, name = {**SERVICE, **GENERAL}[form]
    suite = rng.choice([0, 1, 2])
    klen = 32 if suite == 2 else 16
    sc = rng.choice([0x10, 0x20, 0x30, 0x50, 0x60, 0x70]) | suite
    if sc & 0x40 and form.endswith("ded"):
        sc &= ~0x40
    return {
        "form": form, "tag": tag, "apdu_name": name, "suite": suite, "sc": sc,
        "system_title": hx(rng.randbytes(8)),
        "title_in_apdu": form.startswith("general") and rng.random() < 0.75,
        "ic": rng.choice([0, 1, rng.randrange(1 << 32), 0xFFFFFFFF]),
        "ek": hx(rng.randbytes(klen)), "bk": hx(rng.randbytes(klen)),
        "ak": hx(rng.randbytes(klen)), "dk": hx(rng.randbytes(klen)),
        "plain": hx(plain), "plain_name": plain_name, "data": data,
    }


def same(want, got):
    """Compares our JSON form of Data; floats by their bits at the type's width."""
    if isinstance(want, dict) and isinstance(got, dict):
        if want.keys() != got.keys():
            return False
        k = next(iter(want), None)
        if k in ("float32", "float64"):
            fmt = ">f" if k == "float32" else ">d"
            g = got[k]
            return isinstance(g, (int, float)) and not isinstance(g, bool) and \
                struct.pack(fmt, float(g)) == struct.pack(fmt, want[k])
        return all(same(want[x], got[x]) for x in want)
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(same(a, b) for a, b in zip(want, got))
    return want == got and type(want) is type(got)


def decode(binary, case, apdu):
    args = [binary, "decode", "--json", "--ek", hx(encryption_key(case)), "--ak", case["ak"],
            "--system-title", case["system_title"], hx(apdu)]
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def check(binary, case):
    """Differences between what gurux was given and what `dlms decode` printed."""
    r = decode(binary, case, H(case["apdu"]))
    if r.returncode != 0:
        return ["exit %d: %s" % (r.returncode, r.stderr.strip())]
    lines = r.stdout.splitlines()
    if len(lines) != 1:
        return ["%d JSON lines" % len(lines)]
    out = json.loads(lines[0])
    sec = out.get("security", {})
    want = {
        "apdu": case["apdu_name"],
        "plain_apdu": case["plain_name"],
        "plaintext": case["plain"].upper(),
        "security_control": case["sc"],
        "suite": case["suite"],
        "invocation_counter": case["ic"],
        "system_title": case["system_title"].upper(),
        "tag_verified": bool(case["sc"] & 0x10),
        "unprotected": True,
    }
    got = {
        "apdu": out.get("apdu"), "plain_apdu": out.get("plain_apdu"),
        "plaintext": out.get("plaintext"), **{k: sec.get(k) for k in list(want)[3:]},
    }
    diffs = ["%s: want %s, got %s" % (k, short(want[k]), short(got[k]))
             for k in want if want[k] != got[k]]
    if not same(case["data"], out.get("data")):
        diffs.append("data: want %s, got %s" % (short(json.dumps(case["data"])),
                                                  short(json.dumps(out.get("data")))))
    return diffs


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: decode_gurux.py DLMS-BINARY")
    binary = argv[1]
    gurux = Gurux()
    rng = random.Random(SEED)
    passed = failed = 0
    for i in range(COUNT):
        case = rand_case(rng)
        case["apdu"] = hx(gurux.protect(case))
        what = "case %d %s sc=%02X ic=%08X %s" % (i, case["form"], case["sc"], case["ic"],
                                                 short(case["apdu"]))
        diffs = check(binary, case)
        if diffs:
            failed += 1
            print("FAIL %s: %s" % (what, "; ".join(diffs)))
        else:
            passed += 1
        if i < TAMPERED and case["sc"] & 0x10:
            bad = bytearray(H(case["apdu"]))
            bad[-1 - rng.randrange(12)] ^= 1 << rng.randrange(8)  # a bit of the tag
            r = decode(binary, case, bytes(bad))
            if r.returncode == 1 and not r.stdout and "panicked" not in r.stderr:
                passed += 1
            else:
                failed += 1
                print("FAIL %s with a flipped tag bit: exit %d, %s" % (what, r.returncode,
                                                                      short(r.stdout)))
    print("gurux-dlms %s protected %d APDUs; dlms decode read them" % (gurux.version, COUNT))
    print("%d passed, %d failed" % (passed, failed))
    return failed == 0


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv) else 1)
