//! Script table (class id 9).
