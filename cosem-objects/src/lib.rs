#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod access;
pub mod class;
#[cfg(feature = "alloc")]
pub mod classes;
pub mod datetime;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod model;
pub mod obis;
pub mod profile;
#[cfg(feature = "alloc")]
pub mod push;
pub mod unit;
pub mod value;

pub use class::{ClassId, ClassInfo};
#[cfg(feature = "alloc")]
pub use class::{InterfaceClass, Method};
pub use datetime::{Date, DateTime, Time};
pub use error::{Error, Result};
pub use obis::ObisCode;
pub use unit::{Decimal, ScalerUnit, Unit};
pub use value::FromData;
#[cfg(feature = "alloc")]
pub use value::ToData;
