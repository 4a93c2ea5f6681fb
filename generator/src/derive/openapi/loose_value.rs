//! An untyped `serde_json::Value` read from any serde format, as lenient as the typed parse: integers beyond
//! 64 bits kept as floats, scalar map keys as their text, and a repeated key an error. serde_yaml read this
//! way is the reference the document reader (`yaml_value`) is tested against.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use super::repeated_keys::{LooseKey, REPEATED_KEY};

/// A `serde_json::Value` read from any serde format, keeping integers beyond 64 bits as floats (serde_json's
/// own `Value` refuses them), and map keys that are YAML scalars as their text.
pub(super) struct LooseValue(pub(super) Value);

impl<'de> Deserialize<'de> for LooseValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(LooseValue)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(Number::from_f64(value as f64).map_or(Value::Null, Value::Number))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(Number::from_f64(value as f64).map_or(Value::Null, Value::Number))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        LooseValue::deserialize(deserializer).map(|loose| loose.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(LooseValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(LooseKey(key)) = map.next_key()? {
            let LooseValue(value) = map.next_value()?;
            if object.insert(key, value).is_some() {
                return Err(serde::de::Error::custom(REPEATED_KEY));
            }
        }
        Ok(Value::Object(object))
    }
}

/// The untyped value serde_yaml reads from a YAML text: [`super::yaml_value`]'s reference.
pub fn serde_yaml_value(text: &str) -> Result<Value, String> {
    LooseValue::deserialize(serde_yaml::Deserializer::from_str(text)).map(|loose| loose.0).map_err(|e| e.to_string())
}
