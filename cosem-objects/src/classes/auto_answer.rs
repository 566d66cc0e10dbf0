//! Auto answer (class id 28).
