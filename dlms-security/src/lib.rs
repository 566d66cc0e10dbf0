#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

// Used by the convenience forms under `alloc`.
#[cfg(feature = "alloc")]
#[allow(unused_extern_crates)]
extern crate alloc;

#[cfg(all(feature = "cert", any(feature = "suite1", feature = "suite2")))]
pub mod cert;
pub mod counter;
#[cfg(any(feature = "suite1", feature = "suite2"))]
pub mod ecc;
pub mod error;
pub mod gcm;
pub mod general;
pub mod hazmat;
pub mod hls;
pub mod iv;
#[cfg(any(feature = "suite1", feature = "suite2"))]
pub mod kdf;
pub mod key;
#[cfg(any(feature = "suite1", feature = "suite2"))]
pub mod key_agreement;
pub mod kw;
pub mod octets;
pub mod policy;
pub mod protect;
pub mod replay;
pub mod suite;

pub use counter::{CounterStore, Lease, MemoryStore};
pub use error::{CertError, Error, Result};
pub use gcm::{Aes128Gcm, Aes256Gcm, AnyGcm, ApduCipher, Gcm};
pub use hls::{Challenge, Hls, Mechanism};
pub use iv::{InvocationCounter, Iv, SystemTitle};
pub use key::{
    AuthenticationKey, BroadcastKey, DedicatedKey, GlobalUnicastKey, KeySize, MasterKey,
};
pub use kw::{KeyId, UnwrappedKey};
pub use policy::SecurityPolicy;
pub use protect::{Envelope, Form, Mode, Protection, SecurityContext, SecurityInfo, Unprotected};
pub use replay::{KeyUse, ReplayGuard};
pub use suite::{SecurityControl, SecuritySuite};
