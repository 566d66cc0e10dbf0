"""general-ciphering and general-signing between gurux-dlms and dlms-security.

    general_gurux.py OUT.json           gurux-dlms protects and signs, for interop_general
    general_gurux.py --check OURS.json  gurux-dlms undoes what interop_general wrote

gurux-dlms 1.0.203 (Python) computes the AES-GCM of general-ciphering with its own
authenticated data (GXDLMSChippering.getAuthenticatedData: SC || AK || the header fields
built from the invocation counter as an eight-octet transaction id, the two titles and an
empty date-time and other-information) and signs with GXEcdsa (P-256 only: its P-384 branch
is unreachable). Its own general-ciphering parser (decryptAesGcm) and its ECDH
(GXEcdsa.generateSecret) fail on this release, and it has no general-signing API: so this
script lays out the APDUs itself (the structure only), uses gurux-dlms for AES-GCM, its
authenticated data and P-256 ECDSA, and the `cryptography` package (OpenSSL) for ECDH and
P-384 ECDSA. The key derivation (NIST SP 800-56A concatenation KDF) is written here from
the standard, with hashlib.
"""

import hashlib
import os
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from gurux_dlms.AesGcmParameter import AesGcmParameter
from gurux_dlms.CountType import CountType
from gurux_dlms.GXDLMSChippering import GXDLMSChippering
from gurux_dlms.GXDLMSChipperingStream import GXDLMSChipperingStream
from gurux_dlms.ecdsa.GXEcdsa import GXEcdsa
from gurux_dlms.ecdsa.GXPrivateKey import GXPrivateKey
from gurux_dlms.ecdsa.GXPublicKey import GXPublicKey
from gurux_dlms.enums.Security import Security

sys.path.insert(0, os.path.dirname(__file__))
from common import H, hx, write_json  # noqa: E402

CLIENT = H("4D4D4D0000BC614E")
SERVER = H("4D4D4D0000000001")
PLAIN = H("C001C1000800000100 00FF0200".replace(" ", ""))
CURVES = {1: (ec.SECP256R1(), 32, hashes.SHA256(), hashlib.sha256),
          2: (ec.SECP384R1(), 48, hashes.SHA384(), hashlib.sha384)}


def length(n):
    if n < 0x80:
        return bytes([n])
    if n <= 0xFF:
        return bytes([0x81, n])
    return bytes([0x82]) + n.to_bytes(2, "big")


def octets(b):
    return length(len(b)) + bytes(b)


def header(tid, orig, recip, dt=b"", oi=b""):
    return octets(tid) + octets(orig) + octets(recip) + octets(dt) + octets(oi)


def scalar(seed, size):
    return hashlib.sha512(seed).digest()[:size]


def private(suite, seed):
    curve, size, _, _ = CURVES[suite]
    # Reduce below the order with a margin: the first octet cleared.
    raw = b"\x00" + scalar(seed, size)[1:]
    return ec.derive_private_key(int.from_bytes(raw, "big"), curve), raw


def xy(key):
    n = key.curve.key_size // 8 + (1 if key.curve.key_size % 8 else 0)
    nums = key.public_key().public_numbers()
    return nums.x.to_bytes(n, "big") + nums.y.to_bytes(n, "big")


def ecdh(priv, pub_xy, suite):
    curve = CURVES[suite][0]
    pub = ec.EllipticCurvePublicKey.from_encoded_point(curve, b"\x04" + pub_xy)
    return priv.exchange(ec.ECDH(), pub)


def kdf(suite, z, orig, recip, tid=None):
    alg = H("60857405080300") if suite == 1 else H("60857405080301")
    other = alg + orig + (octets(tid) if tid is not None else b"") + recip
    h = CURVES[suite][3](b"\x00\x00\x00\x01" + z + other).digest()
    return h[: 16 if suite == 1 else 32]


def sign(suite, priv_raw, priv, msg):
    if suite == 1:
        return GXEcdsa(GXPrivateKey.fromRawBytes(priv_raw)).sign(msg)
    size = CURVES[suite][1]
    r, s = decode_dss_signature(priv.sign(msg, ec.ECDSA(CURVES[suite][2])))
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def verify(suite, pub_xy, sig, msg):
    if suite == 1:
        return GXEcdsa(GXPublicKey.fromRawBytes(b"\x04" + pub_xy)).verify(sig, msg)
    size = CURVES[suite][1]
    pub = ec.EllipticCurvePublicKey.from_encoded_point(CURVES[suite][0], b"\x04" + pub_xy)
    der = encode_dss_signature(int.from_bytes(sig[:size], "big"),
                               int.from_bytes(sig[size:], "big"))
    try:
        pub.verify(der, msg, ec.ECDSA(CURVES[suite][2]))
        return True
    except Exception:  # noqa: BLE001
        return False


def gurux_param(suite, security, key, ak, ic, orig, recip):
    p = AesGcmParameter(0, orig, key, ak)
    p.security = security
    p.securitySuite = suite
    p.invocationCounter = ic
    p.recipientSystemTitle = recip
    return p


def gurux_seal(suite, security, key, ak, ic, plain):
    """ciphertext || tag (or plaintext || tag) as gurux-dlms computes them."""
    p = gurux_param(suite, security, key, ak, ic, CLIENT, SERVER)
    p.type_ = CountType.DATA | CountType.TAG
    return bytes(GXDLMSChippering.encryptAesGcm(p, plain))


def gurux_open(suite, sc, key, ak, ic, orig, recip, text):
    """Verifies and decrypts with gurux-dlms; raises on a bad tag."""
    security = Security(sc & 0x30)
    p = gurux_param(suite, security, key, ak, ic, orig, recip)
    if security == Security.AUTHENTICATION:
        plain, tag = text[:-12], text[-12:]
        p.type_ = CountType.TAG
        GXDLMSChippering.encryptAesGcm(p, plain)
        if not GXDLMSChipperingStream.tagsEquals(tag, p.countTag):
            raise ValueError("invalid tag")
        return plain
    ciphertext, tag = text[:-12], text[-12:]
    aad = GXDLMSChippering.getAuthenticatedData(p, sc, ciphertext)
    iv = GXDLMSChippering.getNonse(ic, orig)
    gcm = GXDLMSChipperingStream(security, True, key, aad, iv, tag)
    gcm.write(ciphertext)
    return bytes(gcm.flushFinalBlock())


def keys_for(suite):
    n = 16 if suite == 1 else 32
    return {
        "ek": bytes([0x11 * suite]) * n,
        "ak": bytes([0xD0 + suite]) * n,
        "client_signing": private(suite, b"client signing %d" % suite),
        "client_agreement": private(suite, b"client agreement %d" % suite),
        "server_agreement": private(suite, b"server agreement %d" % suite),
    }


def key_doc(k):
    return {
        "ek": hx(k["ek"]),
        "ak": hx(k["ak"]),
        "client_signing": hx(k["client_signing"][1]),
        "client_agreement": hx(k["client_agreement"][1]),
        "server_agreement": hx(k["server_agreement"][1]),
    }


def produce(path):
    cases = []
    signed = []
    ic = 100
    for suite in (1, 2):
        k = keys_for(suite)
        for kind in ("identified", "static-unified", "one-pass"):
            modes = [(Security.AUTHENTICATION_ENCRYPTION, 0x30)]
            if kind == "identified":
                modes.append((Security.AUTHENTICATION, 0x10))
            for security, bits in modes:
                ic += 1
                tid = ic.to_bytes(8, "big")
                if kind == "identified":
                    key, key_info = k["ek"], H("010000")
                elif kind == "static-unified":
                    z = ecdh(k["client_agreement"][0], xy(k["server_agreement"][0]), suite)
                    key, key_info = kdf(suite, z, CLIENT, SERVER, tid), H("0102010200")
                else:
                    eph, _ = private(suite, b"ephemeral %d" % ic)
                    exy = xy(eph)
                    sig = sign(suite, k["client_signing"][1], k["client_signing"][0], exy)
                    z = ecdh(eph, xy(k["server_agreement"][0]), suite)
                    key = kdf(suite, z, CLIENT, SERVER)
                    key_info = H("01020101") + octets(exy + sig)
                text = gurux_seal(suite, security, key, k["ak"], ic, PLAIN)
                content = bytes([bits | suite]) + ic.to_bytes(4, "big") + text
                apdu = (b"\xDD" + header(tid, CLIENT, SERVER) + key_info + octets(content))
                cases.append({"suite": suite, "kind": kind, "sc": bits | suite,
                              "apdu": hx(apdu), "plaintext": hx(PLAIN)})
        # general-signing over the header and the content octets.
        ic += 1
        h = header(ic.to_bytes(8, "big"), CLIENT, SERVER)
        sig = sign(suite, k["client_signing"][1], k["client_signing"][0], h + PLAIN)
        signed.append({"suite": suite, "apdu": hx(b"\xDF" + h + octets(PLAIN) + octets(sig)),
                       "content": hx(PLAIN)})
    doc = {"peer": "gurux", "client": hx(CLIENT), "server": hx(SERVER),
           "keys": {str(s): key_doc(keys_for(s)) for s in (1, 2)},
           "ciphering": cases, "signing": signed}
    write_json(path, doc)


def read_octets(b, i):
    n = b[i]
    i += 1
    if n & 0x80:
        m = n & 0x7F
        n = int.from_bytes(b[i:i + m], "big")
        i += m
    return b[i:i + n], i + n


def check(path):
    import json

    with open(path) as fh:
        doc = json.load(fh)
    passed = failed = 0
    for case in doc["ciphering"]:
        suite = case["suite"]
        k = keys_for(suite)
        apdu = H(case["apdu"])
        try:
            assert apdu[0] == 0xDD
            tid, i = read_octets(apdu, 1)
            orig, i = read_octets(apdu, i)
            recip, i = read_octets(apdu, i)
            _, i = read_octets(apdu, i)
            _, i = read_octets(apdu, i)
            assert apdu[i] == 1
            choice = apdu[i + 1]
            if choice == 0:
                key, i = k["ek"], i + 3
            else:
                assert choice == 2
                params, i = read_octets(apdu, i + 2)
                data, i = read_octets(apdu, i)
                if params == b"\x02":
                    z = ecdh(k["server_agreement"][0], xy(k["client_agreement"][0]), suite)
                    key = kdf(suite, z, orig, recip, tid)
                else:
                    n = len(data) // 2
                    exy, sig = data[:n], data[n:]
                    if not verify(suite, xy(k["client_signing"][0]), sig, exy):
                        raise ValueError("ephemeral key signature")
                    z = ecdh(k["server_agreement"][0], exy, suite)
                    key = kdf(suite, z, orig, recip)
            content, i = read_octets(apdu, i)
            assert i == len(apdu)
            sc, ic = content[0], int.from_bytes(content[1:5], "big")
            assert tid == ic.to_bytes(8, "big")
            plain = gurux_open(suite, sc, key, k["ak"], ic, orig, recip, content[5:])
            assert plain == H(case["plaintext"]), "plaintext differs"
            passed += 1
        except Exception as e:  # noqa: BLE001
            failed += 1
            print("FAIL ciphering %s suite %d: %r" % (case["kind"], suite, e))
    for case in doc["signing"]:
        suite = case["suite"]
        k = keys_for(suite)
        apdu = H(case["apdu"])
        try:
            i = 1
            for _ in range(5):
                _, i = read_octets(apdu, i)
            h = apdu[1:i]
            content, i = read_octets(apdu, i)
            sig, i = read_octets(apdu, i)
            assert i == len(apdu)
            if not verify(suite, xy(k["client_signing"][0]), sig, h + content):
                raise ValueError("signature")
            assert content == H(case["content"])
            passed += 1
        except Exception as e:  # noqa: BLE001
            failed += 1
            print("FAIL signing suite %d: %r" % (suite, e))
    print("dlms-security general-ciphering and general-signing, undone by gurux-dlms:")
    print("%d passed, %d failed" % (passed, failed))
    return failed == 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(0 if check(sys.argv[2]) else 1)
    produce(sys.argv[1])
