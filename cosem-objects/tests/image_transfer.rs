#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
#![cfg(feature = "alloc")]
//! Image transfer: attributes, method parameters, the block bitmap and the firmware-update
//! flow's data from image to block-transfer calls.

mod common;

use common::{round_trip_attributes, round_trip_value};
use cosem_objects::classes::image_transfer::*;
use cosem_objects::{ClassId, ClassInfo, Error, Method, ObisCode, ToData};
use dlms_apdu::DataRef;
use dlms_apdu::data::BitStringBuf;
use hex_literal::hex;
use proptest::prelude::*;

fn sample() -> ImageTransfer {
    let mut status = BlockBitmap::new(10);
    status.set(0, true).unwrap();
    status.set(3, true).unwrap();
    ImageTransfer {
        logical_name: ObisCode::new(0, 0, 44, 0, 0, 255),
        image_block_size: 192,
        image_transferred_blocks_status: status,
        image_first_not_transferred_block_number: 1,
        image_transfer_enabled: true,
        image_transfer_status: ImageTransferStatus::INITIATED,
        image_to_activate_info: vec![ImageToActivate {
            size: 1900,
            identification: b"FW-2.1.0".to_vec(),
            signature: vec![0xAB; 8],
        }],
    }
}

#[test]
fn image_transfer_round_trips_every_attribute() {
    round_trip_attributes(&sample());
    round_trip_attributes(&ImageTransfer::default());
    assert_eq!(ImageTransfer::CLASS_ID, ClassId::IMAGE_TRANSFER);
    assert_eq!(ImageTransfer::VERSION, 0);
    assert_eq!(ImageTransfer::ATTRIBUTES.len(), 7);
    assert_eq!(ImageTransfer::METHODS.len(), 4);
    assert_eq!(
        ImageTransfer::method_info(2).unwrap().name,
        "image_block_transfer"
    );
}

#[test]
fn attributes_known_answers() {
    let s = sample();
    // Blocks 0 and 3 of ten: 1001 0000 00.
    assert_eq!(
        s.image_transferred_blocks_status.to_data().to_vec(),
        hex!("04 0A 90 00")
    );
    assert_eq!(s.image_transfer_status.to_data().to_vec(), hex!("16 01"));
    assert_eq!(
        s.image_to_activate_info.to_data().to_vec(),
        hex!(
            "01 01 02 03 06 00 00 07 6C 09 08 46 57 2D 32 2E 31 2E 30 09 08 AB AB AB AB AB AB AB AB"
        )
    );
}

#[test]
fn bitmap_helpers() {
    let mut b = BlockBitmap::new(12);
    assert_eq!(b.len(), 12);
    assert!(!b.is_empty());
    assert_eq!(b.first_missing(), Some(0));
    for n in [0, 1, 2, 5, 11] {
        b.set(n, true).unwrap();
    }
    assert!(b.is_transferred(5));
    assert!(!b.is_transferred(6));
    assert!(!b.is_transferred(12));
    assert!(!b.is_transferred(u32::MAX));
    assert_eq!(b.missing().collect::<Vec<_>>(), [3, 4, 6, 7, 8, 9, 10]);
    assert_eq!(b.first_missing(), Some(3));
    assert_eq!(b.set(12, true), Err(Error::OutOfRange));
    b.set(5, false).unwrap();
    assert!(!b.is_transferred(5));
    for n in 0..12 {
        b.set(n, true).unwrap();
    }
    assert!(b.is_complete());
    assert_eq!(b.first_missing(), None);
    assert!(BlockBitmap::new(0).is_complete());
    // A bitmap as a meter sends it, unused trailing bits set.
    let sent = BlockBitmap(BitStringBuf::new(3, vec![0xBF]).unwrap());
    assert_eq!(sent.missing().collect::<Vec<_>>(), [1]);
}

#[test]
fn methods_round_trip() {
    let methods = [
        ImageTransferMethod::Initiate {
            identifier: b"FW-2.1.0".to_vec(),
            size: 1900,
        },
        ImageTransferMethod::BlockTransfer {
            number: 7,
            value: vec![1, 2, 3],
        },
        ImageTransferMethod::Verify,
        ImageTransferMethod::Activate,
    ];
    for (i, m) in methods.iter().enumerate() {
        assert_eq!(m.id(), i as i8 + 1);
        let bytes = m.parameters().to_vec();
        let back =
            ImageTransferMethod::from_parameters(m.id(), &DataRef::parse_exact(&bytes).unwrap())
                .unwrap();
        assert_eq!(&back, m);
    }
    assert_eq!(
        methods[0].parameters().to_vec(),
        hex!("02 02 09 08 46 57 2D 32 2E 31 2E 30 06 00 00 07 6C")
    );
    assert_eq!(
        methods[1].parameters().to_vec(),
        hex!("02 02 06 00 00 00 07 09 03 01 02 03")
    );
    assert_eq!(methods[2].parameters().to_vec(), hex!("0F 00"));
    // Accepted and refused dummies.
    assert_eq!(
        ImageTransferMethod::from_parameters(3, &DataRef::NullData),
        Ok(ImageTransferMethod::Verify)
    );
    assert_eq!(
        ImageTransferMethod::from_parameters(4, &DataRef::Integer(1)),
        Err(Error::MethodParameters)
    );
    assert_eq!(
        ImageTransferMethod::from_parameters(5, &DataRef::Integer(0)),
        Err(Error::NoSuchMethod(5))
    );
    // Fields in the wrong order.
    let swapped = hex!("02 02 09 01 00 06 00 00 00 07");
    assert!(
        ImageTransferMethod::from_parameters(2, &DataRef::parse_exact(&swapped).unwrap()).is_err()
    );
    let block = methods[1].parameters().to_vec();
    let (n, v) = block_transfer_ref(&DataRef::parse_exact(&block).unwrap()).unwrap();
    assert_eq!((n, v), (7, &[1u8, 2, 3][..]));
}

/// The whole transfer: cut the image, "send" every block into a simulated server that
/// loses some, read back its bitmap, resend the missing ones, and compare images.
#[test]
fn firmware_update_flow() {
    let image: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
    let blocks = ImageBlocks::new(&image, 64).unwrap();
    assert_eq!(blocks.count(), 16); // ceil(1000 / 64)
    assert_eq!(blocks.size(), 1000);
    assert_eq!(blocks.block(15).unwrap().len(), 1000 - 15 * 64);
    assert_eq!(blocks.block(16), None);
    assert_eq!(
        blocks.initiate(b"img"),
        ImageTransferMethod::Initiate {
            identifier: b"img".to_vec(),
            size: 1000
        }
    );

    // The server.
    let mut server = ImageTransfer {
        image_block_size: 64,
        ..ImageTransfer::default()
    };
    let mut received = vec![0u8; 1000];
    let mut deliver = |server: &mut ImageTransfer, m: &ImageTransferMethod, drop: bool| {
        let bytes = m.parameters().to_vec();
        let p = DataRef::parse_exact(&bytes).unwrap();
        match ImageTransferMethod::from_parameters(m.id(), &p).unwrap() {
            ImageTransferMethod::Initiate { size, .. } => {
                let count = size.div_ceil(server.image_block_size);
                server.image_transferred_blocks_status = BlockBitmap::new(count as usize);
                server.image_transfer_status = ImageTransferStatus::INITIATED;
            }
            ImageTransferMethod::BlockTransfer { number, value } => {
                if drop {
                    return;
                }
                let at = number as usize * 64;
                received[at..at + value.len()].copy_from_slice(&value);
                server
                    .image_transferred_blocks_status
                    .set(number, true)
                    .unwrap();
            }
            _ => {}
        }
        server.image_first_not_transferred_block_number = server
            .image_transferred_blocks_status
            .first_missing()
            .unwrap_or(u32::MAX);
    };
    deliver(&mut server, &blocks.initiate(b"img"), false);
    let all: Vec<_> = blocks.transfers().collect();
    assert_eq!(all.len(), 16);
    for (i, m) in all.iter().enumerate() {
        deliver(&mut server, m, i % 5 == 2);
    }
    assert_eq!(server.image_first_not_transferred_block_number, 2);
    // The client reads the bitmap through the attribute.
    let status_bytes = cosem_objects::InterfaceClass::attribute(&server, 3)
        .unwrap()
        .to_vec();
    let status: BlockBitmap =
        cosem_objects::FromData::from_data(&DataRef::parse_exact(&status_bytes).unwrap()).unwrap();
    assert_eq!(status.missing().collect::<Vec<_>>(), [2, 7, 12]);
    let resend: Vec<_> = blocks.resend(&status).collect();
    assert_eq!(resend.len(), 3);
    for m in &resend {
        deliver(&mut server, m, false);
    }
    assert!(server.image_transferred_blocks_status.is_complete());
    assert_eq!(received, image);
}

#[test]
fn image_blocks_edges() {
    assert_eq!(ImageBlocks::new(&[1, 2, 3], 0), Err(Error::OutOfRange));
    let empty = ImageBlocks::new(&[], 64).unwrap();
    assert_eq!(empty.count(), 0);
    assert_eq!(empty.transfers().count(), 0);
    let exact = ImageBlocks::new(&[0; 128], 64).unwrap();
    assert_eq!(exact.count(), 2);
    assert_eq!(exact.block(1).unwrap().len(), 64);
    assert_eq!(exact.block(u32::MAX), None);
}

proptest! {
    #[test]
    fn blocks_cover_the_image(image in proptest::collection::vec(any::<u8>(), 0..2000), size in 1u32..300) {
        let blocks = ImageBlocks::new(&image, size).unwrap();
        prop_assert_eq!(blocks.count() as usize, image.len().div_ceil(size as usize));
        let mut joined = Vec::new();
        for (i, m) in blocks.transfers().enumerate() {
            let ImageTransferMethod::BlockTransfer { number, value } = m else { panic!() };
            prop_assert_eq!(number as usize, i);
            prop_assert!(value.len() <= size as usize);
            joined.extend_from_slice(&value);
        }
        prop_assert_eq!(joined, image);
    }

    #[test]
    fn block_transfer_round_trips(number in any::<u32>(), value in proptest::collection::vec(any::<u8>(), 0..600)) {
        let m = ImageTransferMethod::BlockTransfer { number, value };
        let bytes = m.parameters().to_vec();
        prop_assert_eq!(ImageTransferMethod::from_parameters(2, &DataRef::parse_exact(&bytes).unwrap()).unwrap(), m);
    }

    #[test]
    fn bitmap_round_trips(bits in proptest::collection::vec(any::<bool>(), 0..100)) {
        let b = BlockBitmap(BitStringBuf::from_bits(bits.iter().copied()));
        round_trip_value(&b);
        let missing: Vec<u32> = bits.iter().enumerate().filter(|(_, b)| !**b).map(|(i, _)| i as u32).collect();
        prop_assert_eq!(b.missing().collect::<Vec<_>>(), missing);
    }

    #[test]
    fn image_to_activate_round_trips(size in any::<u32>(), id in proptest::collection::vec(any::<u8>(), 0..40), sig in proptest::collection::vec(any::<u8>(), 0..80)) {
        round_trip_value(&vec![ImageToActivate { size, identification: id, signature: sig }]);
    }
}

proptest! {
    /// Arbitrary data as method parameters or attribute values never panics.
    #[test]
    fn arbitrary_data_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64), id in 0i8..9) {
        if let Ok((v, _)) = DataRef::parse(&bytes) {
            let _ = ImageTransferMethod::from_parameters(id, &v);
            let mut it = ImageTransfer::default();
            let _ = cosem_objects::InterfaceClass::set_attribute(&mut it, id, &v);
            let _ = block_transfer_ref(&v);
        }
    }
}

/// ACTION requests built by the Gurux DLMS library for Python (gurux-dlms 1.0.203 from PyPI,
/// through its public API; `tests/data/gurux_peer_vectors.json`) for a 10-octet image in
/// blocks of 4: ours cut the same blocks and encode the same parameters.
#[test]
fn gurux_image_transfer_actions() {
    let json: serde_json::Value =
        serde_json::from_str(include_str!("data/gurux_peer_vectors.json")).unwrap();
    assert_eq!(json["provenance"]["generator"], "gurux-dlms 1.0.203 (PyPI)");
    let params = |v: &serde_json::Value| {
        let apdu = hex::decode(v.as_str().unwrap()).unwrap();
        // C3 01 invoke, class 18, 0.0.44.0.0.255, method, parameters present.
        assert_eq!(apdu[..5], hex!("C3 01 C1 00 12"));
        assert_eq!(apdu[5..11], [0, 0, 44, 0, 0, 255]);
        (apdu[11] as i8, apdu[13..].to_vec())
    };
    let image = hex!("00 01 02 03 04 05 06 07 08 09");
    let blocks = ImageBlocks::new(&image, 4).unwrap();
    assert_eq!(blocks.count(), 3);
    let (id, p) = params(&json["actions"]["image_transfer_initiate"]);
    assert_eq!(id, 1);
    assert_eq!(blocks.initiate(b"FW-1").parameters().to_vec(), p);
    let ours: Vec<_> = blocks.transfers().collect();
    let theirs = json["actions"]["image_block_transfer"].as_array().unwrap();
    assert_eq!(theirs.len(), ours.len());
    for (m, t) in ours.iter().zip(theirs) {
        let (id, p) = params(t);
        assert_eq!(id, 2);
        assert_eq!(m.parameters().to_vec(), p);
        assert_eq!(
            &ImageTransferMethod::from_parameters(2, &DataRef::parse_exact(&p).unwrap()).unwrap(),
            m
        );
    }
    for (name, m) in [
        ("image_verify", ImageTransferMethod::Verify),
        ("image_activate", ImageTransferMethod::Activate),
    ] {
        let (id, p) = params(&json["actions"][name]);
        assert_eq!(id, m.id());
        assert_eq!(m.parameters().to_vec(), p);
    }
}
