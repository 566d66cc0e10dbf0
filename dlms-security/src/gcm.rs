//! AES-GCM with the 12-octet DLMS tag, generic over the block cipher.
