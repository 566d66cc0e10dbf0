#!/usr/bin/env python3
"""Generates the test certificates of dlms-security's tests/cert.rs.

A small public key infrastructure in the DLMS profile (DLMS UA 1000-2, the certificate
profile of security suites 1 and 2): a P-256 and a P-384 root CA, and end-entity
certificates for signing (keyUsage digitalSignature), key agreement (keyAgreement) and TLS
(both), each with the subject CN set to its system title as 16 upper-case hexadecimal
characters.

Every key is derived from a fixed label (SHA-256 or SHA-384 of the label, as the scalar), and
every field is fixed, so only the ECDSA signatures differ between runs; the files are
committed, and the tests read the keys from manifest.json.

Usage: python3 make_certs.py   (needs the `cryptography` package; writes next to itself)
"""

import datetime
import hashlib
import json
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
NOT_BEFORE = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
NOT_AFTER = datetime.datetime(2044, 1, 1, tzinfo=datetime.timezone.utc)
CURVES = {"P256": (ec.SECP256R1(), hashlib.sha256, hashes.SHA256()),
          "P384": (ec.SECP384R1(), hashlib.sha384, hashes.SHA384())}


def key_for(label, curve):
    crv, h, _ = CURVES[curve]
    scalar = int.from_bytes(h(label.encode()).digest(), "big")
    return ec.derive_private_key(scalar, crv)


def scalar_hex(key):
    n = key.curve.key_size // 8
    return key.private_numbers().private_value.to_bytes(n, "big").hex().upper()


def key_usage(digital_signature=False, key_agreement=False, cert_sign=False):
    return x509.KeyUsage(
        digital_signature=digital_signature, content_commitment=False,
        key_encipherment=False, data_encipherment=False, key_agreement=key_agreement,
        key_cert_sign=cert_sign, crl_sign=cert_sign, encipher_only=False,
        decipher_only=False)


def build(subject_cn, key, issuer_name, issuer_key, issuer_curve, serial, usage, ca=False,
          tls=False):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_cn)])
    b = (x509.CertificateBuilder()
         .subject_name(name)
         .issuer_name(issuer_name or name)
         .public_key(key.public_key())
         .serial_number(serial)
         .not_valid_before(NOT_BEFORE)
         .not_valid_after(NOT_AFTER)
         .add_extension(usage, critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                        critical=False))
    if ca:
        b = b.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    if tls:
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                   ExtendedKeyUsageOID.CLIENT_AUTH]),
                            critical=False)
    return b.sign(issuer_key or key, CURVES[issuer_curve][2])


def main():
    manifest = []
    cas = {}
    for curve in ("P256", "P384"):
        key = key_for(f"dlms-rs test CA {curve}", curve)
        cert = build(f"dlms-rs test CA {curve}", key, None, None, curve,
                     0x1000 + len(cas), key_usage(cert_sign=True), ca=True)
        cas[curve] = (cert, key)
        fname = f"ca_{curve.lower()}.der"
        manifest.append({"file": fname, "curve": curve, "private": scalar_hex(key),
                         "issuer": fname, "usage": None, "system_title": None, "ca": True})
        with open(os.path.join(HERE, fname), "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.DER))

    # (file stem, system title, curve, issuer curve, usage, tls)
    leaves = [
        ("server_sign_p256", "4D4D4D0000BC614E", "P256", "P256", "DigitalSignature"),
        ("server_agree_p256", "4D4D4D0000BC614E", "P256", "P256", "KeyAgreement"),
        ("client_sign_p256", "4D4D4D0000000001", "P256", "P256", "DigitalSignature"),
        ("client_tls_p256", "4D4D4D0000000001", "P256", "P256", "Tls"),
        ("server_sign_p384", "4D4D4D0000BC614E", "P384", "P384", "DigitalSignature"),
        ("server_agree_p384", "4D4D4D0000BC614E", "P384", "P384", "KeyAgreement"),
        ("client_agree_p384", "4D4D4D0000000001", "P384", "P384", "KeyAgreement"),
        # The profile lets a P-384 CA certify a P-256 key (signed with ecdsa-with-SHA384).
        ("server_sign_p256_by_p384", "4D4D4D0000BC614F", "P256", "P384", "DigitalSignature"),
    ]
    for serial, (stem, title, curve, issuer_curve, usage) in enumerate(leaves, start=0x2000):
        key = key_for(f"dlms-rs test {stem}", curve)
        ca_cert, ca_key = cas[issuer_curve]
        ku = key_usage(digital_signature=usage in ("DigitalSignature", "Tls"),
                       key_agreement=usage in ("KeyAgreement", "Tls"))
        cert = build(title, key, ca_cert.subject, ca_key, issuer_curve, serial, ku,
                     tls=usage == "Tls")
        fname = f"{stem}.der"
        with open(os.path.join(HERE, fname), "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.DER))
        manifest.append({"file": fname, "curve": curve, "private": scalar_hex(key),
                         "issuer": f"ca_{issuer_curve.lower()}.der", "usage": usage,
                         "system_title": title, "ca": False})
        if stem == "server_sign_p256":
            with open(os.path.join(HERE, f"{stem}.pem"), "wb") as f:
                f.write(cert.public_bytes(serialization.Encoding.PEM))

    # A certificate "issued" by an end entity (not a CA): its issuer name is the end entity's
    # subject and its signature verifies with that key, yet the chain must be refused.
    ee_key = key_for("dlms-rs test server_sign_p256", "P256")
    ee_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "4D4D4D0000BC614E")])
    key = key_for("dlms-rs test issued_by_end_entity", "P256")
    cert = build("4D4D4D0000000002", key, ee_name, ee_key, "P256", 0x3000,
                 key_usage(digital_signature=True))
    with open(os.path.join(HERE, "issued_by_end_entity.der"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.DER))
    manifest.append({"file": "issued_by_end_entity.der", "curve": "P256",
                     "private": scalar_hex(key), "issuer": "server_sign_p256.der",
                     "usage": "DigitalSignature", "system_title": "4D4D4D0000000002",
                     "ca": False, "issuer_is_ca": False})

    # Outside the profile: a P-384 key certified by the P-256 CA (ecdsa-with-SHA256). The
    # signature is sound, but the profile wants a P-384 CA for a P-384 key.
    key = key_for("dlms-rs test p384_by_p256", "P384")
    ca_cert, ca_key = cas["P256"]
    cert = build("4D4D4D0000000003", key, ca_cert.subject, ca_key, "P256", 0x3001,
                 key_usage(digital_signature=True))
    with open(os.path.join(HERE, "p384_by_p256.der"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.DER))
    manifest.append({"file": "p384_by_p256.der", "curve": "P384",
                     "private": scalar_hex(key), "issuer": "ca_p256.der",
                     "usage": "DigitalSignature", "system_title": "4D4D4D0000000003",
                     "ca": False, "outside_profile": True})

    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump({"generator": "make_certs.py (Python cryptography package)",
                   "not_before_unix": int(NOT_BEFORE.timestamp()),
                   "not_after_unix": int(NOT_AFTER.timestamp()),
                   "certificates": manifest}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
