//! general-block-transfer, with a sender and a reassembling receiver.
