//! The one place that maps schema types and formats to Rust types.
//!
//! | schema | Rust | why |
//! | --- | --- | --- |
//! | `string` + `date-time` | `chrono::DateTime<chrono::Utc>` | RFC 3339, normalised to UTC |
//! | `string` + `date` | `chrono::NaiveDate` | |
//! | `string` + `uuid` | `uuid::Uuid` | |
//! | `string` + `uri`, `email`, `byte`, `binary`, other | `String` | lossless: a URL type would rewrite the text (trailing `/`), base64 stays text |
//! | `integer` + `int8` / `int16` / `int32` / `int64` / none | `i8` / `i16` / `i32` / `i64` / `i64` | |
//! | `integer` + `uint8` / `uint16` / `uint32` / `uint64` | `u8` / `u16` / `u32` / `u64` | |
//! | `integer` whose `minimum`/`maximum` the format's type cannot hold | the first of `i64`, `u64` that holds them | bounds widen, never narrow |
//! | `number` + `float` / `double` / none | `f32` / `f64` / `f64` | |
//! | `boolean` | `bool` | |
//! | `object` without properties | `serde_json::Map<String, Value>` | free-form |
//! | no type | `serde_json::Value` | |
//!
//! Bounds are validation, not width: `minimum: 0` alone keeps a signed type (an unsigned one would change
//! what the service computes with, for a constraint the router already checks). Only a bound that the
//! format's type cannot represent (the document contradicts itself, or gives no format) widens the type.

use openapiv3::{IntegerFormat, NumberFormat, StringFormat, VariantOrUnknownOrEmpty};

use crate::ir::Primitive;

pub fn string(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Primitive::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Primitive::Date,
        VariantOrUnknownOrEmpty::Unknown(name) => string_by_name(name),
        _ => Primitive::String,
    }
}

/// A string format given by name (also used for `AnySchema` and parameters).
pub fn string_by_name(format: &str) -> Primitive {
    match format {
        "date-time" => Primitive::DateTime,
        "date" => Primitive::Date,
        "uuid" => Primitive::Uuid,
        _ => Primitive::String,
    }
}

/// An integer schema's type: its format, widened when its documented bounds do not fit (see the module docs).
pub fn integer(
    format: &VariantOrUnknownOrEmpty<IntegerFormat>,
    minimum: Option<f64>,
    maximum: Option<f64>,
) -> Primitive {
    let by_format = match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) | VariantOrUnknownOrEmpty::Empty => Primitive::I64,
        VariantOrUnknownOrEmpty::Unknown(name) => integer_by_name(name),
    };
    widen_to_bounds(by_format, minimum, maximum)
}

/// An integer format given by name (also used for `AnySchema` and parameters); unknown formats are `i64`.
pub fn integer_by_name(format: &str) -> Primitive {
    match format {
        "int8" => Primitive::I8,
        "int16" => Primitive::I16,
        "int32" => Primitive::I32,
        "uint8" => Primitive::U8,
        "uint16" => Primitive::U16,
        "uint32" => Primitive::U32,
        "uint64" => Primitive::U64,
        _ => Primitive::I64,
    }
}

/// `primitive`, or the first of `i64`, `u64` that holds both bounds when `primitive` cannot. Bounds that no
/// 64-bit type holds leave `primitive` as it is.
fn widen_to_bounds(primitive: Primitive, minimum: Option<f64>, maximum: Option<f64>) -> Primitive {
    let holds = |p: Primitive| {
        let Some((low, high)) = integer_range(p) else { return true };
        minimum.is_none_or(|m| m >= low) && maximum.is_none_or(|m| m <= high)
    };
    if holds(primitive) {
        return primitive;
    }
    [Primitive::I64, Primitive::U64].into_iter().find(|p| holds(*p)).unwrap_or(primitive)
}

/// The range of an integer primitive, as the `f64` bounds of a schema are compared with it.
fn integer_range(primitive: Primitive) -> Option<(f64, f64)> {
    Some(match primitive {
        Primitive::I8 => (f64::from(i8::MIN), f64::from(i8::MAX)),
        Primitive::I16 => (f64::from(i16::MIN), f64::from(i16::MAX)),
        Primitive::I32 => (f64::from(i32::MIN), f64::from(i32::MAX)),
        Primitive::I64 => (i64::MIN as f64, i64::MAX as f64),
        Primitive::U8 => (0.0, f64::from(u8::MAX)),
        Primitive::U16 => (0.0, f64::from(u16::MAX)),
        Primitive::U32 => (0.0, f64::from(u32::MAX)),
        Primitive::U64 => (0.0, u64::MAX as f64),
        _ => return None,
    })
}

/// Whether an integer value fits a primitive (for enum values and defaults).
pub fn integer_fits(primitive: Primitive, value: i128) -> bool {
    match primitive {
        Primitive::I8 => i8::try_from(value).is_ok(),
        Primitive::I16 => i16::try_from(value).is_ok(),
        Primitive::I32 => i32::try_from(value).is_ok(),
        Primitive::I64 => i64::try_from(value).is_ok(),
        Primitive::U8 => u8::try_from(value).is_ok(),
        Primitive::U16 => u16::try_from(value).is_ok(),
        Primitive::U32 => u32::try_from(value).is_ok(),
        Primitive::U64 => u64::try_from(value).is_ok(),
        _ => false,
    }
}

pub fn is_integer(primitive: Primitive) -> bool {
    integer_range(primitive).is_some()
}

pub fn is_float(primitive: Primitive) -> bool {
    matches!(primitive, Primitive::F32 | Primitive::F64)
}

pub fn number(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
        VariantOrUnknownOrEmpty::Unknown(name) if name == "float" => Primitive::F32,
        _ => Primitive::F64,
    }
}

/// The Rust path of a primitive, as emitted: the prelude's names bare (`String`, `Vec`), since no generated
/// type may take them ([`crate::naming::type_name`]), every other path absolute.
pub fn rust_path(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::String => "String",
        Primitive::Bool => "bool",
        Primitive::I8 => "i8",
        Primitive::I16 => "i16",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::U8 => "u8",
        Primitive::U16 => "u16",
        Primitive::U32 => "u32",
        Primitive::U64 => "u64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::DateTime => "::chrono::DateTime<::chrono::Utc>",
        Primitive::Date => "::chrono::NaiveDate",
        Primitive::Uuid => "::uuid::Uuid",
        Primitive::Bytes => "Vec<u8>",
        Primitive::Json => "::serde_json::Value",
        Primitive::JsonObject => "::serde_json::Map<String, ::serde_json::Value>",
    }
}

/// A short word for a primitive, used to name union variants (`String`, `Integer`).
pub fn variant_word(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::String => "String",
        Primitive::Bool => "Boolean",
        Primitive::I8
        | Primitive::I16
        | Primitive::I32
        | Primitive::I64
        | Primitive::U8
        | Primitive::U16
        | Primitive::U32
        | Primitive::U64 => "Integer",
        Primitive::F32 | Primitive::F64 => "Number",
        Primitive::DateTime => "DateTime",
        Primitive::Date => "Date",
        Primitive::Uuid => "Uuid",
        Primitive::Bytes => "Bytes",
        Primitive::Json => "Value",
        Primitive::JsonObject => "Object",
    }
}

/// Whether a parameter of this type can be parsed from text with `FromStr` by the router.
pub fn parses_from_text(primitive: Primitive) -> bool {
    !matches!(primitive, Primitive::Bytes | Primitive::Json | Primitive::JsonObject)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_formats_choose_the_width() {
        let unknown = |name: &str| VariantOrUnknownOrEmpty::Unknown(name.to_owned());
        assert_eq!(integer(&VariantOrUnknownOrEmpty::Empty, None, None), Primitive::I64);
        assert_eq!(integer(&VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32), None, None), Primitive::I32);
        assert_eq!(integer(&unknown("int8"), None, None), Primitive::I8);
        assert_eq!(integer(&unknown("int16"), None, None), Primitive::I16);
        assert_eq!(integer(&unknown("uint8"), None, None), Primitive::U8);
        assert_eq!(integer(&unknown("uint16"), None, None), Primitive::U16);
        assert_eq!(integer(&unknown("uint32"), None, None), Primitive::U32);
        assert_eq!(integer(&unknown("uint64"), None, None), Primitive::U64);
        assert_eq!(integer(&unknown("bigint"), None, None), Primitive::I64);
    }

    #[test]
    fn bounds_widen_but_never_narrow() {
        let int32 = VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32);
        // `minimum: 0` is a constraint, not a reason to go unsigned.
        assert_eq!(integer(&VariantOrUnknownOrEmpty::Empty, Some(0.0), Some(100.0)), Primitive::I64);
        assert_eq!(integer(&int32, Some(0.0), Some(10.0)), Primitive::I32);
        // The document contradicts its format: the bound wins.
        assert_eq!(integer(&int32, None, Some(4_294_967_295.0)), Primitive::I64);
        assert_eq!(integer(&VariantOrUnknownOrEmpty::Unknown("uint8".into()), Some(-1.0), None), Primitive::I64);
        // Past `i64::MAX` with no negative values: `u64`.
        assert_eq!(integer(&VariantOrUnknownOrEmpty::Empty, Some(0.0), Some(1.8e19)), Primitive::U64);
        // `i64::MIN` written as a float (the OpenAI spec's `-9223372036854776000`) still fits `i64`.
        assert_eq!(integer(&VariantOrUnknownOrEmpty::Empty, Some(-9_223_372_036_854_776_000.0), None), Primitive::I64);
        // Nothing 64-bit holds both: the format's type stays.
        assert_eq!(integer(&int32, Some(-1e30), Some(1e30)), Primitive::I32);
    }

    #[test]
    fn integer_values_fit_their_type() {
        assert!(integer_fits(Primitive::U8, 255));
        assert!(!integer_fits(Primitive::U8, 256));
        assert!(!integer_fits(Primitive::U64, -1));
        assert!(integer_fits(Primitive::I64, i128::from(i64::MIN)));
        assert!(!integer_fits(Primitive::String, 1));
    }
}
