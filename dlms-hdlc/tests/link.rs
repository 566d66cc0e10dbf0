//! The link state machine as an in-memory client/server pair with a fake clock, seeded frame
//! loss and duplication.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]

use dlms_hdlc::link::DisconnectReason;
use dlms_hdlc::{
    Address, Control, Duration, FrameRepr, Instant, Link, LinkConfig, LinkEvent, LinkParams,
};

type L = Link<Vec<u8>, Vec<u8>>;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Connected(LinkParams),
    Disconnected(DisconnectReason),
    Received(Vec<u8>, bool),
    FrameRejected,
    Overflow,
}

fn own(ev: LinkEvent<'_>) -> Ev {
    match ev {
        LinkEvent::Connected(p) => Ev::Connected(p),
        LinkEvent::Disconnected(r) => Ev::Disconnected(r),
        LinkEvent::Received { apdu, unnumbered } => Ev::Received(apdu.to_vec(), unnumbered),
        LinkEvent::FrameRejected => Ev::FrameRejected,
        LinkEvent::Overflow => Ev::Overflow,
        _ => unreachable!(),
    }
}

/// xorshift64*: a small deterministic generator for loss and duplication.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn server_addr() -> Address {
    Address::server(1, Some(17)).unwrap()
}

/// A frame built by hand, with flags, to bypass a link's own framing.
fn hand_frame(dest: Address, src: Address, control: Control, info: &[u8]) -> Vec<u8> {
    let repr = FrameRepr {
        segmented: false,
        dest,
        src,
        control,
        info,
    };
    let mut wire = vec![0u8; repr.buffer_len() + 2];
    repr.emit_flagged(&mut wire).unwrap();
    wire
}

fn link(config: LinkConfig, apdu_cap: usize) -> L {
    Link::new(
        config,
        vec![0; 2100],
        vec![0; apdu_cap + 3],
        vec![0; apdu_cap + 3],
    )
}

/// The meter's application: answers every request with a response derived from it.
fn answer(request: &[u8]) -> Vec<u8> {
    let mut r: Vec<u8> = request.iter().rev().map(|b| b ^ 0x5A).collect();
    r.extend_from_slice(&(request.len() as u32).to_be_bytes());
    r
}

struct Pair {
    client: L,
    server: L,
    now: Instant,
    rng: Rng,
    loss: u64,
    dup: u64,
    client_events: Vec<Ev>,
    server_events: Vec<Ev>,
    /// Frames (flagless reprs re-parsed) seen on the wire, for assertions on control fields.
    wire_log: Vec<(bool, Control, bool)>,
    server_answers: bool,
    /// How often a timer fired (client retransmissions and polls).
    timeouts: usize,
    /// Frames dropped and duplicated by the simulated line.
    lost: usize,
    duplicated: usize,
}

impl Pair {
    fn new(client_cfg: LinkConfig, server_cfg: LinkConfig, seed: u64, loss: u64, dup: u64) -> Self {
        Self {
            client: link(client_cfg, 8192),
            server: link(server_cfg, 8192),
            now: Instant::from_millis(1_000),
            rng: Rng(seed | 1),
            loss,
            dup,
            client_events: Vec::new(),
            server_events: Vec::new(),
            wire_log: Vec::new(),
            server_answers: true,
            timeouts: 0,
            lost: 0,
            duplicated: 0,
        }
    }

    fn default_pair() -> Self {
        Self::new(
            LinkConfig::client(Address::PUBLIC_CLIENT, server_addr()),
            LinkConfig::server(server_addr()),
            1,
            0,
            0,
        )
    }

    /// Moves one frame from `from` to `to`; returns whether anything was sent.
    fn transfer(&mut self, client_to_server: bool) -> bool {
        let mut buf = [0u8; 2100];
        let (from, to) = if client_to_server {
            (&mut self.client, &mut self.server)
        } else {
            (&mut self.server, &mut self.client)
        };
        let Some(n) = from.poll_transmit(self.now, &mut buf) else {
            return false;
        };
        let frame = &buf[..n];
        let repr = FrameRepr::parse_flagged(frame).expect("the link emits valid frames");
        self.wire_log
            .push((client_to_server, repr.control, repr.segmented));
        if self.rng.chance(self.loss) {
            self.lost += 1;
            return true;
        }
        let copies = if self.rng.chance(self.dup) { 2 } else { 1 };
        self.duplicated += copies - 1;
        for _ in 0..copies {
            let mut off = 0;
            while off < frame.len() {
                off += to.handle_input(&frame[off..], self.now);
                Self::collect(
                    to,
                    if client_to_server {
                        &mut self.server_events
                    } else {
                        &mut self.client_events
                    },
                );
            }
            Self::collect(
                to,
                if client_to_server {
                    &mut self.server_events
                } else {
                    &mut self.client_events
                },
            );
        }
        true
    }

    fn collect(link: &mut L, out: &mut Vec<Ev>) {
        while let Some(ev) = link.poll_event() {
            out.push(own(ev));
        }
    }

    /// Runs until both sides are quiet and no timer is due before `horizon` past now.
    fn run(&mut self) {
        for _ in 0..100_000 {
            let mut moved = false;
            while self.transfer(true) {
                moved = true;
            }
            // The meter answers requests as soon as it sees them.
            if self.server_answers {
                let pending: Vec<Vec<u8>> = self
                    .server_events
                    .iter()
                    .filter_map(|e| match e {
                        Ev::Received(a, false) => Some(a.clone()),
                        _ => None,
                    })
                    .collect();
                self.server_events
                    .retain(|e| !matches!(e, Ev::Received(_, false)));
                for req in pending {
                    self.server.send(&answer(&req)).unwrap();
                    self.server_events.push(Ev::Received(req, false));
                    moved = true;
                }
                // Keep the answered requests out of the next round.
                self.server_events
                    .retain(|e| !matches!(e, Ev::Received(_, false)));
            }
            while self.transfer(false) {
                moved = true;
            }
            if moved {
                continue;
            }
            let next = [self.client.poll_timeout(), self.server.poll_timeout()]
                .into_iter()
                .flatten()
                .min();
            match next {
                // Timers for retransmission only; stop before an inactivity timeout fires.
                Some(t) if t.saturating_duration_since(self.now) < Duration::from_secs(60) => {
                    self.now = t.max(self.now);
                    self.timeouts += 1;
                    self.client.handle_timeout(self.now);
                    self.server.handle_timeout(self.now);
                    Self::collect(&mut self.client, &mut self.client_events);
                    Self::collect(&mut self.server, &mut self.server_events);
                }
                _ => return,
            }
        }
        panic!("the pair did not settle");
    }

    fn connect(&mut self) -> LinkParams {
        self.client.connect(self.now).unwrap();
        self.run();
        let p = self
            .client_events
            .iter()
            .find_map(|e| match e {
                Ev::Connected(p) => Some(*p),
                _ => None,
            })
            .expect("client connected");
        assert!(self.client.is_connected() && self.server.is_connected());
        self.client_events.clear();
        self.server_events.clear();
        p
    }

    /// Sends a request and returns the response the client received.
    fn exchange(&mut self, request: &[u8]) -> Vec<u8> {
        self.client.send(request).unwrap();
        self.run();
        let got: Vec<Vec<u8>> = self
            .client_events
            .drain(..)
            .filter_map(|e| match e {
                Ev::Received(a, false) => Some(a),
                _ => None,
            })
            .collect();
        assert_eq!(got.len(), 1, "exactly one response");
        got.into_iter().next().unwrap()
    }
}

#[test]
fn connect_negotiates_and_exchanges() {
    let mut client_cfg = LinkConfig::client(Address::PUBLIC_CLIENT, server_addr());
    client_cfg.params = LinkParams {
        max_info_tx: 512,
        max_info_rx: 256,
        window_tx: 7,
        window_rx: 1,
    };
    let mut server_cfg = LinkConfig::server(server_addr());
    server_cfg.params = LinkParams {
        max_info_tx: 128,
        max_info_rx: 2030,
        window_tx: 1,
        window_rx: 3,
    };
    let mut pair = Pair::new(client_cfg, server_cfg, 7, 0, 0);
    let p = pair.connect();
    assert_eq!(
        p,
        LinkParams {
            max_info_tx: 512,
            max_info_rx: 128,
            window_tx: 3,
            window_rx: 1
        }
    );
    assert_eq!(
        pair.server.params(),
        LinkParams {
            max_info_tx: 128,
            max_info_rx: 512,
            window_tx: 1,
            window_rx: 3
        }
    );
    let req = [
        0xC0, 0x01, 0xC1, 0x00, 0x08, 0, 0, 1, 0, 0, 0xFF, 0x02, 0x00,
    ];
    assert_eq!(pair.exchange(&req), answer(&req));
    // SNRM, UA, I (request), I (response): nothing else on a clean line.
    let kinds: Vec<_> = pair.wire_log.iter().map(|(c2s, c, _)| (*c2s, *c)).collect();
    assert_eq!(
        kinds,
        vec![
            (true, Control::Snrm { poll: true }),
            (false, Control::Ua { poll: true }),
            (
                true,
                Control::I {
                    ns: 0,
                    nr: 0,
                    poll: true
                }
            ),
            (
                false,
                Control::I {
                    ns: 0,
                    nr: 1,
                    poll: true
                }
            ),
        ]
    );
}

#[test]
fn segmented_both_ways_with_windows() {
    for window in 1..=7u8 {
        let mut client_cfg = LinkConfig::client(Address::PUBLIC_CLIENT, server_addr());
        client_cfg.params = LinkParams {
            max_info_tx: 40,
            max_info_rx: 48,
            window_tx: window,
            window_rx: window,
        };
        let mut server_cfg = LinkConfig::server(server_addr());
        server_cfg.params = LinkParams {
            max_info_tx: 64,
            max_info_rx: 64,
            window_tx: window,
            window_rx: window,
        };
        let mut pair = Pair::new(client_cfg, server_cfg, u64::from(window), 0, 0);
        pair.connect();
        for len in [1usize, 37, 40, 41, 300, 1000, 4000] {
            let req: Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
            assert_eq!(
                pair.exchange(&req),
                answer(&req),
                "window {window}, len {len}"
            );
        }
        // Each side sent at most `window` I-frames before giving up the poll/final bit.
        let mut in_flight = [0u8; 2];
        for (c2s, control, segmented) in &pair.wire_log {
            if let Control::I { poll, .. } = control {
                let side = &mut in_flight[usize::from(*c2s)];
                *side += 1;
                assert!(*side <= window, "window {window} exceeded");
                if *poll || !segmented {
                    *side = 0;
                }
            }
        }
    }
}

#[test]
fn survives_loss_and_duplication() {
    let (mut completed, mut timeouts, mut lost, mut duplicated) = (0, 0, 0, 0);
    for seed in 1..=40u64 {
        let mut client_cfg = LinkConfig::client(Address::PUBLIC_CLIENT, server_addr());
        client_cfg.params = LinkParams {
            max_info_tx: 64,
            max_info_rx: 64,
            window_tx: 3,
            window_rx: 3,
        };
        client_cfg.max_retries = 25;
        let mut server_cfg = LinkConfig::server(server_addr());
        server_cfg.params = client_cfg.params;
        let mut pair = Pair::new(client_cfg, server_cfg, seed, 15, 10);
        pair.connect();
        for round in 0..5usize {
            let len = 1 + (seed as usize * 131 + round * 257) % 700;
            let req: Vec<u8> = (0..len)
                .map(|i| (i ^ round ^ seed as usize) as u8)
                .collect();
            assert_eq!(
                pair.exchange(&req),
                answer(&req),
                "seed {seed} round {round}"
            );
            completed += 1;
        }
        pair.client.disconnect(pair.now).unwrap();
        pair.run();
        assert!(!pair.client.is_connected());
        assert!(
            pair.client_events
                .contains(&Ev::Disconnected(DisconnectReason::Local))
        );
        timeouts += pair.timeouts;
        lost += pair.lost;
        duplicated += pair.duplicated;
    }
    assert_eq!(completed, 200);
    // The line really was lossy and the link really recovered by timeouts.
    println!("{lost} frames lost, {duplicated} duplicated, {timeouts} timer firings");
    assert!(lost > 100 && duplicated > 50 && timeouts > 100);
}

#[test]
fn release_with_disc() {
    let mut pair = Pair::default_pair();
    pair.connect();
    pair.client.disconnect(pair.now).unwrap();
    pair.run();
    assert_eq!(
        pair.client_events,
        vec![Ev::Disconnected(DisconnectReason::Local)]
    );
    assert_eq!(
        pair.server_events,
        vec![Ev::Disconnected(DisconnectReason::Peer)]
    );
    assert!(!pair.server.is_connected());
    // A DISC to a disconnected server is answered with DM.
    let kinds: Vec<_> = pair.wire_log.iter().map(|(_, c, _)| *c).collect();
    assert_eq!(
        &kinds[kinds.len() - 2..],
        &[Control::Disc { poll: true }, Control::Ua { poll: true }]
    );
}

#[test]
fn disconnected_server_answers_dm() {
    let mut pair = Pair::default_pair();
    // Hand-made I-frame to a server in NDM.
    let frame = hand_frame(
        server_addr(),
        Address::PUBLIC_CLIENT,
        Control::I {
            ns: 0,
            nr: 0,
            poll: true,
        },
        &[0xE6, 0xE6, 0x00, 0xC0],
    );
    pair.server.handle_input(&frame, pair.now);
    let mut out = [0u8; 64];
    let m = pair.server.poll_transmit(pair.now, &mut out).unwrap();
    let reply = FrameRepr::parse_flagged(&out[..m]).unwrap();
    assert_eq!(reply.control, Control::Dm { poll: true });
    assert_eq!(reply.dest, Address::PUBLIC_CLIENT);
    assert!(pair.server.poll_event().is_none());
}

#[test]
fn refused_and_timed_out_setups() {
    // A server that never answers: SNRM goes out 1 + max_retries times, then Timeout.
    let mut cfg = LinkConfig::client(Address::PUBLIC_CLIENT, server_addr());
    cfg.max_retries = 2;
    let mut client = link(cfg, 64);
    let mut now = Instant::ZERO;
    client.connect(now).unwrap();
    let mut buf = [0u8; 64];
    let mut snrms = 0;
    for _ in 0..10 {
        while let Some(n) = client.poll_transmit(now, &mut buf) {
            assert_eq!(
                FrameRepr::parse_flagged(&buf[..n]).unwrap().control,
                Control::Snrm { poll: true }
            );
            snrms += 1;
        }
        let Some(t) = client.poll_timeout() else {
            break;
        };
        now = t;
        client.handle_timeout(now);
    }
    assert_eq!(snrms, 3);
    assert_eq!(
        own(client.poll_event().unwrap()),
        Ev::Disconnected(DisconnectReason::Timeout)
    );

    // A DM answer refuses the set-up.
    let mut client = link(
        LinkConfig::client(Address::PUBLIC_CLIENT, server_addr()),
        64,
    );
    client.connect(Instant::ZERO).unwrap();
    client.poll_transmit(Instant::ZERO, &mut buf).unwrap();
    let frame = hand_frame(
        Address::PUBLIC_CLIENT,
        server_addr(),
        Control::Dm { poll: true },
        &[],
    );
    client.handle_input(&frame, Instant::ZERO);
    assert_eq!(
        own(client.poll_event().unwrap()),
        Ev::Disconnected(DisconnectReason::Refused)
    );
}

#[test]
fn inactivity_timeout_releases_both_sides() {
    let mut pair = Pair::default_pair();
    pair.connect();
    let t = pair.server.poll_timeout().unwrap();
    assert_eq!(t, pair.now + Duration::from_secs(120));
    pair.now = t;
    pair.server.handle_timeout(pair.now);
    pair.client.handle_timeout(pair.now);
    assert_eq!(
        own(pair.server.poll_event().unwrap()),
        Ev::Disconnected(DisconnectReason::Inactivity)
    );
    assert_eq!(
        own(pair.client.poll_event().unwrap()),
        Ev::Disconnected(DisconnectReason::Inactivity)
    );
}

#[test]
fn server_rejects_oversized_information_field() {
    let mut server_cfg = LinkConfig::server(server_addr());
    server_cfg.params = LinkParams {
        max_info_rx: 32,
        ..LinkParams::DEFAULT
    };
    let mut pair = Pair::new(
        LinkConfig::client(Address::PUBLIC_CLIENT, server_addr()),
        server_cfg,
        3,
        0,
        0,
    );
    pair.connect();
    // Bypass the client's segmentation with a hand-made 100-byte I-frame.
    let info = [0x11u8; 100];
    let mut buf = [0u8; 200];
    let frame = hand_frame(
        server_addr(),
        Address::PUBLIC_CLIENT,
        Control::I {
            ns: 0,
            nr: 0,
            poll: true,
        },
        &info,
    );
    pair.server.handle_input(&frame, pair.now);
    assert_eq!(own(pair.server.poll_event().unwrap()), Ev::FrameRejected);
    let m = pair.server.poll_transmit(pair.now, &mut buf).unwrap();
    let frmr = FrameRepr::parse_flagged(&buf[..m]).unwrap();
    assert_eq!(frmr.control, Control::Frmr { poll: true });
    assert_eq!(frmr.info, &[0x10, 0x00, 0x04]);
    // The client resets on FRMR.
    pair.client.handle_input(&buf[..m], pair.now);
    assert_eq!(own(pair.client.poll_event().unwrap()), Ev::FrameRejected);
    assert_eq!(
        own(pair.client.poll_event().unwrap()),
        Ev::Disconnected(DisconnectReason::FrameRejected)
    );
}

#[test]
fn ui_pushes_are_received_in_any_state() {
    let mut meter = link(
        LinkConfig {
            peer: Some(Address::client(103).unwrap()),
            ..LinkConfig::server(server_addr())
        },
        4096,
    );
    let mut reader = link(
        LinkConfig::client(Address::client(103).unwrap(), server_addr()),
        4096,
    );
    let push: Vec<u8> = (0..500u16).map(|i| (i % 251) as u8).collect();
    meter.send_ui(&push).unwrap();
    let mut buf = [0u8; 2100];
    let mut frames = 0;
    // Two pushes back to back in one chunk of wire bytes.
    let mut wire = Vec::new();
    while let Some(n) = meter.poll_transmit(Instant::ZERO, &mut buf) {
        wire.extend_from_slice(&buf[..n]);
        frames += 1;
    }
    meter.send_ui(&push[..10]).unwrap();
    while let Some(n) = meter.poll_transmit(Instant::ZERO, &mut buf) {
        wire.extend_from_slice(&buf[..n]);
    }
    assert_eq!(frames, 4); // 503 bytes in 128-byte UI frames
    let mut got = Vec::new();
    let mut off = 0;
    while off < wire.len() {
        off += reader.handle_input(&wire[off..], Instant::ZERO);
        while let Some(ev) = reader.poll_event() {
            got.push(own(ev));
        }
    }
    while let Some(ev) = reader.poll_event() {
        got.push(own(ev));
    }
    assert_eq!(
        got,
        vec![
            Ev::Received(push.clone(), true),
            Ev::Received(push[..10].to_vec(), true)
        ]
    );
}

#[test]
fn frames_for_other_stations_are_ignored() {
    let mut pair = Pair::default_pair();
    pair.connect();
    let mut buf = [0u8; 64];
    let frame = hand_frame(
        Address::server(1, Some(18)).unwrap(),
        Address::PUBLIC_CLIENT,
        Control::Disc { poll: true },
        &[],
    );
    pair.server.handle_input(&frame, pair.now);
    assert!(pair.server.poll_transmit(pair.now, &mut buf).is_none());
    assert!(pair.server.is_connected());
}

#[test]
fn api_misuse_is_an_error() {
    use dlms_hdlc::ErrorKind;
    let mut pair = Pair::default_pair();
    assert_eq!(
        pair.client.send(&[1]).unwrap_err().kind(),
        ErrorKind::NotConnected
    );
    assert_eq!(
        pair.server.connect(pair.now).unwrap_err().kind(),
        ErrorKind::NotConnected
    );
    pair.connect();
    assert_eq!(
        pair.client.connect(pair.now).unwrap_err().kind(),
        ErrorKind::Busy
    );
    pair.client.send(&[1, 2, 3]).unwrap();
    assert_eq!(pair.client.send(&[4]).unwrap_err().kind(), ErrorKind::Busy);
    pair.run();
    let big = vec![0u8; 9000];
    assert!(matches!(
        pair.client.send(&big).unwrap_err().kind(),
        ErrorKind::TooLong { .. }
    ));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// Whatever the window, information field size, loss and duplication rate, every request
    /// gets exactly its response and the link is released cleanly.
    #[test]
    fn any_parameters_any_line(
        seed in 1u64..u64::MAX,
        client_window in 1u8..=7,
        server_window in 1u8..=7,
        client_info in 16u16..=300,
        server_info in 16u16..=300,
        loss in 0u64..=25,
        dup in 0u64..=20,
        sizes in proptest::collection::vec(0usize..=1500, 1..4),
    ) {
        let mut client_cfg = LinkConfig::client(Address::PUBLIC_CLIENT, server_addr());
        client_cfg.params = LinkParams {
            max_info_tx: client_info,
            max_info_rx: client_info,
            window_tx: client_window,
            window_rx: client_window,
        };
        client_cfg.max_retries = 40;
        let mut server_cfg = LinkConfig::server(server_addr());
        server_cfg.params = LinkParams {
            max_info_tx: server_info,
            max_info_rx: server_info,
            window_tx: server_window,
            window_rx: server_window,
        };
        let mut pair = Pair::new(client_cfg, server_cfg, seed, loss, dup);
        pair.connect();
        for (i, len) in sizes.iter().enumerate() {
            let req: Vec<u8> = (0..*len).map(|j| (j * 13 + i) as u8).collect();
            proptest::prop_assert_eq!(pair.exchange(&req), answer(&req));
        }
        pair.client.disconnect(pair.now).unwrap();
        pair.run();
        proptest::prop_assert!(!pair.client.is_connected());
    }
}
