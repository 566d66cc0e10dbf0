#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! Send-side invocation counters: no counter (hence no IV) is ever handed out twice, across
//! any sequence of reservations, sends and power losses, including a power loss in the
//! middle of `persist`.

use dlms_security::counter::{CounterStore, EXHAUSTED, Lease, MemoryStore, reserve};
use dlms_security::{Error, InvocationCounter};
use proptest::prelude::*;

/// A simulated flash cell: a write lands in a volatile cache and becomes durable only when
/// synced; a power loss drops the cache.
#[derive(Debug, Default)]
struct Flash {
    durable: u64,
    cached: Option<u64>,
}

impl Flash {
    fn write(&mut self, v: u64) {
        self.cached = Some(v);
    }
    fn sync(&mut self) {
        if let Some(v) = self.cached.take() {
            self.durable = v;
        }
    }
    fn power_loss(&mut self) {
        self.cached = None;
    }
}

/// How `persist` ends this time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Crash {
    /// It completes.
    No,
    /// The power fails after the write, before the sync: the new mark is lost.
    BeforeSync,
    /// The power fails after the sync, before `persist` returns: the new mark is durable.
    AfterSync,
}

/// A [`CounterStore`] on [`Flash`]. `lazy` models the classic bug: acknowledging the write
/// before it is durable.
#[derive(Debug)]
struct FlashStore {
    flash: Flash,
    crash: Crash,
    lazy: bool,
}

impl CounterStore for FlashStore {
    fn load(&mut self) -> Result<u64, Error> {
        Ok(self.flash.cached.unwrap_or(self.flash.durable))
    }

    fn persist(&mut self, high_water: u64) -> Result<(), Error> {
        self.flash.write(high_water);
        match self.crash {
            Crash::No => {
                if !self.lazy {
                    self.flash.sync();
                }
                Ok(())
            }
            Crash::BeforeSync => {
                self.flash.power_loss();
                Err(Error::Storage)
            }
            Crash::AfterSync => {
                self.flash.sync();
                self.flash.power_loss();
                Err(Error::Storage)
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    /// Reserve a block; `persist` ends as `crash` says.
    Reserve { block: u32, crash: Crash },
    /// Send up to `k` messages from the current lease.
    Send { k: u32 },
    /// The power fails between operations: RAM (the lease) and the flash cache are lost.
    PowerLoss,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1u32..40, prop_oneof![
            6 => Just(Crash::No),
            1 => Just(Crash::BeforeSync),
            1 => Just(Crash::AfterSync),
        ])
            .prop_map(|(block, crash)| Op::Reserve { block, crash }),
        4 => (0u32..60).prop_map(|k| Op::Send { k }),
        1 => Just(Op::PowerLoss),
    ]
}

/// Runs `ops` from the high-water mark `start` and returns every counter sent, or the first
/// broken invariant.
fn run(start: u64, ops: &[Op], lazy: bool) -> Result<Vec<u32>, String> {
    let mut store = FlashStore {
        flash: Flash {
            durable: start,
            cached: None,
        },
        crash: Crash::No,
        lazy,
    };
    let mut lease: Option<Lease> = None;
    let mut sent: Vec<u32> = Vec::new();
    for op in ops {
        match *op {
            Op::Reserve { block, crash } => {
                store.crash = crash;
                let r = reserve(&mut store, block);
                store.crash = Crash::No;
                match (crash, r) {
                    (Crash::No, Ok(l)) => lease = Some(l),
                    (Crash::No, Err(Error::CounterExhausted)) => {
                        if store.load().unwrap() < EXHAUSTED {
                            return Err("exhausted below 2^32".into());
                        }
                        lease = None;
                    }
                    (Crash::No, Err(e)) => return Err(format!("reserve failed: {e}")),
                    (_, Ok(_)) => return Err("a lease despite a failed persist".into()),
                    // The power failed inside persist: the device restarts.
                    (_, Err(_)) => lease = None,
                }
            }
            Op::Send { k } => {
                let Some(l) = lease.as_mut() else { continue };
                for _ in 0..k {
                    match l.next_counter() {
                        Ok(InvocationCounter(ic)) => {
                            if let Some(&last) = sent.last() {
                                if ic <= last {
                                    return Err(format!("counter {ic} after {last}"));
                                }
                            }
                            sent.push(ic);
                        }
                        Err(Error::LeaseExhausted) => break,
                        Err(Error::CounterExhausted) => {
                            if sent.last() != Some(&u32::MAX) && l.remaining() != 0 {
                                return Err("exhausted early".into());
                            }
                            break;
                        }
                        Err(e) => return Err(format!("next_counter: {e}")),
                    }
                }
            }
            Op::PowerLoss => {
                store.flash.power_loss();
                lease = None;
            }
        }
    }
    Ok(sent)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_counter_is_ever_reused(ops in prop::collection::vec(op(), 0..60)) {
        let sent = run(0, &ops, false).map_err(TestCaseError::fail)?;
        // `run` checked strict increase at every send; say it once more over the whole run.
        prop_assert!(sent.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn no_counter_is_reused_near_exhaustion(
        below in 0u64..200,
        ops in prop::collection::vec(op(), 0..60),
    ) {
        let sent = run(EXHAUSTED - below, &ops, false).map_err(TestCaseError::fail)?;
        prop_assert!(sent.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(sent.iter().all(|&c| u64::from(c) >= EXHAUSTED - below));
    }
}

#[test]
fn the_property_catches_a_store_that_acknowledges_too_early() {
    // Reserve 10, send 5, lose power: the lazy store never synced, so the next start hands
    // out counter 0 again. The checker must see it.
    let ops = [
        Op::Reserve {
            block: 10,
            crash: Crash::No,
        },
        Op::Send { k: 5 },
        Op::PowerLoss,
        Op::Reserve {
            block: 10,
            crash: Crash::No,
        },
        Op::Send { k: 1 },
    ];
    assert_eq!(run(0, &ops, false).unwrap(), vec![0, 1, 2, 3, 4, 10]);
    assert_eq!(run(0, &ops, true).unwrap_err(), "counter 0 after 4");
}

#[test]
fn a_power_loss_inside_persist_never_rewinds() {
    for crash in [Crash::BeforeSync, Crash::AfterSync] {
        let ops = [
            Op::Reserve {
                block: 4,
                crash: Crash::No,
            },
            Op::Send { k: 2 },
            Op::Reserve { block: 4, crash },
            Op::Send { k: 3 },
            Op::Reserve {
                block: 4,
                crash: Crash::No,
            },
            Op::Send { k: 1 },
        ];
        let sent = run(0, &ops, false).unwrap();
        // Before the sync the old mark (4) survives; after it the new one (8).
        let next = if crash == Crash::BeforeSync { 4 } else { 8 };
        assert_eq!(sent, vec![0, 1, next], "{crash:?}");
    }
}

#[test]
fn exhaustion_asks_for_a_new_key_and_never_wraps() {
    let mut store = MemoryStore::new(EXHAUSTED - 3);
    let mut lease = reserve(&mut store, 100).unwrap();
    assert_eq!(lease.remaining(), 3);
    assert_eq!(store.load().unwrap(), EXHAUSTED);
    let got: Vec<u32> = (0..3).map(|_| lease.next_counter().unwrap().0).collect();
    assert_eq!(got, [u32::MAX - 2, u32::MAX - 1, u32::MAX]);
    assert_eq!(lease.peek(), None);
    for _ in 0..3 {
        assert_eq!(lease.next_counter(), Err(Error::CounterExhausted));
    }
    let e = reserve(&mut store, 1).unwrap_err();
    assert_eq!(e, Error::CounterExhausted);
    assert!(e.to_string().contains("change the key"), "{e}");
    // A store already past the end (a corrupted or foreign value) is exhausted too.
    assert_eq!(
        reserve(&mut MemoryStore::new(u64::MAX), 1),
        Err(Error::CounterExhausted)
    );
    // A lease that ends below 2^32 asks for another block instead.
    let mut l = reserve(&mut MemoryStore::new(0), 1).unwrap();
    l.next_counter().unwrap();
    assert_eq!(l.next_counter(), Err(Error::LeaseExhausted));
}

/// A store whose flash cannot be read or written.
struct Broken {
    load_ok: bool,
}

impl CounterStore for Broken {
    fn load(&mut self) -> Result<u64, Error> {
        if self.load_ok {
            Ok(0)
        } else {
            Err(Error::Storage)
        }
    }
    fn persist(&mut self, _: u64) -> Result<(), Error> {
        Err(Error::Storage)
    }
}

#[test]
fn storage_failures_give_no_lease() {
    for load_ok in [false, true] {
        assert_eq!(reserve(&mut Broken { load_ok }, 8), Err(Error::Storage));
    }
    assert_eq!(
        reserve(&mut MemoryStore::new(0), 0),
        Err(Error::InvalidLength(0))
    );
    // `reserve` works through a trait object too.
    let mut store = MemoryStore::new(5);
    let dynamic: &mut dyn CounterStore = &mut store;
    assert_eq!(
        reserve(dynamic, 2).unwrap().next_counter(),
        Ok(InvocationCounter(5))
    );
}
