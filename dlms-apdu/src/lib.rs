#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "alloc")]
#[allow(unused_extern_crates)]
extern crate alloc;
#[cfg(test)]
extern crate std;

mod codec;

pub mod access;
pub mod acse;
pub mod action;
pub mod apdu;
pub mod block;
pub mod ciphered;
pub mod data;
pub mod datablock;
pub mod datetime;
pub mod descriptor;
pub mod error;
pub mod exception;
#[doc(hidden)]
pub mod fuzzing;
pub mod get;
pub mod initiate;
pub mod invoke;
pub mod list;
pub mod notification;
pub mod registry;
pub mod render;
pub mod set;
pub mod sn;

pub use apdu::Apdu;
#[cfg(feature = "alloc")]
pub use apdu::ApduBuf;
#[cfg(feature = "alloc")]
pub use data::Data;
pub use data::{DataRef, DataType, MAX_DEPTH};
pub use error::{Error, ErrorKind, Result};
pub use invoke::{InvokeIdAndPriority, LongInvokeIdAndPriority};
pub use list::List;
