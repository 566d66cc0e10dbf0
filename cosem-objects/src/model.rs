//! The server-side object model: objects a meter implements, dispatched with per-association access rights.
