//! Schemas from documentation and JSON examples, shared by the markdown front-ends: the [`Shape`] tree both
//! build, inference of shapes from examples, the merge of documented and example shapes, the lenient JSON
//! reader that keeps every value's place, and the small pieces every one-operation page document needs.
//!
//! Why a tree of our own instead of building `openapiv3::Schema` directly: documentation and examples must be
//! merged field by field, and a field's requiredness can be *unstated* (a bullet list that names a field but
//! says nothing about requiredness), which `ObjectType::required` cannot express. The tree keeps that
//! difference until [`shape_to_schema`] turns it into OpenAPI.
//!
//! Rules (the contract with the rest of the pipeline):
//! - An example object field present in every example object at that place is required; missing from some,
//!   optional. A documented statement of requiredness always wins over this count.
//! - `null` makes a field nullable (also a documented one: the example is evidence the prose left out, and the
//!   example must deserialize into the generated type).
//! - Integer and number meet as number. Other disagreements between examples make the field free-form, with a
//!   warning; between documentation and example the documentation wins, with a warning.
//! - No `format` is guessed from example strings: a timestamp-looking example does not make a `date-time`.

use heck::ToLowerCamelCase;
use indexmap::IndexMap;
use openapiv3::{
    AnySchema, ArrayType, BooleanType, IntegerType, NumberType, ObjectType, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringType, Type,
};
use serde_json::Value;

use super::openapi::text::Embedding;
use crate::diagnostic::{line_column, Diagnostics, Location, SourceFile};

/// What a field or body is, as documentation and examples together say.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub kind: Kind,
    pub nullable: bool,
    pub description: Option<String>,
    pub default: Option<Value>,
    pub enumeration: Vec<Value>,
    pub deprecated: bool,
    /// Where this shape was first documented or seen; becomes `x-source`.
    pub origin: Option<Location>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Nothing is known yet (only `null` seen, or no type given).
    Unknown,
    /// Evidence disagrees (a string here, an object there): any JSON value.
    Any,
    Boolean,
    Integer,
    Number,
    String,
    /// `None`: an array whose item type nobody stated or showed.
    Array(Option<Box<Shape>>),
    Object(ObjectShape),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObjectShape {
    pub fields: IndexMap<String, Field>,
    /// How many example objects were merged into this one (0 for a purely documented object).
    pub samples: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub shape: Shape,
    /// `None`: the documentation does not say; the examples decide.
    pub required: Option<bool>,
    /// In how many of the merged example objects the field occurs.
    pub present: usize,
}

/// A JSON value with the byte offset (in the example text) where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    pub offset: usize,
    pub kind: JsonKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JsonKind {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<JsonMember>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsonMember {
    pub key: String,
    pub key_offset: usize,
    pub value: Json,
}

/// A JSON text read leniently: its value, and each liberty taken to read it (a trailing comma, a comment, an
/// elided `...`), so that the caller can warn about each at its place.
#[derive(Debug, Clone, PartialEq)]
pub struct LenientJson {
    pub value: Json,
    pub repairs: Vec<JsonNote>,
}

/// A place in a JSON text and what happened there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonNote {
    pub offset: usize,
    pub message: String,
}

/// A JSON example inside a page: its text and where that text sits, so offsets become page locations.
#[derive(Debug, Clone, Copy)]
pub struct ExampleText<'a> {
    pub file: &'a SourceFile,
    pub text: &'a str,
    pub embedding: Embedding,
}

impl<'a> ExampleText<'a> {
    /// A fenced code block's content: it starts on the line after the fence, shifted by the fence's indent.
    pub fn of_code(file: &'a SourceFile, code: &'a markdown::mdast::Code) -> ExampleText<'a> {
        let embedding = match &code.position {
            Some(position) => {
                Embedding { first_line: position.start.line + 1, column_shift: position.start.column - 1 }
            }
            None => Embedding::whole_file(),
        };
        ExampleText { file, text: &code.value, embedding }
    }

    pub fn location(&self, offset: usize) -> Location {
        let (line, column) = line_column(self.text, offset);
        self.embedding.locate(self.file, line, column)
    }
}

impl Shape {
    pub fn new(kind: Kind) -> Shape {
        Shape {
            kind,
            nullable: false,
            description: None,
            default: None,
            enumeration: Vec::new(),
            deprecated: false,
            origin: None,
        }
    }

    pub fn at(mut self, origin: Location) -> Shape {
        self.origin = Some(origin);
        self
    }

    pub fn object(fields: IndexMap<String, Field>) -> Shape {
        Shape::new(Kind::Object(ObjectShape { fields, samples: 0 }))
    }

    pub fn array_of(items: Shape) -> Shape {
        Shape::new(Kind::Array(Some(Box::new(items))))
    }

    /// A word for the kind, for messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Unknown => "unknown",
            Kind::Any => "any value",
            Kind::Boolean => "boolean",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Array(_) => "array",
            Kind::Object(_) => "object",
        }
    }
}

impl Field {
    pub fn documented(shape: Shape, required: Option<bool>) -> Field {
        Field { shape, required, present: 0 }
    }
}

impl Json {
    /// The plain `serde_json` value (a duplicate key keeps its last value, as `serde_json` does).
    pub fn to_value(&self) -> Value {
        match &self.kind {
            JsonKind::Null => Value::Null,
            JsonKind::Bool(b) => Value::Bool(*b),
            JsonKind::Number(n) => Value::Number(n.clone()),
            JsonKind::String(s) => Value::String(s.clone()),
            JsonKind::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            JsonKind::Object(members) => {
                let mut map = serde_json::Map::new();
                for member in members {
                    map.insert(member.key.clone(), member.value.to_value());
                }
                Value::Object(map)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Reading examples

/// Reads a JSON example leniently, warning at the place of every liberty taken. `None` (with a warning) when
/// the text is not JSON even leniently; an example is never a reason to stop deriving the page.
pub fn read_example(example: ExampleText<'_>, what: &str, diags: &mut Diagnostics) -> Option<Json> {
    match read_json_lenient(example.text) {
        Ok(read) => {
            for repair in read.repairs {
                diags.warning_at(&example.location(repair.offset), format!("{what}: {}", repair.message));
            }
            Some(read.value)
        }
        Err(failure) => {
            diags.warning_at(
                &example.location(failure.offset),
                format!("{what} is not JSON ({}); no schema is inferred from it", failure.message),
            );
            None
        }
    }
}

/// Whether a text looks like it is meant to be JSON (so that a parse failure is worth a warning, and a
/// `bash` block is not mistaken for a body).
pub fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '['))
}

/// Reads JSON, accepting what documentation pages get wrong: trailing commas, `//` and `/* */` comments, and a
/// lone `...` standing for elided elements. Every such liberty is recorded; anything else is an error.
pub fn read_json_lenient(text: &str) -> Result<LenientJson, JsonNote> {
    let mut reader = JsonReader { text, bytes: text.as_bytes(), pos: 0, repairs: Vec::new() };
    reader.skip_space()?;
    let value = match reader.read_value(0)? {
        Some(value) => value,
        None => return Err(reader.error("expected a JSON value, found `...`")),
    };
    reader.skip_space()?;
    if reader.pos < reader.bytes.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(LenientJson { value, repairs: reader.repairs })
}

/// Deeper nesting than this is refused rather than risking the stack on hostile input.
const MAX_JSON_DEPTH: usize = 128;

struct JsonReader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    repairs: Vec<JsonNote>,
}

impl JsonReader<'_> {
    fn error(&self, message: &str) -> JsonNote {
        JsonNote { offset: self.pos, message: message.to_owned() }
    }

    fn note(&mut self, offset: usize, message: &str) {
        self.repairs.push(JsonNote { offset, message: message.to_owned() });
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace and comments (noting each comment).
    fn skip_space(&mut self) -> Result<(), JsonNote> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    self.note(self.pos, "a `//` comment is not JSON; ignored");
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    let start = self.pos;
                    match self.text[self.pos + 2..].find("*/") {
                        Some(end) => self.pos += 2 + end + 2,
                        None => return Err(self.error("a `/*` comment is never closed")),
                    }
                    self.note(start, "a `/* */` comment is not JSON; ignored");
                }
                _ => return Ok(()),
            }
        }
    }

    /// A value, or `None` for an elided `...` (noted).
    fn read_value(&mut self, depth: usize) -> Result<Option<Json>, JsonNote> {
        if depth > MAX_JSON_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        let offset = self.pos;
        let kind = match self.peek() {
            None => return Err(self.error("unexpected end of the example")),
            Some(b'{') => self.read_object(depth)?,
            Some(b'[') => self.read_array(depth)?,
            Some(b'"') => JsonKind::String(self.read_string()?),
            Some(b'-' | b'0'..=b'9') => self.read_number()?,
            Some(b'.') if self.text[self.pos..].starts_with("...") => {
                self.pos += 3;
                // `…` after the dots (`...more`) is part of the same placeholder.
                while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'.') {
                    self.pos += 1;
                }
                self.note(offset, "`...` stands for elided content, which is not JSON; skipped");
                return Ok(None);
            }
            Some(_) => {
                let word = self.text[self.pos..].split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("");
                let kind = match word {
                    "null" => JsonKind::Null,
                    "true" => JsonKind::Bool(true),
                    "false" => JsonKind::Bool(false),
                    _ => {
                        return Err(
                            self.error("expected a JSON value (an object, array, string, number, true, false or null)")
                        )
                    }
                };
                self.pos += word.len();
                kind
            }
        };
        Ok(Some(Json { offset, kind }))
    }

    fn read_object(&mut self, depth: usize) -> Result<JsonKind, JsonNote> {
        self.pos += 1;
        let mut members: Vec<JsonMember> = Vec::new();
        let mut comma_at: Option<usize> = None;
        loop {
            self.skip_space()?;
            match self.peek() {
                Some(b'}') => {
                    if let Some(comma) = comma_at {
                        self.note(comma, "trailing comma is not JSON; accepted");
                    }
                    self.pos += 1;
                    return Ok(JsonKind::Object(members));
                }
                Some(b'"') => {
                    let key_offset = self.pos;
                    let key = self.read_string()?;
                    self.skip_space()?;
                    if self.peek() != Some(b':') {
                        return Err(self.error("expected `:` after an object key"));
                    }
                    self.pos += 1;
                    self.skip_space()?;
                    if let Some(value) = self.read_value(depth + 1)? {
                        if members.iter().any(|m| m.key == key) {
                            self.note(key_offset, &format!("duplicate key `{key}`; the last value is kept"));
                        }
                        members.push(JsonMember { key, key_offset, value });
                    }
                }
                // `{ "a": 1, ... }`: elided members.
                Some(b'.') if self.text[self.pos..].starts_with("...") => {
                    let _ = self.read_value(depth + 1)?;
                }
                Some(_) => return Err(self.error("expected a quoted object key")),
                None => return Err(self.error("unexpected end of the example: an object is not closed")),
            }
            self.skip_space()?;
            comma_at = None;
            match self.peek() {
                Some(b',') => {
                    comma_at = Some(self.pos);
                    self.pos += 1;
                }
                Some(b'}') => {}
                None => return Err(self.error("unexpected end of the example: an object is not closed")),
                Some(_) => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn read_array(&mut self, depth: usize) -> Result<JsonKind, JsonNote> {
        self.pos += 1;
        let mut items = Vec::new();
        let mut expecting_item = true;
        let mut comma_at: Option<usize> = None;
        loop {
            self.skip_space()?;
            match self.peek() {
                Some(b']') => {
                    if let Some(comma) = comma_at {
                        self.note(comma, "trailing comma is not JSON; accepted");
                    }
                    self.pos += 1;
                    return Ok(JsonKind::Array(items));
                }
                None => return Err(self.error("unexpected end of the example: an array is not closed")),
                Some(_) if !expecting_item => return Err(self.error("expected `,` or `]`")),
                Some(_) => {
                    if let Some(item) = self.read_value(depth + 1)? {
                        items.push(item);
                    }
                }
            }
            self.skip_space()?;
            comma_at = None;
            match self.peek() {
                Some(b',') => {
                    comma_at = Some(self.pos);
                    self.pos += 1;
                    expecting_item = true;
                }
                _ => expecting_item = false,
            }
        }
    }

    /// A string literal, decoded by `serde_json` so that escapes follow JSON exactly.
    fn read_string(&mut self) -> Result<String, JsonNote> {
        let start = self.pos;
        let mut index = self.pos + 1;
        loop {
            match self.bytes.get(index) {
                None => return Err(self.error("a string is never closed")),
                Some(b'\\') => index += 2,
                Some(b'"') => break,
                Some(_) => index += 1,
            }
        }
        let literal = self.text.get(start..=index).unwrap_or("");
        match serde_json::from_str::<String>(literal) {
            Ok(value) => {
                self.pos = index + 1;
                Ok(value)
            }
            Err(error) => Err(self.error(&format!("invalid string: {}", strip_position(&error.to_string())))),
        }
    }

    fn read_number(&mut self) -> Result<JsonKind, JsonNote> {
        let start = self.pos;
        let mut end = self.pos;
        while matches!(self.bytes.get(end), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
            end += 1;
        }
        match serde_json::from_str::<serde_json::Number>(&self.text[start..end]) {
            Ok(number) => {
                self.pos = end;
                Ok(JsonKind::Number(number))
            }
            Err(_) => Err(self.error(&format!("invalid number `{}`", &self.text[start..end]))),
        }
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Inference and merging

/// The shape one example shows; values are placed where they start, object fields at their keys.
/// Disagreements between the elements of one array are warned about in `diags`.
pub fn infer_shape(json: &Json, example: ExampleText<'_>, diags: &mut Diagnostics) -> Shape {
    let origin = example.location(json.offset);
    let kind = match &json.kind {
        JsonKind::Null => {
            let mut shape = Shape::new(Kind::Unknown).at(origin);
            shape.nullable = true;
            return shape;
        }
        JsonKind::Bool(_) => Kind::Boolean,
        JsonKind::Number(n) if n.is_i64() || n.is_u64() => Kind::Integer,
        JsonKind::Number(_) => Kind::Number,
        JsonKind::String(_) => Kind::String,
        JsonKind::Array(items) => {
            let shapes = items.iter().map(|item| infer_shape(item, example, diags)).collect();
            Kind::Array(unify_all(shapes, "array item", diags).map(Box::new))
        }
        JsonKind::Object(members) => {
            let mut fields: IndexMap<String, Field> = IndexMap::new();
            for member in members {
                let shape = infer_shape(&member.value, example, diags).at(example.location(member.key_offset));
                // A duplicate key was noted by the reader; the last value wins, as in `Json::to_value`.
                fields.insert(member.key.clone(), Field { shape, required: None, present: 1 });
            }
            Kind::Object(ObjectShape { fields, samples: 1 })
        }
    };
    Shape::new(kind).at(origin)
}

/// Merges the shape of one more example into `acc` (both are examples: neither wins; disagreement makes the
/// value free-form, with a warning naming `path`).
pub fn unify_examples(acc: &mut Shape, other: Shape, path: &str, diags: &mut Diagnostics) {
    acc.nullable |= other.nullable;
    if acc.origin.is_none() {
        acc.origin = other.origin.clone();
    }
    let other_name = other.kind_name();
    let taken = std::mem::replace(&mut acc.kind, Kind::Unknown);
    acc.kind = match (taken, other.kind) {
        (Kind::Unknown, kind) | (kind, Kind::Unknown) => kind,
        (Kind::Any, _) | (_, Kind::Any) => Kind::Any,
        (Kind::Integer, Kind::Number) | (Kind::Number, Kind::Integer) => Kind::Number,
        (Kind::Array(mine), Kind::Array(theirs)) => Kind::Array(match (mine, theirs) {
            (None, items) | (items, None) => items,
            (Some(mut mine), Some(theirs)) => {
                unify_examples(&mut mine, *theirs, &format!("{path}[]"), diags);
                Some(mine)
            }
        }),
        (Kind::Object(mut mine), Kind::Object(theirs)) => {
            mine.samples += theirs.samples;
            for (name, field) in theirs.fields {
                match mine.fields.get_mut(&name) {
                    Some(existing) => {
                        existing.present += field.present;
                        unify_examples(&mut existing.shape, field.shape, &format!("{path}.{name}"), diags);
                    }
                    None => {
                        mine.fields.insert(name, field);
                    }
                }
            }
            Kind::Object(mine)
        }
        (mine, theirs) if mine == theirs => mine,
        (mine, _) => {
            let mine_name = Shape::new(mine).kind_name();
            // Example shapes always carry their origin; the fallback keeps the warning if one ever does not.
            let place = other.origin.clone().or_else(|| acc.origin.clone()).unwrap_or_else(|| Location::new("", 1, 1));
            diags.warning_at(
                &place,
                format!("examples disagree about `{path}`: {mine_name} in one place, {other_name} here; it is typed as any JSON value"),
            );
            Kind::Any
        }
    };
}

/// Merges what an example shows into what the documentation says. The documentation wins on type,
/// requiredness and description; the example fills in what it leaves out (an unstated type, array items,
/// object fields nobody named) and makes a field nullable when it shows `null`. Disagreements are warned
/// about at the example's place.
pub fn merge_example_into_documented(documented: &mut Shape, example: Shape, path: &str, diags: &mut Diagnostics) {
    documented.nullable |= example.nullable;
    if documented.origin.is_none() {
        documented.origin = example.origin.clone();
    }
    let example_name = example.kind_name();
    let example_origin = example.origin.clone();
    match (&mut documented.kind, example.kind) {
        (_, Kind::Unknown) => {}
        (documented_kind @ Kind::Unknown, kind) => *documented_kind = kind,
        // `Any` from the documentation is a deliberate "any value"; from examples it was already reported.
        (Kind::Any, _) | (_, Kind::Any) => {}
        (Kind::Number, Kind::Integer) => {}
        (Kind::Array(items), Kind::Array(example_items)) => match (items, example_items) {
            (_, None) => {}
            (items @ None, Some(example_items)) => *items = Some(example_items),
            (Some(items), Some(example_items)) => {
                merge_example_into_documented(items, *example_items, &format!("{path}[]"), diags)
            }
        },
        (Kind::Object(object), Kind::Object(example_object)) => {
            object.samples += example_object.samples;
            for (name, field) in example_object.fields {
                match object.fields.get_mut(&name) {
                    Some(existing) => {
                        existing.present += field.present;
                        merge_example_into_documented(
                            &mut existing.shape,
                            field.shape,
                            &format!("{path}.{name}"),
                            diags,
                        );
                    }
                    None => {
                        object.fields.insert(name, field);
                    }
                }
            }
        }
        (documented_kind, example_kind) => {
            if *documented_kind != example_kind {
                let documented_name = Shape::new(documented_kind.clone()).kind_name();
                if let Some(place) = example_origin {
                    diags.warning_at(
                        &place,
                        format!("the example gives {example_name} for `{path}`, documented as {documented_name}; the documented type is kept"),
                    );
                }
            }
        }
    }
}

/// Folds several examples of one body into one shape (`None` when there are none).
pub fn unify_all(shapes: Vec<Shape>, path: &str, diags: &mut Diagnostics) -> Option<Shape> {
    let mut iter = shapes.into_iter();
    let mut acc = iter.next()?;
    for shape in iter {
        unify_examples(&mut acc, shape, path, diags);
    }
    Some(acc)
}

// ---------------------------------------------------------------------------------------------------------
// To OpenAPI

/// The OpenAPI schema of a shape, with `x-source` on every level that has an origin.
pub fn shape_to_schema(shape: &Shape) -> Schema {
    // Properties required only because every example has them: the page never says so.
    let mut required_from_examples = Vec::new();
    let schema_kind = match &shape.kind {
        Kind::Unknown | Kind::Any => {
            SchemaKind::Any(AnySchema { enumeration: shape.enumeration.clone(), ..AnySchema::default() })
        }
        Kind::Boolean => {
            SchemaKind::Type(Type::Boolean(BooleanType { enumeration: enum_values(shape, |v| v.as_bool()) }))
        }
        Kind::Integer => SchemaKind::Type(Type::Integer(IntegerType {
            enumeration: enum_values(shape, |v| v.as_i64()),
            ..IntegerType::default()
        })),
        Kind::Number => SchemaKind::Type(Type::Number(NumberType {
            enumeration: enum_values(shape, |v| v.as_f64()),
            ..NumberType::default()
        })),
        Kind::String => SchemaKind::Type(Type::String(StringType {
            enumeration: enum_values(shape, |v| v.as_str().map(str::to_owned)),
            ..StringType::default()
        })),
        Kind::Array(items) => {
            // OpenAPI 3.0 requires `items`; an unknown item type is the empty schema (any value).
            let items = match items {
                Some(items) => shape_to_schema(items),
                None => {
                    Schema { schema_data: SchemaData::default(), schema_kind: SchemaKind::Any(AnySchema::default()) }
                }
            };
            SchemaKind::Type(Type::Array(ArrayType {
                items: Some(ReferenceOr::Item(Box::new(items))),
                min_items: None,
                max_items: None,
                unique_items: false,
            }))
        }
        Kind::Object(object) => {
            let mut properties = IndexMap::new();
            let mut required = Vec::new();
            for (name, field) in &object.fields {
                properties.insert(name.clone(), ReferenceOr::Item(Box::new(shape_to_schema(&field.shape))));
                if is_required(field, object.samples) {
                    required.push(name.clone());
                    if field.required.is_none() {
                        required_from_examples.push(Value::String(name.clone()));
                    }
                }
            }
            SchemaKind::Type(Type::Object(ObjectType { properties, required, ..ObjectType::default() }))
        }
    };
    let mut schema_data = SchemaData {
        nullable: shape.nullable,
        deprecated: shape.deprecated,
        description: shape.description.clone(),
        default: shape.default.clone(),
        ..SchemaData::default()
    };
    if let Some(origin) = &shape.origin {
        schema_data.extensions.insert("x-source".to_owned(), x_source(origin));
    }
    if !required_from_examples.is_empty() {
        schema_data.extensions.insert(REQUIRED_FROM_EXAMPLES.to_owned(), Value::Array(required_from_examples));
    }
    Schema { schema_data, schema_kind }
}

/// The extension of an object schema that lists the `required` properties whose requiredness no document
/// states: every example has them. Lowering keeps such a property optional where only responses use it.
pub const REQUIRED_FROM_EXAMPLES: &str = "x-docgen-required-from-examples";

/// Required when the documentation says so, or (unstated) when every merged example object has it.
pub fn is_required(field: &Field, samples: usize) -> bool {
    field.required.unwrap_or(samples > 0 && field.present == samples)
}

fn enum_values<T>(shape: &Shape, convert: impl Fn(&Value) -> Option<T>) -> Vec<Option<T>> {
    let mut values: Vec<Option<T>> = shape.enumeration.iter().filter_map(|v| convert(v).map(Some)).collect();
    // A nullable enum lists `null` among its values, or validators reject `null`.
    if shape.nullable && !values.is_empty() {
        values.push(None);
    }
    values
}

/// A default value stated in prose: "Default value is 5.", "Defaults to `true`", "Default: 10". Only values
/// that read as a JSON scalar or a quoted/backticked word are taken; "defaults to an empty list" is not a value.
pub fn stated_default(text: &str) -> Option<Value> {
    let lower = text.to_ascii_lowercase();
    let phrases = ["default value is", "defaults to", "default is", "default:", "default value:", "default ="];
    let (index, phrase) = phrases.iter().filter_map(|p| lower.find(p).map(|i| (i, *p))).min()?;
    let rest = text.get(index + phrase.len()..)?.trim_start();
    let token = rest.split_whitespace().next()?;
    let token = token.trim_end_matches(['.', ',', ';', ')']);
    for quote in ['`', '"', '\'', '\u{201c}'] {
        if let Some(inner) = token.strip_prefix(quote) {
            let inner = inner.trim_end_matches(['`', '"', '\'', '\u{201d}']);
            let scalar = serde_json::from_str::<Value>(inner).ok().filter(|v| !v.is_object() && !v.is_array());
            return scalar.or_else(|| Some(Value::String(inner.to_owned())));
        }
    }
    serde_json::from_str::<Value>(token).ok().filter(|v| !v.is_object() && !v.is_array() && !v.is_string())
}

/// Makes every default and allowed value fit its field's final type. Defaults are stated in prose or
/// attributes before the type is settled (an example may decide it), so `5` for a field the examples show
/// as a string becomes `"5"`, and `"5"` for an integer field becomes `5`. A value that cannot be converted is
/// dropped with a warning rather than left to make the schema contradict itself.
pub fn settle_defaults(shape: &mut Shape, path: &str, diags: &mut Diagnostics) {
    let place = shape.origin.clone().unwrap_or_else(|| Location::new("", 1, 1));
    if let Some(default) = shape.default.take() {
        match convert_scalar(&default, &shape.kind) {
            Some(value) => shape.default = Some(value),
            None => diags.warning_at(
                &place,
                format!("the default `{default}` of `{path}` is not a {}; dropped", shape.kind_name()),
            ),
        }
    }
    let mut allowed = Vec::new();
    for value in std::mem::take(&mut shape.enumeration) {
        match convert_scalar(&value, &shape.kind) {
            Some(value) => allowed.push(value),
            None => diags.warning_at(
                &place,
                format!("the allowed value `{value}` of `{path}` is not a {}; dropped", shape.kind_name()),
            ),
        }
    }
    shape.enumeration = allowed;
    match &mut shape.kind {
        Kind::Array(Some(items)) => settle_defaults(items, &format!("{path}[]"), diags),
        Kind::Object(object) => {
            for (name, field) in &mut object.fields {
                settle_defaults(&mut field.shape, &format!("{path}.{name}"), diags);
            }
        }
        _ => {}
    }
}

/// `value` as a value of `kind`, when that is lossless; unknown kinds take any value.
fn convert_scalar(value: &Value, kind: &Kind) -> Option<Value> {
    match (kind, value) {
        (Kind::Unknown | Kind::Any, value) => Some(value.clone()),
        (_, Value::Null) => Some(Value::Null),
        (Kind::String, Value::String(_)) => Some(value.clone()),
        (Kind::String, Value::Number(_) | Value::Bool(_)) => Some(Value::String(value.to_string())),
        (Kind::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Some(value.clone()),
        (Kind::Integer, Value::String(s)) => s.trim().parse::<i64>().ok().map(Value::from),
        (Kind::Number, Value::Number(_)) => Some(value.clone()),
        (Kind::Number, Value::String(s)) => {
            serde_json::from_str::<serde_json::Number>(s.trim()).ok().map(Value::Number)
        }
        (Kind::Boolean, Value::Bool(_)) => Some(value.clone()),
        (Kind::Boolean, Value::String(s)) => s.trim().parse::<bool>().ok().map(Value::Bool),
        (Kind::Array(_), Value::Array(_)) | (Kind::Object(_), Value::Object(_)) => Some(value.clone()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Pieces every one-operation page document needs

/// The `x-source` value of a place: `path:LINE`.
pub fn x_source(location: &Location) -> Value {
    Value::String(format!("{}:{}", location.file, location.line))
}

/// An `operationId` in lowerCamelCase from a page id or title (`list-conversations` → `listConversations`).
pub fn operation_id(raw: &str) -> String {
    let words: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let id = words.to_lower_camel_case();
    if id.is_empty() {
        "operation".to_owned()
    } else {
        id
    }
}

/// A page's YAML frontmatter as a mapping, with the place of its text so keys can be located.
#[derive(Debug, Clone, Default)]
pub struct Frontmatter {
    pub values: serde_yaml::Mapping,
    /// The file line of the frontmatter's first content line (the line after `---`).
    pub first_line: usize,
    pub text: String,
}

impl Frontmatter {
    /// Reads the page's `Yaml` node; a frontmatter that is not a YAML mapping is a warning, not a failure.
    pub fn of_page(file: &SourceFile, root: &markdown::mdast::Node, diags: &mut Diagnostics) -> Frontmatter {
        let Some(yaml) = root.children().into_iter().flatten().find_map(|node| match node {
            markdown::mdast::Node::Yaml(yaml) => Some(yaml),
            _ => None,
        }) else {
            return Frontmatter::default();
        };
        let first_line = yaml.position.as_ref().map_or(1, |p| p.start.line + 1);
        let values = match serde_yaml::from_str::<serde_yaml::Value>(&yaml.value) {
            Ok(serde_yaml::Value::Mapping(values)) => values,
            Ok(serde_yaml::Value::Null) => serde_yaml::Mapping::new(),
            Ok(_) => {
                diags.warning_at(&file.location(first_line, 1), "the frontmatter is not a YAML mapping; ignored");
                serde_yaml::Mapping::new()
            }
            Err(error) => {
                let line = error.location().map_or(first_line, |l| first_line + l.line().saturating_sub(1));
                diags.warning_at(
                    &file.location(line, 1),
                    format!("the frontmatter is not valid YAML ({error}); ignored"),
                );
                serde_yaml::Mapping::new()
            }
        };
        Frontmatter { values, first_line, text: yaml.value.clone() }
    }

    /// A scalar value as text (numbers too: `version: 2`).
    pub fn get(&self, key: &str) -> Option<String> {
        match self.values.get(key)? {
            serde_yaml::Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            serde_yaml::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The place of a top-level key (the frontmatter start when not found).
    pub fn location_of(&self, file: &SourceFile, key: &str) -> Location {
        let prefix = format!("{key}:");
        let index = self.text.lines().position(|line| line.starts_with(&prefix)).unwrap_or(0);
        file.location(self.first_line + index, 1)
    }
}

/// The description of a response status when the page gives none (OpenAPI requires one).
pub fn status_description(status: u16) -> String {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .map_or_else(|| format!("Status {status}"), str::to_owned)
}

/// A status code (100–599) named in a text: `200`, `Response 201`, `404 Not Found`.
pub fn status_in_text(text: &str) -> Option<u16> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| word.len() == 3)
        .filter_map(|word| word.parse::<u16>().ok())
        .find(|code| (100..600).contains(code))
}

/// An HTTP method word, upper-cased, if `word` is one.
pub fn http_method(word: &str) -> Option<&'static str> {
    const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"];
    METHODS.iter().copied().find(|method| method.eq_ignore_ascii_case(word))
}

/// Puts an operation into a path item under its method.
pub fn set_operation(item: &mut openapiv3::PathItem, method: &str, operation: openapiv3::Operation) {
    let slot = match method {
        "GET" => &mut item.get,
        "PUT" => &mut item.put,
        "POST" => &mut item.post,
        "DELETE" => &mut item.delete,
        "OPTIONS" => &mut item.options,
        "HEAD" => &mut item.head,
        "PATCH" => &mut item.patch,
        _ => &mut item.trace,
    };
    *slot = Some(operation);
}

/// Splits a URL or path into (server, path): `https://api.x.com/v1/a` → (`https://api.x.com`, `/v1/a`).
/// An empty or placeholder host gives no server. Express-style `:id` segments become `{id}`.
pub fn split_endpoint(raw: &str) -> Option<(Option<String>, String)> {
    let raw = raw.trim().trim_end_matches(['.', ',', ';']);
    let (server, path) = match raw.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = match rest.find('/') {
                Some(index) => (&rest[..index], &rest[index..]),
                None => (rest, "/"),
            };
            let server = (!host.is_empty() && !host.contains(['<', '{', '$'])).then(|| format!("{scheme}://{host}"));
            (server, path)
        }
        None => (None, raw),
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.contains(char::is_whitespace) {
        return None;
    }
    let segments: Vec<String> = path.split('/').map(template_segment).collect();
    Some((server, segments.join("/")))
}

/// A path segment as a template when a page writes it as one: `:id`, `${id}`, `{{id}}` (Postman), `$USER_ID`,
/// `<id>`, and a
/// placeholder in capitals (`DATASET_NAME`, `YOUR_ORG_ID`: upper-case words joined by underscores; `SMS`
/// alone stays a segment). Names in capitals are lower-cased (`$USER_ID` → `{user_id}`).
pub fn template_segment(segment: &str) -> String {
    let name = segment
        .strip_prefix("${")
        .and_then(|s| s.strip_suffix('}'))
        .or_else(|| segment.strip_prefix("{{").and_then(|s| s.strip_suffix("}}")))
        .or_else(|| segment.strip_prefix(':'))
        .or_else(|| segment.strip_prefix('$'))
        .or_else(|| segment.strip_prefix('<').and_then(|s| s.strip_suffix('>')))
        .or_else(|| is_capital_placeholder(segment).then_some(segment));
    match name {
        Some(name) if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') => {
            if name.chars().any(|c| c.is_ascii_lowercase()) {
                format!("{{{name}}}")
            } else {
                format!("{{{}}}", name.to_ascii_lowercase())
            }
        }
        _ => segment.to_owned(),
    }
}

/// `DATASET_NAME`, `YOUR_API_KEY`: capitals and digits, words joined by underscores.
fn is_capital_placeholder(segment: &str) -> bool {
    segment.contains('_')
        && segment.starts_with(|c: char| c.is_ascii_uppercase())
        && segment.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && segment.split('_').all(|word| !word.is_empty())
}

/// The `{name}` templates of a path.
pub fn path_templates(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

// ---------------------------------------------------------------------------------------------------------
// Reading what pages say in words

/// Prose as a description: soft line breaks inside a paragraph become spaces (they are spaces in markdown),
/// paragraph breaks stay, and trailing spaces go.
pub fn tidy_prose(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| paragraph.lines().map(str::trim).filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// An example of a body as read from a page: its value (kept in the document), its shape, and its place.
#[derive(Debug, Clone)]
pub struct LocatedExample {
    pub value: Value,
    pub shape: Shape,
    pub origin: Location,
}

/// `METHOD /path` (possibly after other words: `openapi.json GET /x`).
pub fn endpoint_in_text(text: &str) -> Option<(&'static str, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).find_map(|pair| {
        let method = http_method(pair[0])?;
        (pair[1].starts_with('/') || pair[1].contains("://")).then(|| (method, pair[1].to_owned()))
    })
}

/// The shape a type string names, read with the one grammar of type strings ([`crate::derive::types`]):
/// `string`, `integer`, `object`, `array`, `X[]`, `array<X>`, `enum<string>`, `string | null`, `string or
/// null`. A model name, or text that is not a type, is warned about and left for examples to decide; a union
/// of different kinds is any JSON value (with a warning), of integers and numbers a number.
pub fn shape_of_type(text: &str, origin: &Location, diags: &mut Diagnostics) -> Shape {
    if text.trim().is_empty() {
        return Shape::new(Kind::Unknown);
    }
    let expr = match crate::derive::types::parse_exact(text) {
        Ok(expr) => expr,
        Err(_) => {
            diags.warning_at(
                origin,
                format!("type `{}` is not understood; the field's examples decide its type", text.trim()),
            );
            return Shape::new(Kind::Unknown);
        }
    };
    match shape_of_expr(&expr, 0) {
        Ok(shape) => shape,
        Err(Unread::Name(name)) => {
            diags.warning_at(origin, format!("type `{name}` is not understood; the field's examples decide its type"));
            Shape::new(Kind::Unknown)
        }
        Err(Unread::Union) => {
            diags.warning_at(origin, format!("the union type `{}` is read as any JSON value", text.trim()));
            let mut shape = Shape::new(Kind::Any);
            shape.nullable = expr.is_nullable();
            shape
        }
    }
}

/// Why a type expression has no shape of its own.
enum Unread {
    /// A model name: these pages' readers do not resolve names.
    Name(String),
    /// Several kinds at once.
    Union,
}

/// `depth`: how many levels enclose the expression; past [`MAX_JSON_DEPTH`] it is any value.
fn shape_of_expr(expr: &crate::derive::types::TypeExpr, depth: usize) -> Result<Shape, Unread> {
    use crate::derive::types::TypeExpr as T;
    if depth > MAX_JSON_DEPTH {
        return Ok(Shape::new(Kind::Any));
    }
    let kind = match expr {
        T::Primitive("string", _) | T::Enum => Kind::String,
        T::Primitive("integer", _) => Kind::Integer,
        T::Primitive("number", _) => Kind::Number,
        T::Primitive("boolean", _) => Kind::Boolean,
        T::Primitive(..) => {
            // `null`: nothing known but that it may be null.
            let mut shape = Shape::new(Kind::Unknown);
            shape.nullable = true;
            return Ok(shape);
        }
        T::Object | T::Map(_) => Kind::Object(ObjectShape::default()),
        T::Array(items) if **items == T::Any => Kind::Array(None),
        T::Array(items) => return Ok(Shape::array_of(shape_of_expr(items, depth + 1)?)),
        T::Any => Kind::Any,
        T::Named(name) => return Err(Unread::Name(name.clone())),
        T::Literals(values) if values.iter().all(serde_json::Value::is_string) => Kind::String,
        T::Literals(values) if values.iter().all(|v| v.is_i64() || v.is_u64()) => Kind::Integer,
        T::Literals(_) => Kind::Number,
        T::Nullable(inner) => {
            let mut shape = shape_of_expr(inner, depth + 1)?;
            shape.nullable = true;
            return Ok(shape);
        }
        T::Union(members) => {
            let numeric = members.iter().all(|m| matches!(m, T::Primitive("integer" | "number", _)));
            if !numeric {
                return Err(Unread::Union);
            }
            Kind::Number
        }
    };
    Ok(Shape::new(kind))
}

/// The documented shape of a body with all its examples merged in; then defaults fitted to final types.
pub fn merge_body(
    documented: Option<Shape>,
    examples: &[LocatedExample],
    path: &str,
    diags: &mut Diagnostics,
) -> Option<Shape> {
    let inferred = unify_all(examples.iter().map(|e| e.shape.clone()).collect(), path, diags);
    let mut shape = match (documented, inferred) {
        (None, None) => return None,
        (Some(documented), None) => documented,
        (None, Some(inferred)) => inferred,
        (Some(mut documented), Some(inferred)) => {
            merge_example_into_documented(&mut documented, inferred, path, diags);
            documented
        }
    };
    settle_defaults(&mut shape, path, diags);
    Some(shape)
}

// ---------------------------------------------------------------------------------------------------------
// Assembling a page's one operation into a document

/// Everything a markdown front-end found about a page's one operation.
#[derive(Debug, Clone)]
pub struct PageOperation {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub operation_id: String,
    pub method: &'static str,
    pub path: String,
    pub server: Option<String>,
    /// Where the endpoint is stated.
    pub origin: Location,
    pub parameters: Vec<PageParameter>,
    pub request_body: Option<PageBody>,
    /// By status code, in ascending order.
    pub responses: std::collections::BTreeMap<u16, PageBody>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParameterIn {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone)]
pub struct PageParameter {
    pub location: ParameterIn,
    pub name: String,
    pub field: Field,
    pub origin: Location,
}

/// A request or response body: its schema (if anything describes it) and its examples, in page order.
#[derive(Debug, Clone)]
pub struct PageBody {
    pub shape: Option<Shape>,
    pub examples: Vec<Value>,
    pub description: Option<String>,
    pub required: bool,
    pub origin: Location,
}

impl ParameterIn {
    pub fn from_word(word: &str) -> Option<ParameterIn> {
        match word.to_ascii_lowercase().as_str() {
            "path" => Some(ParameterIn::Path),
            "query" => Some(ParameterIn::Query),
            "header" => Some(ParameterIn::Header),
            "cookie" => Some(ParameterIn::Cookie),
            _ => None,
        }
    }
}

impl PageBody {
    pub fn new(origin: Location) -> PageBody {
        PageBody { shape: None, examples: Vec::new(), description: None, required: false, origin }
    }
}

/// The OpenAPI 3.0.3 document of one page operation. Also checks the path against its path parameters.
pub fn assemble_document(mut page: PageOperation, diags: &mut Diagnostics) -> openapiv3::OpenAPI {
    check_path_parameters(&mut page, diags);
    let mut operation = openapiv3::Operation {
        summary: Some(page.title.clone()),
        description: page.description.clone(),
        operation_id: Some(page.operation_id.clone()),
        ..openapiv3::Operation::default()
    };
    operation.extensions.insert("x-source".to_owned(), x_source(&page.origin));
    for parameter in &page.parameters {
        operation.parameters.push(ReferenceOr::Item(parameter_of(parameter)));
    }
    if let Some(body) = &page.request_body {
        let mut request_body = openapiv3::RequestBody {
            description: body.description.clone(),
            required: body.required,
            ..openapiv3::RequestBody::default()
        };
        request_body.content.insert("application/json".to_owned(), media_type_of(body));
        request_body.extensions.insert("x-source".to_owned(), x_source(&body.origin));
        operation.request_body = Some(ReferenceOr::Item(request_body));
    }
    for (status, body) in &page.responses {
        let mut response = openapiv3::Response {
            description: body.description.clone().unwrap_or_else(|| status_description(*status)),
            ..openapiv3::Response::default()
        };
        if body.shape.is_some() || !body.examples.is_empty() {
            response.content.insert("application/json".to_owned(), media_type_of(body));
        }
        response.extensions.insert("x-source".to_owned(), x_source(&body.origin));
        operation.responses.responses.insert(openapiv3::StatusCode::Code(*status), ReferenceOr::Item(response));
    }
    if page.responses.is_empty() {
        // OpenAPI requires at least one response; say so rather than invent a body.
        diags
            .warning_at(&page.origin, "the page documents no response; a `default` response without a body is assumed");
        let mut response = openapiv3::Response {
            description: "No response is documented.".to_owned(),
            ..openapiv3::Response::default()
        };
        response.extensions.insert("x-source".to_owned(), x_source(&page.origin));
        operation.responses.default = Some(ReferenceOr::Item(response));
    }
    let mut item = openapiv3::PathItem::default();
    set_operation(&mut item, page.method, operation);
    let mut api = openapiv3::OpenAPI {
        openapi: "3.0.3".to_owned(),
        info: openapiv3::Info {
            title: page.title.clone(),
            version: page.version.clone(),
            ..openapiv3::Info::default()
        },
        ..openapiv3::OpenAPI::default()
    };
    if let Some(url) = &page.server {
        api.servers.push(openapiv3::Server { url: url.clone(), ..openapiv3::Server::default() });
    }
    api.paths.paths.insert(page.path.clone(), ReferenceOr::Item(item));
    api
}

/// Every `{name}` of the path needs a path parameter (an undocumented one is added as a required string,
/// with a warning), every path parameter is required, and a documented path parameter the path does not
/// have is warned about.
fn check_path_parameters(page: &mut PageOperation, diags: &mut Diagnostics) {
    let templates = path_templates(&page.path);
    for parameter in &page.parameters {
        if parameter.location == ParameterIn::Path && !templates.contains(&parameter.name) {
            diags.warning_at(
                &parameter.origin,
                format!("path parameter `{}` does not occur in the path `{}`", parameter.name, page.path),
            );
        }
    }
    for name in templates {
        let documented = page.parameters.iter_mut().find(|p| p.location == ParameterIn::Path && p.name == name);
        match documented {
            Some(parameter) => parameter.field.required = Some(true),
            None => {
                diags.warning_at(
                    &page.origin,
                    format!("path parameter `{{{name}}}` is not documented; read as a required string"),
                );
                let shape = Shape::new(Kind::String).at(page.origin.clone());
                page.parameters.push(PageParameter {
                    location: ParameterIn::Path,
                    name,
                    field: Field::documented(shape, Some(true)),
                    origin: page.origin.clone(),
                });
            }
        }
    }
}

fn parameter_of(parameter: &PageParameter) -> openapiv3::Parameter {
    let mut schema = shape_to_schema(&parameter.field.shape);
    // The description, deprecation and origin belong to the parameter; its schema keeps only the type.
    let description = schema.schema_data.description.take();
    schema.schema_data.extensions.shift_remove("x-source");
    let deprecated = std::mem::take(&mut schema.schema_data.deprecated);
    let mut parameter_data = openapiv3::ParameterData {
        name: parameter.name.clone(),
        description,
        required: parameter.field.required.unwrap_or(false),
        deprecated: deprecated.then_some(true),
        format: openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)),
        example: None,
        examples: IndexMap::new(),
        explode: None,
        extensions: IndexMap::new(),
    };
    parameter_data.extensions.insert("x-source".to_owned(), x_source(&parameter.origin));
    match parameter.location {
        ParameterIn::Path => openapiv3::Parameter::Path { parameter_data, style: openapiv3::PathStyle::default() },
        ParameterIn::Query => openapiv3::Parameter::Query {
            parameter_data,
            allow_reserved: false,
            style: openapiv3::QueryStyle::default(),
            allow_empty_value: None,
        },
        ParameterIn::Header => {
            openapiv3::Parameter::Header { parameter_data, style: openapiv3::HeaderStyle::default() }
        }
        ParameterIn::Cookie => {
            openapiv3::Parameter::Cookie { parameter_data, style: openapiv3::CookieStyle::default() }
        }
    }
}

/// A body's media type: its schema, and its examples (one as `example`; several distinct ones as
/// `examples`, named `example1`, `example2`, … in page order; repeated identical examples count once).
fn media_type_of(body: &PageBody) -> openapiv3::MediaType {
    let mut media = openapiv3::MediaType {
        schema: body.shape.as_ref().map(|shape| ReferenceOr::Item(shape_to_schema(shape))),
        ..openapiv3::MediaType::default()
    };
    let mut distinct: Vec<&Value> = Vec::new();
    for example in &body.examples {
        if !distinct.contains(&example) {
            distinct.push(example);
        }
    }
    match distinct.as_slice() {
        [] => {}
        [only] => media.example = Some((*only).clone()),
        several => {
            for (index, example) in several.iter().enumerate() {
                let example = openapiv3::Example { value: Some((*example).clone()), ..openapiv3::Example::default() };
                media.examples.insert(format!("example{}", index + 1), ReferenceOr::Item(example));
            }
        }
    }
    media
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(text: &str) -> (Shape, Diagnostics) {
        let file = SourceFile::new("specs/e.md", text);
        let mut diags = Diagnostics::new();
        let example = ExampleText { file: &file, text, embedding: Embedding::whole_file() };
        let json = read_example(example, "the example", &mut diags).expect("example reads");
        (infer_shape(&json, example, &mut diags), diags)
    }

    fn fields(shape: &Shape) -> &ObjectShape {
        match &shape.kind {
            Kind::Object(object) => object,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn trailing_comma_is_accepted_with_its_place() {
        let text = "{\n    \"num_results\": \"5\",\n    \"page_key\": \"\",\n}";
        let read = read_json_lenient(text).unwrap();
        assert_eq!(read.value.to_value(), serde_json::json!({"num_results": "5", "page_key": ""}));
        assert_eq!(read.repairs.len(), 1);
        assert_eq!(line_column(text, read.repairs[0].offset), (3, 19));
    }

    #[test]
    fn comments_and_elisions_are_noted() {
        let text = "{ // the id\n \"a\": [1, 2, ...], /* more */ \"b\": null, ... }";
        let read = read_json_lenient(text).unwrap();
        assert_eq!(read.value.to_value(), serde_json::json!({"a": [1, 2], "b": null}));
        let messages: Vec<&str> = read.repairs.iter().map(|r| r.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert_eq!(messages.iter().filter(|m| m.contains("comment")).count(), 2, "{messages:?}");
        let read = read_json_lenient("[1, 2,\n]").unwrap();
        assert_eq!(read.repairs[0].offset, 5, "the trailing comma itself");
    }

    #[test]
    fn broken_json_is_an_error_with_a_place() {
        for text in
            ["{\"a\": }", "{\"a\" 1}", "[1 2]", "{\"a\": 1", "curl -X POST", "{\"a\": tru}", "\"x", "{} x", "", "[,]"]
        {
            assert!(read_json_lenient(text).is_err(), "{text:?} should fail");
        }
        let failure = read_json_lenient("{\n  \"a\": 1\n  \"b\": 2\n}").unwrap_err();
        assert_eq!(line_column("{\n  \"a\": 1\n  \"b\": 2\n}", failure.offset), (3, 3));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = "[".repeat(100_000);
        assert!(read_json_lenient(&text).is_err());
    }

    #[test]
    fn strings_and_numbers_follow_json() {
        let read = read_json_lenient(r#"["a\"b\u00e9", -1.5e3, 18446744073709551615, 7]"#).unwrap();
        assert_eq!(read.value.to_value(), serde_json::json!(["a\"bé", -1500.0, 18446744073709551615u64, 7]));
        assert!(read_json_lenient("[01]").is_err());
    }

    #[test]
    fn array_elements_unify_and_count_presence() {
        let (shape, diags) = example("[{\"a\": 1, \"b\": \"x\"}, {\"a\": 2.5, \"c\": null}]");
        assert!(diags.is_empty(), "{diags}");
        let Kind::Array(Some(items)) = &shape.kind else { panic!("{shape:?}") };
        let object = fields(items);
        assert_eq!(object.samples, 2);
        assert_eq!(object.fields["a"].shape.kind, Kind::Number, "integer widened to number");
        assert!(is_required(&object.fields["a"], object.samples));
        assert!(!is_required(&object.fields["b"], object.samples));
        assert!(object.fields["c"].shape.nullable);
        assert_eq!(object.fields["c"].shape.kind, Kind::Unknown);
    }

    #[test]
    fn conflicting_elements_become_any_with_a_warning() {
        let (shape, diags) = example("[{\"a\": 1}, {\"a\": \"one\"}]");
        let Kind::Array(Some(items)) = &shape.kind else { panic!("{shape:?}") };
        assert_eq!(fields(items).fields["a"].shape.kind, Kind::Any);
        let rendered = diags.to_string();
        assert!(rendered.starts_with("specs/e.md:1:"), "{rendered}");
        assert!(rendered.contains("`array item.a`"), "{rendered}");
    }

    #[test]
    fn documentation_wins_and_example_fills_in() {
        let mut documented_fields = IndexMap::new();
        documented_fields.insert("n".to_owned(), Field::documented(Shape::new(Kind::String), Some(false)));
        documented_fields.insert("list".to_owned(), Field::documented(Shape::new(Kind::Array(None)), None));
        let mut documented = Shape::object(documented_fields);
        let (inferred, mut diags) = example("{\"n\": 5, \"list\": [{\"x\": true}], \"extra\": null}");
        merge_example_into_documented(&mut documented, inferred, "body", &mut diags);
        let object = fields(&documented);
        assert_eq!(object.fields["n"].shape.kind, Kind::String);
        assert!(!is_required(&object.fields["n"], object.samples), "documented optional stays optional");
        assert!(is_required(&object.fields["list"], object.samples), "unstated: present in every example");
        let Kind::Array(Some(items)) = &object.fields["list"].shape.kind else { panic!() };
        assert_eq!(fields(items).fields["x"].shape.kind, Kind::Boolean);
        assert!(object.fields["extra"].shape.nullable);
        assert!(diags.to_string().contains("documented as string"), "{diags}");
        let schema = serde_json::to_value(shape_to_schema(&documented)).unwrap();
        assert_eq!(schema["required"], serde_json::json!(["list", "extra"]));
        assert_eq!(schema["properties"]["list"]["items"]["properties"]["x"]["x-source"], "specs/e.md:1");
    }

    #[test]
    fn operation_ids_are_lower_camel_case() {
        assert_eq!(operation_id("Get All Conversations"), "getAllConversations");
        assert_eq!(operation_id("list-conversations"), "listConversations");
        assert_eq!(operation_id("  "), "operation");
    }

    #[test]
    fn endpoints_split_into_server_and_path() {
        assert_eq!(split_endpoint("https:///v1/list-conversations"), Some((None, "/v1/list-conversations".to_owned())));
        assert_eq!(
            split_endpoint("https://api.x.com/v1/items/:id?x=1"),
            Some((Some("https://api.x.com".to_owned()), "/v1/items/{id}".to_owned()))
        );
        assert_eq!(split_endpoint("not a path"), None);
        assert_eq!(path_templates("/a/{b}/c/{d}"), vec!["b", "d"]);
    }

    #[test]
    fn defaults_are_read_from_prose_and_settled_on_the_final_type() {
        assert_eq!(stated_default("Specifies the maximum.\nDefault value is 5."), Some(serde_json::json!(5)));
        assert_eq!(stated_default("Defaults to `true`."), Some(serde_json::json!(true)));
        assert_eq!(stated_default("Defaults to \"asc\"."), Some(serde_json::json!("asc")));
        assert_eq!(stated_default("Defaults to an empty list."), None);
        assert_eq!(stated_default("Nothing said."), None);
        let mut shape = Shape::new(Kind::String).at(Location::new("specs/e.md", 3, 1));
        shape.default = Some(serde_json::json!(5));
        let mut diags = Diagnostics::new();
        settle_defaults(&mut shape, "num_results", &mut diags);
        assert_eq!(shape.default, Some(serde_json::json!("5")));
        let mut shape = Shape::new(Kind::Integer).at(Location::new("specs/e.md", 3, 1));
        shape.default = Some(serde_json::json!("many"));
        settle_defaults(&mut shape, "n", &mut diags);
        assert_eq!(shape.default, None);
        assert!(diags.to_string().contains("specs/e.md:3:1: warning: the default `\"many\"` of `n`"), "{diags}");
    }

    #[test]
    fn type_strings() {
        let origin = Location::new("f", 1, 1);
        let mut diags = Diagnostics::new();
        let shape = shape_of_type("string or null", &origin, &mut diags);
        assert_eq!((shape.kind.clone(), shape.nullable), (Kind::String, true));
        let shape = shape_of_type("Array<integer[]>", &origin, &mut diags);
        let Kind::Array(Some(items)) = shape.kind else { panic!() };
        assert!(matches!(items.kind, Kind::Array(Some(_))));
        assert_eq!(shape_of_type("integer | number", &origin, &mut diags).kind, Kind::Number);
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(shape_of_type("string | object", &origin, &mut diags).kind, Kind::Any);
        assert_eq!(shape_of_type("", &origin, &mut diags).kind, Kind::Unknown);
        assert_eq!(diags.iter().count(), 1, "{diags}");
        // The one grammar: what any front-end's pages write.
        assert_eq!(shape_of_type("enum<string>", &origin, &mut diags).kind, Kind::String);
        assert_eq!(shape_of_type("\"asc\" | \"desc\"", &origin, &mut diags).kind, Kind::String);
        assert_eq!(shape_of_type("Optional[int]", &origin, &mut diags).kind, Kind::Integer);
        assert_eq!(diags.iter().count(), 1, "{diags}");
        assert_eq!(shape_of_type("Message", &origin, &mut diags).kind, Kind::Unknown);
        assert!(diags.to_string().contains("type `Message` is not understood"), "{diags}");
    }

    #[test]
    fn statuses_are_found_in_text() {
        assert_eq!(status_in_text("Response 201 Created"), Some(201));
        assert_eq!(status_in_text("v1 1234 abc"), None);
        assert_eq!(status_description(404), "Not Found");
        assert_eq!(tidy_prose("One \ntwo.\n\n  Three.\n"), "One two.\n\nThree.");
    }
}
