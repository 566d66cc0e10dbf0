#!/usr/bin/env python3
"""Certificate and certificate request interoperability (security suites 1 and 2).

    cert_peers.py OUT.json          writes certificates and PKCS #10 requests made by the
                                    peers, for `examples/interop_cert.rs` to parse and verify
    cert_peers.py --check IN.json   has the peers parse and verify the certificate requests
                                    dlms-security made, and compares what they read

The certificates come from the `cryptography` package (gurux-dlms 1.0.203 cannot write one,
see interop/README.md, deviation C1): two root CAs (P-256, P-384) and seeded random end
entities in the DLMS profile (subject CN = system title in hexadecimal, key usage
digitalSignature, keyAgreement or both). gurux-dlms's `GXx509Certificate` reads each one it
can (C2) and must agree on the system title, key and key usage. The requests come from
gurux-dlms's `GXPkcs10.createCertificateSigningRequest` (P-256 only, C3) and from
`cryptography` (both curves). In the check direction `cryptography` verifies every request
of ours, and gurux every P-256 one (C3); a copy with one flipped signature bit must fail.
Exit status 1 on any mismatch.
"""
import argparse
import datetime
import json
import random
import sys
import traceback

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from gurux_dlms.asn.GXPkcs10 import GXPkcs10
from gurux_dlms.asn.GXx509Certificate import GXx509Certificate
from gurux_dlms.asn.enums.KeyUsage import KeyUsage
from gurux_dlms.ecdsa.GXPrivateKey import GXPrivateKey
from importlib.metadata import version

from common import H, hx, write_json

SEED = 6205
CERT_COUNT = 60
GURUX_CSR_COUNT = 20
CRYPTOGRAPHY_CSR_COUNT = 20
CURVES = {
    "P256": (ec.SECP256R1(), hashes.SHA256(), 32,
             0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551),
    "P384": (ec.SECP384R1(), hashes.SHA384(), 48,
             int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF"
                 "581A0DB248B0A77AECEC196ACCC52973", 16)),
}
USAGES = ("DigitalSignature", "KeyAgreement", "Tls")


def random_key(rng, curve):
    """A private key with a seeded scalar, and the scalar's octets."""
    crv, _, size, n = CURVES[curve]
    scalar = rng.randrange(1, n)
    return ec.derive_private_key(scalar, crv), scalar.to_bytes(size, "big")


def xy(public_key):
    """The DLMS form X || Y of a `cryptography` public key."""
    point = public_key.public_bytes(serialization.Encoding.X962,
                                    serialization.PublicFormat.UncompressedPoint)
    return point[1:]


def random_title(rng):
    """A system title: a three-letter FLAG id and five random octets."""
    flag = bytes(rng.choice(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3))
    return flag + rng.randbytes(5)


def key_usage(usage, ca=False):
    return x509.KeyUsage(
        digital_signature=usage in ("DigitalSignature", "Tls"), content_commitment=False,
        key_encipherment=False, data_encipherment=False,
        key_agreement=usage in ("KeyAgreement", "Tls"), key_cert_sign=ca, crl_sign=ca,
        encipher_only=False, decipher_only=False)


def gurux_reading(der):
    """What gurux's GXx509Certificate reads from a certificate, or the reason it cannot."""
    try:
        g = GXx509Certificate(bytearray(der))
    except Exception as e:  # noqa: BLE001 - any refusal is reported, not raised
        return {"error": "%s: %s" % (type(e).__name__, e)}
    out = {"xy": hx(bytes(g.publicKey.rawValue)[1:]), "key_usage": int(g.keyUsage)}
    if KeyUsage.KEY_CERT_SIGN not in g.keyUsage:
        out["system_title"] = hx(g.getSystemTitle())
    return out


def make_ca(rng, curve, serial):
    key, _ = random_key(rng, curve)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "interop CA %s" % curve)])
    now = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(serial)
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(key_usage(None, ca=True), critical=True)
            .sign(key, CURVES[curve][1]))
    return cert, key


def generate(path):
    rng = random.Random(SEED)
    random.seed(SEED)  # gurux draws its ECDSA nonces from the module's generator
    cas = {c: make_ca(rng, c, 0x100 + i) for i, c in enumerate(CURVES)}
    certificates = []
    for curve, (cert, _) in cas.items():
        der = cert.public_bytes(serialization.Encoding.DER)
        certificates.append({"name": "ca-%s" % curve, "der": hx(der), "issuer": "ca-%s" % curve,
                             "curve": curve, "xy": hx(xy(cert.public_key())),
                             "system_title": None, "usage": None, "ca": True,
                             "gurux": gurux_reading(der)})
    for i in range(CERT_COUNT):
        curve = rng.choice(sorted(CURVES))
        # The profile: a P-256 key may be certified by a P-256 or P-384 CA, P-384 by P-384.
        ca_curve = rng.choice(sorted(CURVES)) if curve == "P256" else "P384"
        ca_cert, ca_key = cas[ca_curve]
        key, _ = random_key(rng, curve)
        usage = rng.choice(USAGES)
        title = random_title(rng)
        critical = rng.random() < 0.5
        start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc) + \
            datetime.timedelta(days=rng.randrange(0, 365))
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                                               hx(title))]))
                   .issuer_name(ca_cert.subject).public_key(key.public_key())
                   .serial_number(rng.randrange(1, 1 << 64))
                   .not_valid_before(start)
                   .not_valid_after(start + datetime.timedelta(days=rng.randrange(1, 7300)))
                   .add_extension(key_usage(usage), critical=critical))
        if usage == "Tls":
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                       ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        cert = builder.sign(ca_key, CURVES[ca_curve][1])
        der = cert.public_bytes(serialization.Encoding.DER)
        certificates.append({
            "name": "cert-%d-%s-by-%s-%s" % (i, curve, ca_curve, usage), "der": hx(der),
            "issuer": "ca-%s" % ca_curve, "curve": curve, "xy": hx(xy(cert.public_key())),
            "system_title": hx(title), "usage": usage, "ca": False,
            "not_before": int(cert.not_valid_before_utc.timestamp()),
            "not_after": int(cert.not_valid_after_utc.timestamp()),
            "critical_key_usage": critical, "gurux": gurux_reading(der)})

    requests = []
    for i in range(GURUX_CSR_COUNT):
        _, scalar = random_key(rng, "P256")
        private = GXPrivateKey.fromRawBytes(scalar)
        public = private.getPublicKey()
        title = random_title(rng)
        csr = GXPkcs10.createCertificateSigningRequest((public, private), "CN=" + hx(title))
        der = bytes(csr.encoded)
        # gurux writes r and s as 32 octets without the sign octet DER needs when the top
        # bit is set (C4): such a signature is malformed, and cryptography refuses it too.
        valid = x509.load_der_x509_csr(der).is_signature_valid
        requests.append({"name": "gurux-csr-%d" % i, "der": hx(der),
                         "curve": "P256", "xy": hx(bytes(public.rawValue)[1:]),
                         "system_title": hx(title), "peer": "gurux",
                         "signature_valid": valid})
    for i in range(CRYPTOGRAPHY_CSR_COUNT):
        curve = sorted(CURVES)[i % 2]
        key, _ = random_key(rng, curve)
        title = random_title(rng)
        csr = (x509.CertificateSigningRequestBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hx(title))]))
               .sign(key, CURVES[curve][1]))
        requests.append({"name": "cryptography-csr-%d" % i,
                         "der": hx(csr.public_bytes(serialization.Encoding.DER)),
                         "curve": curve, "xy": hx(xy(key.public_key())),
                         "system_title": hx(title), "peer": "cryptography",
                         "signature_valid": True})

    write_json(path, {"peer": "gurux-dlms %s, cryptography %s"
                      % (version("gurux-dlms"), version("cryptography")),
                      "seed": SEED, "certificates": certificates, "requests": requests})
    unread = sum(1 for c in certificates if "error" in c["gurux"])
    malformed = sum(1 for r in requests if not r["signature_valid"])
    print("wrote %d certificates (%d gurux cannot read) and %d requests (%d of gurux's with a "
          "malformed signature, C4) to %s"
          % (len(certificates), unread, len(requests), malformed, path))


def check(path):
    with open(path) as fh:
        doc = json.load(fh)
    passed = failed = 0
    gurux_skipped = 0

    def verdict(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL", what)

    for r in doc["requests"]:
        name, der, curve = r["name"], H(r["der"]), r["curve"]
        want_xy, want_title = r["xy"].upper(), r["system_title"].upper()
        # cryptography: signature, subject, key, hash.
        try:
            csr = x509.load_der_x509_csr(der)
            cn = csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
            problems = []
            if not csr.is_signature_valid:
                problems.append("signature does not verify")
            if [a.value for a in cn] != [want_title]:
                problems.append("subject %s" % csr.subject.rfc4514_string())
            if hx(xy(csr.public_key())) != want_xy:
                problems.append("public key differs")
            if csr.signature_hash_algorithm.name != CURVES[curve][1].name:
                problems.append("hash %s" % csr.signature_hash_algorithm.name)
            if csr.public_key().curve.name != CURVES[curve][0].name:
                problems.append("curve %s" % csr.public_key().curve.name)
            verdict(not problems, "%s (cryptography): %s" % (name, "; ".join(problems)))
            tampered = bytearray(der)
            tampered[-1] ^= 0x01  # the last octet of s
            verdict(not x509.load_der_x509_csr(bytes(tampered)).is_signature_valid,
                    "%s (cryptography): flipped signature accepted" % name)
        except Exception:  # noqa: BLE001
            verdict(False, "%s (cryptography): %s" % (name, traceback.format_exc()))
        # gurux: GXPkcs10 verifies the signature while parsing; P-256 only (C3).
        if curve != "P256":
            gurux_skipped += 1
            continue
        try:
            g = GXPkcs10(bytearray(der))
            problems = []
            if g.subject != "CN=" + want_title:
                problems.append("subject %r" % g.subject)
            if hx(bytes(g.publicKey.rawValue)[1:]) != want_xy:
                problems.append("public key differs")
            verdict(not problems, "%s (gurux): %s" % (name, "; ".join(problems)))
        except Exception:  # noqa: BLE001
            verdict(False, "%s (gurux): %s" % (name, traceback.format_exc()))
        tampered = bytearray(der)
        tampered[-1] ^= 0x01
        try:
            GXPkcs10(tampered)
            verdict(False, "%s (gurux): flipped signature accepted" % name)
        except Exception:  # noqa: BLE001 - the refusal is the expected outcome
            verdict(True, name)

    print("checked %d requests of dlms-security; gurux left out %d P-384 requests (C3)"
          % (len(doc["requests"]), gurux_skipped))
    print("%d passed, %d failed" % (passed, failed))
    return failed == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("path")
    args = ap.parse_args()
    if args.check:
        sys.exit(0 if check(args.path) else 1)
    generate(args.path)


if __name__ == "__main__":
    main()
