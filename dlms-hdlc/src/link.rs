//! The HDLC link: a sans-IO state machine for the client (primary) and server (secondary)
//! roles of IEC 62056-46 normal response mode.
//!
//! The machine owns no socket, clock or timer. Bytes from the wire go in through
//! [`Link::handle_input`]; frames to send come out of [`Link::poll_transmit`]; what happened
//! comes out of [`Link::poll_event`]; time goes in as a `now` argument and
//! [`Link::poll_timeout`] says when [`Link::handle_timeout`] wants to be called next.
//!
//! What it does:
//! - set-up with SNRM/UA and parameter negotiation ([`LinkParams`]), release with DISC and
//!   UA or DM, DM for frames a disconnected server cannot accept;
//! - I-frames with N(S)/N(R) modulo 8, a send window of up to seven frames with the poll bit
//!   on the last frame of each window, acknowledgement with RR, and segmentation of APDUs
//!   larger than the negotiated information field (S bit) in both directions;
//! - UI frames (segmented or not) for pushes, received in any state;
//! - checkpoint recovery: a client that hears nothing before its response timeout
//!   retransmits what is unacknowledged (or polls with RR), up to a retry limit; a server that
//!   is polled again retransmits what the client did not acknowledge; duplicates are
//!   recognised by N(S) and dropped;
//! - FRMR from a server for an invalid N(R) or an information field longer than negotiated;
//! - an inactivity timeout in both roles.
//!
//! The LLC header (`E6 E6 00` / `E6 E7 00`) is added to every APDU sent in I-frames and
//! removed from every APDU received, so the caller sees bare APDUs.

use crate::address::Address;
use crate::control::Control;
use crate::deframer::{Deframer, DeframerEvent};
use crate::error::{Error, ErrorKind, Result};
use crate::frame::{Frame, FrameRepr};
use crate::llc;
use crate::params::LinkParams;
use crate::segment::Segmenter;
use crate::time::{Duration, Instant};

/// Which end of the link this machine is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The client (HDLC primary station): sets the link up and polls.
    Client,
    /// The server (HDLC secondary station, the meter): answers when polled.
    Server,
}

/// Configuration of a [`Link`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkConfig {
    /// Client or server.
    pub role: Role,
    /// This station's own address.
    pub local: Address,
    /// The peer's address. A client must name its server; a server given `None` accepts a
    /// set-up from any client and talks to that client until the link is released.
    pub peer: Option<Address>,
    /// This station's capabilities, proposed in SNRM (client) or used to answer it (server).
    pub params: LinkParams,
    /// How long a client waits for an answer before it retransmits or polls again.
    pub response_timeout: Duration,
    /// How many times a client retransmits before it declares the link lost.
    pub max_retries: u8,
    /// Release the link when nothing valid was received from the peer for this long.
    pub inactivity_timeout: Option<Duration>,
}

impl LinkConfig {
    /// A client talking to `server`, with default parameters, a 1 s response timeout,
    /// 3 retries and a 120 s inactivity timeout.
    #[must_use]
    pub const fn client(local: Address, server: Address) -> Self {
        Self {
            role: Role::Client,
            local,
            peer: Some(server),
            params: LinkParams::DEFAULT,
            response_timeout: Duration::from_secs(1),
            max_retries: 3,
            inactivity_timeout: Some(Duration::from_secs(120)),
        }
    }

    /// A server at `local` that accepts any client, with default parameters and a 120 s
    /// inactivity timeout.
    #[must_use]
    pub const fn server(local: Address) -> Self {
        Self {
            role: Role::Server,
            local,
            peer: None,
            params: LinkParams::DEFAULT,
            response_timeout: Duration::from_secs(1),
            max_retries: 3,
            inactivity_timeout: Some(Duration::from_secs(120)),
        }
    }
}

/// Why a link went down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DisconnectReason {
    /// This side released it ([`Link::disconnect`]).
    Local,
    /// The peer released it (DISC, or DM while connected).
    Peer,
    /// The server answered SNRM with DM.
    Refused,
    /// No answer after the configured retries.
    Timeout,
    /// Nothing received for the inactivity timeout.
    Inactivity,
    /// The server rejected a frame with FRMR.
    FrameRejected,
    /// The peer answered with a frame that makes no sense in this state (e.g. an unreadable
    /// UA parameter field).
    Protocol,
}

/// What a [`Link`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkEvent<'a> {
    /// The link is up with these parameters (from this side's point of view).
    Connected(LinkParams),
    /// The link is down.
    Disconnected(DisconnectReason),
    /// A whole APDU arrived, LLC header removed. It borrows the link's receive buffer until
    /// the next call on the link.
    Received {
        /// The APDU.
        apdu: &'a [u8],
        /// Whether it came in UI frames (a push) rather than I-frames.
        unnumbered: bool,
    },
    /// A server sent FRMR for a frame it could not accept; the client should reset the link.
    FrameRejected,
    /// A received APDU did not fit the receive buffer and was dropped.
    Overflow,
}

/// Something the machine must report; kept without borrows until polled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Connected(LinkParams),
    Disconnected(DisconnectReason),
    Received { unnumbered: bool },
    FrameRejected,
    Overflow,
}

const EVENT_SLOTS: usize = 4;

/// FRMR reason bits (ISO/IEC 13239): W, invalid or unimplemented control field.
const FRMR_BAD_CONTROL: u8 = 0x01;
/// FRMR reason bit Y: information field longer than the negotiated maximum.
const FRMR_TOO_LONG: u8 = 0x04;
/// FRMR reason bit Z: invalid N(R).
const FRMR_BAD_NR: u8 = 0x08;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Client: idle. Server: normal disconnected mode.
    Disconnected,
    /// Client: SNRM sent, waiting for UA or DM.
    Connecting,
    /// Set up; frames flow.
    Connected,
    /// Client: DISC sent, waiting for UA or DM.
    Disconnecting,
}

/// How the APDU in the transmit buffer goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TxMode {
    Idle,
    /// Numbered, acknowledged I-frames.
    Numbered,
    /// UI frames, sent once.
    Unnumbered,
}

/// A U or S frame waiting to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reply {
    Snrm,
    Disc,
    Ua,
    Dm,
    Rr,
    Frmr { rejected: u8, flags: u8 },
}

/// An HDLC link endpoint. See the [module documentation](self).
///
/// `B` is the storage for three bounded buffers: the deframer's (at least the largest frame
/// plus two flags: [`MAX_FRAME_LEN`](crate::MAX_FRAME_LEN) + 2 covers every frame), the
/// transmit buffer and the receive buffer (each the largest APDU plus 3 bytes of LLC header).
///
/// ```
/// use dlms_hdlc::{Address, Instant, Link, LinkConfig, LinkEvent};
///
/// let server_addr = Address::server(1, Some(17))?;
/// let mut client = Link::new(
///     LinkConfig::client(Address::PUBLIC_CLIENT, server_addr),
///     [0u8; 2100], [0u8; 512], [0u8; 512],
/// );
/// let mut meter = Link::new(LinkConfig::server(server_addr), [0u8; 2100], [0u8; 512], [0u8; 512]);
/// let now = Instant::ZERO;
/// let mut wire = [0u8; 2100];
///
/// client.connect(now)?;
/// // Shuttle frames both ways until both sides are quiet.
/// let mut shuttle = |a: &mut Link<[u8; 2100], [u8; 512]>, b: &mut Link<[u8; 2100], [u8; 512]>| {
///     while let Some(n) = a.poll_transmit(now, &mut wire) {
///         b.handle_input(&wire[..n], now);
///     }
/// };
/// shuttle(&mut client, &mut meter);
/// shuttle(&mut meter, &mut client);
/// assert!(matches!(client.poll_event(), Some(LinkEvent::Connected(_))));
/// assert!(matches!(meter.poll_event(), Some(LinkEvent::Connected(_))));
///
/// client.send(&[0xC0, 0x01, 0xC1, 0x00, 0x08, 0, 0, 1, 0, 0, 0xFF, 0x02, 0x00])?;
/// shuttle(&mut client, &mut meter);
/// let Some(LinkEvent::Received { apdu, .. }) = meter.poll_event() else { panic!() };
/// assert_eq!(apdu[0], 0xC0);
/// # Ok::<(), dlms_hdlc::Error>(())
/// ```
#[derive(Debug)]
pub struct Link<D: AsRef<[u8]> + AsMut<[u8]>, B: AsRef<[u8]> + AsMut<[u8]>> {
    deframer: Deframer<D>,
    core: Core<B>,
}

/// Everything but the deframer, so that a frame borrowed from the deframer can be handled
/// while the rest is mutated.
#[derive(Debug)]
struct Core<B> {
    config: LinkConfig,
    state: State,
    /// The peer of the current connection (a server learns it from SNRM).
    peer: Option<Address>,
    /// Negotiated parameters (own point of view).
    params: LinkParams,

    // Sequence state.
    /// V(S): N(S) of the next new I-frame.
    vs: u8,
    /// V(R): N(S) expected next from the peer.
    vr: u8,
    /// N(S) of the oldest unacknowledged I-frame.
    va: u8,

    // Transmit side.
    tx: B,
    tx_len: usize,
    tx_mode: TxMode,
    /// Start of the oldest unacknowledged segment.
    acked_pos: usize,
    /// Start of the next segment to send.
    sent_pos: usize,
    /// The peer should answer the APDU being sent (client only).
    expect_response: bool,
    /// A U or S frame to send, and to whom (a server in NDM answers stations it is not
    /// bound to).
    reply: Option<(Reply, Address)>,

    // Poll/final bookkeeping.
    /// Client: a frame with P went out and its F answer has not come.
    awaiting_final: bool,
    /// Client: waiting for the rest of an answer.
    awaiting_response: bool,
    /// Server: polled, owes a frame with F.
    polled: bool,
    retries: u8,
    deadline: Option<Instant>,
    last_rx: Instant,
    /// The time of the last input, for frames drained later from the deframer.
    now: Instant,

    // Receive side.
    rx: B,
    rx_len: usize,
    rx_unnumbered: bool,
    rx_in_progress: bool,
    /// A received APDU waits in `rx` for its event to be polled.
    rx_ready: bool,
    /// The last polled event borrowed `rx`; free it on the next call.
    rx_release: bool,

    events: [Option<Pending>; EVENT_SLOTS],
}

fn seq_add(a: u8, n: u8) -> u8 {
    a.wrapping_add(n) & 7
}

fn seq_diff(a: u8, b: u8) -> u8 {
    a.wrapping_sub(b) & 7
}

fn same_station(a: Address, b: Address) -> bool {
    a.upper() == b.upper() && a.lower().unwrap_or(0) == b.lower().unwrap_or(0)
}

impl<D: AsRef<[u8]> + AsMut<[u8]>, B: AsRef<[u8]> + AsMut<[u8]>> Link<D, B> {
    /// A link endpoint in the disconnected state, with its three buffers (see the type docs).
    pub fn new(config: LinkConfig, deframer_buf: D, tx_buf: B, rx_buf: B) -> Self {
        Self {
            deframer: Deframer::new(deframer_buf),
            core: Core {
                config,
                state: State::Disconnected,
                peer: config.peer,
                params: LinkParams::DEFAULT,
                vs: 0,
                vr: 0,
                va: 0,
                tx: tx_buf,
                tx_len: 0,
                tx_mode: TxMode::Idle,
                acked_pos: 0,
                sent_pos: 0,
                expect_response: false,
                reply: None,
                awaiting_final: false,
                awaiting_response: false,
                polled: false,
                retries: 0,
                deadline: None,
                last_rx: Instant::ZERO,
                now: Instant::ZERO,
                rx: rx_buf,
                rx_len: 0,
                rx_unnumbered: false,
                rx_in_progress: false,
                rx_ready: false,
                rx_release: false,
                events: [None; EVENT_SLOTS],
            },
        }
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &LinkConfig {
        &self.core.config
    }

    /// Whether the link is set up.
    #[must_use]
    pub fn is_connected(&self) -> bool {
        self.core.state == State::Connected
    }

    /// The negotiated parameters (defaults before set-up).
    #[must_use]
    pub fn params(&self) -> LinkParams {
        self.core.params
    }

    /// The peer of the current connection, if known.
    #[must_use]
    pub fn peer(&self) -> Option<Address> {
        self.core.peer
    }

    /// Whether an APDU is still being sent or waits for its acknowledgement.
    #[must_use]
    pub fn is_sending(&self) -> bool {
        self.core.tx_mode != TxMode::Idle
    }

    /// Client: starts link set-up (SNRM with this side's parameters).
    ///
    /// # Errors
    /// [`ErrorKind::Busy`] if the link is not disconnected; [`ErrorKind::NotConnected`] if
    /// this is a server (servers wait for SNRM).
    pub fn connect(&mut self, now: Instant) -> Result<()> {
        let c = &mut self.core;
        if c.config.role != Role::Client {
            return Err(Error::new(ErrorKind::NotConnected, 0));
        }
        if c.state != State::Disconnected {
            return Err(Error::new(ErrorKind::Busy, 0));
        }
        c.reset_sequence();
        c.state = State::Connecting;
        c.retries = 0;
        c.reply = c.peer.map(|p| (Reply::Snrm, p));
        c.now = now;
        Ok(())
    }

    /// Client: releases the link (DISC). A server cannot release; it waits for DISC or its
    /// inactivity timeout.
    ///
    /// # Errors
    /// [`ErrorKind::NotConnected`] if the link is not up or this is a server.
    pub fn disconnect(&mut self, _now: Instant) -> Result<()> {
        let c = &mut self.core;
        if c.config.role != Role::Client || c.state != State::Connected {
            return Err(Error::new(ErrorKind::NotConnected, 0));
        }
        c.state = State::Disconnecting;
        c.retries = 0;
        c.tx_mode = TxMode::Idle;
        c.awaiting_response = false;
        c.reply = c.peer.map(|p| (Reply::Disc, p));
        Ok(())
    }

    /// Queues an APDU to send in I-frames, segmented to the negotiated information field.
    /// A client then waits for the server's answering APDU, polling until it comes.
    ///
    /// # Errors
    /// [`ErrorKind::NotConnected`] if the link is not up; [`ErrorKind::Busy`] if an earlier
    /// APDU is still being sent or acknowledged; [`ErrorKind::TooLong`] if the APDU and its
    /// LLC header do not fit the transmit buffer.
    pub fn send(&mut self, apdu: &[u8]) -> Result<()> {
        self.core.queue(apdu, TxMode::Numbered, true)
    }

    /// Like [`send`](Self::send), for an APDU that gets no answer (an unconfirmed service):
    /// a client stops polling once the frames are acknowledged.
    ///
    /// # Errors
    /// As [`send`](Self::send).
    pub fn send_unconfirmed(&mut self, apdu: &[u8]) -> Result<()> {
        self.core.queue(apdu, TxMode::Numbered, false)
    }

    /// Queues an APDU to send in UI frames (e.g. a meter's push), segmented to the
    /// negotiated information field (128 bytes before set-up). UI frames need no connection
    /// and are not acknowledged.
    ///
    /// # Errors
    /// [`ErrorKind::NotConnected`] if there is no peer to address; [`ErrorKind::Busy`] and
    /// [`ErrorKind::TooLong`] as for [`send`](Self::send).
    pub fn send_ui(&mut self, apdu: &[u8]) -> Result<()> {
        self.core.queue(apdu, TxMode::Unnumbered, false)
    }

    /// Feeds bytes from the wire. Returns how many were consumed: input stops being taken
    /// while a received APDU or several events wait to be polled, so call
    /// [`poll_event`](Self::poll_event) and offer the rest again.
    pub fn handle_input(&mut self, bytes: &[u8], now: Instant) -> usize {
        self.core.release_rx();
        self.core.now = now;
        let mut consumed = 0;
        loop {
            self.drain_deframer(now);
            if !self.core.can_take_frame() {
                break;
            }
            let rest = bytes.get(consumed..).unwrap_or(&[]);
            if rest.is_empty() {
                break;
            }
            let n = self.deframer.handle_input(rest);
            if n == 0 {
                break;
            }
            consumed = consumed.saturating_add(n);
        }
        consumed
    }

    /// Handles one frame that was deframed elsewhere (e.g. by a transport that delivers
    /// whole frames).
    pub fn handle_frame(&mut self, frame: &Frame<&[u8]>, now: Instant) {
        self.core.release_rx();
        self.core.on_frame(frame, now);
    }

    /// Handles frames already in the deframer while there is room for their events.
    fn drain_deframer(&mut self, now: Instant) {
        while self.core.can_take_frame() {
            match self.deframer.poll_event() {
                Some(DeframerEvent::Frame(frame)) => self.core.on_frame(&frame, now),
                Some(_) => {}
                None => break,
            }
        }
    }

    /// Writes the next frame to send, flags included, into `buf` and returns its length;
    /// `None` when there is nothing to send now.
    ///
    /// `buf` should hold the largest frame plus two flags; a frame that does not fit is
    /// dropped (it will be retransmitted on timeout by a client).
    pub fn poll_transmit(&mut self, now: Instant, buf: &mut [u8]) -> Option<usize> {
        self.core.poll_transmit(now, buf)
    }

    /// When [`handle_timeout`](Self::handle_timeout) should be called next.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.core.poll_timeout()
    }

    /// Runs the timers: a client's retransmission or poll after its response timeout, and
    /// the inactivity timeout.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.core.release_rx();
        self.core.handle_timeout(now);
    }

    /// The next event, if any. A [`LinkEvent::Received`] APDU borrows the receive buffer
    /// until the next call on the link.
    pub fn poll_event(&mut self) -> Option<LinkEvent<'_>> {
        self.core.release_rx();
        if self.core.events.iter().all(Option::is_none) {
            // Frames that arrived with the last input but waited for room.
            self.drain_deframer(self.core.now);
        }
        let ev = self.core.pop_event()?;
        Some(match ev {
            Pending::Connected(p) => LinkEvent::Connected(p),
            Pending::Disconnected(r) => LinkEvent::Disconnected(r),
            Pending::FrameRejected => LinkEvent::FrameRejected,
            Pending::Overflow => LinkEvent::Overflow,
            Pending::Received { unnumbered } => {
                self.core.rx_release = true;
                let data = self.core.rx.as_ref().get(..self.core.rx_len).unwrap_or(&[]);
                let apdu = llc::strip(data).map_or(data, |(_, apdu)| apdu);
                LinkEvent::Received { apdu, unnumbered }
            }
        })
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Core<B> {
    fn reset_sequence(&mut self) {
        self.vs = 0;
        self.vr = 0;
        self.va = 0;
        self.tx_len = 0;
        self.tx_mode = TxMode::Idle;
        self.acked_pos = 0;
        self.sent_pos = 0;
        self.awaiting_final = false;
        self.awaiting_response = false;
        self.expect_response = false;
        self.polled = false;
        self.rx_in_progress = false;
        if !self.rx_ready {
            self.rx_len = 0;
        }
    }

    /// Queues a U or S frame to the current peer.
    fn set_reply(&mut self, reply: Reply) {
        if let Some(peer) = self.peer {
            self.reply = Some((reply, peer));
        }
    }

    fn release_rx(&mut self) {
        if self.rx_release {
            self.rx_release = false;
            self.rx_ready = false;
            self.rx_len = 0;
        }
    }

    fn can_take_frame(&self) -> bool {
        // Keep room for the events one frame can raise.
        !self.rx_ready && self.events.iter().filter(|e| e.is_none()).count() >= 2
    }

    fn push_event(&mut self, ev: Pending) {
        if let Some(slot) = self.events.iter_mut().find(|e| e.is_none()) {
            *slot = Some(ev);
        }
    }

    fn pop_event(&mut self) -> Option<Pending> {
        let first = self.events.first_mut()?.take();
        self.events.rotate_left(1);
        first
    }

    fn go_down(&mut self, reason: DisconnectReason) {
        let was_up = self.state != State::Disconnected;
        self.state = State::Disconnected;
        self.reset_sequence();
        self.deadline = None;
        self.retries = 0;
        if self.config.role == Role::Server {
            self.peer = self.config.peer;
        }
        if was_up {
            self.push_event(Pending::Disconnected(reason));
        }
    }

    fn max_info_tx(&self) -> usize {
        usize::from(self.params.max_info_tx).max(1)
    }

    fn queue(&mut self, apdu: &[u8], mode: TxMode, expect_response: bool) -> Result<()> {
        if mode == TxMode::Numbered && self.state != State::Connected {
            return Err(Error::new(ErrorKind::NotConnected, 0));
        }
        if self.peer.is_none() {
            return Err(Error::new(ErrorKind::NotConnected, 0));
        }
        if self.tx_mode != TxMode::Idle {
            return Err(Error::new(ErrorKind::Busy, 0));
        }
        let header = match self.config.role {
            Role::Client => llc::REQUEST,
            Role::Server => llc::RESPONSE,
        };
        let len = apdu.len().saturating_add(header.len());
        let max = self.tx.as_ref().len();
        let dst = self
            .tx
            .as_mut()
            .get_mut(..len)
            .ok_or(Error::new(ErrorKind::TooLong { len, max }, 0))?;
        // `dst` is `apdu.len() + 3` bytes long, so the split cannot fail.
        let (h, body) = dst
            .split_at_mut_checked(header.len())
            .ok_or(Error::new(ErrorKind::TooLong { len, max }, 0))?;
        h.copy_from_slice(&header);
        body.copy_from_slice(apdu);
        self.tx_len = len;
        self.tx_mode = mode;
        self.acked_pos = 0;
        self.sent_pos = 0;
        self.va = self.vs;
        self.expect_response = expect_response && self.config.role == Role::Client;
        Ok(())
    }

    /// Processes an acknowledgement N(R). Returns false if N(R) acknowledges frames that
    /// were never sent.
    fn ack(&mut self, nr: u8) -> bool {
        let outstanding = seq_diff(self.vs, self.va);
        let acked = seq_diff(nr, self.va);
        if acked > outstanding {
            return false;
        }
        if acked > 0 && self.tx_mode == TxMode::Numbered {
            let step = self.max_info_tx().saturating_mul(usize::from(acked));
            self.acked_pos = self.acked_pos.saturating_add(step).min(self.tx_len);
            self.sent_pos = self.sent_pos.max(self.acked_pos);
            self.va = nr;
            if self.acked_pos >= self.tx_len {
                self.tx_mode = TxMode::Idle;
                self.tx_len = 0;
                self.acked_pos = 0;
                self.sent_pos = 0;
                if self.expect_response {
                    self.awaiting_response = true;
                }
            }
        } else {
            self.va = nr;
        }
        true
    }

    /// Go back to the oldest unacknowledged frame (checkpoint retransmission).
    fn rewind(&mut self) {
        if self.tx_mode == TxMode::Numbered && seq_diff(self.vs, self.va) > 0 {
            self.vs = self.va;
            self.sent_pos = self.acked_pos;
        }
    }

    fn has_unsent(&self) -> bool {
        self.tx_mode != TxMode::Idle && self.sent_pos < self.tx_len
    }

    fn on_frame(&mut self, frame: &Frame<&[u8]>, now: Instant) {
        let repr = frame.repr();
        if !same_station(repr.dest, self.config.local) && !self.accepts_broadcast(&repr) {
            return;
        }
        if let Some(peer) = self.peer
            && !same_station(repr.src, peer)
        {
            // A server in NDM binds to whichever client sends SNRM.
            let rebind = self.config.role == Role::Server
                && self.config.peer.is_none()
                && self.state == State::Disconnected
                && matches!(repr.control, Control::Snrm { .. });
            if !rebind {
                return;
            }
        }
        if matches!(repr.control, Control::Ui { .. }) {
            self.last_rx = now;
            self.on_information(&repr, true);
            return;
        }
        match self.config.role {
            Role::Client => self.client_frame(&repr, now),
            Role::Server => self.server_frame(&repr, now),
        }
    }

    fn accepts_broadcast(&self, repr: &FrameRepr<'_>) -> bool {
        matches!(repr.control, Control::Ui { .. })
            && repr.dest.upper() == Address::ALL_STATIONS.upper()
    }

    /// Appends an information field to the APDU being received. Returns true when the APDU
    /// is complete (its event is queued).
    fn on_information(&mut self, repr: &FrameRepr<'_>, unnumbered: bool) -> bool {
        if !self.rx_in_progress || self.rx_unnumbered != unnumbered {
            self.rx_len = 0;
            self.rx_unnumbered = unnumbered;
        }
        let end = self.rx_len.saturating_add(repr.info.len());
        match self.rx.as_mut().get_mut(self.rx_len..end) {
            Some(dst) => {
                dst.copy_from_slice(repr.info);
                self.rx_len = end;
            }
            None => {
                self.rx_len = 0;
                self.rx_in_progress = false;
                self.push_event(Pending::Overflow);
                return false;
            }
        }
        if repr.segmented {
            self.rx_in_progress = true;
            false
        } else {
            self.rx_in_progress = false;
            self.rx_ready = true;
            self.push_event(Pending::Received { unnumbered });
            true
        }
    }

    fn client_frame(&mut self, repr: &FrameRepr<'_>, now: Instant) {
        match (self.state, repr.control) {
            (State::Connecting, Control::Ua { .. }) => match LinkParams::parse(repr.info) {
                Ok(theirs) => {
                    self.params = self.config.params.negotiate(&theirs);
                    self.state = State::Connected;
                    self.reset_sequence();
                    self.deadline = None;
                    self.retries = 0;
                    self.last_rx = now;
                    self.push_event(Pending::Connected(self.params));
                }
                Err(_) => self.go_down(DisconnectReason::Protocol),
            },
            (State::Connecting, Control::Dm { .. }) => self.go_down(DisconnectReason::Refused),
            (State::Disconnecting, Control::Ua { .. } | Control::Dm { .. }) => {
                self.go_down(DisconnectReason::Local);
            }
            (State::Connected, Control::Dm { .. } | Control::Disc { .. }) => {
                self.go_down(DisconnectReason::Peer);
            }
            (State::Connected, Control::Frmr { .. }) => {
                self.push_event(Pending::FrameRejected);
                self.go_down(DisconnectReason::FrameRejected);
            }
            (State::Connected, Control::I { ns, nr, poll }) => {
                if !self.ack(nr) {
                    return;
                }
                self.heard(now, poll);
                let complete = if ns == self.vr {
                    self.vr = seq_add(self.vr, 1);
                    self.on_information(repr, false)
                } else {
                    false
                };
                if complete {
                    self.awaiting_response = false;
                    self.deadline = None;
                } else if poll {
                    // More segments to come, or a frame was lost: ask from V(R) on.
                    self.set_reply(Reply::Rr);
                }
                if poll {
                    self.rewind();
                }
            }
            (State::Connected, Control::Rr { nr, poll } | Control::Rnr { nr, poll }) => {
                if !self.ack(nr) {
                    return;
                }
                self.heard(now, poll);
                if poll {
                    self.rewind();
                }
            }
            _ => {}
        }
    }

    /// A valid frame came from the server. With the final bit the client has the poll
    /// back; if it still waits for (the rest of) an answer, it polls again after the
    /// response timeout.
    fn heard(&mut self, now: Instant, fin: bool) {
        self.last_rx = now;
        self.retries = 0;
        if fin {
            self.awaiting_final = false;
            self.deadline = (self.awaiting_response || self.rx_in_progress)
                .then(|| now.saturating_add(self.config.response_timeout));
        }
    }

    fn server_frame(&mut self, repr: &FrameRepr<'_>, now: Instant) {
        let poll = repr.control.is_poll();
        match (self.state, repr.control) {
            (_, Control::Snrm { .. }) => {
                let theirs = match LinkParams::parse(repr.info) {
                    Ok(p) => p,
                    Err(_) => {
                        self.reply = Some((Reply::Dm, repr.src));
                        return;
                    }
                };
                self.params = self.config.params.negotiate(&theirs);
                self.peer = Some(repr.src);
                self.reset_sequence();
                self.state = State::Connected;
                self.last_rx = now;
                self.set_reply(Reply::Ua);
                self.push_event(Pending::Connected(self.params));
            }
            (State::Connected, Control::Disc { .. }) => {
                self.go_down(DisconnectReason::Peer);
                self.reply = Some((Reply::Ua, repr.src));
            }
            (State::Disconnected, _) if poll => {
                self.reply = Some((Reply::Dm, repr.src));
            }
            (State::Disconnected, _) => {}
            (State::Connected, Control::I { ns, nr, .. }) => {
                self.last_rx = now;
                if repr.info.len() > usize::from(self.params.max_info_rx) {
                    self.reject(repr.control, FRMR_TOO_LONG);
                    return;
                }
                if !self.ack(nr) {
                    self.reject(repr.control, FRMR_BAD_NR);
                    return;
                }
                if poll {
                    self.polled = true;
                }
                if ns == self.vr {
                    self.vr = seq_add(self.vr, 1);
                    let complete = self.on_information(repr, false);
                    if poll && !complete {
                        // A segment: acknowledge and ask for the next.
                        self.set_reply(Reply::Rr);
                    }
                    // A complete request waits for the application's answer.
                } else if poll {
                    self.answer_poll();
                }
            }
            (State::Connected, Control::Rr { nr, .. } | Control::Rnr { nr, .. }) => {
                self.last_rx = now;
                if !self.ack(nr) {
                    self.reject(repr.control, FRMR_BAD_NR);
                    return;
                }
                if poll {
                    self.polled = true;
                    self.answer_poll();
                }
            }
            (State::Connected, _) => {
                // UA, DM, FRMR are responses a server never receives; SNRM and UI are
                // handled above.
                self.reject(repr.control, FRMR_BAD_CONTROL);
            }
            _ => {}
        }
    }

    /// Server, polled: retransmit what is unacknowledged, continue a segmented answer, or
    /// acknowledge with RR if there is nothing to send.
    fn answer_poll(&mut self) {
        self.rewind();
        if !self.has_unsent() {
            self.set_reply(Reply::Rr);
        }
    }

    fn reject(&mut self, control: Control, flags: u8) {
        self.set_reply(Reply::Frmr {
            rejected: control.to_byte(),
            flags,
        });
        self.push_event(Pending::FrameRejected);
    }

    fn poll_timeout(&self) -> Option<Instant> {
        let inactivity = match (self.state, self.config.inactivity_timeout) {
            (State::Connected, Some(t)) => Some(self.last_rx.saturating_add(t)),
            _ => None,
        };
        match (self.deadline, inactivity) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn handle_timeout(&mut self, now: Instant) {
        if let (State::Connected, Some(t)) = (self.state, self.config.inactivity_timeout)
            && now >= self.last_rx.saturating_add(t)
        {
            self.go_down(DisconnectReason::Inactivity);
            return;
        }
        let Some(deadline) = self.deadline else {
            return;
        };
        if now < deadline || self.config.role != Role::Client {
            return;
        }
        self.deadline = None;
        if self.retries >= self.config.max_retries {
            self.go_down(DisconnectReason::Timeout);
            return;
        }
        self.retries = self.retries.saturating_add(1);
        self.awaiting_final = false;
        match self.state {
            State::Connecting => self.set_reply(Reply::Snrm),
            State::Disconnecting => self.set_reply(Reply::Disc),
            State::Connected => {
                if self.tx_mode == TxMode::Numbered && seq_diff(self.vs, self.va) > 0 {
                    self.rewind();
                } else {
                    self.set_reply(Reply::Rr);
                }
            }
            State::Disconnected => {}
        }
    }

    fn poll_transmit(&mut self, now: Instant, buf: &mut [u8]) -> Option<usize> {
        if let Some((reply, dest)) = self.reply.take() {
            return self.emit_reply(reply, dest, now, buf);
        }
        let peer = self.peer?;
        match self.tx_mode {
            TxMode::Idle => None,
            TxMode::Unnumbered => self.emit_ui(peer, buf),
            TxMode::Numbered => self.emit_i(peer, now, buf),
        }
    }

    fn arm(&mut self, now: Instant) {
        if self.config.role == Role::Client {
            self.awaiting_final = true;
            self.deadline = Some(now.saturating_add(self.config.response_timeout));
        }
    }

    fn emit_reply(
        &mut self,
        reply: Reply,
        peer: Address,
        now: Instant,
        buf: &mut [u8],
    ) -> Option<usize> {
        let mut info = [0u8; 32];
        let mut info_len = 0;
        let control = match reply {
            Reply::Snrm => {
                info_len = self.config.params.emit(&mut info).unwrap_or(0);
                Control::Snrm { poll: true }
            }
            Reply::Disc => Control::Disc { poll: true },
            Reply::Ua => {
                if self.state == State::Connected {
                    info_len = self.params.emit(&mut info).unwrap_or(0);
                }
                Control::Ua { poll: true }
            }
            Reply::Dm => Control::Dm { poll: true },
            Reply::Rr => Control::Rr {
                nr: self.vr,
                poll: true,
            },
            Reply::Frmr { rejected, flags } => {
                // ISO/IEC 13239 FRMR information field, modulo 8: the rejected control
                // field, V(S) and V(R), and the reason bits W X Y Z.
                info = [0; 32];
                if let Some(dst) = info.get_mut(..3) {
                    dst.copy_from_slice(&[rejected, (self.vr << 5) | (self.vs << 1), flags]);
                }
                info_len = 3;
                Control::Frmr { poll: true }
            }
        };
        let repr = FrameRepr {
            segmented: false,
            dest: peer,
            src: self.config.local,
            control,
            info: info.get(..info_len).unwrap_or(&[]),
        };
        match self.config.role {
            Role::Client => self.arm(now),
            Role::Server => self.polled = false,
        }
        repr.emit_flagged(buf).ok()
    }

    fn segment_at(&self, pos: usize) -> Option<(usize, bool)> {
        let data = self.tx.as_ref().get(pos..self.tx_len)?;
        let seg = Segmenter::new(data, self.max_info_tx()).next()?;
        Some((seg.info.len(), seg.segmented))
    }

    fn emit_ui(&mut self, peer: Address, buf: &mut [u8]) -> Option<usize> {
        let (len, segmented) = self.segment_at(self.sent_pos)?;
        let end = self.sent_pos.saturating_add(len);
        let repr = FrameRepr {
            segmented,
            dest: peer,
            src: self.config.local,
            control: Control::Ui { poll: !segmented },
            info: self.tx.as_ref().get(self.sent_pos..end)?,
        };
        let n = repr.emit_flagged(buf).ok();
        self.sent_pos = end;
        if !segmented {
            self.tx_mode = TxMode::Idle;
            self.tx_len = 0;
            self.sent_pos = 0;
        }
        n
    }

    fn emit_i(&mut self, peer: Address, now: Instant, buf: &mut [u8]) -> Option<usize> {
        if self.state != State::Connected {
            return None;
        }
        let may_send = match self.config.role {
            Role::Client => !self.awaiting_final,
            Role::Server => self.polled,
        };
        let window = self.params.window_tx.clamp(1, 7);
        let in_flight = seq_diff(self.vs, self.va);
        if !may_send || in_flight >= window || self.sent_pos >= self.tx_len {
            return None;
        }
        let (len, segmented) = self.segment_at(self.sent_pos)?;
        let end = self.sent_pos.saturating_add(len);
        let poll = !segmented || in_flight.saturating_add(1) >= window;
        let repr = FrameRepr {
            segmented,
            dest: peer,
            src: self.config.local,
            control: Control::I {
                ns: self.vs,
                nr: self.vr,
                poll,
            },
            info: self.tx.as_ref().get(self.sent_pos..end)?,
        };
        let n = repr.emit_flagged(buf).ok();
        self.vs = seq_add(self.vs, 1);
        self.sent_pos = end;
        if poll {
            match self.config.role {
                Role::Client => self.arm(now),
                Role::Server => self.polled = false,
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_arithmetic() {
        assert_eq!(seq_add(7, 1), 0);
        assert_eq!(seq_diff(0, 7), 1);
        assert_eq!(seq_diff(3, 3), 0);
        assert_eq!(seq_diff(2, 5), 5);
    }

    #[test]
    fn station_matching_ignores_size() {
        let two = Address::server(1, Some(0)).unwrap();
        assert!(same_station(two, Address::MANAGEMENT));
        assert!(!same_station(
            Address::server(1, Some(17)).unwrap(),
            Address::MANAGEMENT
        ));
    }
}
