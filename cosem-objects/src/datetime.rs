//! COSEM date, time and date-time, with optional calendar conversion.
