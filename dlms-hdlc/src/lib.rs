#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
// The `arbitrary` derives name `std` paths; the feature is for fuzzing on a host.
#[cfg(feature = "arbitrary")]
extern crate std;

pub mod address;
pub mod control;
pub mod deframer;
pub mod error;
pub mod fcs;
pub mod frame;
pub mod link;
pub mod llc;
pub mod params;
pub mod segment;
pub mod time;
pub mod wrapper;

#[doc(hidden)]
pub mod fuzzing;

pub use address::{Address, AddressSize};
pub use control::Control;
pub use deframer::{Deframer, DeframerEvent, DeframerStats, DiscardReason};

pub use error::{Error, ErrorKind, Result};
pub use frame::{FLAG, Frame, FrameRepr, MAX_FRAME_LEN};
pub use link::{DisconnectReason, Link, LinkConfig, LinkEvent, Role};
pub use params::LinkParams;
pub use segment::{FrameKind, Frames, Reassembler, Segment, Segmenter};

pub use time::{Duration, Instant};
pub use wrapper::{Wrapper, WrapperDeframer, WrapperHeader};
