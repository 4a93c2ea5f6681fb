//! Schema values built from what the pages state: field rows nested by their dotted paths, examples filling in
//! what the fields do not say, literal unions, and schemas inferred from JSON values.

use serde_json::{json, Map, Value};

use super::fields::FieldRow;

/// A schema without the places its parts were read from (`x-source`, `x-defined-at`), for comparing two
/// definitions of a type.
pub(super) fn without_places(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| *key != "x-source" && *key != "x-defined-at")
                .map(|(key, value)| (key.clone(), without_places(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_places).collect()),
        other => other.clone(),
    }
}

/// The values of a union of literals (`"a" | "b" | 3`), at least two; `None` for anything else.
pub(super) fn literal_union(code: &str) -> Option<Vec<Value>> {
    let parts: Vec<&str> = code.trim().trim_end_matches(';').split('|').map(str::trim).collect();
    if parts.len() < 2 {
        return None;
    }
    parts
        .iter()
        .map(|part| {
            let quoted = part.len() >= 2
                && (part.starts_with('"') && part.ends_with('"') || part.starts_with('\'') && part.ends_with('\''));
            if quoted {
                let inner = &part[1..part.len() - 1];
                (!inner.contains(['"', '\'', '\n'])).then(|| Value::String(inner.to_owned()))
            } else {
                part.parse::<f64>().ok().and_then(|_| serde_json::from_str::<Value>(part).ok())
            }
        })
        .collect()
}

/// A type's documented details: description, default, enumeration, nullability.
pub(super) fn annotate(schema: &mut Value, row: &FieldRow) {
    let Some(map) = schema.as_object_mut() else { return };
    if map.contains_key("$ref") {
        if !row.description.is_empty() || row.nullable {
            let reference = std::mem::take(map);
            map.insert("allOf".into(), Value::Array(vec![Value::Object(reference)]));
        } else {
            return;
        }
    }
    if !row.description.is_empty() {
        map.insert("description".into(), Value::String(row.description.clone()));
    }
    if let Some(default) = &row.default {
        let kind = map.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
        let default = match (kind.as_str(), default) {
            ("integer", Value::String(s)) => s.parse::<i64>().map(Value::from).unwrap_or_else(|_| default.clone()),
            ("number", Value::String(s)) => s
                .parse::<f64>()
                .ok()
                .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
                .unwrap_or_else(|| default.clone()),
            ("boolean", Value::String(s)) => s.parse::<bool>().map(Value::Bool).unwrap_or_else(|_| default.clone()),
            ("string", other) if !other.is_string() => Value::String(other.to_string()),
            _ => default.clone(),
        };
        let fits = match kind.as_str() {
            "integer" => default.is_i64() || default.is_u64(),
            "number" => default.is_number(),
            "boolean" => default.is_boolean(),
            "string" => default.is_string(),
            "" => true,
            _ => false,
        };
        if fits {
            map.insert("default".into(), default);
        }
    }
    if !row.enumeration.is_empty() && map.get("type").and_then(Value::as_str) == Some("string") {
        map.insert("enum".into(), Value::Array(row.enumeration.clone()));
    }
    if row.nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
}

/// `data.items[].id` → `["data", "items", "[]", "id"]`.
pub(super) fn split_field_path(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in name.split('.') {
        let mut part = part;
        let mut arrays = 0;
        while let Some(stripped) = part.strip_suffix("[]") {
            part = stripped;
            arrays += 1;
        }
        if !part.is_empty() {
            out.push(part.to_owned());
        }
        out.extend(std::iter::repeat_n("[]".to_owned(), arrays));
    }
    out
}

/// Puts a property's schema at a path inside an object schema, creating the objects and arrays between.
pub(super) fn insert_at(root: &mut Value, path: &[String], schema: Value, required: bool) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut node = root;
    for segment in parents {
        node = descend(node, segment);
    }
    if last == "[]" {
        let target = if node.get("type").and_then(Value::as_str) == Some("array") || node.get("items").is_some() {
            &mut node["items"]
        } else {
            node
        };
        merge_documented(target, schema);
        return;
    }
    if node.get("$ref").is_some() || node.get("allOf").is_some() {
        return;
    }
    if node.get("type").and_then(Value::as_str) == Some("array") {
        node = node.as_object_mut().map(|m| m.entry("items").or_insert_with(|| json!({}))).expect("an object schema");
    }
    let Some(map) = node.as_object_mut() else { return };
    if !map.contains_key("type") {
        map.insert("type".into(), Value::String("object".into()));
    }
    let properties = map.entry("properties").or_insert_with(|| json!({}));
    let slot = properties.as_object_mut().map(|p| p.entry(last.clone()).or_insert_with(|| json!({})));
    if let Some(slot) = slot {
        merge_documented(slot, schema);
    }
    if required {
        let list = map.entry("required").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            if !list.iter().any(|v| v.as_str() == Some(last)) {
                list.push(Value::String(last.clone()));
            }
        }
    }
}

fn descend<'v>(node: &'v mut Value, segment: &str) -> &'v mut Value {
    if segment == "[]" {
        if !node.is_object() {
            *node = json!({});
        }
        let map = node.as_object_mut().expect("an object");
        map.entry("type").or_insert_with(|| Value::String("array".into()));
        return map.entry("items").or_insert_with(|| json!({}));
    }
    if node.get("type").and_then(Value::as_str) == Some("array") {
        let map = node.as_object_mut().expect("an object");
        let items = map.entry("items").or_insert_with(|| json!({}));
        return descend(items, segment);
    }
    if !node.is_object() {
        *node = json!({});
    }
    let map = node.as_object_mut().expect("an object");
    if !map.contains_key("type") && !map.contains_key("$ref") {
        map.insert("type".into(), Value::String("object".into()));
    }
    let properties = map.entry("properties").or_insert_with(|| json!({}));
    if !properties.is_object() {
        *properties = json!({});
    }
    properties.as_object_mut().expect("an object").entry(segment.to_owned()).or_insert_with(|| json!({}))
}

/// Documented facts laid over a schema: keys the documented schema states win, the rest stays.
pub(super) fn merge_documented(target: &mut Value, documented: Value) {
    let Value::Object(documented) = documented else { return };
    if !target.is_object() {
        *target = json!({});
    }
    let map = target.as_object_mut().expect("an object");
    for (key, value) in documented {
        match (key.as_str(), map.get_mut(&key)) {
            ("properties", Some(Value::Object(existing))) => {
                if let Value::Object(value) = value {
                    for (name, schema) in value {
                        let slot = existing.entry(name).or_insert_with(|| json!({}));
                        merge_documented(slot, schema);
                    }
                }
            }
            ("items", Some(existing)) => merge_documented(existing, value),
            ("required", Some(Value::Array(existing))) => {
                if let Value::Array(value) = value {
                    for name in value {
                        if !existing.contains(&name) {
                            existing.push(name);
                        }
                    }
                }
            }
            _ => {
                map.insert(key, value);
            }
        }
    }
    if map.contains_key("$ref") && map.len() > 1 {
        // A `$ref` cannot carry siblings in OpenAPI 3.0: keep the reference.
        let reference = map.remove("$ref");
        map.retain(|k, _| k == "x-source");
        if let Some(reference) = reference {
            map.insert("$ref".into(), reference);
        }
    }
}

/// What an example adds to a documented schema: properties and types it does not state.
pub(super) fn fill_from_example(target: &mut Value, example: &Value) {
    let Some(map) = target.as_object_mut() else { return };
    if map.contains_key("$ref") || map.contains_key("allOf") {
        return;
    }
    let Some(example) = example.as_object() else { return };
    for (key, value) in example {
        match key.as_str() {
            "properties" => {
                let properties = map.entry("properties").or_insert_with(|| json!({}));
                if let (Some(properties), Some(value)) = (properties.as_object_mut(), value.as_object()) {
                    for (name, schema) in value {
                        match properties.get_mut(name) {
                            Some(existing) => fill_from_example(existing, schema),
                            None => {
                                properties.insert(name.clone(), schema.clone());
                            }
                        }
                    }
                }
            }
            "items" => match map.get_mut("items") {
                Some(existing) => fill_from_example(existing, value),
                None => {
                    map.insert("items".into(), value.clone());
                }
            },
            "type" => {
                let stated = map.get("type").and_then(Value::as_str);
                if stated.is_none() {
                    map.insert("type".into(), value.clone());
                }
            }
            "format" if map.get("type") == example.get("type") && !map.contains_key("format") => {
                map.insert("format".into(), value.clone());
            }
            "nullable" => {}
            _ => {}
        }
    }
}

/// The schema an example shows: types, properties, array items; strings that are dates get their format.
pub(super) fn infer_schema(value: &Value) -> Value {
    match value {
        Value::Null => json!({"nullable": true}),
        Value::Bool(_) => json!({"type": "boolean"}),
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() {
                json!({"type": "integer"})
            } else {
                json!({"type": "number"})
            }
        }
        Value::String(s) => {
            if is_date_time(s) {
                json!({"type": "string", "format": "date-time"})
            } else if is_date(s) {
                json!({"type": "string", "format": "date"})
            } else {
                json!({"type": "string"})
            }
        }
        Value::Array(items) => {
            let mut merged = json!({});
            for item in items.iter().take(20) {
                fill_from_example(&mut merged, &infer_schema(item));
                if merged.get("type").is_none() {
                    merged = infer_schema(item);
                }
            }
            json!({"type": "array", "items": merged})
        }
        Value::Object(members) => {
            let mut properties = Map::new();
            for (name, value) in members {
                properties.insert(name.clone(), infer_schema(value));
            }
            json!({"type": "object", "properties": properties})
        }
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_date_time(s: &str) -> bool {
    s.len() >= 19
        && s.len() <= 40
        && is_date(&s[..10])
        && matches!(s.as_bytes()[10], b'T' | b't' | b' ')
        && s.as_bytes()[13] == b':'
}
