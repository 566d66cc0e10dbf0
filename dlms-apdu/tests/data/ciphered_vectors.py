#!/usr/bin/env python3
"""Builds ciphered_vectors.json: every ciphered APDU of the shared vector collection, with the
field values the sources (or the dlms-cosem 25.1.0 parser) give for them.

Usage: ciphered_vectors.py <vectors-dir> > ciphered_vectors.json

<vectors-dir> holds aes_gcm.json, captures.json, dlms_cosem_test_literals.json and
key_agreement.json. With dlms-cosem installed, every general-glo-ciphering APDU is also
parsed by dlms-cosem and its fields are checked against ours.
"""
import json
import os
import sys

VDIR = sys.argv[1]


def load(name):
    with open(os.path.join(VDIR, name)) as f:
        return json.load(f)


try:
    from dlms_cosem.protocol.xdlms.general_global_cipher import GeneralGlobalCipher
except ImportError:  # pragma: no cover
    GeneralGlobalCipher = None


def axdr_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def octets(b):
    return axdr_len(len(b)) + b


def read_len(b, i):
    first = b[i]
    if first < 0x80:
        return first, i + 1
    n = first & 0x7F
    return int.from_bytes(b[i + 1:i + 1 + n], "big"), i + 1 + n


def split_service(apdu):
    """tag, SC, IC, text of a service-specific ciphered APDU (independent slicing)."""
    n, i = read_len(apdu, 1)
    content = apdu[i:i + n]
    assert i + n == len(apdu)
    return apdu[0], content[0], content[1:5], content[5:]


def split_general(apdu):
    """system title, SC, IC, text of a general-glo/ded-ciphering APDU."""
    n, i = read_len(apdu, 1)
    title = apdu[i:i + n]
    i += n
    n, i = read_len(apdu, i)
    content = apdu[i:i + n]
    assert i + n == len(apdu)
    return title, content[0], content[1:5], content[5:]


def entry(vid, apdu, provenance, note=None, **expected):
    apdu = bytes.fromhex(apdu) if isinstance(apdu, str) else apdu
    e = {"id": vid, "apdu": apdu.hex().upper()}
    if apdu[0] in (0xDB, 0xDC):
        title, sc, ic, text = split_general(apdu)
        e["envelope"] = "general-glo-ciphering" if apdu[0] == 0xDB else "general-ded-ciphering"
        e["system_title"] = title.hex().upper()
        if GeneralGlobalCipher is not None and apdu[0] == 0xDB:
            try:
                peer = GeneralGlobalCipher.from_bytes(apdu)
                assert bytes(peer.system_title or b"") == title
                assert peer.invocation_counter == int.from_bytes(ic, "big")
                assert bytes(peer.ciphered_text) == text
                e["peer_check"] = "fields agree with dlms-cosem 25.1.0 GeneralGlobalCipher.from_bytes"
            except ValueError as err:
                e["peer_check"] = f"dlms-cosem 25.1.0 refuses it: {err}"
    else:
        _, sc, ic, text = split_service(apdu)
        e["envelope"] = "service-specific"
        e["system_title"] = None
    e["tag"] = f"{apdu[0]:02X}"
    e["security_control"] = f"{sc:02X}"
    e["invocation_counter"] = ic.hex().upper()
    e["ciphered_text"] = text.hex().upper()
    tag_len = 12 if sc & 0x10 else 0
    e["payload"] = text[:len(text) - tag_len].hex().upper()
    e["auth_tag"] = text[len(text) - tag_len:].hex().upper() if tag_len else None
    # Values the source states itself must agree with the slicing above.
    for key, value in expected.items():
        if value is None:
            continue
        value = value.upper()
        assert e[key] == value, (vid, key, e[key], value)
        e.setdefault("stated_by_source", []).append(key)
    e["provenance"] = provenance
    if note:
        e["note"] = note
    return e


out = []
for v in load("aes_gcm.json")["vectors"]:
    prov = {"collection": "aes_gcm.json", "id": v["id"], "sources": v["provenance"]}
    if v["id"] == "gb-aarq-ciphered-lls":
        ui = bytes.fromhex(v["fields"]["user_information"])
        assert ui[0] == 0x04 and ui[1] == len(ui) - 2
        out.append(entry(v["id"] + "-user-information", ui[2:], prov,
                         note="the glo-initiateRequest carried in the AARQ user-information (after 04 len)"))
        continue
    sc = v.get("security_control")
    st = v.get("system_title")
    ic = v.get("invocation_counter")
    if v["id"] == "dlmscosem-general-glo-ciphering-no-system-title":
        f = v["fields"]
        sc, st = f["security_control"], f["system_title"]
        ic = f["invocation_counter"].split()[0]
    exp = {"security_control": sc, "invocation_counter": ic}
    if v["expected_apdu"][:2] in ("DB", "DC"):
        exp["system_title"] = st
    if v.get("expected_tag"):
        exp["auth_tag"] = v["expected_tag"]
    if v.get("tag"):
        exp["auth_tag"] = v["tag"]
    if v.get("expected_ciphertext"):
        exp["payload"] = v["expected_ciphertext"]
    if sc == "10" and v.get("plaintext_apdu"):
        exp["payload"] = v["plaintext_apdu"]
    out.append(entry(v["id"], v["expected_apdu"], prov, **exp))

lits = load("dlms_cosem_test_literals.json")
seen = set()
for lit in lits["literals"]:
    h = lit["hex"]
    prov = {"collection": "dlms_cosem_test_literals.json", "repo": lits["provenance"]["repo"],
            "commit": lits["provenance"]["commit"], "path": lit["file"], "line": lit["line"]}
    if lit["file"] == "tests/test_general_global_cipher.py" and h.startswith("DB") and len(h) > 40:
        if h in seen:
            continue
        seen.add(h)
        out.append(entry(f"dlmscosem-{os.path.basename(lit['file'])[:-3]}-line{lit['line']}", h, prov))
    if lit["file"] == "tests/test_udp_message.py" and h.startswith("0001") and len(h) > 16:
        wrapper = bytes.fromhex(h[:16])
        body = bytes.fromhex(h[16:])
        assert int.from_bytes(wrapper[6:8], "big") == len(body)
        out.append(entry(f"dlmscosem-test_udp_message-line{lit['line']}", body, prov,
                         note="the APDU after the 8-octet wrapper header"))

for c in load("captures.json")["items"]:
    if "ciphering" not in c:
        continue
    prov = {"collection": "captures.json", "id": c["id"], "source": c["provenance"]}
    ci = c["ciphering"]
    out.append(entry(c["id"], c["apdu"], prov,
                     note=c.get("kind"),
                     system_title=ci["system_title"], security_control=ci["security_control"],
                     invocation_counter=ci["invocation_counter"], auth_tag=ci.get("tag")))

# general-ciphering around the Green Book Annex C ciphertexts.
ka = {v["id"]: v for v in load("key_agreement.json")["vectors"]}
general = []
for vid, scheme in (("gb-c2-general-ciphering-onepass", 1), ("gb-c3-general-ciphering-static-unified", 2)):
    v = ka[vid]
    orig = bytes.fromhex(v["originator_system_title"])
    recip = bytes.fromhex(v["recipient_system_title"])
    iv = bytes.fromhex(v["iv_found"])
    assert iv[:8] == orig
    ct = bytes.fromhex(v["expected_ciphertext_and_tag"])
    # The static unified model's transaction-id is the one inside the KDF OtherInfo of
    # gb-c3-static-unified-kdf; the vectors give none for the one-pass example.
    tid = bytes.fromhex("0102030405060708")
    if scheme == 1:
        dh = ka["gb-c2-onepass-dh-client-to-server"]
        kcd = bytes.fromhex(dh["client_ephemeral_public"]) + bytes.fromhex(dh["ephemeral_key_signature"]["signature_r_s"])
    else:
        kdf = bytes.fromhex(ka["gb-c3-static-unified-kdf"]["kdf_other_info"])
        assert octets(tid) in kdf
        kcd = b""
    content = bytes([0x31]) + iv[8:] + ct
    apdu = (bytes([0xDD]) + octets(tid) + octets(orig) + octets(recip) + octets(b"") + octets(b"")
            + bytes([1, 2]) + octets(bytes([scheme])) + octets(kcd) + octets(content))
    general.append({
        "id": vid,
        "envelope": "general-ciphering",
        "apdu": apdu.hex().upper(),
        "transaction_id": tid.hex().upper(),
        "originator_system_title": orig.hex().upper(),
        "recipient_system_title": recip.hex().upper(),
        "date_time": "",
        "other_information": "",
        "key_info": {"choice": "agreed-key", "key_parameters": f"{scheme:02X}",
                     "key_ciphered_data": kcd.hex().upper()},
        "security_control": "31",
        "invocation_counter": iv[8:].hex().upper(),
        "ciphered_text": ct.hex().upper(),
        "auth_tag": v["tag"],
        "provenance": {"collection": "key_agreement.json", "id": vid, "sources": v["provenance"]},
        "note": ("built around the Annex C ciphertext in the layout Gurux.DLMS.Net writes "
                 "(GXDLMS.Cipher1: agreed-key with a one-octet key-parameters naming the scheme; "
                 "one-pass key-ciphered-data = ephemeral public key || its signature); "
                 "transaction-id 0102030405060708 as in the C.3 KDF OtherInfo"
                 + (" (assumed for C.2)" if scheme == 1 else "")
                 + "; date-time and other-information empty; SC 31 and IC from the IV"),
    })

json.dump({
    "description": ("Ciphered APDUs (service-specific glo-/ded-, general-glo-ciphering, "
                    "general-ciphering) with the field values their sources state "
                    "('stated_by_source') or that independent slicing gives; generated by "
                    "ciphered_vectors.py from the shared vector collection."),
    "vectors": out,
    "general_ciphering": general,
}, sys.stdout, indent=1)
print()
