//! Units (the DLMS unit enumeration) and scaler-unit pairs.
