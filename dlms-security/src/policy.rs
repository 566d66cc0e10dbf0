//! The Security setup security policy: what a received APDU must carry and what to apply when sending.
