#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

// Reserved for the owned types; nothing uses it in this release yet.
#[cfg(feature = "alloc")]
#[allow(unused_extern_crates)]
extern crate alloc;
