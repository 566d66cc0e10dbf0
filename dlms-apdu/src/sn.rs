//! Short-name services: Read, Write, UnconfirmedWrite and InformationReport.
