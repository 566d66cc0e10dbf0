#!/usr/bin/env python3
"""HDLC (IEC 62056-46 frame type 3) and wrapper (IEC 62056-47) interoperability with gurux-dlms.

    hdlc_gurux.py OUT.json          write frames that gurux-dlms produces, with gurux's own
                                    reading of each, for `examples/interop_hdlc.rs` to check
    hdlc_gurux.py --check IN.json   read frames that dlms-hdlc produced with gurux-dlms and
                                    compare what gurux reads with what we meant; replay our
                                    client/server sessions against a gurux client

Only the public package is driven: its client API and the framing functions of its
`GXDLMS` class. Nothing of gurux is reproduced here. Exit status 1 on any mismatch.
"""
import json
import sys
import traceback
from importlib.metadata import version

from common import H, WRAPPER_KEYS, compare, hx, short, write_json

from gurux_dlms.GXByteBuffer import GXByteBuffer
from gurux_dlms.GXDLMS import GXDLMS
from gurux_dlms.GXDLMSClient import GXDLMSClient
from gurux_dlms.GXDLMSLNParameters import GXDLMSLNParameters
from gurux_dlms.GXDLMSSettings import GXDLMSSettings
from gurux_dlms.GXHdlcSettings import GXHdlcSettings
from gurux_dlms.GXReplyData import GXReplyData
from gurux_dlms.enums import Authentication, Command, InterfaceType, RequestTypes, Security
from gurux_dlms.ConnectionState import ConnectionState
from gurux_dlms.internal._GXCommon import _GXCommon
from gurux_dlms.objects import GXDLMSClock, GXDLMSData
from gurux_dlms.secure.GXDLMSSecureClient import GXDLMSSecureClient

GURUX_VERSION = version("gurux-dlms")  # requirements.txt pins 1.0.203
PASSWORD = "12345678"
# Green Book example keys and system title.
EK = H("000102030405060708090A0B0C0D0E0F")
AK = H("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF")
ST_C = H("4D4D4D0000000001")
CTOS = H("4B35366956616759")
CLOCK = "0.0.1.0.0.255"
DATA = "0.0.96.1.0.255"

# Client SAPs and server addresses (upper, lower, size forced on gurux or None).
CLIENTS = (16, 1)
SERVERS = ((1, None, None), (1, 17, None), (1, 5481, None), (1, 17, 4))
# HDLC limits the gurux client proposes in SNRM: two sets, so that 1-, 2- and 4-byte
# parameter values and omitted defaults all appear.
SNRM_LIMITS = (
    {"max_info_tx": 512, "max_info_rx": 256, "window_tx": 1, "window_rx": 3},
    {"max_info_tx": 64, "max_info_rx": 2030, "window_tx": 7, "window_rx": 1},
)
# Values gurux's server-role framing answers with in UA (the server's own view).
UA_LIMITS = {"max_info_tx": 128, "max_info_rx": 1024, "window_tx": 1, "window_rx": 7}



def gurux_server_address(upper, lower, size):
    """gurux's single-integer server address (logical and physical part)."""
    if lower is None:
        return upper
    if size:
        return GXDLMSClient.getServerAddress(upper, lower, size)
    return GXDLMSClient.getServerAddress(upper, lower)


def server_tag(upper, lower, size):
    return "s%d" % upper + ("" if lower is None else "-%d" % lower) + ("" if not size else "x%d" % size)


# --------------------------------------------------------------------------- gurux reading


def read_address(buf):
    """gurux's address decoder: (combined value, size in bytes as gurux consumed it)."""
    start = buf.position
    value = _GXCommon.getHDLCAddress(buf)
    return value, buf.position - start


def split_address(value, size):
    """Upper/lower parts of gurux's combined address, by the size it read."""
    if size == 1:
        return {"value": value, "size": 1, "upper": value, "lower": None}
    if size == 2:
        return {"value": value, "size": 2, "upper": value >> 7, "lower": value & 0x7F}
    return {"value": value, "size": size, "upper": value >> 14, "lower": value & 0x3FFF}


class Stateless:
    """Non-None marker for GXReplyData.xml: like gurux's own GXDLMSTranslator, skips the
    N(S)/N(R) sequence check of the receiving station, so that a frame is read on its own."""


def sender_params(info):
    """Negotiation values of an SNRM/UA information field read by gurux, from the sender's
    point of view (gurux stores them from the receiver's, so transmit and receive swap)."""
    h = GXHdlcSettings()
    GXDLMS.parseSnrmUaResponse(GXByteBuffer(bytes(info)), h)
    return {"max_info_tx": h.maxInfoRX, "max_info_rx": h.maxInfoTX,
            "window_tx": h.windowSizeRX, "window_rx": h.windowSizeTX}


def receiver_settings(receiver_is_server, interface, client, server):
    """gurux settings of the station that receives a frame."""
    s = GXDLMSSettings(receiver_is_server, None)
    s.interfaceType = interface
    s.clientAddress = client
    s.serverAddress = server
    return s


def gurux_read_hdlc(raw, receiver_is_server, client=0, server=0):
    """Reads one flagged frame with gurux's HDLC parser (GXDLMS.getHdlcData) as the receiving
    station. A server-role receiver takes any address; a client-role one only its own pair.
    Returns what gurux read, or raises if it rejects the frame."""
    raw = bytes(raw)
    s = receiver_settings(receiver_is_server, InterfaceType.HDLC, client, server)
    rd = GXReplyData()
    rd.xml = Stateless()
    buf = GXByteBuffer(raw)
    cf = GXDLMS.getHdlcData(receiver_is_server, s, buf, rd, None)
    if not rd.complete:  # a rejected frame is skipped: nothing complete remains
        raise ValueError("gurux did not accept the frame (addresses, flags, length or CRC)")
    GXDLMS.getDataFromFrame(buf, rd, True)
    # Addresses and the information field, located with gurux's address decoder.
    b = GXByteBuffer(raw)
    b.position = 3
    dest = split_address(*read_address(b))
    src = split_address(*read_address(b))
    header_end = b.position + 1  # control byte
    has_info = len(raw) > header_end + 3
    info = raw[header_end + 2:-3] if has_info else b""
    payload = bytes(rd.data.array()) if rd.data.size else b""
    out = {"dest": dest, "src": src, "control": cf,
           "segmented": bool(rd.moreData & RequestTypes.FRAME),
           "info": hx(info), "llc": None, "apdu": None, "params": None}
    if cf & 1 == 0 or cf in (0x03, 0x13):
        # I or UI frame: gurux strips an LLC header when one is there.
        skipped = len(info) - len(payload)
        out["llc"] = hx(info[:skipped]) if skipped else None
        out["apdu"] = hx(payload)
    elif cf == 0x93 or (cf == 0x73 and has_info):
        # An SNRM without information field proposes the defaults (gurux reads it so too).
        out["params"] = sender_params(info)
    return out


def gurux_read_wrapper(raw, receiver_is_server, client=0, server=0):
    """Reads one wrapper PDU with gurux's TCP/UDP wrapper parser as the receiving station."""
    raw = bytes(raw)
    s = receiver_settings(receiver_is_server, InterfaceType.WRAPPER, client, server)
    rd = GXReplyData()
    buf = GXByteBuffer(raw)
    GXDLMS._GXDLMS__getTcpData(s, buf, rd, None)  # pylint: disable=protected-access
    if not rd.complete:
        raise ValueError("gurux did not accept the PDU (incomplete)")
    GXDLMS.getDataFromFrame(buf, rd, False)
    apdu = bytes(rd.data.array())
    if receiver_is_server:
        source, destination = rd.sourceAddress, rd.targetAddress
    else:
        source, destination = rd.targetAddress, rd.sourceAddress
    return {"version": 1, "source": source, "destination": destination,
            "length": len(apdu), "apdu": hx(apdu)}


def correct_length(raw):
    """The flagged frame with the true length in its format field and HCS/FCS recomputed
    by gurux's own CRC (used only on gurux's frames, to read them despite deviation 1)."""
    from gurux_dlms._GXFCS16 import _GXFCS16
    b = bytearray(raw)
    n = len(b) - 2
    b[1] = (b[1] & 0xF8) | (n >> 8)
    b[2] = n & 0xFF
    bb = GXByteBuffer(bytes(b))
    hdr = 3
    while not b[hdr] & 1:
        hdr += 1
    hdr += 1
    while not b[hdr] & 1:
        hdr += 1
    hdr += 2  # past the control byte: HCS follows
    if len(b) > hdr + 3:
        crc = _GXFCS16.countFCS16(bb, 1, hdr - 1)
        b[hdr], b[hdr + 1] = crc >> 8, crc & 0xFF
        bb = GXByteBuffer(bytes(b))
    crc = _GXFCS16.countFCS16(bb, 1, len(b) - 4)
    b[-3], b[-2] = crc >> 8, crc & 0xFF
    return bytes(b)


# --------------------------------------------------------------------------- generation


def new_client(client, srv, auth, itf, limits=None, security=Security.NONE):
    upper, lower, size = srv
    c = GXDLMSSecureClient(True, client, gurux_server_address(upper, lower, size), auth,
                           PASSWORD if auth == Authentication.LOW else None, itf)
    if size:
        c.serverAddressSize = size
    if limits:
        c.hdlcSettings.maxInfoTX = limits["max_info_tx"]
        c.hdlcSettings.maxInfoRX = limits["max_info_rx"]
        c.hdlcSettings.windowSizeTX = limits["window_tx"]
        c.hdlcSettings.windowSizeRX = limits["window_rx"]
    if auth == Authentication.HIGH_GMAC:
        c.ciphering.security = security
        c.ciphering.systemTitle = ST_C
        c.ciphering.blockCipherKey = EK
        c.ciphering.authenticationKey = AK
        c.ciphering.invocationCounter = 1
        c.ctoSChallenge = CTOS
    return c


def server_settings(client, srv, itf, max_info_tx=128):
    """gurux settings in the server role: what its server framing (GXDLMS.getHdlcFrame,
    getLnMessages, getWrapperFrame) uses to address and segment replies."""
    upper, lower, size = srv
    s = GXDLMSSettings(True, None)
    s.interfaceType = itf
    s.clientAddress = client
    s.serverAddress = gurux_server_address(upper, lower, size)
    if size:
        s.serverAddressSize = size
    s.hdlc.maxInfoTX = max_info_tx
    return s


def get_response_data(n):
    """A GET response's data: octet-string of n bytes (gurux's encoder lays it out)."""
    bb = GXByteBuffer()
    _GXCommon.setData(GXDLMSSettings(True, None), bb, 9, bytes((i * 7) & 0xFF for i in range(n)))
    return bb


def clock_value():
    """Clock attribute 2 as the octet-string a meter returns: 2020-01-01 Wed 00:03:00.00,
    deviation -60, status 0."""
    bb = GXByteBuffer()
    bb.set(H("090C07E40101FF00030000FFC400"))
    return bb


def server_messages(settings, command, data, invoke=0xC1):
    p = GXDLMSLNParameters(settings, invoke, command, 1, None, data, 0)
    return GXDLMS.getLnMessages(p)


def generate():
    frames = []
    apdus = {}

    def add(fid, itf, direction, kind, raw, client, srv):
        raw = bytes(raw)
        gs = gurux_server_address(*srv)
        to_server = direction == "c2s"
        if itf == "hdlc":
            # Read back with gurux's parser in the receiving role.
            args = (to_server, 0 if to_server else client, 0 if to_server else gs)
            try:
                g = gurux_read_hdlc(raw, *args)
            except ValueError as ex:
                # gurux cannot read a frame it wrote itself. Known case (README, deviation
                # 1): the length bits of the format field are wrong for frames of 256 to
                # 262 bytes. Record gurux's reading of the frame with the length corrected.
                fixed = correct_length(raw)
                g = gurux_read_hdlc(fixed, *args)
                g["unreadable_as_sent"] = str(ex)
                g["corrected_hex"] = hx(fixed)
        else:
            g = gurux_read_wrapper(raw, to_server, 0 if to_server else client, 0 if to_server else gs)
        frames.append({"id": fid, "interface": itf, "direction": direction, "kind": kind,
                       "hex": hx(raw), "reading": g})

    for client in CLIENTS:
        for srv in SERVERS:
            tag = "c%d-%s" % (client, server_tag(*srv))
            # ---- HDLC, client side (GXDLMSSecureClient).
            for i, lim in enumerate(SNRM_LIMITS):
                c = new_client(client, srv, Authentication.LOW, InterfaceType.HDLC, lim)
                add("hdlc/%s/snrm-%d" % (tag, i), "hdlc", "c2s", "snrm", c.snrmRequest(), client, srv)
            c = new_client(client, srv, Authentication.NONE, InterfaceType.HDLC)
            add("hdlc/%s/snrm-default" % tag, "hdlc", "c2s", "snrm", c.snrmRequest(), client, srv)

            c = new_client(client, srv, Authentication.LOW, InterfaceType.HDLC)
            c.snrmRequest()
            aarq = c.aarqRequest()
            assert len(aarq) == 1
            add("hdlc/%s/aarq-lls" % tag, "hdlc", "c2s", "aarq", aarq[0], client, srv)
            get = c.read(GXDLMSClock(CLOCK), 2)
            add("hdlc/%s/get-clock" % tag, "hdlc", "c2s", "get", get[0], client, srv)
            add("hdlc/%s/rr" % tag, "hdlc", "c2s", "rr", c.receiverReady(RequestTypes.FRAME), client, srv)
            add("hdlc/%s/disc" % tag, "hdlc", "c2s", "disc", c.disconnectRequest(True), client, srv)

            c = new_client(client, srv, Authentication.HIGH_GMAC, InterfaceType.HDLC,
                           security=Security.AUTHENTICATION_ENCRYPTION)
            c.snrmRequest()
            for n, f in enumerate(c.aarqRequest()):
                add("hdlc/%s/aarq-hls-gmac-%d" % (tag, n), "hdlc", "c2s", "aarq", f, client, srv)

            # A write that gurux segments (S bit) with the default 128-byte information field.
            c = new_client(client, srv, Authentication.NONE, InterfaceType.HDLC)
            c.snrmRequest()
            d = GXDLMSData(DATA)
            d.value = bytes((i * 3) & 0xFF for i in range(300))
            for n, f in enumerate(c.write(d, 2)):
                add("hdlc/%s/write-seg-%d" % (tag, n), "hdlc", "c2s", "write", f, client, srv)

            # Frames of 250 to 270 bytes between the flags, unsegmented: around the point
            # where the frame length needs the format byte's low bits.
            c = new_client(client, srv, Authentication.NONE, InterfaceType.HDLC,
                           {"max_info_tx": 1024, "max_info_rx": 1024, "window_tx": 1, "window_rx": 1})
            c.snrmRequest()
            for n in range(216, 237, 2):
                d = GXDLMSData(DATA)
                d.value = bytes(n)
                f = c.write(d, 2)
                assert len(f) == 1
                add("hdlc/%s/write-len%d" % (tag, len(f[0]) - 2), "hdlc", "c2s", "write", f[0], client, srv)

            # ---- HDLC, server side (gurux's server framing with server-role settings).
            s = server_settings(client, srv, InterfaceType.HDLC)
            # The UA carries the server's limits, encoded by gurux's parameter encoder (the
            # one its client uses for SNRM; its server's own UA path does not run, see README).
            ua = new_client(client, srv, Authentication.NONE, InterfaceType.HDLC, UA_LIMITS)
            ua_info = GXByteBuffer(H(gurux_read_hdlc(ua.snrmRequest(), True)["info"]))
            add("hdlc/%s/ua-params" % tag, "hdlc", "s2c", "ua", GXDLMS.getHdlcFrame(s, 0x73, ua_info), client, srv)
            s = server_settings(client, srv, InterfaceType.HDLC)
            s.receiverFrame = s.increaseReceiverSequence(s.increaseSendSequence(s.receiverFrame))
            for n, f in enumerate(server_messages(s, Command.GET_RESPONSE, clock_value())):
                add("hdlc/%s/get-response-%d" % (tag, n), "hdlc", "s2c", "get_response", f, client, srv)
            s = server_settings(client, srv, InterfaceType.HDLC)
            for n, f in enumerate(server_messages(s, Command.GET_RESPONSE, get_response_data(300))):
                add("hdlc/%s/get-response-seg-%d" % (tag, n), "hdlc", "s2c", "get_response", f, client, srv)
            s = server_settings(client, srv, InterfaceType.HDLC)
            add("hdlc/%s/ua" % tag, "hdlc", "s2c", "ua", GXDLMS.getHdlcFrame(s, 0x73, None), client, srv)
            add("hdlc/%s/dm" % tag, "hdlc", "s2c", "dm", GXDLMS.getHdlcFrame(s, 0x1F, None), client, srv)

        # ---- Wrapper (no physical address: server wPort 1 only).
        srv = (1, None, None)
        tag = "c%d-s1" % client
        c = new_client(client, srv, Authentication.LOW, InterfaceType.WRAPPER)
        aarq = c.aarqRequest()
        add("wrapper/%s/aarq-lls" % tag, "wrapper", "c2s", "aarq", aarq[0], client, srv)
        add("wrapper/%s/get-clock" % tag, "wrapper", "c2s", "get", c.read(GXDLMSClock(CLOCK), 2)[0], client, srv)
        c.settings.connected |= ConnectionState.DLMS
        add("wrapper/%s/rlrq" % tag, "wrapper", "c2s", "rlrq", c.disconnectRequest(True), client, srv)
        c = new_client(client, srv, Authentication.HIGH_GMAC, InterfaceType.WRAPPER,
                       security=Security.AUTHENTICATION_ENCRYPTION)
        add("wrapper/%s/aarq-hls-gmac" % tag, "wrapper", "c2s", "aarq", c.aarqRequest()[0], client, srv)
        c = new_client(client, srv, Authentication.NONE, InterfaceType.WRAPPER)
        d = GXDLMSData(DATA)
        d.value = bytes((i * 3) & 0xFF for i in range(300))
        add("wrapper/%s/write" % tag, "wrapper", "c2s", "write", c.write(d, 2)[0], client, srv)
        s = server_settings(client, srv, InterfaceType.WRAPPER)
        add("wrapper/%s/get-response" % tag, "wrapper", "s2c", "get_response",
            server_messages(s, Command.GET_RESPONSE, clock_value())[0], client, srv)
        s = server_settings(client, srv, InterfaceType.WRAPPER)
        add("wrapper/%s/get-response-long" % tag, "wrapper", "s2c", "get_response",
            server_messages(s, Command.GET_RESPONSE, get_response_data(1000))[0], client, srv)

    # The APDUs our side reuses in its own frames (taken from gurux's frames above).
    by_id = {f["id"]: f for f in frames}
    apdus["aarq_lls"] = by_id["wrapper/c16-s1/aarq-lls"]["reading"]["apdu"]
    apdus["aarq_hls_gmac"] = by_id["wrapper/c16-s1/aarq-hls-gmac"]["reading"]["apdu"]
    apdus["get_clock"] = by_id["wrapper/c16-s1/get-clock"]["reading"]["apdu"]
    apdus["rlrq"] = by_id["wrapper/c16-s1/rlrq"]["reading"]["apdu"]
    c = new_client(16, (1, None, None), Authentication.NONE, InterfaceType.WRAPPER)
    apdus["get_data"] = gurux_read_wrapper(c.read(GXDLMSData(DATA), 2)[0], True)["apdu"]
    apdus["get_response_clock"] = by_id["wrapper/c16-s1/get-response"]["reading"]["apdu"]
    return {"peer": "gurux-dlms", "version": GURUX_VERSION, "apdus": apdus, "frames": frames}


# --------------------------------------------------------------------------- checking





def check_frame(f):
    raw = H(f["hex"])
    e = f["expect"]
    to_server = f["direction"] == "c2s"
    if f["interface"] == "hdlc":
        if to_server:
            client, server = 0, 0
        else:
            client = e["dest"]["upper"]
            server = gurux_server_address(e["src"]["upper"], e["src"]["lower"],
                                          4 if e["src"]["size"] == 4 else None)
        got = gurux_read_hdlc(raw, to_server, client, server)
        for k in ("dest", "src"):
            got[k] = {kk: got[k][kk] for kk in ("upper", "lower", "size")}
        keys = ("dest", "src", "control", "segmented", "info", "llc", "apdu", "params")
        return compare(e, got, keys, "gurux")
    if to_server:
        got = gurux_read_wrapper(raw, True)
    else:
        got = gurux_read_wrapper(raw, False, e["destination"], e["source"])
    return compare(e, got, WRAPPER_KEYS, "gurux")


def replay_session(sess):
    """Runs a gurux client through one of our recorded HDLC sessions: each of our client's
    frames must equal the request gurux builds at that point (SNRM: same parameters), and
    each of our server's frames must be accepted by gurux's client, sequence numbers
    included, and read as the answer we sent."""
    srv = sess["server"]
    size = 4 if srv["size"] == 4 else None
    c = new_client(sess["client"], (srv["upper"], srv["lower"], size), Authentication.LOW,
                   InterfaceType.HDLC, sess["client_params"])
    diffs = []
    rd = GXReplyData()
    rx = GXByteBuffer()
    window = []  # control bytes of our server's I-frames since the last with P/F set
    received = []  # control bytes of all our server's I-frames
    tolerated = []
    last_request = None
    objects = {"clock": GXDLMSClock(CLOCK), "data": GXDLMSData(DATA)}
    for n, step in enumerate(sess["steps"]):
        raw = H(step["hex"])
        where = "step %d (%s %s)" % (n, step["direction"], step["kind"])
        kind = step["kind"]
        if step["direction"] == "c2s":
            if kind == "snrm":
                mine = c.snrmRequest()
                a, b = gurux_read_hdlc(raw, True), gurux_read_hdlc(mine, True)
                for k in ("dest", "src", "control"):
                    if a[k] != b[k]:
                        diffs.append("%s: %s ours %r, gurux %r" % (where, k, a[k], b[k]))
                pa = a["params"] or sender_params(b"")
                pb = b["params"] or {"max_info_tx": 128, "max_info_rx": 128, "window_tx": 1, "window_rx": 1}
                if pa != pb:
                    diffs.append("%s: SNRM parameters ours %r, gurux %r" % (where, pa, pb))
                mine = None
            elif kind == "aarq":
                mine = c.aarqRequest()[0]
            elif kind == "get":
                mine = c.read(objects[step["object"]], 2)[0]
            elif kind == "rr":
                mine = c.receiverReady(rd)
                if bytes(mine) != raw and tolerate_rr_deviation(c, raw, mine, received):
                    tolerated.append(where + " [3]")
                    mine = None
            elif kind == "disc":
                mine = c.disconnectRequest(True)
            else:
                diffs.append("%s: unknown step" % where)
                continue
            if mine is not None and bytes(mine) != raw:
                diffs.append("%s: ours %s, gurux builds %s" % (where, short(hx(raw)), short(hx(mine))))
            if kind != "rr":
                rd = GXReplyData()
            last_request = kind
            continue
        # A frame from our server to gurux's client. Like gurux's own reader, the client gets
        # the received bytes accumulated in one buffer and is asked after each arrival;
        # "not yet" is fine while more of our server's frames follow.
        cf = control_byte(raw)
        if cf & 1 == 0 and tolerate_window_deviation(c, window):
            tolerated.append(where + " [2]")
        if cf & 1 == 0:
            received.append(cf)
        window = [] if cf & 0x10 or cf & 1 else window + [cf]
        rx.set(raw)
        try:
            ok = c.getData(rx, rd)
        except Exception as ex:  # gurux rejected it loudly
            diffs.append("%s: gurux raised %r" % (where, ex))
            break
        if not ok:
            following = sess["steps"][n + 1:n + 2]
            if following and following[0]["direction"] == "s2c":
                continue
            diffs.append("%s: gurux's client did not accept the frame" % where)
            break
        rx = GXByteBuffer()
        if kind == "ua" and last_request == "snrm":
            c.parseUAResponse(rd.data)
            h = c.hdlcSettings
            got = {"max_info_tx": h.maxInfoTX, "max_info_rx": h.maxInfoRX,
                   "window_tx": h.windowSizeTX, "window_rx": h.windowSizeRX}
            if got != sess["client_negotiated"]:
                diffs.append("%s: gurux's client applies %r, ours %r" % (where, got, sess["client_negotiated"]))
        elif kind == "aare":
            c.parseAareResponse(rd.data)
            if not c.settings.connected & ConnectionState.DLMS:
                diffs.append("%s: gurux's client is not associated after our AARE" % where)
        elif kind == "get_response" and "value" in step:
            # The last frame of the answer: gurux must have the whole value.
            value = rd.value
            got = hx(value) if isinstance(value, (bytes, bytearray)) else repr(value)
            if rd.isMoreData():
                diffs.append("%s: gurux still expects more of the answer" % where)
            elif got != step["value"].upper():
                diffs.append("%s: gurux read value %s, ours %s" % (where, short(got), short(step["value"])))
        elif kind == "get_response" and not rd.moreData & RequestTypes.FRAME:
            diffs.append("%s: gurux takes a segment with the S bit for the whole answer" % where)
        if rd.frameId != control_byte(raw):
            diffs.append("%s: gurux read control %02X" % (where, rd.frameId))
    if tolerated and not diffs:
        TOLERATED.append("%s: %s" % (sess["id"], ", ".join(tolerated)))
    return diffs


TOLERATED = []  # sessions that passed only with a known gurux deviation tolerated


def tolerate_rr_deviation(c, ours, gurux, received):
    """Gurux deviation 3 (README): gurux-dlms 1.0.203's receiverReady adds one to the N(R)
    of its last frame, however many I-frames arrived since; after a window of k frames it
    acknowledges one instead of k. Tolerated when the two RRs differ only in N(R), ours
    acknowledges the last I-frame received (N(R) = its N(S) + 1) and gurux's is one past
    its previous N(R). gurux's state then takes the N(R) that was actually sent, so that
    the rest of the session goes on from the same point on both sides."""
    off = control_byte_offset(ours)
    if not received or len(ours) != len(gurux) or off != len(ours) - 4 or ours[:off] != gurux[:off]:
        return False  # not two RRs between the same stations
    a, b = ours[off], gurux[off]
    if (a & 0x1F) != (b & 0x1F) or a == b:
        return False
    ours_nr, gurux_nr, last_ns = a >> 5, b >> 5, (received[-1] >> 1) & 7
    previous_nr = ((c.settings.senderFrame >> 5) - 1) & 7  # before receiverReady added one
    if ours_nr != (last_ns + 1) & 7 or gurux_nr != (previous_nr + 1) & 7:
        return False
    c.settings.senderFrame = (c.settings.senderFrame & 0x1F) | (a & 0xE0)
    return True


def control_byte_offset(raw):
    at = 3
    for _ in range(2):
        while not raw[at] & 1:
            at += 1
        at += 1
    return at


def tolerate_window_deviation(c, window):
    """Gurux deviation 2 (README): in gurux-dlms 1.0.203, GXDLMSSettings.checkFrame accepts
    an I-frame without P/F that follows another one without P/F, but stores it in a local
    variable (`ReceiverFrame = frame_`) instead of `self.receiverFrame`. Its client then
    rejects the third I-frame of a window (and every later one) as out of sequence. When
    gurux's state shows exactly that stale value, set it to what the assignment meant to
    store, and report it; any other rejection stays a failure."""
    if c.hdlcSettings.windowSizeRX == 1 or len(window) < 2:
        return False
    if c.settings.receiverFrame == window[-2] and window[-1] != window[-2]:
        c.settings.receiverFrame = window[-1]
        return True
    return False


def control_byte(raw):
    """The control byte of a flagged frame: after the format field and two addresses."""
    return raw[control_byte_offset(raw)]


def check(path):
    with open(path) as fh:
        ours = json.load(fh)
    passed = failed = 0

    def report(name, diffs):
        nonlocal passed, failed
        if diffs:
            failed += 1
            print("FAIL %s" % name)
            for d in diffs:
                print("     %s" % d)
        else:
            passed += 1

    for f in ours["frames"]:
        try:
            diffs = check_frame(f)
        except Exception as ex:
            diffs = ["gurux rejected it: %r" % ex]
        report("frame %s" % f["id"], diffs)
    for s in ours.get("sessions", []):
        try:
            diffs = replay_session(s)
        except Exception:
            diffs = ["gurux raised: " + traceback.format_exc(limit=3)]
        report("session %s" % s["id"], diffs)
    if TOLERATED:
        print("note: %d sessions pass with gurux deviations 2 and 3 tolerated (README), e.g. %s"
              % (len(TOLERATED), TOLERATED[0]))
    print("%d passed, %d failed" % (passed, failed))
    return failed == 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--check":
        return 0 if check(argv[2]) else 1
    if len(argv) == 2 and not argv[1].startswith("-"):
        out = generate()
        write_json(argv[1], out)
        bad = [f["id"] for f in out["frames"] if "unreadable_as_sent" in f["reading"]]
        print("gurux-dlms %s: %d frames written to %s" % (GURUX_VERSION, len(out["frames"]), argv[1]))
        if bad:
            print("note: gurux deviation 1 (format length bits): gurux cannot read back %d of its "
                  "own frames as sent, e.g. %s; their reading with the length corrected is recorded"
                  % (len(bad), bad[0]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
