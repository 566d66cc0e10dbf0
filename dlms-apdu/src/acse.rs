//! ACSE association APDUs (AARQ, AARE, RLRQ, RLRE) in BER, IEC 62056-5-3 clause 8.
