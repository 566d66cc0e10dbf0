//! Auto connect (class id 29).
