//! `cargo xtask bench --stress`: synthetic documents that each push one construct to a large size (many
//! operations, a wide union, names that all fold to one identifier, long cycles …), generated at 1×, 2× and
//! 4× a base size, with the growth exponent of generation time for each. The real specs' `--scaling` copies
//! grow everything at once; these find the one quadratic loop a real spec is too small to show (each shape
//! here stands for one that was found and fixed, or one that must stay linear).

use serde_json::{json, Map, Value};

/// A synthetic document: its name, the size of its 1× copy, and how to build it at a size.
pub struct Shape {
    pub name: &'static str,
    pub base: usize,
    pub build: fn(usize) -> Value,
}

pub const SHAPES: [Shape; 11] = [
    Shape { name: "operations with parameters", base: 1500, build: operations },
    Shape { name: "a web of schemas", base: 2000, build: schema_web },
    Shape { name: "a tagged union (discriminator mapping)", base: 2000, build: tagged_union },
    Shape { name: "an untagged union", base: 2000, build: untagged_union },
    Shape { name: "one object's properties", base: 4000, build: wide_object },
    Shape { name: "one enum's values", base: 4000, build: wide_enum },
    Shape { name: "schema names folding to one identifier", base: 1500, build: colliding_names },
    Shape { name: "a cycle of map aliases", base: 2000, build: map_cycle },
    Shape { name: "a cycle of annotated references", base: 2000, build: wrapper_cycle },
    Shape { name: "a chain of $ref aliases", base: 4000, build: alias_chain },
    Shape { name: "allOf extensions of one base", base: 2000, build: all_of_fan },
];

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A document whose one operation answers with the schema `root` of `schemas`.
fn document(schemas: Map<String, Value>, root: &str) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "stress", "version": "1"},
        "paths": {"/root": {"get": {"operationId": "getRoot", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": reference(root)}}}}}}},
        "components": {"schemas": schemas},
    })
}

/// An object with one property per schema of `names`, each a reference to it: makes every schema reachable.
fn holder(names: impl Iterator<Item = String>) -> Value {
    let properties: Map<String, Value> = names.map(|name| (format!("to {name}"), reference(&name))).collect();
    json!({"type": "object", "properties": properties})
}

fn operations(n: usize) -> Value {
    let mut paths = Map::new();
    for i in 0..n {
        paths.insert(
            format!("/things{i}/{{id}}"),
            json!({"get": {
                "operationId": format!("getThing{i}"),
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"id": {"type": "string"}, "count": {"type": "integer"}}}}}}},
            }}),
        );
    }
    json!({"openapi": "3.0.3", "info": {"title": "stress", "version": "1"}, "paths": paths})
}

fn schema_web(n: usize) -> Value {
    let mut schemas = Map::new();
    for i in 0..n {
        let properties: Map<String, Value> = [1, 7, 31]
            .iter()
            .map(|step| (format!("next{step}"), reference(&format!("Node{}", (i + step) % n))))
            .collect();
        schemas.insert(format!("Node{i}"), json!({"type": "object", "properties": properties}));
    }
    document(schemas, "Node0")
}

fn tagged_union(n: usize) -> Value {
    let mut schemas = Map::new();
    let mut mapping = Map::new();
    for i in 0..n {
        schemas.insert(
            format!("Member{i}"),
            json!({"type": "object", "required": ["kind"], "properties": {
                "kind": {"type": "string", "enum": [format!("m{i}")]}, format!("field{i}"): {"type": "string"}}}),
        );
        mapping.insert(format!("m{i}"), json!(format!("#/components/schemas/Member{i}")));
    }
    let members: Vec<Value> = (0..n).map(|i| reference(&format!("Member{i}"))).collect();
    schemas.insert(
        "Union".to_owned(),
        json!({"oneOf": members, "discriminator": {"propertyName": "kind", "mapping": mapping}}),
    );
    document(schemas, "Union")
}

fn untagged_union(n: usize) -> Value {
    let mut schemas = Map::new();
    for i in 0..n {
        schemas.insert(
            format!("Member{i}"),
            json!({"type": "object", "properties": {"a": {"type": "string"}, format!("only{i}"): {"type": "integer"}}}),
        );
    }
    let members: Vec<Value> = (0..n).map(|i| reference(&format!("Member{i}"))).collect();
    schemas.insert("Union".to_owned(), json!({"anyOf": members}));
    document(schemas, "Union")
}

fn wide_object(n: usize) -> Value {
    let properties: Map<String, Value> = (0..n).map(|i| (format!("property{i}"), json!({"type": "string"}))).collect();
    let required: Vec<String> = (0..n).map(|i| format!("property{i}")).collect();
    let mut schemas = Map::new();
    schemas.insert("Wide".to_owned(), json!({"type": "object", "required": required, "properties": properties}));
    document(schemas, "Wide")
}

fn wide_enum(n: usize) -> Value {
    let values: Vec<String> = (0..n).map(|i| format!("value {i}")).collect();
    let mut schemas = Map::new();
    schemas.insert("Wide".to_owned(), json!({"type": "string", "enum": values}));
    document(schemas, "Wide")
}

/// Keys `a?b?c?d?e?f?g?h` with a separator in each `?` (`a-b_c.d e/f-g_h`): all name one Rust type.
fn colliding_names(n: usize) -> Value {
    const SEPARATORS: [char; 5] = ['-', '_', '.', ' ', '/'];
    let key = |mut i: usize| {
        let mut key = String::from("a");
        for letter in "bcdefgh".chars() {
            key.push(SEPARATORS[i % SEPARATORS.len()]);
            key.push(letter);
            i /= SEPARATORS.len();
        }
        key
    };
    let mut schemas = Map::new();
    for i in 0..n {
        schemas.insert(key(i), json!({"type": "object", "properties": {"value": {"type": "integer", "minimum": i}}}));
    }
    schemas.insert("Root".to_owned(), holder((0..n).map(key)));
    document(schemas, "Root")
}

fn cycle(n: usize, link: fn(Value) -> Value) -> Value {
    let schemas: Map<String, Value> =
        (0..n).map(|i| (format!("Link{i}"), link(reference(&format!("Link{}", (i + 1) % n))))).collect();
    document(schemas, "Link0")
}

fn map_cycle(n: usize) -> Value {
    cycle(n, |next| json!({"type": "object", "additionalProperties": next}))
}

fn wrapper_cycle(n: usize) -> Value {
    cycle(n, |next| json!({"description": "a link", "allOf": [next]}))
}

fn alias_chain(n: usize) -> Value {
    let mut schemas: Map<String, Value> =
        (0..n).map(|i| (format!("Link{i}"), reference(&format!("Link{}", i + 1)))).collect();
    schemas.insert(format!("Link{n}"), json!({"type": "object", "properties": {"end": {"type": "string"}}}));
    document(schemas, "Link0")
}

fn all_of_fan(n: usize) -> Value {
    let mut schemas = Map::new();
    schemas.insert(
        "Base".to_owned(),
        json!({"type": "object", "properties": {"id": {"type": "string"}, "created": {"type": "integer"}}}),
    );
    for i in 0..n {
        schemas.insert(
            format!("Derived{i}"),
            json!({"allOf": [reference("Base"), {"type": "object", "properties": {format!("own{i}"): {"type": "string"}}}]}),
        );
    }
    schemas.insert("Root".to_owned(), holder((0..n).map(|i| format!("Derived{i}"))));
    document(schemas, "Root")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape is a document the generator takes: no errors, so the bench times a whole generation.
    #[test]
    fn every_shape_generates_without_errors() {
        let dir = crate::project_root().join("target/stress-test");
        std::fs::create_dir_all(&dir).expect("scratch dir");
        for shape in &SHAPES {
            let document = (shape.build)(40);
            let path = dir.join("shape.json");
            std::fs::write(&path, serde_json::to_string(&document).expect("json")).expect("write");
            let timed = crate::bench::generate_timed(&path, "stress", docgen::ir::Parts::ALL);
            let timed = timed.unwrap_or_else(|e| panic!("{}: {e}", shape.name));
            assert!(timed.operations >= 1 && !timed.module.is_empty(), "{}", shape.name);
        }
    }

    #[test]
    fn colliding_names_are_distinct_keys_of_one_identifier() {
        let document = colliding_names(200);
        let keys: Vec<&String> = document["components"]["schemas"].as_object().expect("schemas").keys().collect();
        assert_eq!(keys.len(), 201, "200 distinct keys and the holder");
        let names: std::collections::BTreeSet<String> =
            keys.iter().filter(|k| **k != "Root").map(|k| docgen::naming::type_name(k)).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
