//! Single action schedule (class id 22).
