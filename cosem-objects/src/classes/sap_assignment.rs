//! SAP assignment (class id 17).
