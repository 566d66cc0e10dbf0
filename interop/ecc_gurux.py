#!/usr/bin/env python3
"""Security suites 1 and 2 (ECDSA, ECDH, HLS mechanism 7, Security setup key_agreement)
interoperability with gurux-dlms.

    ecc_gurux.py OUT.json          gurux-dlms derives public keys, computes ECDH secrets,
                                   signs seeded random messages, answers HLS-7 challenges as
                                   a client and builds key_agreement requests, for
                                   `examples/interop_ecc.rs` to check
    ecc_gurux.py --check IN.json   gurux-dlms verifies the signatures, HLS-7 responses and
                                   key_agreement responses dlms-security wrote, and derives
                                   the agreed keys from them

What gurux-dlms 1.0.203 is driven through:
- P-256 ECDSA: `GXEcdsa.sign` / `GXEcdsa.verify`.
- P-384 ECDSA: `GXEcdsa` refuses P-384 keys in this release (its hash choice tests for P-256
  twice), so P-384 signatures are made and checked with the same steps on gurux's curve
  arithmetic (`GXCurve`, `_GXShamirs.pointMulti` and `_GXShamirs.trick`) and SHA-384.
- Public keys: `GXPrivateKey.getPublicKey`, both curves.
- ECDH: `GXEcdsa.generateSecret` fails on its own key type in this release
  (`int(bytes)`), so Z is the x-coordinate of `_GXShamirs.pointMulti(peer point, scalar)`,
  the computation generateSecret intends.
- HLS-7 (P-256): the client's `getApplicationAssociationRequest` computes f(StoC), signing
  ST-C || ST-S || StoC || CtoS, and `parseApplicationAssociationResponse` checks the
  server's f(CtoS) over ST-S || ST-C || CtoS || StoC. gurux-dlms has no server side for
  mechanism 7 (its Association LN raises "ECDSA is not implemented"), so our client's
  f(StoC) is checked with `GXEcdsa.verify` over the layout its client signs.
- key_agreement: the request is built as `GXDLMSSecuritySetup.__keyAgreement` builds it
  (array of structure {enum key_id, octet-string X||Y||r||s}) with gurux's A-XDR writer,
  each ephemeral key signed over key_id || X || Y; the response is read with gurux's A-XDR
  reader, each signature verified with the server's signing key, Z computed with the
  client's ephemeral key, and the key derived with the KDF layout of Gurux.DLMS.Net
  (`GXSecure.GenerateKDF`: SHA-256/384 of 00000001 || Z || AlgorithmID || ST-C || ST-S;
  the Python package has no KDF). AlgorithmID: AES-GCM of the suite for key ids 0-2, as
  Gurux.DLMS.Net's `UpdateEphemeralKeys` uses AES-GCM-128 for suite 1.

Exit status 1 on any mismatch; the last line is "N passed, M failed".
"""
import argparse
import contextlib
import hashlib
import io
import random
import sys
import traceback
from importlib.metadata import version

from gurux_dlms.GXByteBuffer import GXByteBuffer
from gurux_dlms.ecdsa.GXCurve import GXCurve
from gurux_dlms.ecdsa.GXEccPoint import GXEccPoint
from gurux_dlms.ecdsa.GXEcdsa import GXEcdsa
from gurux_dlms.ecdsa.GXPrivateKey import GXPrivateKey
from gurux_dlms.ecdsa.GXPublicKey import GXPublicKey
from gurux_dlms.ecdsa._GXShamirs import _GXShamirs
from gurux_dlms.ecdsa.enums.Ecc import Ecc
from gurux_dlms.enums import Authentication, DataType, InterfaceType
from gurux_dlms.internal._GXCommon import _GXCommon
from gurux_dlms.internal._GXDataInfo import _GXDataInfo
from gurux_dlms.secure.GXDLMSSecureClient import GXDLMSSecureClient

from common import H, hx, write_json

SEED = 7321
SIGNATURES = 30  # per curve
PUBLIC_KEYS = 10  # per curve
ECDH = 10  # per curve
HLS7 = 20
KEY_AGREEMENTS = 6  # per suite

CURVES = {"P-256": (Ecc.P256, 32, hashlib.sha256, 1), "P-384": (Ecc.P384, 48, hashlib.sha384, 2)}
SUITE_CURVE = {1: "P-256", 2: "P-384"}
# Contents octets of 2.16.756.5.8.3.0 (AES-GCM-128) and .1 (AES-GCM-256).
GCM_OID = {1: H("60857405080300"), 2: H("60857405080301")}


def quiet(fn, *args):
    """Calls a gurux function that prints key material on stdout, discarding the print."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args)


def scalar(rng, curve):
    """A random private scalar in [1, n-1] as big-endian octets."""
    ecc, size, _, _ = CURVES[curve]
    n = GXCurve(ecc).n
    return (rng.randrange(1, n)).to_bytes(size, "big")


def public_xy(private):
    """X || Y of gurux's public key for a private scalar."""
    return bytes(GXPrivateKey.fromRawBytes(private).getPublicKey().rawValue)[1:]


def public_key(curve, xy):
    """gurux's public key object from X || Y (given with the 04 prefix: gurux's 64/96-octet
    reading of a bare X || Y drops an octet for P-384)."""
    return GXPublicKey.fromRawBytes(b"\x04" + xy)


def sign(curve, private, msg, rng):
    """gurux's ECDSA signature r || s of msg."""
    if curve == "P-256":
        return bytes(GXEcdsa(GXPrivateKey.fromRawBytes(private)).sign(msg))
    ecc, size, hash_, _ = CURVES[curve]
    c = GXCurve(ecc)
    e = int.from_bytes(hash_(msg).digest(), "big")
    d = int.from_bytes(private, "big")
    while True:
        k = rng.randrange(1, c.n)
        R = GXEccPoint(0, 0)
        _GXShamirs.pointMulti(c, R, c.g, k)
        r = int(R.x) % c.n
        s = (pow(k, -1, c.n) * (e + d * r)) % c.n
        if r and s:
            return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def verify(curve, xy, msg, sig):
    """gurux's verdict on the signature r || s of msg under the public key X || Y."""
    if curve == "P-256":
        return bool(GXEcdsa(public_key(curve, xy)).verify(sig, msg))
    ecc, size, hash_, _ = CURVES[curve]
    c = GXCurve(ecc)
    if len(sig) != 2 * size:
        return False
    r, s = int.from_bytes(sig[:size], "big"), int.from_bytes(sig[size:], "big")
    if not (0 < r < c.n and 0 < s < c.n):
        return False
    e = int.from_bytes(hash_(msg).digest(), "big")
    w = pow(s, -1, c.n)
    ret = GXEccPoint()
    _GXShamirs.trick(c, public_key(curve, xy), ret, (e * w) % c.n, (r * w) % c.n)
    return int(ret.x) % c.n == r


def ecdh(curve, private, peer_xy):
    """Z, the x-coordinate of private * peer, on gurux's curve arithmetic."""
    ecc, size, _, _ = CURVES[curve]
    p = GXEccPoint(int.from_bytes(peer_xy[:size], "big"), int.from_bytes(peer_xy[size:], "big"))
    ret = GXEccPoint()
    _GXShamirs.pointMulti(GXCurve(ecc), ret, p, int.from_bytes(private, "big"))
    return int(ret.x).to_bytes(size, "big")


def kdf(suite, z, client_title, server_title):
    """The key of `key_agreement` as Gurux.DLMS.Net's GenerateKDF lays out OtherInfo."""
    _, size, hash_, _ = CURVES[SUITE_CURVE[suite]]
    digest = hash_(b"\x00\x00\x00\x01" + z + GCM_OID[suite] + client_title + server_title).digest()
    return digest[: 16 if suite == 1 else 32]


def hls7_client(client_private, server_xy, client_title, server_title, ctos, stoc):
    """f(StoC) from gurux's client (P-256)."""
    c = GXDLMSSecureClient(True, 16, 1, Authentication.HIGH_ECDSA, None, InterfaceType.WRAPPER)
    c.ciphering.systemTitle = client_title
    c.settings.sourceSystemTitle = server_title
    c.settings.ctoSChallenge = ctos
    c.settings.stoCChallenge = stoc
    c.settings.cipher.signingKeyPair = (
        public_key("P-256", server_xy),
        GXPrivateKey.fromRawBytes(client_private),
    )
    frame = bytes(quiet(c.getApplicationAssociationRequest)[0])
    # The frame ends with the method parameter: octet-string (09 40) of 64 octets.
    if frame[-66:-64] != b"\x09\x40":
        raise ValueError("unexpected reply_to_HLS_authentication request " + hx(frame))
    return frame[-64:], c


def generate(path):
    rng = random.Random(SEED)
    doc = {"peer": "gurux-dlms " + version("gurux-dlms"), "public_keys": [], "ecdh": [],
           "signatures": [], "hls7": [], "key_agreement": []}
    for curve in CURVES:
        for _ in range(PUBLIC_KEYS):
            d = scalar(rng, curve)
            doc["public_keys"].append({"curve": curve, "private": hx(d), "public": hx(public_xy(d))})
        for _ in range(ECDH):
            a, b = scalar(rng, curve), scalar(rng, curve)
            doc["ecdh"].append({"curve": curve, "private": hx(a), "peer_public": hx(public_xy(b)),
                                "z": hx(ecdh(curve, a, public_xy(b)))})
        for _ in range(SIGNATURES):
            d = scalar(rng, curve)
            msg = rng.randbytes(rng.randrange(0, 200))
            doc["signatures"].append({"curve": curve, "public": hx(public_xy(d)), "message": hx(msg),
                                      "signature": hx(sign(curve, d, msg, rng))})
    for _ in range(HLS7):
        client, server = scalar(rng, "P-256"), scalar(rng, "P-256")
        ct, st = rng.randbytes(8), rng.randbytes(8)
        ctos, stoc = rng.randbytes(rng.randrange(32, 65)), rng.randbytes(rng.randrange(32, 65))
        f, _ = hls7_client(client, public_xy(server), ct, st, ctos, stoc)
        doc["hls7"].append({"curve": "P-256", "client_public": hx(public_xy(client)),
                            "client_title": hx(ct), "server_title": hx(st), "ctos": hx(ctos),
                            "stoc": hx(stoc), "f_stoc": hx(f)})
    for suite, curve in SUITE_CURVE.items():
        for _ in range(KEY_AGREEMENTS):
            signing = scalar(rng, curve)
            ids = rng.sample([0, 1, 2], rng.randrange(1, 4))
            bb = GXByteBuffer()
            bb.setUInt8(DataType.ARRAY)
            bb.setUInt8(len(ids))
            ephemerals = []
            for key_id in ids:
                e = scalar(rng, curve)
                ephemerals.append(hx(e))
                xy = public_xy(e)
                bb.setUInt8(DataType.STRUCTURE)
                bb.setUInt8(2)
                _GXCommon.setData(None, bb, DataType.ENUM, key_id)
                sig = sign(curve, signing, bytes([key_id]) + xy, rng)
                _GXCommon.setData(None, bb, DataType.OCTET_STRING, xy + sig)
            doc["key_agreement"].append({
                "suite": suite, "client_title": hx(rng.randbytes(8)),
                "server_title": hx(rng.randbytes(8)), "client_signing_public": hx(public_xy(signing)),
                "key_ids": ids, "ephemeral_private": ephemerals, "request": hx(bytes(bb.array()))})
    write_json(path, doc)
    print("gurux-dlms wrote %d public keys, %d ECDH secrets, %d signatures, %d HLS-7 responses, "
          "%d key_agreement requests" % tuple(len(doc[k]) for k in
                                              ("public_keys", "ecdh", "signatures", "hls7", "key_agreement")))


def check(path):
    import json

    with open(path) as fh:
        doc = json.load(fh)
    passed = failed = 0

    def verdict(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL " + what)

    def run(what, fn):
        try:
            verdict(fn(), what)
        except Exception:  # a crash in the peer is a failure of that case
            verdict(False, what + ": " + traceback.format_exc().strip().splitlines()[-1])

    for i, s in enumerate(doc["signatures"]):
        c, xy, msg, sig = s["curve"], H(s["public"]), H(s["message"]), H(s["signature"])
        run("signature %d %s" % (i, c), lambda: verify(c, xy, msg, sig))
        bad = bytearray(sig)
        bad[i % len(bad)] ^= 1 << (i % 8)
        run("tampered signature %d %s refused" % (i, c), lambda: not verify(c, xy, msg, bytes(bad)))
    for i, h in enumerate(doc["hls7"]):
        ct, st = H(h["client_title"]), H(h["server_title"])
        ctos, stoc = H(h["ctos"]), H(h["stoc"])
        c = h["curve"]
        # Our client's f(StoC), over what gurux's client signs.
        run("hls7 %d %s f(StoC)" % (i, c),
            lambda: verify(c, H(h["client_public"]), ct + st + stoc + ctos, H(h["f_stoc"])))
        # Our server's f(CtoS): gurux's client accepts it (P-256), or verifies it (P-384).
        if c == "P-256":
            def accept(h=h, ct=ct, st=st, ctos=ctos, stoc=stoc, f=H(h["f_ctos"])):
                _, client = hls7_client(H(h["client_private"]), H(h["server_public"]), ct, st, ctos, stoc)
                quiet(client.parseApplicationAssociationResponse, GXByteBuffer(b"\x09\x40" + f))
                bad = bytearray(f)
                bad[7] ^= 4
                try:
                    quiet(client.parseApplicationAssociationResponse, GXByteBuffer(b"\x09\x40" + bytes(bad)))
                    return False
                except Exception:
                    return True
            run("hls7 %d %s f(CtoS) accepted by the gurux client" % (i, c), accept)
        else:
            run("hls7 %d %s f(CtoS)" % (i, c),
                lambda: verify(c, H(h["server_public"]), st + ct + ctos + stoc, H(h["f_ctos"])))
    for i, k in enumerate(doc["key_agreement"]):
        def agree(k=k):
            suite = k["suite"]
            curve = SUITE_CURVE[suite]
            ct, st = H(k["client_title"]), H(k["server_title"])
            value = _GXCommon.getData(None, GXByteBuffer(H(k["response"])), _GXDataInfo())
            if [int(e[0]) for e in value] != k["key_ids"]:
                return False
            n = 2 * CURVES[curve][1]
            for entry, eph, key in zip(value, k["ephemeral_private"], k["keys"]):
                key_id, data = int(entry[0]), bytes(entry[1])
                xy, sig = data[:n], data[n:]
                if not verify(curve, H(k["server_signing_public"]), bytes([key_id]) + xy, sig):
                    return False
                if kdf(suite, ecdh(curve, H(eph), xy), ct, st) != H(key):
                    return False
            return True
        run("key_agreement %d suite %d, keys %s" % (i, k["suite"], k["key_ids"]), agree)
    print("dlms-security signed and agreed, gurux-dlms checked:")
    print("%d passed, %d failed" % (passed, failed))
    return failed == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("path")
    args = ap.parse_args()
    if args.check:
        sys.exit(0 if check(args.path) else 1)
    generate(args.path)


if __name__ == "__main__":
    main()
