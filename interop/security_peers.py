#!/usr/bin/env python3
"""Security suite 0/1/2 protection interoperability with gurux-dlms and dlms-cosem.

    security_peers.py --peer P OUT.json          P protects seeded random APDUs under random
                                                 keys, counters and security controls and
                                                 writes them, for
                                                 `examples/interop_security.rs` to unprotect
    security_peers.py --peer P --check IN.json   P unprotects the APDUs dlms-security
                                                 protected and compares the plaintext

P is `gurux` or `dlms-cosem`. Besides APDUs, both peers compute HLS mechanism 5 (GMAC)
responses and RFC 3394 key wraps for the same check in both directions.

Only the peers' public calls are driven: gurux's `GXDLMSChippering.encryptAesGcm` /
`decryptAesGcm` with an `AesGcmParameter`, and `GXDLMSSecureClient.encrypt` (key wrap);
dlms-cosem's `security.encrypt` / `decrypt` / `gmac` / `wrap_key`, and its
`GeneralGlobalCipher` envelope. What each peer cannot do is stated where it is left out
(see interop/README.md, deviations S1-S3). Exit status 1 on any mismatch.
"""
import argparse
import contextlib
import io
import random
import sys
import traceback
from importlib.metadata import version

from common import H, hx, short, write_json

SEED = 4059
COUNT = 160  # protected APDUs per peer
HLS_COUNT = 20  # HLS-GMAC responses per peer
KW_COUNT = 20  # key wraps per peer

# Plain APDU tag -> glo- and ded- ciphered tags (IEC 62056-5-3, the xDLMS ASN.1 module).
SERVICE_TAGS = {
    0xC0: (0xC8, 0xD0),  # get-request
    0xC1: (0xC9, 0xD1),  # set-request
    0xC3: (0xCB, 0xD3),  # action-request
    0xC4: (0xCC, 0xD4),  # get-response
    0xC5: (0xCD, 0xD5),  # set-response
    0xC7: (0xCF, 0xD7),  # action-response
}
FORMS = ("glo", "ded", "general-glo", "general-ded")
GENERAL_TAGS = {"general-glo": 0xDB, "general-ded": 0xDC}


def octet_string(rng, n):
    """An A-XDR octet-string of n random octets (length in the short or long form)."""
    body = rng.randbytes(n)
    if n < 0x80:
        return bytes([0x09, n]) + body
    if n < 0x100:
        return bytes([0x09, 0x81, n]) + body
    return bytes([0x09, 0x82]) + n.to_bytes(2, "big") + body


def random_plain(rng, sizes):
    """A well-formed plain xDLMS APDU with random fields and a value of one of `sizes`
    octets."""
    tag = rng.choice(sorted(SERVICE_TAGS))
    iid = rng.randrange(0x100) | 0x40
    ln = rng.randbytes(6)
    cls = rng.randrange(1, 0x10000).to_bytes(2, "big")
    value = octet_string(rng, rng.choice(sizes))
    if tag == 0xC0:
        return bytes([tag, 1, iid]) + cls + ln + bytes([rng.randrange(1, 20), 0])
    if tag == 0xC1:
        return bytes([tag, 1, iid]) + cls + ln + bytes([rng.randrange(1, 20), 0]) + value
    if tag == 0xC3:
        return bytes([tag, 1, iid]) + cls + ln + bytes([rng.randrange(1, 10), 1]) + value
    if tag == 0xC4:
        return bytes([tag, 1, iid, 0]) + value
    if tag == 0xC5:
        return bytes([tag, 1, iid, 0])
    return bytes([tag, 1, iid, 0, 1, 0]) + value  # action-response with data


def random_case(rng, peer):
    suites, scs, forms = peer.suites, peer.scs, peer.forms
    suite = rng.choice(suites)
    klen = 32 if suite == 2 else 16
    sc = rng.choice(scs) | suite
    form = rng.choice(forms)
    if sc & 0x40 and form.endswith("ded"):
        sc &= ~0x40  # the broadcast key and the dedicated key exclude each other
    plain = random_plain(rng, peer.value_sizes)
    glo, ded = SERVICE_TAGS[plain[0]]
    tag = {"glo": glo, "ded": ded}.get(form, GENERAL_TAGS.get(form))
    # Counters: small, typical, and near the top of the range.
    ic = rng.choice([0, 1, rng.randrange(1 << 16), rng.randrange(1 << 32), 0xFFFFFFFF])
    return {
        "form": form,
        "tag": tag,
        "suite": suite,
        "sc": sc,
        "system_title": hx(rng.randbytes(8)),
        # General forms only: meters may leave the title out (an empty octet string).
        "title_in_apdu": form.startswith("general") and rng.random() < 0.75,
        "ic": ic,
        "ek": hx(rng.randbytes(klen)),
        "bk": hx(rng.randbytes(klen)),
        "ak": hx(rng.randbytes(klen)),
        "dk": hx(rng.randbytes(klen)),
        "plain": hx(plain),
    }


def encryption_key(case):
    """The key that protects the case: dedicated for ded- forms, broadcast when SC bit 6."""
    if case["form"].endswith("ded"):
        return H(case["dk"])
    if case["sc"] & 0x40:
        return H(case["bk"])
    return H(case["ek"])


# --------------------------------------------------------------------------- gurux


class Gurux:
    name = "gurux"
    # gurux-dlms protects every mode and form; reading back, its broadcast branch sets a
    # misspelt attribute, so the authenticated broadcast forms fail (deviation S1).
    suites = (0, 1, 2)
    scs = (0x10, 0x20, 0x30, 0x50, 0x60, 0x70)
    forms = FORMS
    # Its key wrap takes a 16-octet KEK only (deviation S3).
    kw_sizes = ((16, 16), (16, 32))
    value_sizes = (0, 1, 5, 16, 100, 127, 128, 200, 300, 1000)

    def __init__(self):
        from gurux_dlms.AesGcmParameter import AesGcmParameter
        from gurux_dlms.GXByteBuffer import GXByteBuffer
        from gurux_dlms.GXDLMSChippering import GXDLMSChippering
        from gurux_dlms.GXDLMSSettings import GXDLMSSettings
        from gurux_dlms.enums import Security
        from gurux_dlms.GXCiphering import GXCiphering
        from gurux_dlms.secure.GXDLMSSecureClient import GXDLMSSecureClient

        self.P, self.BB, self.C, self.S = AesGcmParameter, GXByteBuffer, GXDLMSChippering, GXDLMSSettings
        self.Security, self.Client, self.Ciphering = Security, GXDLMSSecureClient, GXCiphering
        self.version = version("gurux-dlms")

    def _param(self, case, tag, title):
        p = self.P(tag, title, encryption_key(case), H(case["ak"]))
        p.security = self.Security(case["sc"] & 0x30)
        p.securitySuite = case["sc"] & 0x0F
        p.broadcast = bool(case["sc"] & 0x40)
        p.invocationCounter = case["ic"]
        return p

    def protect(self, case):
        p = self._param(case, case["tag"], H(case["system_title"]))
        p.ignoreSystemTitle = case["form"].startswith("general") and not case["title_in_apdu"]
        with contextlib.redirect_stdout(io.StringIO()):  # gurux prints what it applies
            return bytes(self.C.encryptAesGcm(p, H(case["plain"])))

    def unprotect(self, case):
        if case["sc"] & 0x50 == 0x50:
            return None  # deviation S1
        settings = self.S(True, None)
        settings.cipher = self.Ciphering(H(case["system_title"]))
        settings.cipher.broadcastBlockCipherKey = H(case["bk"])
        p = self._param(case, 0, H(case["system_title"]))
        # A receiver learns the key set from the APDU's SC, not beforehand.
        p.broadcast = False
        p.settings, p.xml = settings, None
        with contextlib.redirect_stdout(io.StringIO()):
            return bytes(self.C.decryptAesGcm(settings, p, self.BB(H(case["apdu"]))))

    def hls_gmac(self, h):
        p = self.P(0, H(h["system_title"]), H(h["ek"]), H(h["ak"]))
        p.security = self.Security.AUTHENTICATION
        p.securitySuite = h["suite"]
        p.invocationCounter = h["ic"]
        from gurux_dlms.CountType import CountType

        p.type_ = CountType.TAG
        with contextlib.redirect_stdout(io.StringIO()):
            tag = bytes(self.C.encryptAesGcm(p, H(h["challenge"])))
        return bytes([0x10 | h["suite"]]) + h["ic"].to_bytes(4, "big") + tag

    def wrap(self, k):
        return bytes(self.Client.encrypt(H(k["kek"]), H(k["key"])))


# --------------------------------------------------------------------------- dlms-cosem


class DlmsCosem:
    name = "dlms-cosem"
    # dlms-cosem's encrypt/decrypt always add SC || AK as AAD and a tag: they implement the
    # authenticated-and-encrypted mode only; its gmac gives the authentication-only tag.
    # Its one envelope with the title is general-glo-ciphering (deviation S2).
    suites = (0, 1, 2)
    scs = (0x10, 0x30, 0x70)
    forms = ("general-glo",)
    # Its key wrap wants the KEK and the key of the suite's one size (deviation S3).
    kw_sizes = ((16, 16), (32, 32))
    # Its envelope writes the content length as one bare octet: contents stay below 128.
    value_sizes = (0, 1, 5, 16, 60, 90)

    def __init__(self):
        from dlms_cosem import security
        from dlms_cosem.protocol.xdlms.general_global_cipher import GeneralGlobalCipher

        self.sec, self.GGC = security, GeneralGlobalCipher
        self.version = version("dlms-cosem")

    def protect(self, case):
        sc = self.sec.SecurityControlField.from_bytes(bytes([case["sc"]]))
        title, plain, ak = H(case["system_title"]), H(case["plain"]), H(case["ak"])
        key = encryption_key(case)
        if sc.encrypted:
            text = self.sec.encrypt(sc, title, case["ic"], key, plain, ak)
        else:
            text = plain + self.sec.gmac(sc, title, case["ic"], key, ak, plain)
        envelope = self.GGC(title if case["title_in_apdu"] else None, sc, case["ic"], text)
        return bytes(envelope.to_bytes())

    def unprotect(self, case):
        g = self.GGC.from_bytes(H(case["apdu"]))
        title = g.system_title or H(case["system_title"])
        key, ak = encryption_key(case), H(case["ak"])
        if g.security_control.encrypted:
            return bytes(self.sec.decrypt(g.security_control, title, g.invocation_counter, key,
                                          g.ciphered_text, ak))
        plain, tag = g.ciphered_text[:-12], g.ciphered_text[-12:]
        if self.sec.gmac(g.security_control, title, g.invocation_counter, key, ak, plain) != tag:
            raise ValueError("authentication tag does not verify")
        return bytes(plain)

    def hls_gmac(self, h):
        sc = self.sec.SecurityControlField(security_suite=h["suite"], authenticated=True)
        tag = self.sec.gmac(sc, H(h["system_title"]), h["ic"], H(h["ek"]), H(h["ak"]),
                            H(h["challenge"]))
        return sc.to_bytes() + h["ic"].to_bytes(4, "big") + tag

    def wrap(self, k):
        suite = 2 if len(H(k["kek"])) == 32 else 0
        sc = self.sec.SecurityControlField(security_suite=suite, authenticated=True, encrypted=True)
        return bytes(self.sec.wrap_key(sc, H(k["kek"]), H(k["key"])))


PEERS = {"gurux": Gurux, "dlms-cosem": DlmsCosem}


def hls_case(rng, suites):
    suite = rng.choice(suites)
    klen = 32 if suite == 2 else 16
    return {
        "suite": suite,
        "system_title": hx(rng.randbytes(8)),
        "ic": rng.randrange(1 << 32),
        "ek": hx(rng.randbytes(klen)),
        "ak": hx(rng.randbytes(klen)),
        "challenge": hx(rng.randbytes(rng.randrange(8, 65))),
    }


def kw_case(rng, sizes):
    kek, key = rng.choice(sizes)
    return {"kek": hx(rng.randbytes(kek)), "key": hx(rng.randbytes(key))}


def generate(peer, path):
    rng = random.Random("%s-%s" % (SEED, peer.name))
    cases, hls, kw = [], [], []
    for _ in range(COUNT):
        case = random_case(rng, peer)
        case["apdu"] = hx(peer.protect(case))
        cases.append(case)
    for _ in range(HLS_COUNT):
        h = hls_case(rng, peer.suites)
        h["f"] = hx(peer.hls_gmac(h))
        hls.append(h)
    for _ in range(KW_COUNT):
        k = kw_case(rng, peer.kw_sizes)
        k["wrapped"] = hx(peer.wrap(k))
        kw.append(k)
    write_json(path, {"peer": peer.name, "version": peer.version, "cases": cases,
                      "hls_gmac": hls, "key_wrap": kw})


def check(peer, path):
    import json

    with open(path) as fh:
        doc = json.load(fh)
    passed = failed = skipped = 0

    def verdict(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL %s" % what)

    for case in doc["cases"]:
        if peer.name == "dlms-cosem" and (case["form"] not in peer.forms
                                          or case["sc"] & 0x30 == 0x20):
            skipped += 1  # deviation S2
            continue
        what = "%s sc=%02X ic=%08X %s" % (case["form"], case["sc"], case["ic"],
                                          short(case["apdu"]))
        try:
            got = peer.unprotect(case)
        except Exception:  # the peer refused what it should read
            traceback.print_exc(limit=1, file=sys.stdout)
            verdict(False, what)
            continue
        if got is None:
            skipped += 1
            continue
        verdict(hx(got) == case["plain"].upper(), what + " plaintext %s" % short(hx(got)))
    for h in doc["hls_gmac"]:
        if h["suite"] not in peer.suites:
            skipped += 1
            continue
        verdict(hx(peer.hls_gmac(h)) == h["f"].upper(), "hls-gmac %s" % h["f"])
    for k in doc["key_wrap"]:
        if (len(k["kek"]) // 2, len(k["key"]) // 2) not in peer.kw_sizes:
            skipped += 1
            continue
        verdict(hx(peer.wrap(k)) == k["wrapped"].upper(), "key-wrap %s" % k["wrapped"])
    print("(%d left out: deviations S1-S2)" % skipped)
    print("%d passed, %d failed" % (passed, failed))
    return failed == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", choices=sorted(PEERS), required=True)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("path")
    args = ap.parse_args()
    peer = PEERS[args.peer]()
    if args.check:
        sys.exit(0 if check(peer, args.path) else 1)
    generate(peer, args.path)


if __name__ == "__main__":
    main()
