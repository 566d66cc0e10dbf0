//! IEC HDLC setup (class id 23).
