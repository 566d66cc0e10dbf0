//! Invoke-Id-And-Priority and Long-Invoke-Id-And-Priority (IEC 62056-5-3, xDLMS ASN.1).

/// Invoke-Id-And-Priority: bits 0-3 invoke id, bit 6 service class (1 = confirmed),
/// bit 7 priority (1 = high). Bits 4-5 are reserved and kept as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct InvokeIdAndPriority(pub u8);

impl InvokeIdAndPriority {
    /// An octet with the given invoke id (masked to 4 bits), confirmed service class and
    /// priority.
    #[must_use]
    pub const fn new(invoke_id: u8, confirmed: bool, high_priority: bool) -> Self {
        let mut v = invoke_id & 0x0F;
        if confirmed {
            v |= 0x40;
        }
        if high_priority {
            v |= 0x80;
        }
        Self(v)
    }

    /// The invoke id, 0..=15.
    #[must_use]
    pub const fn invoke_id(self) -> u8 {
        self.0 & 0x0F
    }

    /// Whether the service is confirmed (bit 6).
    #[must_use]
    pub const fn is_confirmed(self) -> bool {
        self.0 & 0x40 != 0
    }

    /// Whether the priority is high (bit 7).
    #[must_use]
    pub const fn is_high_priority(self) -> bool {
        self.0 & 0x80 != 0
    }
}

/// Long-Invoke-Id-And-Priority (data-notification, general-block-transfer contexts):
/// bits 0-23 invoke id, bit 28 self-descriptive, bit 29 processing option (1 = break on
/// error), bit 30 service class (1 = confirmed), bit 31 priority (1 = high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LongInvokeIdAndPriority(pub u32);

impl LongInvokeIdAndPriority {
    /// The invoke id, 0..=0xFF_FFFF.
    #[must_use]
    pub const fn invoke_id(self) -> u32 {
        self.0 & 0x00FF_FFFF
    }

    /// Whether the self-descriptive bit (28) is set.
    #[must_use]
    pub const fn is_self_descriptive(self) -> bool {
        self.0 & (1 << 28) != 0
    }

    /// Whether the processing option bit (29, break on error) is set.
    #[must_use]
    pub const fn is_break_on_error(self) -> bool {
        self.0 & (1 << 29) != 0
    }

    /// Whether the service is confirmed (bit 30).
    #[must_use]
    pub const fn is_confirmed(self) -> bool {
        self.0 & (1 << 30) != 0
    }

    /// Whether the priority is high (bit 31).
    #[must_use]
    pub const fn is_high_priority(self) -> bool {
        self.0 & (1 << 31) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let p = InvokeIdAndPriority(0xC1);
        assert_eq!(p.invoke_id(), 1);
        assert!(p.is_confirmed() && p.is_high_priority());
        assert_eq!(InvokeIdAndPriority::new(1, true, true), p);
        let l = LongInvokeIdAndPriority(0x4000_0001);
        assert_eq!(l.invoke_id(), 1);
        assert!(l.is_confirmed() && !l.is_high_priority());
    }
}
