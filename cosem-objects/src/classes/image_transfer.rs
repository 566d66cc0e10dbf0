//! Image transfer (class id 18, version 0): firmware update by blocks (IEC 62056-6-2,
//! DLMS UA 1000-1 Ed. 15).
//!
//! The flow: read `image_block_size`, call `image_transfer_initiate` with the image's
//! identifier and size, send every block with `image_block_transfer`, read
//! `image_transferred_blocks_status` (or `image_first_not_transferred_block_number`) and
//! resend what is missing, then `image_verify` and `image_activate`. [`ImageBlocks`] cuts an
//! image into the block parameters; [`BlockBitmap`] tests and sets blocks of the status
//! bitmap and lists the missing ones.

use alloc::vec::Vec;

use dlms_apdu::data::BitStringBuf;
use dlms_apdu::{Data, DataRef, DataType};

use super::association_ln::method;
use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::enum_type;
use crate::value::helpers::next_octets;
use crate::value::{FromData, ToData, next, structure, unexpected};

/// `image_transferred_blocks_status`: one bit per block, bit `n` set when block `n` has
/// arrived (block 0 is the most significant bit of the first octet).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BlockBitmap(pub BitStringBuf);

impl BlockBitmap {
    /// A bitmap of `blocks` blocks, none transferred.
    #[must_use]
    pub fn new(blocks: usize) -> Self {
        Self(BitStringBuf::from_bits(core::iter::repeat_n(false, blocks)))
    }

    /// Number of blocks the bitmap covers.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the bitmap covers no block.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether block `n` has been transferred (`false` past the end).
    #[must_use]
    pub fn is_transferred(&self, n: u32) -> bool {
        usize::try_from(n)
            .ok()
            .and_then(|i| self.0.bit(i))
            .unwrap_or(false)
    }

    /// Marks block `n` as transferred (or not).
    ///
    /// # Errors
    /// [`Error::OutOfRange`] if `n` is past the end of the bitmap.
    pub fn set(&mut self, n: u32, transferred: bool) -> Result<()> {
        let i = usize::try_from(n).map_err(|_| Error::OutOfRange)?;
        if i >= self.0.len() {
            return Err(Error::OutOfRange);
        }
        let mut bytes = self.0.as_bytes().to_vec();
        let byte = bytes.get_mut(i / 8).ok_or(Error::OutOfRange)?;
        let mask = 0x80u8 >> (i % 8);
        if transferred {
            *byte |= mask;
        } else {
            *byte &= !mask;
        }
        self.0 = BitStringBuf::new(self.0.len(), bytes).ok_or(Error::OutOfRange)?;
        Ok(())
    }

    /// The blocks not yet transferred, in order.
    pub fn missing(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.0.len())
            .filter(|&i| self.0.bit(i) == Some(false))
            .filter_map(|i| u32::try_from(i).ok())
    }

    /// The first block not yet transferred, `None` when all have been.
    #[must_use]
    pub fn first_missing(&self) -> Option<u32> {
        self.missing().next()
    }

    /// Whether every block has been transferred.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.first_missing().is_none()
    }
}

impl FromData for BlockBitmap {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        data.as_bit_string()
            .map(|b| Self(b.into()))
            .ok_or_else(|| unexpected(DataType::BitString, data))
    }
}

impl ToData for BlockBitmap {
    fn to_data(&self) -> Data {
        Data::BitString(self.0.clone())
    }
}

enum_type! {
    /// `image_transfer_status` (attribute 6).
    pub struct ImageTransferStatus {
        /// Image transfer not initiated.
        NOT_INITIATED = 0,
        /// Image transfer initiated.
        INITIATED = 1,
        /// Image verification initiated.
        VERIFICATION_INITIATED = 2,
        /// Image verification successful.
        VERIFICATION_SUCCESSFUL = 3,
        /// Image verification failed.
        VERIFICATION_FAILED = 4,
        /// Image activation initiated.
        ACTIVATION_INITIATED = 5,
        /// Image activation successful.
        ACTIVATION_SUCCESSFUL = 6,
        /// Image activation failed.
        ACTIVATION_FAILED = 7,
    }
}

/// One `image_to_activate_info_element` (attribute 7).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ImageToActivate {
    /// `image_to_activate_size` in octets.
    pub size: u32,
    /// `image_to_activate_identification`.
    pub identification: Vec<u8>,
    /// `image_to_activate_signature`.
    pub signature: Vec<u8>,
}

impl FromData for ImageToActivate {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 3)?.iter();
        Ok(Self {
            size: next(&mut it)?,
            identification: next_octets(&mut it)?,
            signature: next_octets(&mut it)?,
        })
    }
}

impl ToData for ImageToActivate {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.size.to_data(),
            Data::OctetString(self.identification.clone()),
            Data::OctetString(self.signature.clone()),
        ])
    }
}

/// An Image transfer object (usually 0.0.44.0.0.255).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageTransfer {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: `image_block_size` in octets.
    pub image_block_size: u32,
    /// Attribute 3: `image_transferred_blocks_status`.
    pub image_transferred_blocks_status: BlockBitmap,
    /// Attribute 4: `image_first_not_transferred_block_number`.
    pub image_first_not_transferred_block_number: u32,
    /// Attribute 5: `image_transfer_enabled`.
    pub image_transfer_enabled: bool,
    /// Attribute 6: `image_transfer_status`.
    pub image_transfer_status: ImageTransferStatus,
    /// Attribute 7: `image_to_activate_info`.
    pub image_to_activate_info: Vec<ImageToActivate>,
}

impl ClassInfo for ImageTransfer {
    const CLASS_ID: ClassId = ClassId::IMAGE_TRANSFER;
    const VERSION: u8 = 0;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "image_block_size", AttributeKind::Static),
        attribute(3, "image_transferred_blocks_status", AttributeKind::Dynamic),
        attribute(
            4,
            "image_first_not_transferred_block_number",
            AttributeKind::Dynamic,
        ),
        attribute(5, "image_transfer_enabled", AttributeKind::Static),
        attribute(6, "image_transfer_status", AttributeKind::Dynamic),
        attribute(7, "image_to_activate_info", AttributeKind::Dynamic),
    ];
    const METHODS: &'static [MethodInfo] = &[
        method(1, "image_transfer_initiate", true),
        method(2, "image_block_transfer", true),
        method(3, "image_verify", true),
        method(4, "image_activate", true),
    ];
}

impl InterfaceClass for ImageTransfer {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.image_block_size.to_data(),
            3 => self.image_transferred_blocks_status.to_data(),
            4 => self.image_first_not_transferred_block_number.to_data(),
            5 => self.image_transfer_enabled.to_data(),
            6 => self.image_transfer_status.to_data(),
            7 => self.image_to_activate_info.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.image_block_size = u32::from_data(value)?,
            3 => self.image_transferred_blocks_status = BlockBitmap::from_data(value)?,
            4 => self.image_first_not_transferred_block_number = u32::from_data(value)?,
            5 => self.image_transfer_enabled = bool::from_data(value)?,
            6 => self.image_transfer_status = ImageTransferStatus::from_data(value)?,
            7 => self.image_to_activate_info = Vec::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}

/// The methods of Image transfer with their parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageTransferMethod {
    /// Method 1: `image_transfer_initiate`.
    Initiate {
        /// `image_identifier`.
        identifier: Vec<u8>,
        /// `image_size` in octets.
        size: u32,
    },
    /// Method 2: `image_block_transfer`.
    BlockTransfer {
        /// `image_block_number`, from 0.
        number: u32,
        /// `image_block_value`.
        value: Vec<u8>,
    },
    /// Method 3: `image_verify` (parameter `integer(0)`).
    Verify,
    /// Method 4: `image_activate` (parameter `integer(0)`).
    Activate,
}

/// Two fields of a structure: an octet string and a double-long-unsigned, in the order
/// `octets_first` says.
fn pair(data: &DataRef<'_>, octets_first: bool) -> Result<(Vec<u8>, u32)> {
    let mut it = structure(data, 2)?.iter();
    if octets_first {
        let o = next_octets(&mut it)?;
        Ok((o, next(&mut it)?))
    } else {
        let n = next(&mut it)?;
        Ok((next_octets(&mut it)?, n))
    }
}

/// Checks the dummy `integer(0)` parameter (null-data is accepted too, as some clients
/// send it).
fn dummy(p: &DataRef<'_>) -> Result<()> {
    match p {
        DataRef::Integer(0) | DataRef::NullData => Ok(()),
        _ => Err(Error::MethodParameters),
    }
}

impl crate::class::Method for ImageTransferMethod {
    fn id(&self) -> i8 {
        match self {
            Self::Initiate { .. } => 1,
            Self::BlockTransfer { .. } => 2,
            Self::Verify => 3,
            Self::Activate => 4,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::Initiate { identifier, size } => Data::Structure(alloc::vec![
                Data::OctetString(identifier.clone()),
                size.to_data()
            ]),
            Self::BlockTransfer { number, value } => Data::Structure(alloc::vec![
                number.to_data(),
                Data::OctetString(value.clone())
            ]),
            Self::Verify | Self::Activate => Data::Integer(0),
        }
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        Ok(match id {
            1 => {
                let (identifier, size) = pair(p, true)?;
                Self::Initiate { identifier, size }
            }
            2 => {
                let (value, number) = pair(p, false)?;
                Self::BlockTransfer { number, value }
            }
            3 => {
                dummy(p)?;
                Self::Verify
            }
            4 => {
                dummy(p)?;
                Self::Activate
            }
            _ => return Err(Error::NoSuchMethod(id)),
        })
    }
}

/// A firmware image cut into blocks of the server's `image_block_size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageBlocks<'a> {
    image: &'a [u8],
    block_size: usize,
}

impl<'a> ImageBlocks<'a> {
    /// Cuts `image` into blocks of `block_size` octets (the last block may be shorter).
    ///
    /// # Errors
    /// [`Error::OutOfRange`] if `block_size` is zero, or the image is too large for its
    /// size or block count to fit the class's 32-bit fields.
    pub fn new(image: &'a [u8], block_size: u32) -> Result<Self> {
        let block_size = usize::try_from(block_size).map_err(|_| Error::OutOfRange)?;
        if block_size == 0 || u32::try_from(image.len()).is_err() {
            return Err(Error::OutOfRange);
        }
        Ok(Self { image, block_size })
    }

    /// Number of blocks: `ceil(image size / block size)`.
    #[must_use]
    pub fn count(&self) -> u32 {
        // The image length fits u32 (checked in `new`), so the count does too.
        u32::try_from(self.image.len().div_ceil(self.block_size)).unwrap_or(u32::MAX)
    }

    /// The image size in octets.
    #[must_use]
    pub fn size(&self) -> u32 {
        u32::try_from(self.image.len()).unwrap_or(u32::MAX)
    }

    /// Block `n`, `None` past the last block.
    #[must_use]
    pub fn block(&self, n: u32) -> Option<&'a [u8]> {
        let start = usize::try_from(n).ok()?.checked_mul(self.block_size)?;
        let end = start.saturating_add(self.block_size).min(self.image.len());
        self.image.get(start..end).filter(|b| !b.is_empty())
    }

    /// The `image_transfer_initiate` call for this image.
    #[must_use]
    pub fn initiate(&self, identifier: &[u8]) -> ImageTransferMethod {
        ImageTransferMethod::Initiate {
            identifier: identifier.to_vec(),
            size: self.size(),
        }
    }

    /// The `image_block_transfer` call for block `n`, `None` past the last block.
    #[must_use]
    pub fn transfer(&self, n: u32) -> Option<ImageTransferMethod> {
        self.block(n).map(|b| ImageTransferMethod::BlockTransfer {
            number: n,
            value: b.to_vec(),
        })
    }

    /// Every `image_block_transfer` call, block 0 first.
    pub fn transfers(&self) -> impl Iterator<Item = ImageTransferMethod> + '_ {
        (0..self.count()).filter_map(|n| self.transfer(n))
    }

    /// The `image_block_transfer` calls for the blocks `status` reports missing.
    pub fn resend<'s>(
        &'s self,
        status: &'s BlockBitmap,
    ) -> impl Iterator<Item = ImageTransferMethod> + 's {
        status
            .missing()
            .take_while(|&n| n < self.count())
            .filter_map(|n| self.transfer(n))
    }
}

/// Reads an `image_block_transfer` parameter into `(number, value)` without copying.
///
/// # Errors
/// A conversion error when `p` is not `structure { double-long-unsigned, octet-string }`.
pub fn block_transfer_ref<'a>(p: &DataRef<'a>) -> Result<(u32, &'a [u8])> {
    let mut it = structure(p, 2)?.iter();
    let n = next(&mut it)?;
    let d = it.next().ok_or(Error::ElementCount {
        expected: 2,
        found: 1,
    })?;
    Ok((n, crate::value::octets(&d)?))
}
