//! Profile generic (class id 7).
