//! Finding the node a typed OpenAPI parse really failed at.
//!
//! openapiv3 reads `paths`, `responses` and schemas through `#[serde(flatten)]` and untagged enums, which
//! buffer their input: a failure deep inside is reported at the outer map with a vague message ("data did not
//! match any variant"). Here the document, as a JSON value, is walked along OpenAPI's structure, each part
//! deserialized into its own type, descending into the first part that fails, until the deepest failing
//! node is found; its pointer and message are what the user sees.

use openapiv3::{
    Components, ExternalDocumentation, Header, Info, Operation, Parameter, PathItem, ReferenceOr, RequestBody,
    Response, Schema, SecurityRequirement, SecurityScheme, Server, Tag,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::source_map::escape;

/// The pointer and message of the deepest part of `root` that does not deserialize. `None` if every part
/// this walk knows does (the caller then keeps the parser's own report).
/// `yaml`: the document was YAML text, whose plain scalars serde_yaml reads leniently (`version: 1` is a
/// string); parts are then re-read as YAML so that the walk judges them as the real parse did.
pub fn deepest_failure(root: &Value, yaml: bool) -> Option<(String, String)> {
    Narrow { yaml }.document(root)
}

struct Narrow {
    yaml: bool,
}

impl Narrow {
    fn document(&self, root: &Value) -> Option<(String, String)> {
        let object = root.as_object()?;
        if !object.contains_key("openapi") {
            return Some((String::new(), "missing field `openapi`".to_owned()));
        }
        if !object.contains_key("info") {
            return Some((String::new(), "missing field `info`".to_owned()));
        }
        for (key, value) in object {
            let pointer = format!("/{}", escape(key));
            let failure = match key.as_str() {
                "openapi" => self.leaf::<String>(value, pointer),
                "info" => self.leaf::<Info>(value, pointer),
                "servers" => self.leaf::<Vec<Server>>(value, pointer),
                "security" => self.leaf::<Vec<SecurityRequirement>>(value, pointer),
                "tags" => self.leaf::<Vec<Tag>>(value, pointer),
                "externalDocs" => self.leaf::<ExternalDocumentation>(value, pointer),
                "paths" => self.paths(value, pointer),
                "components" => self.components(value, pointer),
                _ => None,
            };
            if failure.is_some() {
                return failure;
            }
        }
        None
    }

    /// Deserializes `value` as `T`; on failure, the pointer (refined by serde's own path where it knows one) and
    /// the message.
    fn leaf<T: DeserializeOwned>(&self, value: &Value, pointer: String) -> Option<(String, String)> {
        let (path, message) = if self.yaml {
            let text = serde_yaml::to_string(value).ok()?;
            match serde_path_to_error::deserialize::<_, T>(serde_yaml::Deserializer::from_str(&text)) {
                Ok(_) => return None,
                Err(error) => (error.path().clone(), error.into_inner().to_string()),
            }
        } else {
            match serde_path_to_error::deserialize::<_, T>(value) {
                Ok(_) => return None,
                Err(error) => (error.path().clone(), error.into_inner().to_string()),
            }
        };
        // serde_yaml prefixes messages with the path it knows; the pointer says it already.
        let message = message.strip_prefix(&format!("{path}: ")).map(str::to_owned).unwrap_or(message);
        let mut pointer = pointer;
        for segment in path.iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                serde_path_to_error::Segment::Map { key } => pointer.push_str(&format!("/{}", escape(key))),
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        Some((pointer, message))
    }

    fn paths(&self, value: &Value, pointer: String) -> Option<(String, String)> {
        if !value.is_object() {
            return Some((pointer, "`paths` must be a mapping of paths to path items".to_owned()));
        }
        entries(value, &pointer).find_map(|(item, item_pointer)| self.path_item(item, item_pointer))
    }

    fn path_item(&self, value: &Value, pointer: String) -> Option<(String, String)> {
        let own = self.leaf::<ReferenceOr<PathItem>>(value, pointer.clone());
        let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
        let children = entries(value, &pointer)
            .map(|(child, child_pointer)| {
                let key = child_pointer.rsplit('/').next().unwrap_or("");
                if methods.contains(&key) {
                    self.operation(child, child_pointer)
                } else if key == "parameters" {
                    items(child, &child_pointer).find_map(|(p, pp)| self.parameter(p, pp))
                } else {
                    None
                }
            })
            .collect::<Vec<_>>();
        first_child_or_self(own, children)
    }

    fn operation(&self, value: &Value, pointer: String) -> Option<(String, String)> {
        let own = self.leaf::<Operation>(value, pointer.clone());
        let children = entries(value, &pointer)
            .map(|(child, child_pointer)| match child_pointer.rsplit('/').next().unwrap_or("") {
                "parameters" => items(child, &child_pointer).find_map(|(p, pp)| self.parameter(p, pp)),
                "requestBody" => self.request_body(child, child_pointer),
                "responses" => entries(child, &child_pointer).find_map(|(r, rp)| self.response(r, rp)),
                _ => None,
            })
            .collect::<Vec<_>>();
        first_child_or_self(own, children)
    }

    fn parameter(&self, value: &Value, pointer: String) -> Option<(String, String)> {
        let own = self.leaf::<ReferenceOr<Parameter>>(value, pointer.clone());
        let schema_child = value.get("schema").and_then(|s| self.schema(s, format!("{pointer}/schema")));
        let content_child = value.get("content").and_then(|c| self.content(c, format!("{pointer}/content")));
        first_child_or_self(own, [schema_child, content_child])
    }

    fn request_body(&self, value: &Value, pointer: String) -> Option<(String, String)> {
        let own = self.leaf::<ReferenceOr<RequestBody>>(value, pointer.clone());
        first_child_or_self(own, [value.get("content").and_then(|c| self.content(c, format!("{pointer}/content")))])
    }

    fn response(&self, value: &Value, pointer: String) -> Option<(String, String)> {
        let own = self.leaf::<ReferenceOr<Response>>(value, pointer.clone());
        let content_child = value.get("content").and_then(|c| self.content(c, format!("{pointer}/content")));
        let header_child = value.get("headers").and_then(|headers| {
            let headers_pointer = format!("{pointer}/headers");
            let failure = entries(headers, &headers_pointer).find_map(|(h, hp)| {
                let own = self.leaf::<ReferenceOr<Header>>(h, hp.clone());
                first_child_or_self(own, [h.get("schema").and_then(|s| self.schema(s, format!("{hp}/schema")))])
            });
            failure
        });
        first_child_or_self(own, [content_child, header_child])
    }

    fn content(&self, value: &Value, pointer: String) -> Option<(String, String)> {
        entries(value, &pointer).find_map(|(media, media_pointer)| {
            media.get("schema").and_then(|s| self.schema(s, format!("{media_pointer}/schema")))
        })
    }

    fn components(&self, value: &Value, pointer: String) -> Option<(String, String)> {
        let own = self.leaf::<Components>(value, pointer.clone());
        own.as_ref()?;
        let section = |name: &str| value.get(name).map(|v| (v, format!("{pointer}/{name}")));
        let children = [
            section("schemas").and_then(|(v, p)| entries(v, &p).find_map(|(s, sp)| self.schema(s, sp))),
            section("parameters").and_then(|(v, p)| entries(v, &p).find_map(|(s, sp)| self.parameter(s, sp))),
            section("responses").and_then(|(v, p)| entries(v, &p).find_map(|(s, sp)| self.response(s, sp))),
            section("requestBodies").and_then(|(v, p)| entries(v, &p).find_map(|(s, sp)| self.request_body(s, sp))),
            section("securitySchemes")
                .and_then(|(v, p)| entries(v, &p).find_map(|(s, sp)| self.leaf::<ReferenceOr<SecurityScheme>>(s, sp))),
        ];
        first_child_or_self(own, children)
    }

    fn schema(&self, value: &Value, pointer: String) -> Option<(String, String)> {
        let own = self.leaf::<ReferenceOr<Schema>>(value, pointer.clone());
        own.as_ref()?;
        let mut children: Vec<Option<(String, String)>> = Vec::new();
        if let Some(properties) = value.get("properties") {
            let properties_pointer = format!("{pointer}/properties");
            children.push(entries(properties, &properties_pointer).find_map(|(s, sp)| self.schema(s, sp)));
        }
        for key in ["items", "not"] {
            children.push(value.get(key).and_then(|s| self.schema(s, format!("{pointer}/{key}"))));
        }
        if let Some(additional) = value.get("additionalProperties").filter(|v| v.is_object()) {
            children.push(self.schema(additional, format!("{pointer}/additionalProperties")));
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = value.get(key) {
                let list_pointer = format!("{pointer}/{key}");
                children.push(items(list, &list_pointer).find_map(|(s, sp)| self.schema(s, sp)));
            }
        }
        children.push(self.schema_keywords(value, &pointer));
        first_child_or_self(own, children)
    }

    /// The keyword-level mistakes a schema's untagged parse hides ("did not match any variant"), named.
    fn schema_keywords(&self, value: &Value, pointer: &str) -> Option<(String, String)> {
        let object = value.as_object()?;
        let at = |key: &str| format!("{pointer}/{}", escape(key));
        if let Some(kind) = object.get("type") {
            let known = ["string", "number", "integer", "boolean", "array", "object"];
            match kind.as_str() {
                Some(name) if known.contains(&name) => {}
                Some(name) => {
                    return Some((
                        at("type"),
                        format!("unknown schema type `{name}` (expected one of {})", known.join(", ")),
                    ))
                }
                None => return Some((at("type"), format!("`type` must be a string, not {kind}"))),
            }
        }
        for key in
            ["nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems", "exclusiveMinimum", "exclusiveMaximum"]
        {
            if object.get(key).is_some_and(|v| !v.is_boolean()) {
                return Some((at(key), format!("`{key}` must be true or false")));
            }
        }
        for key in ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"] {
            if object.get(key).is_some_and(|v| !v.is_u64()) {
                return Some((at(key), format!("`{key}` must be a non-negative integer")));
            }
        }
        for key in ["minimum", "maximum", "multipleOf"] {
            if object.get(key).is_some_and(|v| !v.is_number()) {
                return Some((at(key), format!("`{key}` must be a number")));
            }
        }
        if object.get("required").is_some_and(|v| !v.as_array().is_some_and(|a| a.iter().all(Value::is_string))) {
            return Some((at("required"), "`required` must be a list of property names".to_owned()));
        }
        if object.get("enum").is_some_and(|v| !v.is_array()) {
            return Some((at("enum"), "`enum` must be a list".to_owned()));
        }
        if object.get("properties").is_some_and(|v| !v.is_object()) {
            return Some((at("properties"), "`properties` must be a mapping of property names to schemas".to_owned()));
        }
        None
    }
}

/// Checks each child; the first failing child's report, else this node's own.
fn first_child_or_self(
    own: Option<(String, String)>,
    children: impl IntoIterator<Item = Option<(String, String)>>,
) -> Option<(String, String)> {
    own.as_ref()?;
    children.into_iter().flatten().next().or(own)
}

fn entries<'a>(value: &'a Value, pointer: &'a str) -> impl Iterator<Item = (&'a Value, String)> + 'a {
    value.as_object().into_iter().flatten().map(move |(key, child)| (child, format!("{pointer}/{}", escape(key))))
}

fn items<'a>(value: &'a Value, pointer: &'a str) -> impl Iterator<Item = (&'a Value, String)> + 'a {
    value.as_array().into_iter().flatten().enumerate().map(move |(index, child)| (child, format!("{pointer}/{index}")))
}
