//! The typed parse of a large JSON document on two threads, and the typed read of a large untyped one.
//!
//! openapiv3's model is read through serde's buffering (`flatten`, untagged enums), so a large document's
//! typed parse is as slow as everything after it together. Its two large parts, `paths` and `components`,
//! are independent: the top level and `paths` are first cut into their members as raw JSON (a scan about 15
//! times faster than the typed parse), then each thread reads its share, `components` and the last paths on
//! one, the other paths and the rest of the document on the other, split by size. The pieces are put back in
//! document order, so the result equals the one-thread parse (tested).
//!
//! This is only a faster route to the same value: anything it does not expect (not an object, a repeated
//! key, a member that does not read, no thread to start) gives `None`, and the caller parses the document
//! whole, which also reports whatever is wrong with it. Each thread checks its members for repeated keys
//! before their typed parse (openapiv3 panics on some), as the caller does for a whole document.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Paths, ReferenceOr, Schema};
use serde::de::value::MapDeserializer;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::repeated_keys::json_repeats_a_key;

/// Documents smaller than this are read on one thread: a second saves less than it costs.
pub const MIN_BYTES: usize = 256 * 1024;

/// Stack of the second thread: the typed parse recurses once per level of the document (at most 128, the
/// JSON reader's limit), through serde's buffering.
const STACK: usize = 64 * 1024 * 1024;

/// The document, read on two threads, or `None` (see the module docs).
pub fn parse_json(text: &str) -> Option<OpenAPI> {
    let top: Vec<(String, &RawValue)> = members(text)?;
    let paths: Vec<(String, &RawValue)> = match top.iter().find(|(key, _)| key == "paths") {
        Some((_, raw)) => members(raw.get())?,
        None => Vec::new(),
    };
    let components = top.iter().find(|(key, _)| key == "components").map(|(_, raw)| raw.get());
    // The second thread reads `components` and the paths from `split` on; the first, the rest.
    let size = |members: &[(String, &RawValue)]| members.iter().map(|(_, raw)| raw.get().len()).sum::<usize>();
    let half = (size(&paths) + components.map_or(0, str::len)) / 2;
    let mut split = paths.len();
    let mut second = components.map_or(0, str::len);
    while split > 0 && second + paths[split - 1].1.get().len() <= half {
        split -= 1;
        second += paths[split].1.get().len();
    }
    let (first_paths, second_paths) = paths.split_at(split);
    let rest = object(
        top.iter()
            .filter(|(key, _)| key != "components")
            .map(|(key, raw)| (key.as_str(), if key == "paths" { "{}" } else { raw.get() })),
    );
    std::thread::scope(|scope| {
        let builder = std::thread::Builder::new().name("parse-components".to_owned()).stack_size(STACK);
        let second = builder
            .spawn_scoped(scope, || {
                let components = match components {
                    Some(text) if !json_repeats_a_key(text) => {
                        Some(serde_json::from_str::<Option<Components>>(text).ok()?)
                    }
                    Some(_) => return None,
                    None => None,
                };
                Some((components.flatten(), read_paths(second_paths)?))
            })
            .ok()?;
        let mut others = top.iter().filter(|(key, _)| key != "components" && key != "paths");
        let api: Option<OpenAPI> =
            others.all(|(_, raw)| !json_repeats_a_key(raw.get())).then(|| serde_json::from_str(&rest).ok()).flatten();
        let first = read_paths(first_paths);
        let (components, second_paths) = second.join().ok()??;
        let mut api = api?;
        let mut paths = first?;
        paths.paths.extend(second_paths.paths);
        paths.extensions.extend(second_paths.extensions);
        api.paths = paths;
        api.components = components;
        Some(api)
    })
}

/// The typed document from an untyped one (the route of OpenAPI 3.1 documents and of YAML), read on two
/// threads: the paths and the schemas, in that order, are shared out by their number of nodes, the second
/// thread taking the last of them; the first reads the rest of the document too. `None` where
/// [`parse_json`] gives up (and for `paths`, `components` or `schemas` that are not objects), and the caller
/// reads the value whole.
pub fn parse_value(document: &Value) -> Option<OpenAPI> {
    let top = document.as_object()?;
    let paths = value_members(top.get("paths"))?;
    let components = match top.get("components") {
        Some(Value::Object(components)) => Some(components),
        Some(Value::Null) | None => None,
        Some(_) => return None,
    };
    let schemas = value_members(components.and_then(|c| c.get("schemas")))?;
    // The second thread takes the last paths-then-schemas worth at most half of them all.
    let weights: Vec<usize> = paths.iter().chain(&schemas).map(|(_, value)| nodes(value)).collect();
    let half = weights.iter().sum::<usize>() / 2;
    let (mut split, mut second) = (weights.len(), 0);
    while split > 0 && second + weights[split - 1] <= half {
        split -= 1;
        second += weights[split];
    }
    let (first_paths, second_paths) = paths.split_at(split.min(paths.len()));
    let (first_schemas, second_schemas) = schemas.split_at(split.saturating_sub(paths.len()));
    let empty = Value::Object(Map::new());
    let rest = top
        .iter()
        .filter(|(key, _)| *key != "components")
        .map(|(key, value)| (key.as_str(), if key == "paths" { &empty } else { value }));
    std::thread::scope(|scope| {
        let builder = std::thread::Builder::new().name("parse-components".to_owned()).stack_size(STACK);
        let second = builder
            .spawn_scoped(scope, || Some((read_value_paths(second_paths)?, read_schemas(second_schemas)?)))
            .ok()?;
        let api = OpenAPI::deserialize(MapDeserializer::<_, serde_json::Error>::new(rest)).ok();
        let first_components = match components {
            Some(components) => {
                let others = components.iter().filter(|(key, _)| *key != "schemas");
                let others = others.map(|(key, value)| (key.as_str(), value));
                Some(Components::deserialize(MapDeserializer::<_, serde_json::Error>::new(others)).ok())
            }
            None => None,
        };
        let first = (read_value_paths(first_paths), read_schemas(first_schemas));
        let (second_paths, second_schemas) = second.join().ok()??;
        let (mut api, mut paths, mut schemas) = (api?, first.0?, first.1?);
        paths.paths.extend(second_paths.paths);
        paths.extensions.extend(second_paths.extensions);
        api.paths = paths;
        api.components = match first_components {
            Some(components) => {
                let mut components = components?;
                schemas.extend(second_schemas);
                components.schemas = schemas;
                Some(components)
            }
            None => None,
        };
        Some(api)
    })
}

/// `Paths` read from some of its members.
fn read_value_paths(members: &[(&str, &Value)]) -> Option<Paths> {
    Paths::deserialize(MapDeserializer::<_, serde_json::Error>::new(members.iter().copied())).ok()
}

/// The members of an object (none for no value), `None` for another value.
fn value_members(value: Option<&Value>) -> Option<Vec<(&str, &Value)>> {
    match value {
        Some(Value::Object(map)) => Some(map.iter().map(|(key, value)| (key.as_str(), value)).collect()),
        Some(_) => None,
        None => Some(Vec::new()),
    }
}

/// Some of `components.schemas`.
fn read_schemas(members: &[(&str, &Value)]) -> Option<IndexMap<String, ReferenceOr<Schema>>> {
    IndexMap::deserialize(MapDeserializer::<_, serde_json::Error>::new(members.iter().copied())).ok()
}

/// How many values `value` holds, itself included: the measure of work its typed read takes.
fn nodes(value: &Value) -> usize {
    let mut stack = vec![value];
    let mut count = 0;
    while let Some(value) = stack.pop() {
        count += 1;
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.values()),
            _ => {}
        }
    }
    count
}

/// The members of a JSON object, in order, as raw text; `None` when `text` is no object or repeats a key (the
/// whole-document route reports that).
fn members(text: &str) -> Option<Vec<(String, &RawValue)>> {
    struct Members;
    impl<'de> Visitor<'de> for Members {
        type Value = Vec<(String, &'de RawValue)>;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut members = Vec::new();
            while let Some(member) = map.next_entry()? {
                members.push(member);
            }
            Ok(members)
        }
    }
    let members = serde_json::Deserializer::from_str(text).deserialize_map(Members).ok()?;
    let keys: HashSet<&str> = members.iter().map(|(key, _)| key.as_str()).collect();
    (keys.len() == members.len()).then_some(members)
}

/// `Paths` read from some of its members (`None` if one repeats a key).
fn read_paths(members: &[(String, &RawValue)]) -> Option<Paths> {
    if members.iter().any(|(_, raw)| json_repeats_a_key(raw.get())) {
        return None;
    }
    serde_json::from_str(&object(members.iter().map(|(key, raw)| (key.as_str(), raw.get())))).ok()
}

/// A JSON object of the given members (keys unescaped, values as raw JSON text).
fn object<'a>(members: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::from("{");
    for (key, value) in members {
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&serde_json::Value::from(key).to_string());
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_split_cannot_take_goes_back_to_the_whole_parse() {
        // Not an object, a repeated key, a member that does not read: the caller's whole parse reports each.
        for text in [
            "[]",
            r#"{"openapi": "3.0.3", "openapi": "3.0.3"}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": 1}}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": []}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t"}, "paths": {}}"#,
            // Repeated keys further down, in each thread's share.
            r#"{"openapi": "3.0.3", "info": {"title": "t", "title": "u", "version": "1"}, "paths": {}}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "a", "description": "b"}}}}}}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"A": {"type": "string", "type": "integer"}}}}"#,
        ] {
            assert_eq!(parse_json(text), None, "{text}");
        }
    }
}
