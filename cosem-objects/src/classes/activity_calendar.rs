//! Activity calendar (class id 20).
