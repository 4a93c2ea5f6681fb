//! Repeated mapping keys, found before a typed parse (openapiv3 panics on some): a fast walk that only says
//! whether a text repeats a key, and a walk that keeps its path to say where.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The error a walk stops at on a repeated key (text's `LooseVisitor`); text's `repeated_key` then says where
/// it is.
pub(super) const REPEATED_KEY: &str = "a mapping repeats a key";

/// Whether a JSON text repeats a key in any of its mappings, or does not read (its parse says why).
pub(super) fn json_repeats_a_key(text: &str) -> bool {
    RepeatCheck.deserialize(&mut serde_json::Deserializer::from_str(text)).is_err()
}

/// The `Visitor` methods of a walk over any document that only cares about its mappings and sequences:
/// scalars are accepted and skipped, `Some` is walked through.
macro_rules! skip_scalars {
    () => {
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("any YAML or JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_i128<E>(self, _: i128) -> Result<(), E> {
            Ok(())
        }
        fn visit_u128<E>(self, _: u128) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_none<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_any(self)
        }
    };
}

/// Walks any document and fails at the first mapping that repeats a key (or at a syntax error).
pub(super) struct RepeatCheck;

impl<'de> DeserializeSeed<'de> for RepeatCheck {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RepeatCheck {
    type Value = ();

    skip_scalars!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(RepeatCheck)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys: Vec<Cow<'de, str>> = Vec::new();
        let mut many: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(CowKey(key)) = map.next_key()? {
            let repeated = if many.is_empty() && keys.len() < 32 {
                let repeated = keys.contains(&key);
                keys.push(key);
                repeated
            } else {
                many.extend(keys.drain(..));
                !many.insert(key)
            };
            if repeated {
                return Err(serde::de::Error::custom("repeated key"));
            }
            map.next_value_seed(RepeatCheck)?;
        }
        Ok(())
    }
}

/// A mapping key, borrowed from the text where the parser allows.
struct CowKey<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for CowKey<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Cow<'de, str>;
            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a mapping key")
            }
            fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(value))
            }
            fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(value.to_owned()))
            }
            fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
                Ok(Cow::Owned(value.to_string()))
            }
            fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
                Ok(Cow::Owned(value.to_string()))
            }
            fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
                Ok(Cow::Owned(value.to_string()))
            }
            fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
                Ok(Cow::Owned(value.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed("null"))
            }
        }
        deserializer.deserialize_str(KeyVisitor).map(CowKey)
    }
}

/// Walks any document, keeping its path, and stops at the first mapping that repeats a key.
pub(super) struct KeyCheck<'a> {
    pub(super) path: &'a mut Vec<String>,
    pub(super) found: &'a mut Option<(Vec<String>, String)>,
}

impl<'de> DeserializeSeed<'de> for KeyCheck<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyCheck<'_> {
    type Value = ();

    skip_scalars!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            self.path.push(index.to_string());
            let more = seq.next_element_seed(KeyCheck { path: &mut *self.path, found: &mut *self.found })?;
            self.path.pop();
            if more.is_none() || self.found.is_some() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys: std::collections::HashSet<String> = std::collections::HashSet::new();
        while let Some(LooseKey(key)) = map.next_key()? {
            if !keys.insert(key.clone()) {
                let mut path = self.path.clone();
                path.push(key.clone());
                *self.found = Some((path, key));
                return Err(serde::de::Error::custom("repeated key"));
            }
            self.path.push(key);
            map.next_value_seed(KeyCheck { path: &mut *self.path, found: &mut *self.found })?;
            self.path.pop();
            if self.found.is_some() {
                return Err(serde::de::Error::custom("repeated key"));
            }
        }
        Ok(())
    }
}

/// A map key: a string, or a scalar read as its text (`200:` in YAML).
pub(super) struct LooseKey(pub(super) String);

impl<'de> Deserialize<'de> for LooseKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = String;
            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a mapping key")
            }
            fn visit_str<E>(self, value: &str) -> Result<String, E> {
                Ok(value.to_owned())
            }
            fn visit_bool<E>(self, value: bool) -> Result<String, E> {
                Ok(value.to_string())
            }
            fn visit_i64<E>(self, value: i64) -> Result<String, E> {
                Ok(value.to_string())
            }
            fn visit_u64<E>(self, value: u64) -> Result<String, E> {
                Ok(value.to_string())
            }
            fn visit_i128<E>(self, value: i128) -> Result<String, E> {
                Ok(value.to_string())
            }
            fn visit_u128<E>(self, value: u128) -> Result<String, E> {
                Ok(value.to_string())
            }
            fn visit_f64<E>(self, value: f64) -> Result<String, E> {
                Ok(value.to_string())
            }
            fn visit_unit<E>(self) -> Result<String, E> {
                Ok("null".to_owned())
            }
        }
        deserializer.deserialize_str(KeyVisitor).map(LooseKey)
    }
}
