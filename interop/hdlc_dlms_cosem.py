#!/usr/bin/env python3
"""HDLC (IEC 62056-46 frame type 3) and wrapper (IEC 62056-47) interoperability with dlms-cosem.

    hdlc_dlms_cosem.py OUT.json          write frames that dlms-cosem produces, with its own
                                         reading of each, for `examples/interop_hdlc.rs`
    hdlc_dlms_cosem.py --check IN.json   read the frames dlms-hdlc produced with dlms-cosem
                                         and compare its reading with what we meant; replay
                                         our client/server sessions against its HDLC client

Only the public package is driven: its frame, address and field classes, its HDLC and TCP
transports and its DLMS client. Nothing of dlms-cosem is reproduced here. The frames a
client sends come from its `DlmsClient` over `HdlcTransport`/`TcpTransport`; the server's
answers are made with its frame and wrapper classes by the small `Meter` below. Exit
status 1 on any mismatch.
"""
import json
import logging
import sys
import traceback
from importlib.metadata import version

from common import H, WRAPPER_KEYS, compare, hx, short, write_json

import structlog

# dlms-cosem logs every frame through structlog; keep the output to the results.
structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

from dlms_cosem import enumerations
from dlms_cosem.client import DlmsClient
from dlms_cosem.cosem import CosemAttribute, Obis
from dlms_cosem.hdlc import fields, frames
from dlms_cosem.hdlc.address import HdlcAddress
from dlms_cosem.hdlc.exceptions import HdlcParsingError
from dlms_cosem.io import LLC_COMMAND_HEADER, LLC_RESPONSE_HEADER, HdlcTransport, TcpTransport
from dlms_cosem.protocol import acse, xdlms
from dlms_cosem.protocol.wrappers import WrapperHeader, WrapperProtocolDataUnit
from dlms_cosem.security import LowLevelSecurityAuthentication, NoSecurityAuthentication

COSEM_VERSION = version("dlms-cosem")  # requirements.txt pins 25.1.0
PASSWORD = b"12345678"
CLIENT_SYSTEM_TITLE = H("4D4D4D0000000001")  # Green Book example client system title
CLOCK = CosemAttribute(enumerations.CosemInterface.CLOCK, Obis(0, 0, 1, 0, 0, 255), 2)
DATA = CosemAttribute(enumerations.CosemInterface.DATA, Obis(0, 0, 96, 1, 0, 255), 2)

# Client SAPs and server addresses (tag, logical, physical, 4-byte form). dlms-cosem
# writes a 4-byte address only when asked (`extended_addressing`, README deviation D1).
CLIENTS = (16, 1)
SERVERS = (("s1", 1, None, False), ("s1-17", 1, 17, False), ("s1-5481", 1, 5481, True),
           ("s1-17x4", 1, 17, True))

# What the meter answers with, written from the layouts in IEC 62056-46 (SNRM/UA parameter
# field: 81 80 len, then max info length transmit/receive, window transmit/receive) and
# IEC 62056-5-3 (AARE accepting an LN association; clock attribute 2 as an octet-string:
# 2020-01-01 Wed 00:03:00.00, deviation -60, status 0; data-notification with a
# visible-string "ABC").
UA_PARAMS = {128: H("818012" "050180" "060180" "070400000001" "080400000001"),
             1024: H("818014" "05020400" "06020400" "070400000001" "080400000001")}
AARE = H("6129A109060760857405080101A203020100A305A103020100BE10040E0800065F1F040000181D04000007")
CLOCK_VALUE = H("090C07E40101FF00030000FFC400")
DATA_NOTIFICATION = H("0F00000001000A03414243")
DEFAULT_PARAMS = {"max_info_tx": 128, "max_info_rx": 128, "window_tx": 1, "window_rx": 1}



def octet_string(n, seed=3):
    """An A-XDR octet-string of n bytes (tag 09, length in the 81/82 long form when needed).
    Written by hand: dlms-cosem 25.1.0 encodes lengths of 128 and more wrongly (README)."""
    if n < 0x80:
        head = bytes((0x09, n))
    elif n < 0x100:
        head = bytes((0x09, 0x81, n))
    else:
        head = bytes((0x09, 0x82, n >> 8, n & 0xFF))
    return head + bytes((i * seed) & 0xFF for i in range(n))


# --------------------------------------------------------------------------- reading


class Skip(Exception):
    """A frame dlms-cosem cannot represent."""


def control_kind(cb):
    """Which of dlms-cosem's frame classes an IEC 62056-46 control byte belongs to; only
    used to pick the class whose reading is taken."""
    if cb & 1 == 0:
        return "i"
    if cb & 0x0F == 0x01:
        return "rr"
    return {0x83: "snrm", 0x63: "ua", 0x43: "disc", 0x0F: "dm", 0x03: "ui"}.get(cb & 0xEF, "other")


# dlms-cosem's frame parsers (`from_bytes`) are those of a client: they read what a server
# sends (UA, I, RR, UI), plus DISC as a server receives it. What a client sends (SNRM, I,
# RR) has no parser there; for those its field readers (format field, address finder,
# control-field parsers) take the frame apart and its frame classes must build the
# identical bytes from those fields.
PARSERS = {
    (False, "ua"): frames.UnNumberedAcknowledgmentFrame,
    (False, "i"): frames.InformationFrame,
    (False, "rr"): frames.ReceiveReadyFrame,
    (False, "ui"): frames.UnnumberedInformationFrame,
    (True, "disc"): frames.DisconnectFrame,
}


def cosem_read_hdlc(raw, to_server):
    """dlms-cosem's reading of one flagged frame sent to the server (to_server) or to the
    client. Raises Skip for frames it cannot represent, anything else if it rejects one."""
    raw = bytes(raw)
    if not frames.frame_is_enclosed_by_hdlc_flags(raw):
        raise ValueError("dlms-cosem: no flags around the frame")
    fmt = fields.DlmsHdlcFrameFormatField.from_bytes(raw[1:3])
    if not frames.frame_has_correct_length(fmt.length, raw):
        raise ValueError("dlms-cosem: format length %d for %d bytes" % (fmt.length, len(raw) - 2))
    (dl, dp, dn), (sl, sp, sn) = HdlcAddress.find_address_in_frame_bytes(raw)
    at = 3 + dn + sn
    cb = raw[at]
    kind = control_kind(cb)
    tolerated = []
    if kind == "dm":
        raise Skip("DM: dlms-cosem has no DM frame")
    if kind == "other":
        raise Skip("no dlms-cosem frame for control %02X" % cb)
    cls = PARSERS.get((to_server, kind))
    f = None
    if cls is not None:
        try:
            f = cls.from_bytes(raw)
        except HdlcParsingError as ex:
            if not disc_address_deviation(raw, to_server, kind, dn, ex):
                raise
            tolerated.append("D3")
    method = "parse" if f is not None else "rebuild"
    if f is None:
        f = rebuild(raw, to_server, kind, fmt, (dl, dp, dn), (sl, sp, sn), at)
    again = f.to_bytes()
    if again != raw:
        raise ValueError("dlms-cosem writes the frame it read as %s" % hx(again))
    info = bytes(f.information)
    out = {"dest": address_reading(f.destination_address),
           "src": address_reading(f.source_address),
           "control": f.get_control_field().to_bytes()[0], "segmented": bool(f.segmented),
           "info": hx(info), "llc": None, "apdu": None, "params": None, "method": method}
    if kind in ("i", "ui"):
        llc = info[:3] if info[:3] in (LLC_COMMAND_HEADER, LLC_RESPONSE_HEADER) else b""
        out["llc"] = hx(llc) if llc else None
        out["apdu"] = hx(info[len(llc):])
    if tolerated:
        out["tolerated"] = tolerated
    return out


def address_reading(a):
    return {"upper": a.logical_address, "lower": a.physical_address, "size": a.length}


def rebuild(raw, to_server, kind, fmt, dest, src, at):
    """The frame built with dlms-cosem's classes from the fields its readers take out."""
    roles = ("server", "client") if to_server else ("client", "server")
    d = HdlcAddress(dest[0], dest[1], roles[0], dest[2] == 4)
    s = HdlcAddress(src[0], src[1], roles[1], src[2] == 4)
    info = raw[at + 3:-3] if len(raw) > at + 4 else b""
    cb = raw[at:at + 1]
    common = {"destination_address": d, "source_address": s, "segmented": fmt.segmented}
    if kind == "snrm":
        if info:
            raise Skip("SNRM with a parameter field: dlms-cosem's SNRM has none")
        return frames.SetNormalResponseModeFrame(**common)
    if kind == "disc":
        return frames.DisconnectFrame(**common)
    if kind == "ua":
        return frames.UnNumberedAcknowledgmentFrame(payload=info, **common)
    if kind == "i":
        c = fields.InformationControlField.from_bytes(cb)
        return frames.InformationFrame(payload=info, final=c.final,
                                       send_sequence_number=c.send_sequence_number,
                                       receive_sequence_number=c.receive_sequence_number, **common)
    if kind == "rr":
        c = fields.ReceiveReadyControlField.from_bytes(cb)
        if not cb[0] & 0x10:
            raise Skip("RR without P/F: dlms-cosem writes RR with P/F only")
        return frames.ReceiveReadyFrame(receive_sequence_number=c.receive_sequence_number, **common)
    if kind == "ui":
        c = fields.UnnumberedInformationControlField.from_bytes(cb)
        return frames.UnnumberedInformationFrame(payload=info, final=c.final, **common)
    raise Skip("no class for control %02X" % cb[0])


def disc_address_deviation(raw, to_server, kind, dest_len, error):
    """dlms-cosem deviation D3 (README): in 25.1.0 `DisconnectFrame.from_bytes` rebuilds the
    destination address without its 4-byte form (`destination_from_bytes` does not set
    `extended_addressing`, unlike `source_from_bytes`), computes the FCS over the shorter
    address and rejects every DISC to a 4-byte server address. True only for exactly that
    case: a DISC to a 4-byte address that dlms-cosem reads back shorter; the frame is then
    read by the field readers and must still be rebuilt byte for byte."""
    if not (to_server and kind == "disc" and dest_len == 4 and "FCS" in str(error)):
        return False
    return HdlcAddress.destination_from_bytes(raw, "server").length != 4


def cosem_read_wrapper(raw):
    raw = bytes(raw)
    p = WrapperProtocolDataUnit.from_bytes(raw)
    if p.to_bytes() != raw:
        raise ValueError("dlms-cosem writes the PDU it read as %s" % hx(p.to_bytes()))
    h = p.wrapper_header
    return {"version": h.version, "source": h.source_wport, "destination": h.destination_wport,
            "length": h.length, "apdu": hx(p.data)}


# --------------------------------------------------------------------------- generation


class Meter:
    """A meter for dlms-cosem's client to talk to over HDLC: the I/O object of its
    `HdlcTransport`. Every answer is a frame made by dlms-cosem's classes in the server's
    role; the xDLMS answers are built with its APDU classes where they work. Records every
    frame both ways."""

    def __init__(self, client, server, record, max_info=128):
        self.client, self.server = client, server
        self.record = record
        self.max_info = max_info
        self.out = bytearray()
        self.vs = self.vr = 0
        self.request = bytearray()
        self.pending = []

    def connect(self):
        pass

    def disconnect(self):
        pass

    def send(self, data):
        raw = bytes(data)
        self.record("c2s", raw)
        (_, _, dn), (_, _, sn) = HdlcAddress.find_address_in_frame_bytes(raw)
        at = 3 + dn + sn
        kind = control_kind(raw[at])
        if kind == "snrm":
            self.vs = self.vr = 0
            params = UA_PARAMS[self.max_info]
            self.emit(frames.UnNumberedAcknowledgmentFrame(self.client, self.server, params))
        elif kind == "disc":
            self.emit(frames.UnNumberedAcknowledgmentFrame(self.client, self.server))
        elif kind == "rr":
            self.next_segment()
        elif kind == "i":
            c = fields.InformationControlField.from_bytes(raw[at:at + 1])
            if c.send_sequence_number != self.vr:
                raise RuntimeError("meter: N(S) %d, expected %d" % (c.send_sequence_number, self.vr))
            self.vr = (self.vr + 1) % 8
            reading = cosem_read_hdlc(raw, True)
            self.request += H(reading["info"])
            if reading["segmented"]:
                self.emit(frames.ReceiveReadyFrame(self.client, self.server,
                                                   receive_sequence_number=self.vr))
                return
            if not self.request.startswith(LLC_COMMAND_HEADER):
                raise RuntimeError("meter: request without LLC header")
            answer = LLC_RESPONSE_HEADER + answer_apdu(bytes(self.request[3:]))
            self.request = bytearray()
            self.pending = [answer[i:i + self.max_info] for i in range(0, len(answer), self.max_info)]
            self.next_segment()
        else:
            raise RuntimeError("meter: unexpected frame %s" % hx(raw))

    def next_segment(self):
        payload = self.pending.pop(0)
        self.emit(frames.InformationFrame(self.client, self.server, payload,
                                          segmented=bool(self.pending),
                                          send_sequence_number=self.vs,
                                          receive_sequence_number=self.vr))
        self.vs = (self.vs + 1) % 8

    def emit(self, frame):
        raw = frame.to_bytes()
        self.record("s2c", raw)
        self.out += raw

    def recv_until(self, end):
        at = self.out.find(end)
        if at < 0:
            raise RuntimeError("meter: the client waits but the meter has nothing to send")
        chunk = bytes(self.out[:at + len(end)])
        del self.out[:at + len(end)]
        return chunk

    def recv(self, amount=1):
        chunk = bytes(self.out[:amount])
        del self.out[:amount]
        return chunk


class WrapperMeter(Meter):
    """The same meter behind dlms-cosem's `TcpTransport` (IEC 62056-47 wrapper)."""

    def send(self, data):
        raw = bytes(data)
        self.record("c2s", raw)
        p = WrapperProtocolDataUnit.from_bytes(raw)
        answer = answer_apdu(bytes(p.data))
        h = WrapperHeader(source_wport=p.wrapper_header.destination_wport,
                          destination_wport=p.wrapper_header.source_wport, length=len(answer))
        pdu = WrapperProtocolDataUnit(answer, h).to_bytes()
        self.record("s2c", pdu)
        self.out += pdu


def answer_apdu(apdu):
    """The meter's xDLMS/ACSE answer. dlms-cosem parses each request; its encoders make
    the SET response and the RLRE; the GET response is laid out by hand (C4 01 invoke 00
    data) because `GetResponseNormal.to_bytes` fails in 25.1.0 (README)."""
    tag = apdu[0]
    if tag == 0x60:
        acse.ApplicationAssociationRequest.from_bytes(apdu)
        return acse.ApplicationAssociationResponse.from_bytes(AARE).to_bytes()
    if tag == 0xC0:
        req = xdlms.GetRequestFactory.from_bytes(apdu)
        data = CLOCK_VALUE if req.cosem_attribute == CLOCK else octet_string(300, 7)
        return bytes((0xC4, 0x01, req.invoke_id_and_priority.to_bytes()[0], 0x00)) + data
    if tag == 0xC1:
        req = xdlms.SetRequestFactory.from_bytes(apdu)
        return xdlms.SetResponseNormal(result=enumerations.DataAccessResult.SUCCESS,
                                       invoke_id_and_priority=req.invoke_id_and_priority).to_bytes()
    if tag == 0x62:
        acse.ReleaseRequest.from_bytes(apdu)
        return acse.ReleaseResponse(reason=enumerations.ReleaseResponseReason.NORMAL).to_bytes()
    raise RuntimeError("meter: no answer for %s" % hx(apdu))


REQUEST_KINDS = {0x60: "aarq", 0xC0: "get", 0xC1: "set", 0x62: "rlrq"}
RESPONSE_KINDS = {0x61: "aare", 0xC4: "get_response", 0xC5: "set_response", 0x63: "rlre"}


class Recorder:
    """Collects frames with dlms-cosem's reading of each, labelled by the current step."""

    def __init__(self, itf, tag, frames_out):
        self.itf, self.tag, self.frames = itf, tag, frames_out
        self.label = ""
        self.counts = {}

    def __call__(self, direction, raw):
        to_server = direction == "c2s"
        n = self.counts.get(self.label, 0)
        self.counts[self.label] = n + 1
        if self.itf == "hdlc":
            reading = cosem_read_hdlc(raw, to_server)
            kind = frame_kind(reading, to_server)
        else:
            reading = cosem_read_wrapper(raw)
            kinds = REQUEST_KINDS if to_server else RESPONSE_KINDS
            kind = kinds.get(H(reading["apdu"])[0], "other")
        fid = "%s/%s/%s/%d-%s" % (self.itf, self.tag, self.label, n, kind)
        self.frames.append({"id": fid, "interface": self.itf, "direction": direction,
                            "kind": kind, "hex": hx(raw), "reading": reading})


def frame_kind(reading, to_server):
    kind = control_kind(reading["control"])
    if kind != "i":
        return kind
    if not reading["llc"]:  # a later segment: the long SET or GET response goes on
        return "set" if to_server else "get_response"
    kinds = REQUEST_KINDS if to_server else RESPONSE_KINDS
    return kinds.get(H(reading["apdu"])[0], "other")


def hdlc_client(c, srv, meter, auth):
    _, logical, physical, four = srv
    t = HdlcTransport(client_logical_address=c, server_logical_address=logical, io=meter,
                      server_physical_address=physical, extended_addressing=four)
    return DlmsClient(transport=t, authentication=auth, client_system_title=CLIENT_SYSTEM_TITLE)


def generate():
    out = []
    for c in CLIENTS:
        client = HdlcAddress(c, None, "client")
        for srv in SERVERS:
            stag, logical, physical, four = srv
            server = HdlcAddress(logical, physical, "server", four)
            tag = "c%d-%s" % (c, stag)
            rec = Recorder("hdlc", tag, out)

            # A whole session of dlms-cosem's client: set-up, LLS association, GET of the
            # clock, GET of a 300-byte value (answered in three segments, each acknowledged
            # with RR), SET of a 300-byte value (sent in three segments, the meter answers
            # each with RR), release, disconnect.
            meter = Meter(client, server, rec)
            dc = hdlc_client(c, srv, meter, LowLevelSecurityAuthentication(secret=PASSWORD))
            steps = (("snrm", dc.connect), ("aarq-lls", dc.associate),
                     ("get-clock", lambda: dc.get(CLOCK)), ("get-long", lambda: dc.get(DATA)),
                     ("set-seg", lambda: dc.set(DATA, octet_string(300))),
                     ("rlrq", dc.release_association), ("disc", dc.disconnect))
            for label, step in steps:
                rec.label = label
                step()

            # Unsegmented frames of 254 to 264 bytes between the flags (information field
            # up to 1024 bytes on both sides): around the point where the frame length
            # needs the format byte's low bits.
            meter = Meter(client, server, rec, max_info=1024)
            dc = hdlc_client(c, srv, meter, NoSecurityAuthentication())
            dc.transport.hdlc_connection.max_data_size = 1024
            rec.label = "snrm-1024"
            dc.connect()
            rec.label = "aarq-none"
            dc.associate()
            # Format, control, HCS, FCS; addresses; LLC; SET header (C1 01 id, attribute
            # descriptor, no selective access) and 09 81 n.
            overhead = 7 + server.length + client.length + len(LLC_COMMAND_HEADER) + 13 + 3
            for total in (254, 255, 256, 257, 259, 262, 263, 264):
                rec.label = "set-len%d" % total
                dc.set(DATA, octet_string(total - overhead))
                made = len(H(out[-2]["hex"])) - 2  # the request; the meter's answer follows
                if made != total:
                    raise RuntimeError("%s: a %d-byte frame for %d" % (tag, made, total))

            # Frames dlms-cosem's client does not take but its classes build in the
            # server's role: an answer in a window of three I-frames (P/F on the last
            # only), and data-notification pushes in UI frames with and without P/F.
            rec.label = "get-response-w3"
            answer = LLC_RESPONSE_HEADER + bytes((0xC4, 0x01, 0xC1, 0x00)) + octet_string(300, 11)
            parts = [answer[i:i + 128] for i in range(0, len(answer), 128)]
            for k, part in enumerate(parts):
                last = k + 1 == len(parts)
                rec("s2c", frames.InformationFrame(client, server, part, segmented=not last,
                                                   final=last, send_sequence_number=2 + k,
                                                   receive_sequence_number=3).to_bytes())
            push = LLC_RESPONSE_HEADER + DATA_NOTIFICATION
            for final in (True, False):
                rec.label = "ui-push-%s" % ("pf" if final else "nopf")
                rec("s2c", frames.UnnumberedInformationFrame(client, server, push,
                                                             final=final).to_bytes())

        # ---- Wrapper: client wPort c, server wPort 1, through dlms-cosem's TcpTransport.
        tag = "c%d-s1" % c
        rec = Recorder("wrapper", tag, out)
        meter = WrapperMeter(None, None, rec)
        t = TcpTransport(client_logical_address=c, server_logical_address=1, io=meter)
        dc = DlmsClient(transport=t, authentication=LowLevelSecurityAuthentication(secret=PASSWORD),
                        client_system_title=CLIENT_SYSTEM_TITLE)
        dc.connect()
        for label, step in (("aarq-lls", dc.associate), ("get-clock", lambda: dc.get(CLOCK)),
                            ("get-long", lambda: dc.get(DATA)),
                            ("set-long", lambda: dc.set(DATA, octet_string(1000))),
                            ("rlrq", dc.release_association)):
            rec.label = label
            step()
        dc.disconnect()
    return {"peer": "dlms-cosem", "version": COSEM_VERSION, "frames": out}


def address_deviations():
    """dlms-cosem deviations D1 and D2 (README), confirmed on the installed version. D1:
    without `extended_addressing`, a server address part of 128 or more loses the zero
    high byte of its two-byte form, so the address has the wrong length or meaning. D2:
    with `extended_addressing`, a server address without physical part becomes 2 bytes
    meaning logical 0, physical 1. The generator asks for the 4-byte form exactly where a
    4-byte address is meant, so it never writes these frames."""
    found = []
    d1 = [(1, 5481, "0254D3"), (1, 128, "020201"), (200, None, "0291")]
    if all(HdlcAddress(u, p, "server").to_bytes() == H(b) for u, p, b in d1):
        found.append("D1 (physical 5481 written as 02 54 D3, physical 128 as 02 02 01, "
                     "logical 200 as 02 91)")
    if HdlcAddress(1, None, "server", True).to_bytes() == H("0003"):
        found.append("D2 (logical 1 with extended_addressing written as 00 03)")
    return found


# --------------------------------------------------------------------------- checking





# SNRM/UA parameters are not compared: dlms-cosem 25.1.0 has no reader for them.
HDLC_KEYS = ("dest", "src", "control", "segmented", "info", "llc", "apdu")


def check_frame(f, tolerated):
    raw = H(f["hex"])
    if f["interface"] == "hdlc":
        got = cosem_read_hdlc(raw, f["direction"] == "c2s")
        if "tolerated" in got:
            tolerated.append("frame %s [%s]" % (f["id"], ", ".join(got["tolerated"])))
        return compare(f["expect"], got, HDLC_KEYS, "dlms-cosem")
    return compare(f["expect"], cosem_read_wrapper(raw), WRAPPER_KEYS, "dlms-cosem")


class Mismatch(Exception):
    pass


class ScriptIO:
    """The I/O object of dlms-cosem's `HdlcTransport` during a replay: what the transport
    sends must be our client's next frame; what it reads is our server's next frame."""

    def __init__(self, steps):
        self.steps = steps
        self.pos = 0
        self.rx = bytearray()

    def connect(self):
        pass

    def disconnect(self):
        pass

    def step(self, direction):
        if self.pos >= len(self.steps):
            raise Mismatch("dlms-cosem goes on after the end of the session (%s)" % direction)
        s = self.steps[self.pos]
        if s["direction"] != direction:
            what = "sends a frame" if direction == "c2s" else "waits for a frame"
            raise Mismatch("step %d (%s %s): dlms-cosem %s instead"
                           % (self.pos, s["direction"], s["kind"], what))
        self.pos += 1
        return s

    def send(self, data):
        s = self.step("c2s")
        raw = H(s["hex"])
        if s["kind"] == "snrm":
            # dlms-cosem proposes no parameters (the defaults); only sessions where our
            # client proposes exactly the defaults are replayed, so the SNRMs differ only
            # by our parameter field.
            if bytes(data) != strip_info(raw):
                raise Mismatch("step %d: SNRM %s, ours %s" % (self.pos - 1, hx(data), hx(raw)))
            return
        if bytes(data) != raw:
            raise Mismatch("step %d (c2s %s): dlms-cosem sends %s, ours %s"
                           % (self.pos - 1, s["kind"], short(hx(data)), short(hx(raw))))

    def recv_until(self, end):
        if not self.rx:
            self.rx += H(self.step("s2c")["hex"])
        at = self.rx.find(end)
        chunk = bytes(self.rx[:at + len(end)])
        del self.rx[:at + len(end)]
        return chunk


def strip_info(raw):
    """Our SNRM without its parameter field, as the fields dlms-cosem reads it: the frame
    dlms-cosem's classes build with the same addresses and control byte."""
    (dl, dp, dn), (sl, sp, sn) = HdlcAddress.find_address_in_frame_bytes(raw)
    return frames.SetNormalResponseModeFrame(HdlcAddress(dl, dp, "server", dn == 4),
                                             HdlcAddress(sl, sp, "client", sn == 4)).to_bytes()


def replay_session(sess):
    """Runs dlms-cosem's HDLC client (`HdlcTransport`) through one of our recorded sessions:
    each frame it sends must equal our client's, byte for byte (the SNRM: same but for our
    parameter field), and it must take each of our server's frames, sequence numbers
    included, and hand up the APDU our server sent."""
    srv = sess["server"]
    io = ScriptIO(sess["steps"])
    t = HdlcTransport(client_logical_address=sess["client"], server_logical_address=srv["upper"], io=io,
                      server_physical_address=srv["lower"], extended_addressing=srv["size"] == 4)
    steps = sess["steps"]
    while io.pos < len(steps):
        s = steps[io.pos]
        where = "step %d (%s %s)" % (io.pos, s["direction"], s["kind"])
        if s["direction"] != "c2s":
            return ["%s: our server sends a frame dlms-cosem does not wait for" % where]
        kind = s["kind"]
        start = io.pos
        try:
            if kind == "snrm":
                t.connect()
            elif kind == "disc":
                t.disconnect()
            elif kind in ("aarq", "get"):
                reading = cosem_read_hdlc(H(s["hex"]), True)
                if reading["llc"] != hx(LLC_COMMAND_HEADER):
                    return ["%s: our request has no LLC header as dlms-cosem reads it" % where]
                got = t.send_request(H(reading["apdu"]))
                sent = answer_of(steps[start:io.pos])
                if hx(got) != sent:
                    return ["%s: dlms-cosem hands up %s, our server sent %s"
                            % (where, short(hx(got)), short(sent))]
            else:
                return ["%s: dlms-cosem's client has no such request" % where]
        except Mismatch:
            raise
        except Exception as ex:  # dlms-cosem rejected one of our server's frames
            return ["%s: dlms-cosem raised %r after step %d" % (where, ex, io.pos - 1)]
    if io.rx:
        return ["dlms-cosem left %s of our server's bytes unread" % short(hx(io.rx))]
    return []


def answer_of(steps):
    """The APDU in our server's I-frames among these steps, read by dlms-cosem, less LLC."""
    info = "".join(cosem_read_hdlc(H(s["hex"]), False)["info"] for s in steps
                   if s["direction"] == "s2c" and s["kind"] not in ("rr", "ua"))
    return info[2 * len(LLC_RESPONSE_HEADER):]


def check(path):
    with open(path) as fh:
        ours = json.load(fh)
    passed = failed = 0
    skipped = {}
    tolerated = []

    def report(name, diffs):
        nonlocal passed, failed
        if diffs:
            failed += 1
            print("FAIL %s" % name)
            for d in diffs:
                print("     %s" % d)
        else:
            passed += 1

    def skip(what, why):
        skipped.setdefault(why, []).append(what)

    for f in ours["frames"]:
        try:
            diffs = check_frame(f, tolerated)
        except Skip as ex:
            skip("frame %s" % f["id"], str(ex))
            continue
        except Exception as ex:
            diffs = ["dlms-cosem rejected it: %r" % ex]
        report("frame %s" % f["id"], diffs)
    for s in ours.get("sessions", []):
        if s["client_params"] != DEFAULT_PARAMS:
            skip("session %s" % s["id"], "client parameters other than the defaults: dlms-cosem "
                 "proposes none in SNRM and takes one I-frame per window")
            continue
        try:
            diffs = replay_session(s)
        except Mismatch as ex:
            diffs = [str(ex)]
        except Exception:
            diffs = ["dlms-cosem raised: " + traceback.format_exc(limit=3)]
        report("session %s" % s["id"], diffs)
    n_skipped = sum(len(v) for v in skipped.values())
    for why, what in skipped.items():
        print("skipped %d, %s: %s" % (len(what), why, ", ".join(what)))
    if tolerated:
        print("note: %d frames pass with dlms-cosem deviation D3 tolerated (README), e.g. %s"
              % (len(tolerated), tolerated[0]))
    print("note: SNRM/UA parameter fields are not compared (dlms-cosem has no reader for them)")
    print("%d skipped in all" % n_skipped)
    print("%d passed, %d failed" % (passed, failed))
    return failed == 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--check":
        return 0 if check(argv[2]) else 1
    if len(argv) == 2 and not argv[1].startswith("-"):
        out = generate()
        write_json(argv[1], out)
        print("dlms-cosem %s: %d frames written to %s" % (COSEM_VERSION, len(out["frames"]), argv[1]))
        tol = [f["id"] for f in out["frames"] if "tolerated" in f.get("reading", {})]
        if tol:
            print("note: dlms-cosem deviation D3: it cannot read back %d of its own DISC frames, e.g. %s; "
                  "read by its field readers instead" % (len(tol), tol[0]))
        found = address_deviations()
        if found:
            print("note: dlms-cosem address deviations still present: %s" % "; ".join(found))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
