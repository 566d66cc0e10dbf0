//! COSEM attribute and method descriptors and selective access.
