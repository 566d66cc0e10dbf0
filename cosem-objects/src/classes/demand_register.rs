//! Demand register (class id 5).
