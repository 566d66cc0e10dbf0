//! xDLMS InitiateRequest and InitiateResponse, and the conformance block.
