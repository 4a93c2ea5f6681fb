//! The one place that maps schema types and formats to Rust types.
//!
//! | schema | Rust | why |
//! | --- | --- | --- |
//! | `string` + `date-time` | `chrono::DateTime<chrono::Utc>` | RFC 3339, normalised to UTC |
//! | `string` + `date` | `chrono::NaiveDate` | |
//! | `string` + `uuid` | `uuid::Uuid` | |
//! | `string` + `uri`, `email`, `byte`, `binary`, other | `String` | lossless: a URL type would rewrite the text (trailing `/`), base64 stays text |
//! | `integer` + `int32` / `int64` / none | `i32` / `i64` / `i64` | |
//! | `integer` + `uint32` / `uint64` | `u32` / `u64` | |
//! | `number` + `float` / `double` / none | `f32` / `f64` / `f64` | |
//! | `boolean` | `bool` | |
//! | `object` without properties | `serde_json::Map<String, Value>` | free-form |
//! | no type | `serde_json::Value` | |

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

pub fn integer(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
        VariantOrUnknownOrEmpty::Unknown(name) => integer_by_name(name),
        _ => Primitive::I64,
    }
}

pub fn integer_by_name(format: &str) -> Primitive {
    match format {
        "int32" => Primitive::I32,
        "uint32" => Primitive::U32,
        "uint64" => Primitive::U64,
        _ => Primitive::I64,
    }
}

pub fn number(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
        VariantOrUnknownOrEmpty::Unknown(name) if name == "float" => Primitive::F32,
        _ => Primitive::F64,
    }
}

/// The absolute Rust path of a primitive, as emitted.
pub fn rust_path(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::String => "::std::string::String",
        Primitive::Bool => "bool",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::U32 => "u32",
        Primitive::U64 => "u64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::DateTime => "::chrono::DateTime<::chrono::Utc>",
        Primitive::Date => "::chrono::NaiveDate",
        Primitive::Uuid => "::uuid::Uuid",
        Primitive::Bytes => "::std::vec::Vec<u8>",
        Primitive::Json => "::serde_json::Value",
        Primitive::JsonObject => "::serde_json::Map<::std::string::String, ::serde_json::Value>",
    }
}

/// A short word for a primitive, used to name union variants (`String`, `Integer`).
pub fn variant_word(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::String => "String",
        Primitive::Bool => "Boolean",
        Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64 => "Integer",
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
