#!/usr/bin/env python3
"""Interoperability of dlms-apdu's GET/SET/ACTION requests with the gurux-dlms Python package.

    apdu_gurux.py OUT.json            gurux encodes a seeded set of random requests; each case
                                      records the fields it was given and the APDUs gurux wrote
    apdu_gurux.py --check OURS.json   gurux decodes the requests dlms-apdu wrote (its
                                      GXDLMSTranslator) and the fields must be the ones we meant

Fields of a case: kind (get-normal, get-with-list, set-normal, set-with-list, set-datablock,
action-normal, action-pblock), invoke (the invoke-id-and-priority octet), attrs (class, obis
hex, attr, selector, params hex) or method (class, obis, method), values (A-XDR Data hex),
block (raw-data bytes per block, for the block forms) and apdus (hex, wrapper header removed).
"""

import random
import sys
import xml.etree.ElementTree as ET

from gurux_dlms import GXByteBuffer, GXDLMSClient, GXDLMSTranslator
from gurux_dlms.enums import (
    Authentication,
    Conformance,
    DataType,
    InterfaceType,
    TranslatorOutputType,
)
from gurux_dlms.GXDLMSSettings import GXDLMSSettings
from gurux_dlms.internal._GXCommon import _GXCommon
from gurux_dlms.objects import GXDLMSData

from common import H, hx, write_json

SEED = 62056
CASES_PER_KIND = 25
WRAPPER_HEADER = 8
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "
CLASSES = [1, 3, 4, 5, 7, 8, 15, 18, 40, 64, 70]

SCALARS = [
    (DataType.UINT8, lambda r: r.randrange(256)),
    (DataType.UINT16, lambda r: r.randrange(1 << 16)),
    (DataType.UINT32, lambda r: r.randrange(1 << 32)),
    (DataType.UINT64, lambda r: r.randrange(1 << 64)),
    (DataType.INT8, lambda r: r.randrange(-128, 128)),
    (DataType.INT16, lambda r: r.randrange(-(1 << 15), 1 << 15)),
    (DataType.INT32, lambda r: r.randrange(-(1 << 31), 1 << 31)),
    (DataType.INT64, lambda r: r.randrange(-(1 << 63), 1 << 63)),
    (DataType.BOOLEAN, lambda r: r.random() < 0.5),
    (DataType.ENUM, lambda r: r.randrange(256)),
    (DataType.OCTET_STRING, lambda r: bytes(r.randrange(256) for _ in range(r.randrange(40)))),
    # Letters and digits only: gurux's translator writes other characters into its XML
    # unescaped and then cannot read that XML back.
    (DataType.STRING, lambda r: "".join(r.choice(ALNUM) for _ in range(r.randrange(30)))),
]


def data_hex(type_, value):
    """The A-XDR encoding gurux writes for a value of `type_`."""
    bb = GXByteBuffer()
    _GXCommon.setData(GXDLMSSettings(False, None), bb, type_, value)
    return hx(bb.array())


def client(max_pdu=0xFFFF):
    c = GXDLMSClient(True, 16, 1, Authentication.NONE, None, InterfaceType.WRAPPER)
    c.negotiatedConformance |= (
        Conformance.MULTIPLE_REFERENCES
        | Conformance.BLOCK_TRANSFER_WITH_SET_OR_WRITE
        | Conformance.BLOCK_TRANSFER_WITH_ACTION
        | Conformance.SELECTIVE_ACCESS
    )
    c.maxReceivePDUSize = max_pdu
    return c


def apdus(frames):
    """The APDUs in gurux's wrapper frames (readList nests them one list deeper)."""
    flat = []
    for f in frames:
        flat.extend(f if isinstance(f, list) else [f])
    return [hx(bytes(f)[WRAPPER_HEADER:]) for f in flat]


def invoke_of(apdu_hex):
    return H(apdu_hex)[2]


def ln_text(obis):
    return ".".join(str(b) for b in obis)


def rand_attr(r, selective=False):
    a = {
        "class": r.choice(CLASSES),
        "obis": hx(bytes(r.randrange(256) for _ in range(6))),
        "attr": r.randrange(1, 20),
        "selector": None,
        "params": None,
    }
    if selective:
        # An entry descriptor (selector 2), built as gurux's readRowsByEntry does.
        first = r.randrange(1, 1000)
        params = GXByteBuffer()
        params.setUInt8(DataType.STRUCTURE)
        params.setUInt8(4)
        for t, v in [
            (DataType.UINT32, first),
            (DataType.UINT32, first + r.randrange(100)),
            (DataType.UINT16, 1),
            (DataType.UINT16, 0),
        ]:
            _GXCommon.setData(GXDLMSSettings(False, None), params, t, v)
        a["class"] = 7
        a["attr"] = 2
        a["selector"] = 2
        a["params"] = hx(params.array())
    return a


def rand_value(r, big=False):
    if big:
        # Longer than any PDU size used below, so gurux always splits it into blocks.
        v = bytes(r.randrange(256) for _ in range(r.randrange(300, 700)))
        return DataType.OCTET_STRING, v
    t, gen = r.choice(SCALARS)
    return t, gen(r)


def data_object(attr, type_, value):
    o = GXDLMSData(ln_text(H(attr["obis"])))
    o.objectType = attr["class"]
    o.value = value
    o.setDataType(2, type_)
    return o


class Item:
    """What gurux's writeList and readList walk: a target object and an attribute index."""

    def __init__(self, target, index):
        self.target, self.index, self.selector, self.parameters = target, index, 0, None

    def getDataType(self):
        return self.target.getDataType(self.index)


def generate():
    r = random.Random(SEED)
    cases = []

    def add(kind, frames, **fields):
        a = apdus(frames)
        cases.append(dict(id="%s-%d" % (kind, len(cases)), kind=kind,
                          invoke=invoke_of(a[0]), apdus=a, **fields))

    for _ in range(CASES_PER_KIND):
        a = rand_attr(r, selective=r.random() < 0.3)
        c = client()
        data = None
        if a["selector"]:
            data = GXByteBuffer()
            data.setUInt8(a["selector"])
            data.set(H(a["params"]))
        add("get-normal", c._read(ln_text(H(a["obis"])), a["class"], a["attr"], data), attrs=[a])

        attrs = [rand_attr(r) for _ in range(r.randrange(2, 6))]
        items = [Item(data_object(x, DataType.UINT8, 0), x["attr"]) for x in attrs]
        add("get-with-list", client().readList([(i.target, i.index) for i in items]), attrs=attrs)

        a = rand_attr(r)
        t, v = rand_value(r)
        c = client()
        add("set-normal", c._GXDLMSClient__write(ln_text(H(a["obis"])), v, t, a["class"], a["attr"]),
            attrs=[a], values=[data_hex(t, v)])

        # gurux's writeList reads each value through a Data object, whose value is attribute 2.
        attrs = [dict(rand_attr(r), attr=2) for _ in range(r.randrange(2, 5))]
        vals = [rand_value(r) for _ in attrs]
        items = [Item(data_object(x, t, v), x["attr"]) for x, (t, v) in zip(attrs, vals)]
        add("set-with-list", client().writeList(items), attrs=attrs,
            values=[data_hex(t, v) for t, v in vals])

        a = rand_attr(r)
        t, v = rand_value(r, big=True)
        c = client(max_pdu=r.choice([64, 128, 256]))
        frames = c._GXDLMSClient__write(ln_text(H(a["obis"])), v, t, a["class"], a["attr"])
        add("set-datablock", frames, attrs=[a], values=[data_hex(t, v)], max_pdu=c.maxReceivePDUSize)

        m = {"class": r.choice(CLASSES), "obis": hx(bytes(r.randrange(256) for _ in range(6))),
             "method": r.randrange(1, 10)}
        t, v = rand_value(r)
        c = client()
        add("action-normal", c._GXDLMSClient__method(ln_text(H(m["obis"])), m["class"], m["method"], v, t),
            method=m, values=[data_hex(t, v)])

        t, v = rand_value(r, big=True)
        c = client(max_pdu=r.choice([64, 128, 256]))
        frames = c._GXDLMSClient__method(ln_text(H(m["obis"])), m["class"], m["method"], v, t)
        add("action-pblock", frames, method=m, values=[data_hex(t, v)], max_pdu=c.maxReceivePDUSize)
    return {"peer": "gurux-dlms", "cases": cases}


# ---- the check direction: gurux's translator reads our APDUs ----

def xml_of(apdu_hex):
    t = GXDLMSTranslator(TranslatorOutputType.SIMPLE_XML)
    return ET.fromstring(t.pduToXml(GXByteBuffer(H(apdu_hex))))


def data_xml(data_hex_):
    t = GXDLMSTranslator(TranslatorOutputType.SIMPLE_XML)
    return ET.fromstring(t.dataToXml(GXByteBuffer(H(data_hex_))))


def canon(el):
    """A comparable form of an XML subtree: tag, attributes and children, recursively."""
    return (el.tag, tuple(sorted(el.attrib.items())), tuple(canon(c) for c in el))


def val(el, path):
    found = el.find(path)
    return None if found is None else found.get("Value")


def descriptors(root, tag):
    out = []
    for d in root.iter(tag):
        out.append((int(val(d, "ClassId"), 16), val(d, "InstanceId").upper(),
                    int(val(d, "AttributeId") or val(d, "MethodId"), 16)))
    return out


def check_case(case):
    """Differences between what a case meant and what gurux reads in our APDUs."""
    diffs = []
    kind = case["kind"]
    if kind == "action-pblock":
        # gurux-dlms 1.0.203's translator cannot read ACTION-Request with-first-pblock or
        # with-pblock (it prints an empty ActionRequest, or fails), so these cases are only
        # checked in the other direction (gurux writes, dlms-apdu reads); see README.md.
        return diffs
    roots = [xml_of(a) for a in case["apdus"]]
    first = roots[0]
    expected_root = {"get": "GetRequest", "set": "SetRequest", "action": "ActionRequest"}[kind.split("-")[0]]
    if first.tag != expected_root:
        diffs.append("root %s, meant %s" % (first.tag, expected_root))
    inv = first.find(".//InvokeIdAndPriority")
    if inv is None or int(inv.get("Value"), 16) != case["invoke"]:
        diffs.append("invoke-id-and-priority")
    if "attrs" in case:
        meant = [(a["class"], a["obis"].upper(), a["attr"]) for a in case["attrs"]]
        got = descriptors(first, "AttributeDescriptor")
        if got != meant:
            diffs.append("attribute descriptors: ours %r, gurux %r" % (meant, got))
        for a in case["attrs"]:
            if a.get("selector"):
                sel = first.find(".//AccessSelector")
                if sel is None or int(sel.get("Value"), 16) != a["selector"]:
                    diffs.append("access selector")
                params = first.find(".//AccessParameters")
                if params is None or canon(params[0]) != canon(data_xml(a["params"])):
                    diffs.append("access parameters")
    if "method" in case:
        m = case["method"]
        got = descriptors(first, "MethodDescriptor")
        if got != [(m["class"], m["obis"].upper(), m["method"])]:
            diffs.append("method descriptor: gurux %r" % (got,))
    if kind in ("set-normal", "action-normal", "set-with-list"):
        holder = {"set-normal": "Value", "action-normal": "MethodInvocationParameters",
                  "set-with-list": "ValueList"}[kind]
        node = first.find(".//" + holder)
        got = [canon(c) for c in node] if node is not None else []
        meant = [canon(data_xml(v)) for v in case["values"]]
        if got != meant:
            diffs.append("values differ")
    if kind == "set-datablock":
        # Reassemble the raw-data of every block and compare with the value meant.
        raw = b""
        for i, root in enumerate(roots):
            block = root.find(".//DataBlock")
            if block is None:
                diffs.append("block %d: no DataBlock" % i)
                continue
            number = int(val(block, "BlockNumber"), 16)
            if number != i + 1:
                diffs.append("block %d numbered %d" % (i, number))
            last = val(block, "LastBlock")
            if (last == "01") != (i == len(roots) - 1):
                diffs.append("block %d last-block flag" % i)
            raw += H(val(block, "RawData") or "")
        if hx(raw) != case["values"][0].upper():
            diffs.append("reassembled blocks differ from the value")
    return diffs


def check(path):
    import json
    with open(path) as fh:
        doc = json.load(fh)
    passed = failed = 0
    for case in doc["cases"]:
        try:
            diffs = check_case(case)
        except Exception as e:  # a decode failure is a failed check
            diffs = ["gurux could not read it: %r" % (e,)]
        if diffs:
            failed += 1
            print("FAIL %s: %s" % (case["id"], "; ".join(diffs)))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return failed == 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(0 if check(sys.argv[2]) else 1)
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    doc = generate()
    write_json(sys.argv[1], doc)
    print("gurux-dlms: %d request cases written" % len(doc["cases"]))


if __name__ == "__main__":
    main()
