//! ACCESS-Request and ACCESS-Response.
