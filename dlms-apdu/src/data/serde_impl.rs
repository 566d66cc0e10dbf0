//! serde for the data types (feature `serde`): externally tagged with the standard's
//! kebab-case type names; the format is described on [`Data`].

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Display, Write};

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::compact::{ArrayDescription, CompactArray, StructureDescription, TypeDescription};
use super::owned::{BitStringBuf, CompactArrayBuf, Data, TypeDescriptionBuf};
use super::{BitString, DataRef, DataType, MAX_DEPTH, Sequence};
use crate::datetime::{Date, DateTime, Time};
use crate::render::Hex;

/// The enum name serde sees for `Data`.
const DATA: &str = "Data";
/// The enum name serde sees for a type description.
const TYPE_DESCRIPTION: &str = "TypeDescription";
/// Field names of a compact-array.
const TYPE_DESCRIPTION_FIELD: &str = "type-description";
const ELEMENTS_FIELD: &str = "elements";
/// Field names of an array description.
const COUNT_FIELD: &str = "count";
const ELEMENT_FIELD: &str = "element";

/// Every type name, the variants serde is told about.
const VARIANTS: &[&str] = &[
    "null-data",
    "array",
    "structure",
    "boolean",
    "bit-string",
    "double-long",
    "double-long-unsigned",
    "octet-string",
    "visible-string",
    "utf8-string",
    "bcd",
    "integer",
    "long",
    "unsigned",
    "long-unsigned",
    "compact-array",
    "long64",
    "long64-unsigned",
    "enum",
    "float32",
    "float64",
    "date-time",
    "date",
    "time",
    "delta-integer",
    "delta-long",
    "delta-double-long",
    "delta-unsigned",
    "delta-long-unsigned",
    "delta-double-long-unsigned",
    "dont-care",
];

// ------------------------------------------------------------------------------ serialize

/// Serializes through a `Display` form as a string.
struct AsStr<T>(T);

impl<T: Display> Serialize for AsStr<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A bit-string as `0` and `1` characters.
struct Bits<'a>(BitString<'a>);

impl Display for Bits<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (0..self.0.len()).try_for_each(|i| {
            f.write_char(if self.0.bit(i) == Some(true) {
                '1'
            } else {
                '0'
            })
        })
    }
}

/// Octets as the characters U+0000 to U+00FF of the same codes.
struct Latin1<'a>(&'a [u8]);

impl Display for Latin1<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|&b| f.write_char(char::from(b)))
    }
}

/// A float as a number, or a string for the values JSON cannot hold.
struct Float(f64, bool);

impl Serialize for Float {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Self(v, single) = *self;
        if v.is_nan() {
            s.serialize_str("NaN")
        } else if v.is_infinite() {
            s.serialize_str(if v > 0.0 { "inf" } else { "-inf" })
        } else if single {
            // `v` came from an f32 (widening is exact), so this narrowing is exact too.
            #[allow(clippy::cast_possible_truncation)]
            s.serialize_f32(v as f32)
        } else {
            s.serialize_f64(v)
        }
    }
}

/// The elements of an array or structure as a sequence.
struct Elements<I>(I);

impl<'a, I: Iterator<Item = DataRef<'a>> + ExactSizeIterator + Clone> Serialize for Elements<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let items = self.0.clone();
        let mut seq = s.serialize_seq(Some(items.len()))?;
        for v in items {
            seq.serialize_element(&v)?;
        }
        seq.end()
    }
}

fn elements(s: Sequence<'_>) -> Elements<super::SequenceIter<'_>> {
    Elements(s.iter())
}

impl Serialize for CompactArray<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("CompactArray", 2)?;
        st.serialize_field(TYPE_DESCRIPTION_FIELD, &self.type_description())?;
        st.serialize_field(ELEMENTS_FIELD, &Elements(self.iter()))?;
        st.end()
    }
}

impl Serialize for DataRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ty = self.data_type();
        let (index, name) = (u32::from(ty.tag()), ty.name());
        macro_rules! variant {
            ($v:expr) => {
                s.serialize_newtype_variant(DATA, index, name, $v)
            };
        }
        match *self {
            Self::NullData | Self::DontCare => variant!(&()),
            Self::Array(seq) | Self::Structure(seq) => variant!(&elements(seq)),
            Self::Boolean(v) => variant!(&v),
            Self::BitString(b) => variant!(&AsStr(Bits(b))),
            Self::DoubleLong(v) | Self::DeltaDoubleLong(v) => variant!(&v),
            Self::DoubleLongUnsigned(v) | Self::DeltaDoubleLongUnsigned(v) => variant!(&v),
            Self::OctetString(b) => variant!(&AsStr(Hex(b))),
            Self::VisibleString(b) => variant!(&AsStr(Latin1(b))),
            Self::Utf8String(v) => variant!(v),
            Self::Bcd(v) | Self::Unsigned(v) | Self::Enum(v) | Self::DeltaUnsigned(v) => {
                variant!(&v)
            }
            Self::Integer(v) | Self::DeltaInteger(v) => variant!(&v),
            Self::Long(v) | Self::DeltaLong(v) => variant!(&v),
            Self::LongUnsigned(v) | Self::DeltaLongUnsigned(v) => variant!(&v),
            Self::CompactArray(c) => variant!(&c),
            Self::Long64(v) => variant!(&v),
            Self::Long64Unsigned(v) => variant!(&v),
            Self::Float32(v) => variant!(&Float(f64::from(v), true)),
            Self::Float64(v) => variant!(&Float(v, false)),
            Self::DateTime(v) => variant!(&AsStr(Hex(&v.to_bytes()))),
            Self::Date(v) => variant!(&AsStr(Hex(&v.to_bytes()))),
            Self::Time(v) => variant!(&AsStr(Hex(&v.to_bytes()))),
        }
    }
}

impl Serialize for Data {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_ref().serialize(s)
    }
}

/// An array description's body: `{"count": N, "element": TD}`.
struct ArrayBody<'a>(ArrayDescription<'a>);

impl Serialize for ArrayBody<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ArrayDescription", 2)?;
        st.serialize_field(COUNT_FIELD, &self.0.len())?;
        st.serialize_field(ELEMENT_FIELD, &self.0.element())?;
        st.end()
    }
}

/// A structure description's body: the field descriptions.
struct FieldsBody<'a>(StructureDescription<'a>);

impl Serialize for FieldsBody<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for f in self.0.iter() {
            seq.serialize_element(&f)?;
        }
        seq.end()
    }
}

impl Serialize for TypeDescription<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ty = self.data_type();
        let (index, name) = (u32::from(ty.tag()), ty.name());
        match *self {
            Self::Simple(_) => s.serialize_unit_variant(TYPE_DESCRIPTION, index, name),
            Self::Array(a) => {
                s.serialize_newtype_variant(TYPE_DESCRIPTION, index, name, &ArrayBody(a))
            }
            Self::Structure(st) => {
                s.serialize_newtype_variant(TYPE_DESCRIPTION, index, name, &FieldsBody(st))
            }
        }
    }
}

impl Serialize for TypeDescriptionBuf {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_ref().serialize(s)
    }
}

// ---------------------------------------------------------------------------- deserialize

/// The variant name (or, in formats that use indices, the tag) of a type.
struct TypeName;

impl<'de> DeserializeSeed<'de> for TypeName {
    type Value = DataType;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<DataType, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for TypeName {
    type Value = DataType;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an A-XDR type name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DataType, E> {
        DataType::from_name(v).ok_or_else(|| E::unknown_variant(v, VARIANTS))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<DataType, E> {
        match core::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DataType, E> {
        u8::try_from(v)
            .ok()
            .and_then(DataType::from_tag)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
}

/// Fails unless `depth` is within [`MAX_DEPTH`].
fn check_depth<E: de::Error>(depth: usize) -> Result<(), E> {
    if depth > MAX_DEPTH {
        Err(E::custom("data nested deeper than MAX_DEPTH"))
    } else {
        Ok(())
    }
}

/// One `Data` value at nesting `depth`.
#[derive(Clone, Copy)]
struct DataSeed {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for DataSeed {
    type Value = Data;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Data, D::Error> {
        check_depth(self.depth)?;
        d.deserialize_enum(DATA, VARIANTS, self)
    }
}

impl<'de> Visitor<'de> for DataSeed {
    type Value = Data;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an A-XDR value as {\"type-name\": value}")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Data, A::Error> {
        let (ty, v) = data.variant_seed(TypeName)?;
        let inner = DataSeed {
            depth: self.depth.saturating_add(1),
        };
        Ok(match ty {
            DataType::NullData => {
                v.newtype_variant::<()>()?;
                Data::NullData
            }
            DataType::DontCare => {
                v.newtype_variant::<()>()?;
                Data::DontCare
            }
            DataType::Array => Data::Array(v.newtype_variant_seed(SeqSeed(inner))?),
            DataType::Structure => Data::Structure(v.newtype_variant_seed(SeqSeed(inner))?),
            DataType::Boolean => Data::Boolean(v.newtype_variant()?),
            DataType::BitString => Data::BitString(v.newtype_variant_seed(BitsSeed)?),
            DataType::DoubleLong => Data::DoubleLong(v.newtype_variant()?),
            DataType::DoubleLongUnsigned => Data::DoubleLongUnsigned(v.newtype_variant()?),
            DataType::OctetString => Data::OctetString(v.newtype_variant_seed(HexSeed(None))?),
            DataType::VisibleString => Data::VisibleString(v.newtype_variant_seed(Latin1Seed)?),
            DataType::Utf8String => Data::Utf8String(v.newtype_variant::<String>()?),
            DataType::Bcd => Data::Bcd(v.newtype_variant()?),
            DataType::Integer => Data::Integer(v.newtype_variant()?),
            DataType::Long => Data::Long(v.newtype_variant()?),
            DataType::Unsigned => Data::Unsigned(v.newtype_variant()?),
            DataType::LongUnsigned => Data::LongUnsigned(v.newtype_variant()?),
            DataType::CompactArray => {
                Data::CompactArray(v.newtype_variant_seed(CompactSeed { depth: self.depth })?)
            }
            DataType::Long64 => Data::Long64(v.newtype_variant()?),
            DataType::Long64Unsigned => Data::Long64Unsigned(v.newtype_variant()?),
            DataType::Enum => Data::Enum(v.newtype_variant()?),
            DataType::Float32 => {
                let x = v.newtype_variant_seed(FloatSeed)?;
                // Narrowing rounds to the nearest f32; a finite value that does not fit is
                // refused rather than turned into an infinity.
                #[allow(clippy::cast_possible_truncation)]
                let y = x as f32;
                if x.is_finite() && !y.is_finite() {
                    return Err(de::Error::invalid_value(
                        de::Unexpected::Float(x),
                        &"a float32 value",
                    ));
                }
                Data::Float32(y)
            }
            DataType::Float64 => Data::Float64(v.newtype_variant_seed(FloatSeed)?),
            DataType::DateTime => Data::DateTime(DateTime::from_bytes(
                v.newtype_variant_seed(OctetsSeed::<{ DateTime::LEN }>)?,
            )),
            DataType::Date => Data::Date(Date::from_bytes(
                v.newtype_variant_seed(OctetsSeed::<{ Date::LEN }>)?,
            )),
            DataType::Time => Data::Time(Time::from_bytes(
                v.newtype_variant_seed(OctetsSeed::<{ Time::LEN }>)?,
            )),
            DataType::DeltaInteger => Data::DeltaInteger(v.newtype_variant()?),
            DataType::DeltaLong => Data::DeltaLong(v.newtype_variant()?),
            DataType::DeltaDoubleLong => Data::DeltaDoubleLong(v.newtype_variant()?),
            DataType::DeltaUnsigned => Data::DeltaUnsigned(v.newtype_variant()?),
            DataType::DeltaLongUnsigned => Data::DeltaLongUnsigned(v.newtype_variant()?),
            DataType::DeltaDoubleLongUnsigned => {
                Data::DeltaDoubleLongUnsigned(v.newtype_variant()?)
            }
        })
    }
}

impl<'de> Deserialize<'de> for Data {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        DataSeed { depth: 1 }.deserialize(d)
    }
}

/// A sequence of values at nesting `depth`.
struct SeqSeed(DataSeed);

impl<'de> DeserializeSeed<'de> for SeqSeed {
    type Value = Vec<Data>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Data>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for SeqSeed {
    type Value = Vec<Data>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence of A-XDR values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Data>, A::Error> {
        // The hint comes from the input: cap what it may reserve.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(v) = seq.next_element_seed(self.0)? {
            out.push(v);
        }
        Ok(out)
    }
}

/// A string visitor that maps the string through `f`.
fn visit_string<E: de::Error, T>(
    v: &str,
    f: impl FnOnce(&str) -> Option<T>,
    expected: &dyn de::Expected,
) -> Result<T, E> {
    f(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), expected))
}

/// Hex digits to octets (either case), `None` unless every pair is hex.
fn from_hex(s: &str) -> Option<Vec<u8>> {
    let digits = s.as_bytes();
    if digits.len() % 2 != 0 {
        return None;
    }
    let nibble = |c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    digits
        .chunks(2)
        .map(|pair| match *pair {
            [hi, lo] => Some(nibble(hi)?.wrapping_shl(4) | nibble(lo)?),
            _ => None,
        })
        .collect()
}

/// Hex octets, of an exact length when given.
struct HexSeed(Option<usize>);

impl<'de> DeserializeSeed<'de> for HexSeed {
    type Value = Vec<u8>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for HexSeed {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n} octets in hex"),
            None => f.write_str("octets in hex"),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
        let want = self.0;
        visit_string(
            v,
            |s| from_hex(s).filter(|b| want.is_none_or(|n| b.len() == n)),
            &self,
        )
    }
}

/// Exactly `N` hex octets.
struct OctetsSeed<const N: usize>;

impl<'de, const N: usize> DeserializeSeed<'de> for OctetsSeed<N> {
    type Value = [u8; N];

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<[u8; N], D::Error> {
        let bytes = HexSeed(Some(N)).deserialize(d)?;
        <[u8; N]>::try_from(bytes.as_slice())
            .map_err(|_| de::Error::invalid_length(bytes.len(), &"the octets of the type"))
    }
}

/// A string of characters U+0000 to U+00FF, one octet each.
struct Latin1Seed;

impl<'de> DeserializeSeed<'de> for Latin1Seed {
    type Value = Vec<u8>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for Latin1Seed {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string of characters U+0000 to U+00FF")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
        visit_string(
            v,
            |s| s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect(),
            &self,
        )
    }
}

/// A string of `0` and `1`.
struct BitsSeed;

impl<'de> DeserializeSeed<'de> for BitsSeed {
    type Value = BitStringBuf;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<BitStringBuf, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for BitsSeed {
    type Value = BitStringBuf;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string of 0 and 1")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<BitStringBuf, E> {
        visit_string(
            v,
            |s| {
                s.chars()
                    .map(|c| match c {
                        '0' => Some(false),
                        '1' => Some(true),
                        _ => None,
                    })
                    .collect::<Option<Vec<bool>>>()
                    .map(BitStringBuf::from_bits)
            },
            &self,
        )
    }
}

/// A number, or `"NaN"`, `"inf"`, `"-inf"`.
struct FloatSeed;

impl<'de> DeserializeSeed<'de> for FloatSeed {
    type Value = f64;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<f64, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for FloatSeed {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, \"NaN\", \"inf\" or \"-inf\"")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_f32<E: de::Error>(self, v: f32) -> Result<f64, E> {
        Ok(f64::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        // Integers beyond 2^53 round, as they would written with a decimal point.
        #[allow(clippy::cast_precision_loss)]
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        #[allow(clippy::cast_precision_loss)]
        Ok(v as f64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        visit_string(
            v,
            |s| match s {
                "NaN" => Some(f64::NAN),
                "inf" => Some(f64::INFINITY),
                "-inf" => Some(f64::NEG_INFINITY),
                _ => None,
            },
            &self,
        )
    }
}

/// The fields of a compact-array or an array description.
enum Field {
    TypeDescription,
    Elements,
    Count,
    Element,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Field;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(match v {
                    TYPE_DESCRIPTION_FIELD => Field::TypeDescription,
                    ELEMENTS_FIELD => Field::Elements,
                    COUNT_FIELD => Field::Count,
                    ELEMENT_FIELD => Field::Element,
                    _ => {
                        return Err(E::unknown_field(
                            v,
                            &[
                                TYPE_DESCRIPTION_FIELD,
                                ELEMENTS_FIELD,
                                COUNT_FIELD,
                                ELEMENT_FIELD,
                            ],
                        ));
                    }
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// Fails on a field that appears twice.
fn set_once<T, E: de::Error>(slot: &mut Option<T>, v: T, name: &'static str) -> Result<(), E> {
    if slot.replace(v).is_some() {
        Err(E::duplicate_field(name))
    } else {
        Ok(())
    }
}

/// A compact-array body: `{"type-description": TD, "elements": [values]}`, the
/// compact-array being at nesting `depth`.
struct CompactSeed {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for CompactSeed {
    type Value = CompactArrayBuf;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<CompactArrayBuf, D::Error> {
        d.deserialize_struct(
            "CompactArray",
            &[TYPE_DESCRIPTION_FIELD, ELEMENTS_FIELD],
            self,
        )
    }
}

impl<'de> Visitor<'de> for CompactSeed {
    type Value = CompactArrayBuf;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a compact-array as {\"type-description\": ..., \"elements\": [...]}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CompactArrayBuf, A::Error> {
        let inner = self.depth.saturating_add(1);
        let mut td = None;
        let mut elements = None;
        while let Some(key) = map.next_key::<Field>()? {
            match key {
                Field::TypeDescription => set_once(
                    &mut td,
                    map.next_value_seed(TypeDescriptionSeed { depth: inner })?,
                    TYPE_DESCRIPTION_FIELD,
                )?,
                Field::Elements => set_once(
                    &mut elements,
                    map.next_value_seed(SeqSeed(DataSeed { depth: inner }))?,
                    ELEMENTS_FIELD,
                )?,
                Field::Count | Field::Element => {
                    return Err(de::Error::unknown_field(
                        "count",
                        &[TYPE_DESCRIPTION_FIELD, ELEMENTS_FIELD],
                    ));
                }
            }
        }
        let td = td.ok_or_else(|| de::Error::missing_field(TYPE_DESCRIPTION_FIELD))?;
        let elements = elements.ok_or_else(|| de::Error::missing_field(ELEMENTS_FIELD))?;
        CompactArrayBuf::from_data(td.as_ref(), &elements).map_err(de::Error::custom)
    }
}

/// A type description at nesting `depth`: a simple type's name, `{"array": {"count": N,
/// "element": TD}}` or `{"structure": [TD, ...]}`.
#[derive(Clone, Copy)]
struct TypeDescriptionSeed {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for TypeDescriptionSeed {
    type Value = TypeDescriptionBuf;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<TypeDescriptionBuf, D::Error> {
        check_depth(self.depth)?;
        d.deserialize_enum(TYPE_DESCRIPTION, VARIANTS, self)
    }
}

impl<'de> Visitor<'de> for TypeDescriptionSeed {
    type Value = TypeDescriptionBuf;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a type description")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<TypeDescriptionBuf, A::Error> {
        let (ty, v) = data.variant_seed(TypeName)?;
        let inner = Self {
            depth: self.depth.saturating_add(1),
        };
        let td = match ty {
            DataType::Array => v.newtype_variant_seed(ArrayBodySeed(inner))?,
            DataType::Structure => {
                let fields = v.newtype_variant_seed(FieldsSeed(inner))?;
                TypeDescriptionBuf::structure(&fields).map_err(de::Error::custom)?
            }
            DataType::CompactArray => {
                return Err(de::Error::invalid_value(
                    de::Unexpected::UnitVariant,
                    &"a type other than compact-array",
                ));
            }
            simple => {
                v.unit_variant()?;
                TypeDescriptionBuf::simple(simple)
                    .ok_or_else(|| de::Error::custom("not a simple type"))?
            }
        };
        Ok(td)
    }
}

impl<'de> Deserialize<'de> for TypeDescriptionBuf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // As the description of a top-level compact-array.
        TypeDescriptionSeed { depth: 2 }.deserialize(d)
    }
}

/// `{"count": N, "element": TD}`.
struct ArrayBodySeed(TypeDescriptionSeed);

impl<'de> DeserializeSeed<'de> for ArrayBodySeed {
    type Value = TypeDescriptionBuf;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<TypeDescriptionBuf, D::Error> {
        d.deserialize_struct("ArrayDescription", &[COUNT_FIELD, ELEMENT_FIELD], self)
    }
}

impl<'de> Visitor<'de> for ArrayBodySeed {
    type Value = TypeDescriptionBuf;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array description as {\"count\": N, \"element\": ...}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TypeDescriptionBuf, A::Error> {
        let mut count = None;
        let mut element = None;
        while let Some(key) = map.next_key::<Field>()? {
            match key {
                Field::Count => set_once(&mut count, map.next_value::<u16>()?, COUNT_FIELD)?,
                Field::Element => {
                    set_once(&mut element, map.next_value_seed(self.0)?, ELEMENT_FIELD)?
                }
                Field::TypeDescription | Field::Elements => {
                    return Err(de::Error::unknown_field(
                        "elements",
                        &[COUNT_FIELD, ELEMENT_FIELD],
                    ));
                }
            }
        }
        let count = count.ok_or_else(|| de::Error::missing_field(COUNT_FIELD))?;
        let element = element.ok_or_else(|| de::Error::missing_field(ELEMENT_FIELD))?;
        TypeDescriptionBuf::array(count, &element).map_err(de::Error::custom)
    }
}

/// `[TD, ...]`.
struct FieldsSeed(TypeDescriptionSeed);

impl<'de> DeserializeSeed<'de> for FieldsSeed {
    type Value = Vec<TypeDescriptionBuf>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed {
    type Value = Vec<TypeDescriptionBuf>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence of type descriptions")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(v) = seq.next_element_seed(self.0)? {
            out.push(v);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;
    use serde_json::json;
    use std::string::ToString;

    /// Through JSON text (a `serde_json::Value` would widen a float32 to its f64 digits).
    fn round_trip(v: &Data, expected: serde_json::Value) {
        let text = serde_json::to_string(v).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            expected
        );
        let back: Data = serde_json::from_str(&text).unwrap();
        assert_eq!(&back, v);
        // The borrowed form writes the same.
        assert_eq!(serde_json::to_string(&v.as_ref()).unwrap(), text);
    }

    #[test]
    fn scalars() {
        round_trip(&Data::from(123u32), json!({"double-long-unsigned": 123}));
        round_trip(&Data::NullData, json!({"null-data": null}));
        round_trip(&Data::DontCare, json!({"dont-care": null}));
        round_trip(&Data::from(true), json!({"boolean": true}));
        round_trip(&Data::from(-5i64), json!({"long64": -5}));
        round_trip(&Data::from(u64::MAX), json!({"long64-unsigned": u64::MAX}));
        round_trip(&Data::Enum(3), json!({"enum": 3}));
        round_trip(&Data::Bcd(0x12), json!({"bcd": 18}));
        round_trip(&Data::DeltaLong(-2), json!({"delta-long": -2}));
        round_trip(&Data::from(1.5f32), json!({"float32": 1.5}));
        round_trip(&Data::from(-2.25f64), json!({"float64": -2.25}));
        round_trip(&Data::from(0.1f32), json!({"float32": 0.1}));
        round_trip(
            &Data::octet_string(hex!("0100010800FF")),
            json!({"octet-string": "0100010800ff"}),
        );
        round_trip(
            &Data::visible_string("ABC"),
            json!({"visible-string": "ABC"}),
        );
        round_trip(
            &Data::visible_string([0x41, 0xE4]),
            json!({"visible-string": "Aä"}),
        );
        round_trip(&Data::from("äö"), json!({"utf8-string": "äö"}));
        round_trip(
            &Data::parse_exact(&hex!("040CB0F0")).unwrap(),
            json!({"bit-string": "101100001111"}),
        );
        round_trip(
            &Data::parse_exact(&hex!("1907E40101FF00030000FFC400")).unwrap(),
            json!({"date-time": "07e40101ff00030000ffc400"}),
        );
        round_trip(
            &Data::parse_exact(&hex!("1A07E80B15FF")).unwrap(),
            json!({"date": "07e80b15ff"}),
        );
        round_trip(
            &Data::parse_exact(&hex!("1B0C1E2D00")).unwrap(),
            json!({"time": "0c1e2d00"}),
        );
    }

    #[test]
    fn non_finite_floats() {
        round_trip(&Data::Float64(f64::INFINITY), json!({"float64": "inf"}));
        round_trip(
            &Data::Float32(f32::NEG_INFINITY),
            json!({"float32": "-inf"}),
        );
        let j = serde_json::to_value(Data::Float32(f32::NAN)).unwrap();
        assert_eq!(j, json!({"float32": "NaN"}));
        let back: Data = serde_json::from_value(j).unwrap();
        assert!(back.as_f64().unwrap().is_nan());
        // An integer reads as a float; a float32 out of range does not.
        let v: Data = serde_json::from_value(json!({"float64": 2})).unwrap();
        assert_eq!(v, Data::Float64(2.0));
        assert!(serde_json::from_value::<Data>(json!({"float32": 1e300})).is_err());
    }

    #[test]
    fn constructed() {
        round_trip(
            &Data::structure([
                Data::array([Data::from(1u16), Data::from(2u16)]),
                Data::NullData,
            ]),
            json!({"structure": [{"array": [{"long-unsigned": 1}, {"long-unsigned": 2}]},
                                 {"null-data": null}]}),
        );
        round_trip(
            &Data::parse_exact(&hex!("13020212160600011E000220")).unwrap(),
            json!({"compact-array": {
            "type-description": {"structure": ["long-unsigned", "enum"]},
            "elements": [
                {"structure": [{"long-unsigned": 1}, {"enum": 30}]},
                {"structure": [{"long-unsigned": 2}, {"enum": 32}]}
            ]}}),
        );
        round_trip(
            &Data::parse_exact(&hex!("13 01000211 04 01020304")).unwrap(),
            json!({"compact-array": {
            "type-description": {"array": {"count": 2, "element": "unsigned"}},
            "elements": [
                {"array": [{"unsigned": 1}, {"unsigned": 2}]},
                {"array": [{"unsigned": 3}, {"unsigned": 4}]}
            ]}}),
        );
    }

    #[test]
    fn refused() {
        for bad in [
            json!({"unsigned": 256}),
            json!({"integer": -129}),
            json!({"octet-string": "abc"}),
            json!({"octet-string": "zz"}),
            json!({"date": "07e80b15"}),
            json!({"bit-string": "102"}),
            json!({"visible-string": "€"}),
            json!({"no-such-type": 1}),
            json!({"compact-array": {"type-description": "long-unsigned",
                                     "elements": [{"unsigned": 1}]}}),
            json!({"compact-array": {"type-description": "compact-array", "elements": []}}),
            json!({"compact-array": {"type-description": "null-data",
                                     "elements": [{"null-data": null}]}}),
        ] {
            assert!(
                serde_json::from_value::<Data>(bad.clone()).is_err(),
                "{bad}"
            );
        }
        // Upper-case hex is read.
        let v: Data = serde_json::from_value(json!({"octet-string": "AB"})).unwrap();
        assert_eq!(v, Data::octet_string([0xAB]));
    }

    #[test]
    fn depth_limit() {
        let mut j = json!({"null-data": null});
        for _ in 0..MAX_DEPTH - 1 {
            j = json!({ "array": [j] });
        }
        let v: Data = serde_json::from_value(j.clone()).unwrap();
        assert_eq!(Data::parse_exact(&v.to_vec()).unwrap(), v);
        let too_deep = json!({ "structure": [j] });
        let err = serde_json::from_value::<Data>(too_deep).unwrap_err();
        assert!(err.to_string().contains("MAX_DEPTH"), "{err}");
        let mut td = json!("unsigned");
        for _ in 0..MAX_DEPTH {
            td = json!({ "structure": [td] });
        }
        let deep = json!({"compact-array": {"type-description": td, "elements": []}});
        assert!(serde_json::from_value::<Data>(deep).is_err());
    }
}
