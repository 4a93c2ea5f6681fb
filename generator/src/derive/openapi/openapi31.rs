//! OpenAPI 3.1 → the OpenAPI 3.0 shape `openapiv3` reads, rewritten on the untyped document before the typed
//! parse; and schema keyword values 3.0's model cannot hold (numbers outside `i64`), repaired.
//!
//! The walk follows OpenAPI's structure (paths → operations → parameters, bodies, responses → media types →
//! schemas; components), so that a property *named* `type` is never mistaken for the keyword. Every rewrite
//! that loses something returns a [`Note`] with the JSON pointer of the node it concerns; the caller turns it
//! into a located warning. Exact rewrites (`type: [string, "null"]` → `type: string, nullable: true`) are
//! silent; docs/openapi-3.1.md lists them all.

use serde_json::{Map, Number, Value};

use crate::source_map::escape;

/// Something a rewrite could not keep, at a JSON pointer of the original document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub pointer: String,
    pub message: String,
}

/// The OAS 3.1 default dialect: the one every 3.1 schema is read in when nothing else is declared.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// JSON Schema 2020-12 keywords with no OpenAPI 3.0 equivalent: dropped, each with a note.
const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "$id",
    "$schema",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$defs",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "unevaluatedProperties",
    "propertyNames",
];

/// Rewrites `document` into the shape of OpenAPI 3.0 where it is a 3.1 (or later 3.x) document, or a 3.0
/// document using 3.1 constructs; repairs out-of-range schema numbers in any document. Returns what could not
/// be kept.
pub fn lower_document(document: &mut Value) -> Vec<Note> {
    let version = document.get("openapi").and_then(Value::as_str).map(str::trim).unwrap_or("").to_owned();
    let mode = if version.starts_with("3.0") || !version.starts_with("3.") { Mode::Lenient30 } else { Mode::Full31 };
    let mut lowering = Lowering { mode, notes: Vec::new(), rewrote_31: false };
    if let Some(root) = document.as_object_mut() {
        lowering.document(root, &version);
    }
    if mode == Mode::Lenient30 && lowering.rewrote_31 && version.starts_with("3.0") {
        lowering.notes.insert(
            0,
            Note {
                pointer: "/openapi".to_owned(),
                message: format!(
                    "this document says OpenAPI {version} but uses OpenAPI 3.1 schema constructs (`type` lists, \
                     `const`, numeric `exclusiveMinimum`, …); they are read as OpenAPI 3.1"
                ),
            },
        );
    }
    lowering.notes
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A 3.1 document: every rewrite, and `$ref` siblings are kept (3.1 applies them).
    Full31,
    /// A 3.0 document that failed the typed parse: schema rewrites only; `$ref` siblings are ignored, as 3.0 says.
    Lenient30,
}

struct Lowering {
    mode: Mode,
    notes: Vec<Note>,
    /// A 3.1-only schema construct was rewritten (worth saying when the document claims 3.0).
    rewrote_31: bool,
}

impl Lowering {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note { pointer: pointer.to_owned(), message: message.into() });
    }

    fn document(&mut self, root: &mut Map<String, Value>, version: &str) {
        if self.mode == Mode::Full31 {
            if !version.starts_with("3.1") {
                self.note("/openapi", format!("OpenAPI {version} is read as OpenAPI 3.1"));
            }
            root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
            self.document_31(root);
        }
        if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
            for (path, item) in paths.iter_mut() {
                self.path_item(item, &format!("/paths/{}", escape(path)));
            }
        }
        if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
            self.components(components);
        }
        if self.mode == Mode::Full31 {
            self.drop_mutual_tls(root);
        }
    }

    /// The document-level differences of 3.1: `jsonSchemaDialect`, `webhooks`, optional `paths`,
    /// `components.pathItems`, `info.summary`, `license.identifier`.
    fn document_31(&mut self, root: &mut Map<String, Value>) {
        if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
            if dialect.as_str() != Some(OAS_DIALECT) {
                self.note(
                    "/jsonSchemaDialect",
                    format!("`jsonSchemaDialect: {dialect}` is not supported; schemas are read as the OpenAPI 3.1 base dialect"),
                );
            }
        }
        if let Some(webhooks) = root.shift_remove("webhooks") {
            let count = webhooks.as_object().map_or(0, Map::len);
            let names =
                webhooks.as_object().map(|w| w.keys().cloned().collect::<Vec<_>>().join(", ")).unwrap_or_default();
            self.note(
                "/webhooks",
                format!("{count} webhook(s) ({names}) are not generated: OpenAPI 3.0 has no webhooks"),
            );
        }
        if !root.contains_key("paths") {
            root.insert("paths".to_owned(), Value::Object(Map::new()));
        }
        if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
            rename_key(info, "summary", "x-summary");
            if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
                rename_key(license, "identifier", "x-identifier");
            }
        }
        let path_items = root
            .get_mut("components")
            .and_then(Value::as_object_mut)
            .and_then(|components| components.shift_remove("pathItems"))
            .and_then(|items| match items {
                Value::Object(items) => Some(items),
                _ => None,
            })
            .unwrap_or_default();
        if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
            for (path, item) in paths.iter_mut() {
                let target = item.get("$ref").and_then(Value::as_str).map(str::to_owned);
                let Some(target) = target else { continue };
                let Some(name) = target.strip_prefix("#/components/pathItems/") else { continue };
                match path_items.get(&unescape(name)) {
                    Some(found) if found.get("$ref").is_none() => *item = found.clone(),
                    _ => self.note(
                        &format!("/paths/{}", escape(path)),
                        format!("`$ref: {target}` does not name a path item of `components.pathItems`"),
                    ),
                }
            }
        }
    }

    /// `mutualTLS` security schemes (3.1 only) are dropped, and so are the requirements naming them.
    fn drop_mutual_tls(&mut self, root: &mut Map<String, Value>) {
        let mut dropped: Vec<String> = Vec::new();
        if let Some(schemes) =
            root.get_mut("components").and_then(|c| c.get_mut("securitySchemes")).and_then(Value::as_object_mut)
        {
            let names: Vec<String> = schemes
                .iter()
                .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(name, _)| name.clone())
                .collect();
            for name in names {
                schemes.shift_remove(&name);
                dropped.push(name);
            }
        }
        if dropped.is_empty() {
            return;
        }
        for name in &dropped {
            self.note(
                &format!("/components/securitySchemes/{}", escape(name)),
                format!("security scheme `{name}` is `mutualTLS` (OpenAPI 3.1 only, enforced by TLS, not by the server code); it is ignored"),
            );
        }
        let strip = |security: &mut Value| {
            if let Some(requirements) = security.as_array_mut() {
                for requirement in requirements.iter_mut().filter_map(Value::as_object_mut) {
                    requirement.retain(|name, _| !dropped.contains(name));
                }
            }
        };
        if let Some(security) = root.get_mut("security") {
            strip(security);
        }
        for item in root.get_mut("paths").and_then(Value::as_object_mut).into_iter().flat_map(|p| p.values_mut()) {
            for operation in item.as_object_mut().into_iter().flat_map(|i| i.values_mut()) {
                if let Some(security) = operation.get_mut("security") {
                    strip(security);
                }
            }
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        let at = |section: &str, name: &str| format!("/components/{section}/{}", escape(name));
        for (section, entries) in components.iter_mut() {
            let Some(entries) = entries.as_object_mut() else { continue };
            for (name, entry) in entries.iter_mut() {
                let pointer = at(section, name);
                match section.as_str() {
                    "schemas" => self.schema(entry, &pointer),
                    "parameters" | "headers" => self.parameter(entry, &pointer),
                    "responses" => self.response(entry, &pointer),
                    "requestBodies" => self.request_body(entry, &pointer),
                    "callbacks" => self.callback(entry, &pointer),
                    _ => {}
                }
            }
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &str) {
        if self.reference(item, at) {
            return;
        }
        let Some(object) = item.as_object_mut() else { return };
        for (key, child) in object.iter_mut() {
            let pointer = format!("{at}/{}", escape(key));
            match key.as_str() {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    self.operation(child, &pointer)
                }
                "parameters" => self.each_item(child, &pointer, Self::parameter),
                _ => {}
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, at: &str) {
        let Some(object) = operation.as_object_mut() else { return };
        if self.mode == Mode::Full31 && !object.contains_key("responses") {
            object.insert("responses".to_owned(), Value::Object(Map::new()));
        }
        for (key, child) in object.iter_mut() {
            let pointer = format!("{at}/{}", escape(key));
            match key.as_str() {
                "parameters" => self.each_item(child, &pointer, Self::parameter),
                "requestBody" => self.request_body(child, &pointer),
                "responses" => self.each_entry(child, &pointer, Self::response),
                "callbacks" => self.each_entry(child, &pointer, Self::callback),
                _ => {}
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, at: &str) {
        if !self.reference(callback, at) {
            self.each_entry(callback, at, Self::path_item);
        }
    }

    /// A parameter or a header: a schema, or content.
    fn parameter(&mut self, parameter: &mut Value, at: &str) {
        if self.reference(parameter, at) {
            return;
        }
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &format!("{at}/schema"));
        }
        if let Some(content) = parameter.get_mut("content") {
            self.content(content, &format!("{at}/content"));
        }
    }

    fn request_body(&mut self, body: &mut Value, at: &str) {
        if self.reference(body, at) {
            return;
        }
        if let Some(content) = body.get_mut("content") {
            self.content(content, &format!("{at}/content"));
        }
    }

    fn response(&mut self, response: &mut Value, at: &str) {
        if self.reference(response, at) {
            return;
        }
        if let Some(content) = response.get_mut("content") {
            self.content(content, &format!("{at}/content"));
        }
        if let Some(headers) = response.get_mut("headers") {
            self.each_entry(headers, &format!("{at}/headers"), Self::parameter);
        }
    }

    fn content(&mut self, content: &mut Value, at: &str) {
        self.each_entry(content, at, |this, media, pointer| {
            if let Some(schema) = media.get_mut("schema") {
                this.schema(schema, &format!("{pointer}/schema"));
            }
            if let Some(encoding) = media.get_mut("encoding") {
                this.each_entry(encoding, &format!("{pointer}/encoding"), |this, encoding, pointer| {
                    if let Some(headers) = encoding.get_mut("headers") {
                        this.each_entry(headers, &format!("{pointer}/headers"), Self::parameter);
                    }
                });
            }
        });
    }

    /// Whether `value` is a Reference Object. In 3.1 one may carry `summary` and `description`, overriding the
    /// target's; 3.0 cannot say that, so they are dropped with a note.
    fn reference(&mut self, value: &mut Value, at: &str) -> bool {
        let Some(object) = value.as_object_mut() else { return false };
        if !object.contains_key("$ref") {
            return false;
        }
        if self.mode == Mode::Full31 {
            for key in ["summary", "description"] {
                if object.shift_remove(key).is_some() {
                    self.note(
                        &format!("{at}/{key}"),
                        format!("`{key}` beside `$ref` (an OpenAPI 3.1 override) is ignored; the referenced object's own is used"),
                    );
                }
            }
        }
        true
    }

    fn each_item(&mut self, list: &mut Value, at: &str, mut visit: impl FnMut(&mut Self, &mut Value, &str)) {
        for (index, item) in list.as_array_mut().into_iter().flatten().enumerate() {
            visit(self, item, &format!("{at}/{index}"));
        }
    }

    fn each_entry(&mut self, map: &mut Value, at: &str, mut visit: impl FnMut(&mut Self, &mut Value, &str)) {
        for (key, item) in map.as_object_mut().into_iter().flatten() {
            visit(self, item, &format!("{at}/{}", escape(key)));
        }
    }

    // -----------------------------------------------------------------------------------------------------
    // Schemas

    fn schema(&mut self, schema: &mut Value, at: &str) {
        if let Value::Bool(allowed) = schema {
            // 3.1 allows `true`/`false` wherever a schema goes; 3.0 only for `additionalProperties`.
            let allowed = *allowed;
            *schema = if allowed { Value::Object(Map::new()) } else { object([("not", Value::Object(Map::new()))]) };
            self.rewrote_31 = true;
            return;
        }
        let Some(object) = schema.as_object_mut() else { return };
        if object.contains_key("$ref") {
            let has_siblings = object.keys().any(|key| key != "$ref");
            if self.mode == Mode::Lenient30 || !has_siblings {
                return;
            }
            wrap_reference(object);
        }
        self.null_members(object, at);
        self.children(object, at);
        self.const_keyword(object);
        self.examples(object);
        self.exclusive_bounds(object);
        self.content_keywords(object);
        let branches = self.type_keyword(object, at);
        if self.mode == Mode::Full31 {
            self.unsupported_keywords(object, at);
        }
        repair_numbers(object, at, &mut self.notes);
        if branches {
            for branch in object.get_mut("anyOf").and_then(Value::as_array_mut).into_iter().flatten() {
                if let Some(branch) = branch.as_object_mut() {
                    repair_numbers(branch, at, &mut self.notes);
                }
            }
        }
    }

    fn children(&mut self, object: &mut Map<String, Value>, at: &str) {
        for (key, child) in object.iter_mut() {
            let pointer = || format!("{at}/{}", escape(key));
            match key.as_str() {
                "items" | "not" => self.schema(child, &pointer()),
                "additionalProperties" if child.is_object() => self.schema(child, &pointer()),
                "properties" => self.each_entry(child, &pointer(), Self::schema),
                "allOf" | "oneOf" | "anyOf" => self.each_item(child, &pointer(), Self::schema),
                _ => {}
            }
        }
    }

    /// `anyOf`/`oneOf` with a `{type: "null"}` member: the member goes, the schema becomes `nullable`; a single
    /// remaining member is the schema itself (a `$ref` through `allOf`, 3.0's way to annotate a reference).
    fn null_members(&mut self, object: &mut Map<String, Value>, at: &str) {
        for key in ["anyOf", "oneOf"] {
            let Some(list) = object.get_mut(key).and_then(Value::as_array_mut) else { continue };
            let before = list.len();
            list.retain(|member| !is_null_schema(member));
            if list.len() == before {
                continue;
            }
            self.rewrote_31 = true;
            object.insert("nullable".to_owned(), Value::Bool(true));
            let remaining = object.get(key).and_then(Value::as_array).map_or(0, Vec::len);
            match remaining {
                0 => {
                    object.shift_remove(key);
                    self.note(
                        &format!("{at}/{key}"),
                        format!("`{key}` allows only `null`; the schema is read as any value (nullable)"),
                    );
                }
                1 => {
                    let Some(Value::Array(mut list)) = object.shift_remove(key) else { continue };
                    let member = list.remove(0);
                    match member {
                        Value::Object(member) if member.contains_key("$ref") && !object.contains_key("allOf") => {
                            object.insert("allOf".to_owned(), Value::Array(vec![Value::Object(member)]));
                        }
                        Value::Object(member)
                            if !member.contains_key("$ref") && member.keys().all(|k| !object.contains_key(k)) =>
                        {
                            object.extend(member);
                        }
                        other => {
                            object.insert(key.to_owned(), Value::Array(vec![other]));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `const: v` is `enum: [v]`; without a `type`, the type is the value's.
    fn const_keyword(&mut self, object: &mut Map<String, Value>) {
        let Some(value) = object.shift_remove("const") else { return };
        self.rewrote_31 = true;
        if !object.contains_key("type") {
            let kind = match &value {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                Value::Number(_) => Some("number"),
                Value::Array(_) => Some("array"),
                Value::Object(_) => Some("object"),
                Value::Null => None,
            };
            if let Some(kind) = kind {
                object.insert("type".to_owned(), Value::String(kind.to_owned()));
            }
        }
        if value.is_null() {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
        match kind_of(object) {
            // openapiv3 reads `enum` on strings, numbers, integers and booleans only.
            Some("object" | "array") => {
                object.entry("example".to_owned()).or_insert(value.clone());
                object.insert("x-const".to_owned(), value);
            }
            _ => {
                object.insert("enum".to_owned(), Value::Array(vec![value]));
            }
        }
    }

    /// `type: [X, "null"]` is `type: X, nullable: true`; several types become `anyOf` with one branch per type,
    /// each with the keywords that apply to it. Returns whether branches were made.
    fn type_keyword(&mut self, object: &mut Map<String, Value>, at: &str) -> bool {
        let mut types: Vec<String> = match object.get("type") {
            Some(Value::Array(items)) => {
                let names: Option<Vec<String>> = items.iter().map(|item| item.as_str().map(str::to_owned)).collect();
                match names {
                    Some(names) => names,
                    None => return false, // not a list of names: left for the typed parse to report
                }
            }
            Some(Value::String(name)) if name == "null" => vec![name.clone()],
            _ => return false,
        };
        self.rewrote_31 = true;
        let mut seen = Vec::new();
        types.retain(|name| {
            let fresh = !seen.contains(name);
            seen.push(name.clone());
            fresh
        });
        if types.iter().any(|name| name == "null") {
            object.insert("nullable".to_owned(), Value::Bool(true));
            types.retain(|name| name != "null");
        }
        if types.iter().any(|t| t == "integer") && types.iter().any(|t| t == "number") {
            types.retain(|name| name != "integer"); // every integer is a number
        }
        match types.len() {
            0 => {
                object.shift_remove("type");
                self.note(&format!("{at}/type"), "a schema whose only type is `null` is read as any value (nullable)");
                false
            }
            1 => {
                object.insert("type".to_owned(), Value::String(types.remove(0)));
                false
            }
            _ if ["anyOf", "oneOf"].iter().any(|key| object.contains_key(*key)) => {
                self.note(
                    &format!("{at}/type"),
                    format!(
                        "`type: [{}]` beside `anyOf`/`oneOf` is read as `type: {}` alone",
                        types.join(", "),
                        types[0]
                    ),
                );
                object.insert("type".to_owned(), Value::String(types.remove(0)));
                false
            }
            _ => {
                object.shift_remove("type");
                let branches = types.iter().map(|kind| Value::Object(type_branch(object, kind))).collect();
                for keyword in BRANCH_KEYWORDS.iter().map(|(keyword, _)| keyword) {
                    object.shift_remove(*keyword);
                }
                object.shift_remove("enum");
                object.insert("anyOf".to_owned(), Value::Array(branches));
                true
            }
        }
    }

    /// Schema-level `examples: [a, b]` is `example: a` (the list is kept as `x-examples`).
    fn examples(&mut self, object: &mut Map<String, Value>) {
        let Some(Value::Array(list)) = object.get("examples") else { return };
        let list = list.clone();
        object.shift_remove("examples");
        self.rewrote_31 = true;
        if let Some(first) = list.first() {
            object.entry("example".to_owned()).or_insert(first.clone());
        }
        if list.len() > 1 {
            object.insert("x-examples".to_owned(), Value::Array(list));
        }
    }

    /// Numeric `exclusiveMinimum: n` is `minimum: n, exclusiveMinimum: true` (unless `minimum` is stricter).
    fn exclusive_bounds(&mut self, object: &mut Map<String, Value>) {
        for (exclusive, bound, stricter) in [
            ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
            ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
        ] {
            let Some(Value::Number(limit)) = object.get(exclusive).cloned() else { continue };
            self.rewrote_31 = true;
            let existing = object.get(bound).and_then(Value::as_f64);
            let limit_f = limit.as_f64().unwrap_or(0.0);
            let keep_bound = existing.is_some_and(|value| value.partial_cmp(&limit_f) == Some(stricter));
            if keep_bound {
                object.shift_remove(exclusive);
            } else {
                object.insert(bound.to_owned(), Value::Number(limit));
                object.insert(exclusive.to_owned(), Value::Bool(true));
            }
        }
    }

    /// `contentEncoding: base64` is `format: byte`; `contentMediaType` (raw content in a string) is
    /// `format: binary`.
    fn content_keywords(&mut self, object: &mut Map<String, Value>) {
        let encoding = object.shift_remove("contentEncoding");
        let media_type = object.shift_remove("contentMediaType");
        if encoding.is_none() && media_type.is_none() {
            return;
        }
        self.rewrote_31 = true;
        let format = match encoding.as_ref().and_then(Value::as_str) {
            Some("base64" | "base64url") => "byte",
            Some(_) => "binary",
            None => "binary",
        };
        object.entry("format".to_owned()).or_insert(Value::String(format.to_owned()));
        if let Some(media_type) = media_type {
            object.insert("x-contentMediaType".to_owned(), media_type);
        }
    }

    fn unsupported_keywords(&mut self, object: &mut Map<String, Value>, at: &str) {
        // Most schemas have none: a look at their few keys is cheaper than a removal per keyword.
        let unsupported = |key: &String| {
            matches!(key.as_str(), "$comment" | "patternProperties") || UNSUPPORTED_KEYWORDS.contains(&key.as_str())
        };
        if !object.keys().any(unsupported) {
            return;
        }
        object.shift_remove("$comment");
        if let Some(Value::Object(patterns)) = object.get("patternProperties").cloned() {
            object.shift_remove("patternProperties");
            let pointer = format!("{at}/patternProperties");
            if patterns.len() == 1 && !object.contains_key("additionalProperties") {
                let (pattern, mut schema) = patterns.into_iter().next().unwrap_or_default();
                self.schema(&mut schema, &format!("{pointer}/{}", escape(&pattern)));
                object.insert("additionalProperties".to_owned(), schema);
                self.note(
                    &pointer,
                    format!("`patternProperties` is read as `additionalProperties`; names are not checked against `{pattern}`"),
                );
            } else {
                self.note(&pointer, "`patternProperties` has no OpenAPI 3.0 equivalent; it is ignored");
            }
        }
        for keyword in UNSUPPORTED_KEYWORDS {
            if object.shift_remove(*keyword).is_some() {
                self.note(
                    &format!("{at}/{}", escape(keyword)),
                    format!("`{keyword}` (JSON Schema 2020-12) has no OpenAPI 3.0 equivalent; it is ignored"),
                );
            }
        }
    }
}

/// The keywords that belong to one `type` when a type list is split into branches.
const BRANCH_KEYWORDS: &[(&str, &[&str])] = &[
    ("minLength", &["string"]),
    ("maxLength", &["string"]),
    ("pattern", &["string"]),
    ("format", &["string", "number", "integer"]),
    ("minimum", &["number", "integer"]),
    ("maximum", &["number", "integer"]),
    ("exclusiveMinimum", &["number", "integer"]),
    ("exclusiveMaximum", &["number", "integer"]),
    ("multipleOf", &["number", "integer"]),
    ("items", &["array"]),
    ("minItems", &["array"]),
    ("maxItems", &["array"]),
    ("uniqueItems", &["array"]),
    ("properties", &["object"]),
    ("required", &["object"]),
    ("additionalProperties", &["object"]),
    ("minProperties", &["object"]),
    ("maxProperties", &["object"]),
];

fn type_branch(object: &Map<String, Value>, kind: &str) -> Map<String, Value> {
    let mut branch = Map::new();
    branch.insert("type".to_owned(), Value::String(kind.to_owned()));
    for (keyword, kinds) in BRANCH_KEYWORDS {
        if kinds.contains(&kind) {
            if let Some(value) = object.get(*keyword) {
                branch.insert((*keyword).to_owned(), value.clone());
            }
        }
    }
    if let Some(Value::Array(values)) = object.get("enum") {
        let fits = |value: &Value| match kind {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => false,
        };
        let values: Vec<Value> = values.iter().filter(|value| fits(value)).cloned().collect();
        if !values.is_empty() {
            branch.insert("enum".to_owned(), Value::Array(values));
        }
    }
    branch
}

/// `{$ref, description, …}` (siblings apply in 3.1) → `{allOf: [{$ref}], description, …}`.
fn wrap_reference(object: &mut Map<String, Value>) {
    let Some(reference) = object.shift_remove("$ref") else { return };
    let reference = object_value([("$ref", reference)]);
    match object.get_mut("allOf").and_then(Value::as_array_mut) {
        Some(list) => list.insert(0, reference),
        None => {
            object.insert("allOf".to_owned(), Value::Array(vec![reference]));
        }
    }
}

/// A member of `anyOf`/`oneOf` that only admits `null`.
fn is_null_schema(member: &Value) -> bool {
    let Some(object) = member.as_object() else { return false };
    let only_null_type = match object.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => !names.is_empty() && names.iter().all(|n| n.as_str() == Some("null")),
        _ => false,
    };
    let only_null_value = object.get("const").is_some_and(Value::is_null)
        || object.get("enum").and_then(Value::as_array).is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_null));
    let annotations_only = object.keys().all(|key| {
        ["type", "const", "enum", "description", "title", "nullable"].contains(&key.as_str()) || key.starts_with("x-")
    });
    (only_null_type || only_null_value) && annotations_only
}

fn kind_of(object: &Map<String, Value>) -> Option<&str> {
    object.get("type").and_then(Value::as_str)
}

fn rename_key(object: &mut Map<String, Value>, from: &str, to: &str) {
    if let Some(value) = object.shift_remove(from) {
        object.entry(to.to_owned()).or_insert(value);
    }
}

fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    object_value(entries)
}

fn object_value<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(entries.into_iter().map(|(key, value)| (key.to_owned(), value)).collect())
}

/// RFC 6901 unescaping of one reference token.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

// ---------------------------------------------------------------------------------------------------------
// Numbers 3.0's model cannot hold

/// Largest magnitude below which every integer is exactly a `f64`: beyond it, a float literal may not be the
/// number that was written.
const EXACT_FLOAT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// openapiv3 reads `minimum`/`maximum`/`multipleOf`/`enum` of an integer schema as `i64` (a value that does
/// not fit silently turns the schema into "any value"), and the length and count keywords as `usize` (a value
/// that does not fit fails the document). Such values are converted, or clamped with a note.
fn repair_numbers(object: &mut Map<String, Value>, at: &str, notes: &mut Vec<Note>) {
    let mut note = |keyword: &str, message: String| {
        notes.push(Note { pointer: format!("{at}/{keyword}"), message });
    };
    if kind_of(object) == Some("integer") {
        for (keyword, round_up) in [("minimum", true), ("maximum", false)] {
            let Some(Value::Number(number)) = object.get(keyword) else { continue };
            if number.is_i64() {
                continue;
            }
            let (value, exact) = integer_bound(number, round_up);
            if !exact {
                let written = show(number);
                note(
                    keyword,
                    format!("`{keyword}: {written}` does not fit a 64-bit integer; read as `{keyword}: {value}`"),
                );
                let exclusive = if keyword == "minimum" { "exclusiveMinimum" } else { "exclusiveMaximum" };
                if number.as_f64().is_some_and(|f| f.fract() != 0.0) {
                    object.shift_remove(exclusive); // rounding already excludes the fractional bound
                }
            }
            object.insert(keyword.to_owned(), Value::Number(value.into()));
        }
        if let Some(Value::Number(number)) = object.get("multipleOf") {
            if !number.is_i64() {
                match exact_integer(number) {
                    Some(value) => {
                        object.insert("multipleOf".to_owned(), Value::Number(value.into()));
                    }
                    None => {
                        let written = show(number);
                        note(
                            "multipleOf",
                            format!("`multipleOf: {written}` is not a 64-bit integer, which an integer schema needs; it is ignored"),
                        );
                        object.shift_remove("multipleOf");
                    }
                }
            }
        }
        if let Some(Value::Array(values)) = object.get_mut("enum") {
            let mut dropped = Vec::new();
            values.retain_mut(|value| match value {
                Value::Number(number) if !number.is_i64() => match exact_integer(number) {
                    Some(converted) => {
                        *value = Value::Number(converted.into());
                        true
                    }
                    None => {
                        dropped.push(show(number));
                        false
                    }
                },
                _ => true,
            });
            if !dropped.is_empty() {
                note(
                    "enum",
                    format!("enum value(s) {} do not fit a 64-bit integer; they are left out", dropped.join(", ")),
                );
            }
        }
    }
    for (keyword, round_up) in [
        ("minLength", true),
        ("maxLength", false),
        ("minItems", true),
        ("maxItems", false),
        ("minProperties", true),
        ("maxProperties", false),
    ] {
        let Some(Value::Number(number)) = object.get(keyword) else { continue };
        if number.is_u64() {
            continue;
        }
        let float = number.as_f64().unwrap_or(0.0);
        let rounded = if round_up { float.ceil() } else { float.floor() };
        let value = if rounded <= 0.0 {
            0
        } else if rounded >= u64::MAX as f64 {
            u64::MAX
        } else {
            rounded as u64
        };
        let exact = float.fract() == 0.0 && float >= 0.0 && float.abs() < EXACT_FLOAT_INTEGERS;
        if !exact {
            let written = show(number);
            note(keyword, format!("`{keyword}: {written}` is not a count; read as `{keyword}: {value}`"));
        }
        object.insert(keyword.to_owned(), Value::Number(value.into()));
    }
}

/// A number as a document would write it: integral floats without an exponent (`-9223372036854776000`, as
/// in the OpenAI spec, rather than `-9.223372036854776e18`).
fn show(number: &Number) -> String {
    match number.as_f64() {
        Some(float) if !number.is_i64() && !number.is_u64() && float.fract() == 0.0 && float.abs() < 1e21 => {
            format!("{float}")
        }
        _ => number.to_string(),
    }
}

/// The `i64` bound an integer schema's `minimum` (round up) or `maximum` (round down) means; `exact` when it
/// is the number written (an integral float small enough to be exact).
fn integer_bound(number: &Number, round_up: bool) -> (i64, bool) {
    if let Some(value) = exact_integer(number) {
        return (value, true);
    }
    if number.is_u64() {
        return (i64::MAX, false);
    }
    let float = number.as_f64().unwrap_or(0.0);
    let rounded = if round_up { float.ceil() } else { float.floor() };
    // `as` saturates at the bounds of i64; a float beyond 2^53 may not be the number written, so it is noted.
    (rounded as i64, false)
}

/// The number as an `i64` when it is one exactly (an integer, or an integral float below 2^53).
fn exact_integer(number: &Number) -> Option<i64> {
    if let Some(value) = number.as_i64() {
        return Some(value);
    }
    let float = number.as_f64()?;
    (float.fract() == 0.0 && float.abs() < EXACT_FLOAT_INTEGERS).then_some(float as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lower(mut document: Value) -> (Value, Vec<Note>) {
        let notes = lower_document(&mut document);
        (document, notes)
    }

    /// A 3.1 document whose only schema is `schema` (at `/components/schemas/S`); the lowered schema and notes.
    fn lower_schema(schema: Value) -> (Value, Vec<Note>) {
        let (document, notes) = lower(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"S": schema}}
        }));
        (document["components"]["schemas"]["S"].clone(), notes)
    }

    fn parses_as_30(schema: &Value) -> openapiv3::Schema {
        serde_json::from_value(schema.clone()).expect("the lowered schema is OpenAPI 3.0")
    }

    #[test]
    fn type_list_with_null_is_nullable() {
        let (schema, notes) = lower_schema(json!({"type": ["string", "null"], "maxLength": 3}));
        assert_eq!(schema, json!({"type": "string", "maxLength": 3, "nullable": true}));
        assert!(notes.is_empty(), "{notes:?}");
        let parsed = parses_as_30(&schema);
        assert!(parsed.schema_data.nullable);
        assert!(matches!(parsed.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(_))));
    }

    #[test]
    fn type_list_of_several_types_becomes_any_of_with_keywords_split() {
        let (schema, notes) = lower_schema(json!({
            "type": ["string", "integer", "null"], "maxLength": 3, "minimum": 1, "enum": ["a", 2, null],
            "description": "d"
        }));
        assert_eq!(
            schema,
            json!({
                "description": "d",
                "nullable": true,
                "anyOf": [
                    {"type": "string", "maxLength": 3, "enum": ["a"]},
                    {"type": "integer", "minimum": 1, "enum": [2]}
                ]
            })
        );
        assert!(notes.is_empty(), "{notes:?}");
        assert!(matches!(parses_as_30(&schema).schema_kind, openapiv3::SchemaKind::AnyOf { .. }));
        let (schema, _) = lower_schema(json!({"type": ["integer", "number"]}));
        assert_eq!(schema, json!({"type": "number"}), "integer is a number");
    }

    #[test]
    fn null_only_type_is_any_value_with_a_note() {
        let (schema, notes) = lower_schema(json!({"type": "null"}));
        assert_eq!(schema, json!({"nullable": true}));
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].pointer, "/components/schemas/S/type");
        assert!(notes[0].message.contains("only type is `null`"), "{notes:?}");
    }

    #[test]
    fn const_is_a_one_value_enum_typed_by_its_value() {
        let (schema, notes) = lower_schema(json!({"const": "fixed"}));
        assert_eq!(schema, json!({"type": "string", "enum": ["fixed"]}));
        assert!(notes.is_empty());
        let (schema, _) = lower_schema(json!({"type": "integer", "const": 3}));
        assert_eq!(schema, json!({"type": "integer", "enum": [3]}));
        let (schema, _) = lower_schema(json!({"const": {"a": 1}}));
        assert_eq!(schema, json!({"type": "object", "example": {"a": 1}, "x-const": {"a": 1}}));
        parses_as_30(&schema);
    }

    #[test]
    fn examples_list_becomes_example() {
        let (schema, _) = lower_schema(json!({"type": "string", "examples": ["a", "b"]}));
        assert_eq!(schema, json!({"type": "string", "example": "a", "x-examples": ["a", "b"]}));
        let (schema, _) = lower_schema(json!({"type": "string", "examples": ["a"], "example": "z"}));
        assert_eq!(schema, json!({"type": "string", "example": "z"}));
    }

    #[test]
    fn any_of_with_a_null_member_is_nullable() {
        let (schema, notes) = lower_schema(json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}));
        assert_eq!(schema, json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]}));
        assert!(notes.is_empty());
        let (schema, _) = lower_schema(
            json!({"oneOf": [{"type": "string", "format": "uuid"}, {"type": "null"}], "description": "d"}),
        );
        assert_eq!(schema, json!({"description": "d", "nullable": true, "type": "string", "format": "uuid"}));
        let (schema, _) = lower_schema(json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"const": null}]}));
        assert_eq!(schema, json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}));
        let (schema, notes) = lower_schema(json!({"anyOf": [{"type": "null"}]}));
        assert_eq!(schema, json!({"nullable": true}));
        assert_eq!(notes[0].pointer, "/components/schemas/S/anyOf");
    }

    #[test]
    fn numeric_exclusive_bounds_become_flags() {
        let (schema, _) = lower_schema(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10.5}));
        assert_eq!(
            schema,
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10.5, "exclusiveMaximum": true})
        );
        let parsed = parses_as_30(&schema);
        let openapiv3::SchemaKind::Type(openapiv3::Type::Number(number)) = parsed.schema_kind else {
            panic!("a number schema: {schema}")
        };
        assert!(number.exclusive_minimum && number.exclusive_maximum);
        // A stricter `minimum` wins over the exclusive bound.
        let (schema, _) = lower_schema(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 1}));
        assert_eq!(schema, json!({"type": "integer", "minimum": 5}));
    }

    #[test]
    fn ref_with_siblings_becomes_all_of() {
        let (schema, _) = lower_schema(json!({"$ref": "#/components/schemas/T", "description": "why"}));
        assert_eq!(schema, json!({"description": "why", "allOf": [{"$ref": "#/components/schemas/T"}]}));
        // A 3.0 document's `$ref` siblings are ignored, as 3.0 says.
        let (document, _) = lower(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"S": {"$ref": "#/components/schemas/T", "description": "why"}}}
        }));
        assert_eq!(
            document["components"]["schemas"]["S"],
            json!({"$ref": "#/components/schemas/T", "description": "why"})
        );
    }

    #[test]
    fn content_encoding_and_media_type_become_formats() {
        let (schema, _) = lower_schema(json!({"type": "string", "contentEncoding": "base64"}));
        assert_eq!(schema, json!({"type": "string", "format": "byte"}));
        let (schema, _) = lower_schema(json!({"type": "string", "contentMediaType": "image/png"}));
        assert_eq!(schema, json!({"type": "string", "format": "binary", "x-contentMediaType": "image/png"}));
    }

    #[test]
    fn boolean_schemas_become_objects() {
        let (schema, _) = lower_schema(json!({"type": "array", "items": true}));
        assert_eq!(schema, json!({"type": "array", "items": {}}));
        let (schema, _) = lower_schema(json!({"type": "object", "properties": {"gone": false}}));
        assert_eq!(schema, json!({"type": "object", "properties": {"gone": {"not": {}}}}));
    }

    #[test]
    fn keywords_without_a_30_equivalent_are_noted() {
        let (schema, notes) = lower_schema(json!({
            "type": "object", "$comment": "c", "unevaluatedProperties": false,
            "patternProperties": {"^x-": {"type": "string"}}
        }));
        assert_eq!(schema, json!({"type": "object", "additionalProperties": {"type": "string"}}));
        let pointers: Vec<&str> = notes.iter().map(|n| n.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/components/schemas/S/patternProperties", "/components/schemas/S/unevaluatedProperties"],
            "{notes:?}"
        );
    }

    #[test]
    fn document_level_31_features() {
        let (document, notes) = lower(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}},
            "components": {
                "pathItems": {"Pets": {"get": {"responses": {"200": {"description": "ok"}}}}},
                "securitySchemes": {"mtls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "in": "header", "name": "k"}}
            },
            "security": [{"mtls": [], "key": []}]
        }));
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(document["paths"], json!({}), "`paths` is optional in 3.1");
        assert_eq!(document["info"]["x-summary"], "s");
        assert_eq!(document["info"]["license"]["x-identifier"], "MIT");
        assert!(document.get("webhooks").is_none() && document.get("jsonSchemaDialect").is_none());
        assert!(document["components"].get("pathItems").is_none());
        assert_eq!(document["security"], json!([{"key": []}]));
        let pointers: Vec<&str> = notes.iter().map(|n| n.pointer.as_str()).collect();
        assert_eq!(pointers, ["/jsonSchemaDialect", "/webhooks", "/components/securitySchemes/mtls"], "{notes:?}");
        serde_json::from_value::<openapiv3::OpenAPI>(document).expect("3.0 document");
    }

    #[test]
    fn path_item_references_are_inlined_and_responses_optional() {
        let (document, notes) = lower(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/pets": {"$ref": "#/components/pathItems/Pets"}, "/a": {"get": {}}},
            "components": {"pathItems": {"Pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok"}}}}}}
        }));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(document["paths"]["/pets"]["get"]["operationId"], "listPets");
        assert_eq!(document["paths"]["/a"]["get"]["responses"], json!({}));
        serde_json::from_value::<openapiv3::OpenAPI>(document).expect("3.0 document");
    }

    #[test]
    fn reference_objects_lose_their_overrides_with_a_note() {
        let (document, notes) = lower(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/Ok", "description": "mine"}}}}}
        }));
        assert_eq!(document["paths"]["/a"]["get"]["responses"]["200"], json!({"$ref": "#/components/responses/Ok"}));
        assert_eq!(notes[0].pointer, "/paths/~1a/get/responses/200/description");
    }

    #[test]
    fn a_30_document_with_31_constructs_is_read_leniently_with_a_note() {
        let (document, notes) = lower(json!({
            "openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"S": {"type": ["string", "null"]}}}
        }));
        assert_eq!(document["components"]["schemas"]["S"], json!({"type": "string", "nullable": true}));
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].pointer, "/openapi");
    }

    #[test]
    fn properties_named_like_keywords_are_not_keywords() {
        let (schema, notes) = lower_schema(json!({
            "type": "object",
            "properties": {"type": {"type": "string"}, "const": {"type": ["integer", "null"]}}
        }));
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {"type": {"type": "string"}, "const": {"type": "integer", "nullable": true}}})
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn integer_bounds_outside_i64_are_clamped_with_a_note() {
        // OpenAI's spec: `minimum: -9223372036854776000`, a float beyond what i64 holds exactly.
        let (schema, notes) = lower_schema(json!({
            "type": "integer", "minimum": -9223372036854776000.0, "maximum": 18446744073709551615u64, "multipleOf": 0.5
        }));
        assert_eq!(schema, json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX}));
        let messages: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`minimum: -9223372036854776000` does not fit a 64-bit integer; read as `minimum: -9223372036854775808`",
                "`maximum: 18446744073709551615` does not fit a 64-bit integer; read as `maximum: 9223372036854775807`",
                "`multipleOf: 0.5` is not a 64-bit integer, which an integer schema needs; it is ignored",
            ]
        );
        assert_eq!(notes[0].pointer, "/components/schemas/S/minimum");
        let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) = parses_as_30(&schema).schema_kind else {
            panic!("an integer schema: {schema}")
        };
        assert_eq!((integer.minimum, integer.maximum), (Some(i64::MIN), Some(i64::MAX)));
    }

    #[test]
    fn integral_floats_convert_silently_and_fractions_round_inwards() {
        let (schema, notes) =
            lower_schema(json!({"type": "integer", "minimum": 1.0, "maximum": 1e3, "enum": [1.0, 2]}));
        assert_eq!(schema, json!({"type": "integer", "minimum": 1, "maximum": 1000, "enum": [1, 2]}));
        assert!(notes.is_empty(), "{notes:?}");
        let (schema, notes) = lower_schema(json!({"type": "integer", "minimum": 0.5, "exclusiveMinimum": true}));
        assert_eq!(schema, json!({"type": "integer", "minimum": 1}));
        assert_eq!(notes.len(), 1);
        let (schema, notes) = lower_schema(json!({"type": "string", "maxLength": 1e20, "minLength": -1}));
        assert_eq!(schema, json!({"type": "string", "maxLength": 100000000000000000000.0f64 as u64, "minLength": 0}));
        assert_eq!(notes.len(), 2, "{notes:?}");
        parses_as_30(&schema);
    }

    #[test]
    fn numbers_are_repaired_in_30_documents_too() {
        let (document, notes) = lower(json!({
            "openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"parameters": [{"name": "n", "in": "query", "schema": {"type": "integer", "maximum": 1e30}}], "responses": {}}}}
        }));
        assert_eq!(document["paths"]["/a"]["get"]["parameters"][0]["schema"]["maximum"], json!(i64::MAX));
        assert_eq!(notes.len(), 1, "no 3.1 note for a repair: {notes:?}");
        assert_eq!(notes[0].pointer, "/paths/~1a/get/parameters/0/schema/maximum");
    }
}
