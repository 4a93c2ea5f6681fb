//! Schemas from documentation and JSON examples, shared by the component and example-page readers: the
//! [`Shape`] tree both build, inference of shapes from examples, and the merge of documented and example shapes.
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

pub mod operation;

use indexmap::IndexMap;
use openapiv3::{
    AnySchema, ArrayType, BooleanType, IntegerType, NumberType, ObjectType, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringType, Type,
};
use serde_json::Value;

use crate::derive::page::document::x_source;
use crate::derive::page::json::{ExampleText, Json, JsonKind, MAX_JSON_DEPTH};
use crate::diagnostic::{Diagnostics, Location};
use crate::oas::REQUIRED_FROM_EXAMPLES;

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
// Bodies and type strings, as the readers find them

/// An example of a body as read from a page: its value (kept in the document), its shape, and its place.
#[derive(Debug, Clone)]
pub struct LocatedExample {
    pub value: Value,
    pub shape: Shape,
    pub origin: Location,
}

/// The shape a type string names, read with the one grammar of type strings ([`crate::derive::page::type_expr`]):
/// `string`, `integer`, `object`, `array`, `X[]`, `array<X>`, `enum<string>`, `string | null`, `string or
/// null`. A model name, or text that is not a type, is warned about and left for examples to decide; a union
/// of different kinds is any JSON value (with a warning), of integers and numbers a number.
pub fn shape_of_type(text: &str, origin: &Location, diags: &mut Diagnostics) -> Shape {
    if text.trim().is_empty() {
        return Shape::new(Kind::Unknown);
    }
    let expr = match crate::derive::page::type_expr::parse_exact(text) {
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
fn shape_of_expr(expr: &crate::derive::page::type_expr::TypeExpr, depth: usize) -> Result<Shape, Unread> {
    use crate::derive::page::type_expr::TypeExpr as T;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::page::json::read_example;
    use crate::diagnostic::SourceFile;
    use crate::source_map::Embedding;

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
}
