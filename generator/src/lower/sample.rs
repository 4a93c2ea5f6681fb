//! Values for example-backed services: a check that a documented example is valid against its schema, and
//! a value built from a schema when the document gives none (or gives one that is not valid).
//!
//! Both work on the normalised OpenAPI document, where every schema `$ref` points into
//! `components.schemas`. They are bounded: a schema that refers to itself without consuming any of the
//! value (`A: {allOf: [A]}`) stops at a fixed depth instead of recursing forever.

use openapiv3::{
    AdditionalProperties, IntegerType, NumberType, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, StringType,
    Type, VariantOrUnknownOrEmpty,
};
use std::cell::Cell;

use serde_json::{Map, Value};

use crate::oas::{resolve, resolve_boxed, SCHEMA_PREFIX};

/// How deep schemas are followed, counting every `$ref`, composition and nesting step.
const MAX_DEPTH: usize = 48;

/// Nesting below which optional properties and array items are still filled in, and below which a union
/// may take an object variant (keeps samples small and recursive schemas finite).
const RICH_DEPTH: usize = 4;

/// Most schema nodes one sample or one check may visit: a bound on schemas whose every variant recurses
/// (`Sum {left, right: Expression}`, `Expression: oneOf [Sum, …]`), whatever their shape.
const BUDGET: usize = 50_000;

/// Which way the value travels: a response never carries `writeOnly` properties, a request never
/// `readOnly` ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Response,
    Request,
}

/// Builds a value valid against `schema`, preferring the schema's own `default` and `example` when they are
/// valid.
pub fn sample(api: &OpenAPI, schema: &ReferenceOr<Schema>, direction: Direction) -> Value {
    Sampler { api, direction, budget: Cell::new(BUDGET) }.value(resolve(api, schema), 0)
}

/// How to build fresh values valid against `schema`, as JSON that the generated runtime's `mock::dynamic`
/// reads (`Prefer: dynamic=true`): `{"const": v}`, `{"string": [min, max]}` (lowercase letters),
/// `{"integer": [lo, hi]}`, `{"number": [lo, hi]}`, `{"boolean": []}`, `{"one": [shape, …]}`,
/// `{"object": [[name, required, shape], …]}` (an optional property present or not), `{"array": [min, max,
/// shape]}`. What the runtime could not build valid on its own (formats, patterns, `multipleOf`, unique
/// items, nesting past `RICH_DEPTH`) is a constant: the value [`sample`] builds there. The work is done
/// here, where schemas are resolved, so that the runtime needs no schema logic and the shape stays small.
pub fn shape(api: &OpenAPI, schema: &ReferenceOr<Schema>, direction: Direction) -> Value {
    Sampler { api, direction, budget: Cell::new(BUDGET) }.shape(resolve(api, schema), 0)
}

/// `Ok` when `value` is valid against `schema` (as far as the generated types and the router care: types,
/// `enum`, `required`, `additionalProperties: false`, string formats the Rust types parse, lengths, bounds);
/// otherwise where and why it is not (`/conversations/0/createdAt: …`).
pub fn check(api: &OpenAPI, schema: &ReferenceOr<Schema>, value: &Value) -> Result<(), String> {
    check_resolved(api, resolve(api, schema), value)
}

fn check_resolved(api: &OpenAPI, schema: Option<&Schema>, value: &Value) -> Result<(), String> {
    Checker { api, budget: Cell::new(BUDGET) }.check(schema, value, &At::Root, 0, false)
}

/// Where a checked value sits, written out only when a check fails: building the pointer of every value
/// checked cost more than the check.
enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            At::Root => Ok(()),
            At::Key(parent, key) => write!(f, "{parent}/{}", crate::source_map::escape(key)),
            At::Index(parent, index) => write!(f, "{parent}/{index}"),
        }
    }
}

struct Sampler<'a> {
    api: &'a OpenAPI,
    direction: Direction,
    budget: Cell<usize>,
}

impl Sampler<'_> {
    /// `schema` is the resolved schema of the position (`None`: a reference that leads nowhere).
    fn value(&self, schema: Option<&Schema>, depth: usize) -> Value {
        let Some(schema) = schema else { return Value::Null };
        if depth > MAX_DEPTH || self.budget.get() == 0 {
            return Value::Null;
        }
        self.budget.set(self.budget.get() - 1);
        for candidate in [&schema.schema_data.default, &schema.schema_data.example].into_iter().flatten() {
            if check_resolved(self.api, Some(schema), candidate).is_ok() {
                return candidate.clone();
            }
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => Value::String(string_sample(s)),
            SchemaKind::Type(Type::Integer(i)) => integer_sample(i),
            SchemaKind::Type(Type::Number(n)) => number_sample(n),
            SchemaKind::Type(Type::Boolean(b)) => {
                Value::Bool(b.enumeration.iter().flatten().next().copied().unwrap_or(false))
            }
            SchemaKind::Type(Type::Object(o)) => {
                let mut map = Map::new();
                let required = crate::oas::NameSet::new(&o.required);
                for (name, property) in &o.properties {
                    let required = required.contains(name);
                    let property = resolve_boxed(self.api, property);
                    if !required && (depth >= RICH_DEPTH || self.skipped(property)) {
                        continue;
                    }
                    map.insert(name.clone(), self.value(property, depth + 1));
                }
                Value::Object(map)
            }
            SchemaKind::Type(Type::Array(a)) => {
                let count = match a.items.as_ref() {
                    None => 0,
                    Some(_) if depth >= RICH_DEPTH || a.unique_items => a.min_items.unwrap_or(0).min(1),
                    Some(_) => a.min_items.unwrap_or(0).max(1),
                };
                let count = count.min(a.max_items.unwrap_or(usize::MAX));
                Value::Array(
                    (0..count)
                        .map(|_| {
                            a.items.as_ref().map_or(Value::Null, |i| self.value(resolve_boxed(self.api, i), depth + 1))
                        })
                        .collect(),
                )
            }
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                // Deep down, a variant that is a plain value ends recursion through the union.
                let plain = (depth >= RICH_DEPTH).then(|| variants.iter().find(|v| is_plain(self.api, v))).flatten();
                let chosen =
                    plain.or_else(|| variants.iter().find(|v| !is_null_schema(self.api, v))).or(variants.first());
                let Some(chosen) = chosen else { return Value::Null };
                let mut value = self.value(resolve(self.api, chosen), depth + 1);
                if let Some(discriminator) = &schema.schema_data.discriminator {
                    tag(discriminator, chosen, &mut value);
                }
                value
            }
            SchemaKind::AllOf { all_of } => {
                let mut merged = Map::new();
                let mut other = None;
                for part in all_of {
                    match self.value(resolve(self.api, part), depth + 1) {
                        Value::Object(map) => merged.extend(map),
                        // A part with nothing to say (or cut off by the depth bound) adds nothing.
                        Value::Null => {}
                        value => other = Some(value),
                    }
                }
                match other {
                    Some(value) if merged.is_empty() => value,
                    _ => Value::Object(merged),
                }
            }
            SchemaKind::Not { .. } | SchemaKind::Any(_) => Value::Null,
        }
    }

    /// See [`shape`]; `schema` is the resolved schema of the position.
    fn shape(&self, schema: Option<&Schema>, depth: usize) -> Value {
        let constant = |value: Value| serde_json::json!({ "const": value });
        let Some(schema) = schema else { return constant(Value::Null) };
        if depth >= RICH_DEPTH || self.budget.get() == 0 {
            return constant(self.value(Some(schema), depth));
        }
        self.budget.set(self.budget.get() - 1);
        let fixed = || constant(self.value(Some(schema), depth));
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values = s.enumeration.iter().flatten().map(|v| constant(Value::String(v.clone())));
                serde_json::json!({ "one": values.collect::<Vec<_>>() })
            }
            SchemaKind::Type(Type::String(s))
                if s.pattern.is_none()
                    && matches!(
                        s.format,
                        VariantOrUnknownOrEmpty::Empty | VariantOrUnknownOrEmpty::Item(StringFormat::Password)
                    ) =>
            {
                let max = s.max_length.unwrap_or(usize::MAX);
                let low = s.min_length.unwrap_or(1).min(max);
                let high = max.min(low.saturating_add(12));
                serde_json::json!({ "string": [low, high] })
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.is_empty() && i.multiple_of.is_none() => {
                let low = i.minimum.map(|m| if i.exclusive_minimum { m.saturating_add(1) } else { m });
                let high = i.maximum.map(|m| if i.exclusive_maximum { m.saturating_sub(1) } else { m });
                let low = low.unwrap_or_else(|| high.map_or(0, |high| high.min(0)));
                let high = high.unwrap_or(low.saturating_add(1000)).min(low.saturating_add(1000));
                if low > high {
                    return fixed();
                }
                serde_json::json!({ "integer": [low, high] })
            }
            SchemaKind::Type(Type::Number(n))
                if n.enumeration.is_empty()
                    && n.multiple_of.is_none()
                    && n.minimum.is_none()
                    && n.maximum.is_none() =>
            {
                serde_json::json!({ "number": [0, 1000] })
            }
            SchemaKind::Type(Type::Boolean(b)) if b.enumeration.is_empty() => serde_json::json!({ "boolean": [] }),
            SchemaKind::Type(Type::Object(o)) if o.min_properties.is_none() => {
                let required = crate::oas::NameSet::new(&o.required);
                let mut entries = Vec::new();
                for (name, property) in &o.properties {
                    let required = required.contains(name);
                    let property = resolve_boxed(self.api, property);
                    if !required && self.skipped(property) {
                        continue;
                    }
                    entries.push(serde_json::json!([name, required, self.shape(property, depth + 1)]));
                }
                serde_json::json!({ "object": entries })
            }
            SchemaKind::Type(Type::Array(a)) if !a.unique_items => {
                let Some(items) = &a.items else { return fixed() };
                let low = a.min_items.unwrap_or(0);
                let high = a.max_items.unwrap_or(usize::MAX).min(low.saturating_add(3));
                if low > high {
                    return fixed();
                }
                serde_json::json!({ "array": [low, high, self.shape(resolve_boxed(self.api, items), depth + 1)] })
            }
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                let mut shapes = Vec::new();
                for variant in variants.iter().filter(|v| !is_null_schema(self.api, v)) {
                    let resolved = resolve(self.api, variant);
                    let mut shape = self.shape(resolved, depth + 1);
                    if let Some(discriminator) = &schema.schema_data.discriminator {
                        // The tag the static sample gives this variant, fixed in its shape.
                        let mut value = self.value(resolved, depth + 1);
                        tag(discriminator, variant, &mut value);
                        let property = &discriminator.property_name;
                        let (Some(entries), Some(tag)) =
                            (shape.get_mut("object").and_then(Value::as_array_mut), value.get(property))
                        else {
                            return fixed();
                        };
                        entries.retain(|entry| entry[0].as_str() != Some(property));
                        entries.push(serde_json::json!([property, true, constant(tag.clone())]));
                    }
                    shapes.push(shape);
                }
                if shapes.is_empty() {
                    return fixed();
                }
                serde_json::json!({ "one": shapes })
            }
            SchemaKind::AllOf { all_of } => {
                let mut merged: Vec<Value> = Vec::new();
                for part in all_of {
                    let shape = self.shape(resolve(self.api, part), depth + 1);
                    let Some(entries) = shape.get("object").and_then(Value::as_array) else { return fixed() };
                    for entry in entries {
                        merged.retain(|kept| kept[0] != entry[0]);
                        merged.push(entry.clone());
                    }
                }
                serde_json::json!({ "object": merged })
            }
            _ => fixed(),
        }
    }

    /// Optional properties the direction never carries.
    fn skipped(&self, property: Option<&Schema>) -> bool {
        let Some(schema) = property else { return false };
        match self.direction {
            Direction::Response => schema.schema_data.write_only,
            Direction::Request => schema.schema_data.read_only,
        }
    }
}

/// Puts the discriminator's value for `variant` into its sample `value`: the mapping's key for the variant
/// wins; else the value the variant fixes the property to (its sample already holds it); else the schema's
/// name.
fn tag(discriminator: &openapiv3::Discriminator, variant: &ReferenceOr<Schema>, value: &mut Value) {
    let Value::Object(map) = value else { return };
    let property = &discriminator.property_name;
    match discriminator_value(discriminator, variant) {
        Some((tag, true)) => {
            map.insert(property.clone(), Value::String(tag));
        }
        Some((tag, false)) if !map.get(property).is_some_and(Value::is_string) => {
            map.insert(property.clone(), Value::String(tag));
        }
        _ => {}
    }
}

/// [`crate::oas::is_null`] through a reference: a member that only allows `null`.
fn is_null_schema(api: &OpenAPI, schema: &ReferenceOr<Schema>) -> bool {
    resolve(api, schema).is_some_and(crate::oas::is_null)
}

/// The discriminator value that selects `variant`: its key in `mapping` (`true`: from the mapping), or its
/// schema name (`false`).
fn discriminator_value(
    discriminator: &openapiv3::Discriminator,
    variant: &ReferenceOr<Schema>,
) -> Option<(String, bool)> {
    let ReferenceOr::Reference { reference } = variant else { return None };
    let mapped = discriminator
        .mapping
        .iter()
        .find(|(_, target)| *target == reference || target.as_str() == reference.trim_start_matches(SCHEMA_PREFIX))
        .map(|(key, _)| (key.clone(), true));
    mapped.or_else(|| reference.strip_prefix(SCHEMA_PREFIX).map(|name| (name.to_owned(), false)))
}

/// A schema whose sample is a string, number or boolean (no nesting to recurse into).
fn is_plain(api: &OpenAPI, schema: &ReferenceOr<Schema>) -> bool {
    resolve(api, schema).is_some_and(|schema| {
        matches!(
            schema.schema_kind,
            SchemaKind::Type(Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_))
        )
    })
}

fn string_sample(s: &StringType) -> String {
    if let Some(value) = s.enumeration.iter().flatten().next() {
        return value.clone();
    }
    let base = match &s.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "2024-01-01T00:00:00Z",
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "2024-01-01",
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "",
        VariantOrUnknownOrEmpty::Item(StringFormat::Password | StringFormat::Binary) => "",
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "uuid" => "00000000-0000-4000-8000-000000000000",
            "email" => "user@example.com",
            "uri" | "url" | "uri-reference" | "iri" => "https://example.com/",
            "hostname" => "example.com",
            "ipv4" => "192.0.2.1",
            "ipv6" => "2001:db8::1",
            "time" => "00:00:00Z",
            "duration" => "P1D",
            _ => "string",
        },
        VariantOrUnknownOrEmpty::Empty => "string",
    };
    let mut value = base.to_owned();
    let length = value.chars().count();
    if let Some(min) = s.min_length.filter(|min| length < *min) {
        value.extend(std::iter::repeat_n('x', min - length));
    }
    if let Some(max) = s.max_length.filter(|max| value.chars().count() > *max) {
        value = value.chars().take(max).collect();
    }
    value
}

fn integer_sample(i: &IntegerType) -> Value {
    if let Some(value) = i.enumeration.iter().flatten().next() {
        return Value::from(*value);
    }
    let low = i.minimum.map(|m| if i.exclusive_minimum { m.saturating_add(1) } else { m });
    let high = i.maximum.map(|m| if i.exclusive_maximum { m.saturating_sub(1) } else { m });
    let mut value = 0i64.max(low.unwrap_or(i64::MIN)).min(high.unwrap_or(i64::MAX));
    if let Some(step) = i.multiple_of.filter(|step| *step > 0) {
        let rounded = value.div_euclid(step).saturating_mul(step);
        value = if low.is_some_and(|low| rounded < low) { rounded.saturating_add(step) } else { rounded };
    }
    Value::from(value)
}

fn number_sample(n: &NumberType) -> Value {
    if let Some(value) = n.enumeration.iter().flatten().next() {
        return Value::from(*value);
    }
    let mut value = 0.0f64;
    if let Some(min) = n.minimum {
        value = value.max(if n.exclusive_minimum { min + 1.0 } else { min });
    }
    if let Some(max) = n.maximum {
        value = value.min(if n.exclusive_maximum { max - 1.0 } else { max });
    }
    if let Some(step) = n.multiple_of.filter(|step| *step > 0.0) {
        value = (value / step).ceil() * step;
    }
    // Whole numbers are written without a fraction, so an integer-typed Rust field accepts them too.
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

struct Checker<'a> {
    api: &'a OpenAPI,
    budget: Cell<usize>,
}

impl Checker<'_> {
    /// `schema` is the resolved schema of the position (`None`: a reference that leads nowhere, which
    /// allows anything). `relaxed`: the schema is a part of an `allOf`, whose own `additionalProperties:
    /// false` cannot see the other parts' properties, so only its declared properties are checked.
    fn check(
        &self,
        schema: Option<&Schema>,
        value: &Value,
        at: &At<'_>,
        depth: usize,
        relaxed: bool,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        if self.budget.get() == 0 {
            return Err("the schema is too involved to check the value against it".to_owned());
        }
        self.budget.set(self.budget.get() - 1);
        let Some(schema) = schema else { return Ok(()) };
        let fail = |message: String| {
            let at = at.to_string();
            Err(format!("{}: {message}", if at.is_empty() { "/" } else { &at }))
        };
        if value.is_null() {
            return match &schema.schema_kind {
                _ if schema.schema_data.nullable => Ok(()),
                SchemaKind::Any(_) | SchemaKind::Not { .. } => Ok(()),
                SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v }
                    if v.iter().any(|v| is_null_schema(self.api, v)) =>
                {
                    Ok(())
                }
                _ => fail("null where the schema is not nullable".to_owned()),
            };
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let Some(text) = value.as_str() else {
                    return fail(format!("expected a string, found {}", kind(value)));
                };
                let allowed: Vec<&String> = s.enumeration.iter().flatten().collect();
                if !allowed.is_empty() && !allowed.iter().any(|a| *a == text) {
                    return fail(format!("`{text}` is not one of the enum values"));
                }
                let length = text.chars().count();
                if s.min_length.is_some_and(|min| length < min) || s.max_length.is_some_and(|max| length > max) {
                    return fail(format!("length {length} is outside the schema's bounds"));
                }
                check_format(&s.format, text).or_else(fail)
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let Some(number) = value.as_i64().or_else(|| value.as_u64().map(|_| i64::MAX)) else {
                    return fail(format!("expected an integer, found {}", kind(value)));
                };
                let allowed: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                if !allowed.is_empty() && !allowed.contains(&number) {
                    return fail(format!("{number} is not one of the enum values"));
                }
                let below = i.minimum.is_some_and(|m| number < m || (i.exclusive_minimum && number == m));
                let above = i.maximum.is_some_and(|m| number > m || (i.exclusive_maximum && number == m));
                let narrow = matches!(&i.format, VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32))
                    && i32::try_from(number).is_err();
                if below || above || narrow {
                    return fail(format!("{number} is outside the schema's bounds"));
                }
                Ok(())
            }
            SchemaKind::Type(Type::Number(n)) => {
                let Some(number) = value.as_f64() else {
                    return fail(format!("expected a number, found {}", kind(value)));
                };
                let below = n.minimum.is_some_and(|m| number < m || (n.exclusive_minimum && number == m));
                let above = n.maximum.is_some_and(|m| number > m || (n.exclusive_maximum && number == m));
                if below || above {
                    return fail(format!("{number} is outside the schema's bounds"));
                }
                Ok(())
            }
            SchemaKind::Type(Type::Boolean(_)) => match value {
                Value::Bool(_) => Ok(()),
                _ => fail(format!("expected a boolean, found {}", kind(value))),
            },
            SchemaKind::Type(Type::Object(o)) => {
                let Some(map) = value.as_object() else {
                    return fail(format!("expected an object, found {}", kind(value)));
                };
                if let Some(missing) = o.required.iter().find(|name| !map.contains_key(*name)) {
                    return fail(format!("missing required property `{missing}`"));
                }
                for (name, item) in map {
                    let here = At::Key(at, name);
                    match o.properties.get(name) {
                        Some(property) => {
                            self.check(resolve_boxed(self.api, property), item, &here, depth + 1, false)?
                        }
                        None if relaxed => {}
                        None => match &o.additional_properties {
                            Some(AdditionalProperties::Any(false)) => {
                                return fail(format!("property `{name}` is not allowed"));
                            }
                            Some(AdditionalProperties::Schema(extra)) => {
                                self.check(resolve(self.api, extra), item, &here, depth + 1, false)?;
                            }
                            _ => {}
                        },
                    }
                }
                Ok(())
            }
            SchemaKind::Type(Type::Array(a)) => {
                let Some(items) = value.as_array() else {
                    return fail(format!("expected an array, found {}", kind(value)));
                };
                if a.min_items.is_some_and(|min| items.len() < min) || a.max_items.is_some_and(|max| items.len() > max)
                {
                    return fail(format!("{} items is outside the schema's bounds", items.len()));
                }
                if let Some(item_schema) = &a.items {
                    let item_schema = resolve_boxed(self.api, item_schema);
                    for (index, item) in items.iter().enumerate() {
                        self.check(item_schema, item, &At::Index(at, index), depth + 1, false)?;
                    }
                }
                Ok(())
            }
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                let mut first_error = None;
                for variant in variants {
                    match self.check(resolve(self.api, variant), value, at, depth + 1, false) {
                        Ok(()) => return Ok(()),
                        Err(error) => {
                            first_error.get_or_insert(error);
                        }
                    }
                }
                match first_error {
                    Some(error) => Err(format!("matches none of the alternatives (first: {error})")),
                    None => Ok(()),
                }
            }
            SchemaKind::AllOf { all_of } => all_of.iter().try_for_each(|part| {
                let part = resolve(self.api, part);
                let object = matches!(part, Some(Schema { schema_kind: SchemaKind::Type(Type::Object(_)), .. }));
                self.check(part, value, at, depth + 1, object)
            }),
            SchemaKind::Not { .. } | SchemaKind::Any(_) => Ok(()),
        }
    }
}

fn check_format(format: &VariantOrUnknownOrEmpty<StringFormat>, text: &str) -> Result<(), String> {
    let ok = match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => is_date_time(text),
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => is_date(text),
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => is_uuid(text),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("`{text}` is not a valid {}", format_name(format)))
    }
}

fn format_name(format: &VariantOrUnknownOrEmpty<StringFormat>) -> &str {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "date-time",
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "date",
        VariantOrUnknownOrEmpty::Unknown(format) => format,
        _ => "value",
    }
}

/// `YYYY-MM-DD` with a real month and day.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else { return false };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return false;
    }
    let (year, month, day): (u32, u32, u32) = match (year.parse(), month.parse(), day.parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return false,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// RFC 3339 `date-time`: a date, `T`, `hh:mm:ss`, optional fraction, and `Z` or an offset.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't']) else { return false };
    if !is_date(date) {
        return false;
    }
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(index) => time.split_at(index),
        None => return false,
    };
    let clock = clock.split_once('.').map_or(clock, |(whole, fraction)| {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            "invalid"
        } else {
            whole
        }
    });
    let two = |s: &str, max: u32| s.len() == 2 && s.parse::<u32>().is_ok_and(|v| v <= max);
    let clock_ok = match clock.split(':').collect::<Vec<_>>().as_slice() {
        [h, m, s] => two(h, 23) && two(m, 59) && two(s, 60),
        _ => false,
    };
    let offset_ok = match offset {
        "Z" | "z" => true,
        _ => match offset[1..].split(':').collect::<Vec<_>>().as_slice() {
            [h, m] => two(h, 23) && two(m, 59),
            _ => false,
        },
    };
    clock_ok && offset_ok
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> OpenAPI {
        let text =
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{yaml}");
        serde_yaml::from_str(&text).expect("test document parses")
    }

    fn reference(name: &str) -> ReferenceOr<Schema> {
        ReferenceOr::Reference { reference: format!("{SCHEMA_PREFIX}{name}") }
    }

    #[test]
    fn a_member_that_allows_only_null_is_null_in_any_spelling_and_through_a_reference() {
        let api = api(r#"
    Nothing: {type: string, enum: [null]}
    Void: {enum: [null]}
    MaybeName:
      oneOf:
        - {type: string}
        - {$ref: '#/components/schemas/Nothing'}
    MaybeCount:
      anyOf:
        - {$ref: '#/components/schemas/Void'}
        - {type: integer}
"#);
        for (name, present) in [("MaybeName", serde_json::json!("x")), ("MaybeCount", serde_json::json!(3))] {
            assert_eq!(check(&api, &reference(name), &Value::Null), Ok(()), "{name} allows null");
            assert_eq!(check(&api, &reference(name), &present), Ok(()), "{name} allows its value");
            let value = sample(&api, &reference(name), Direction::Response);
            assert!(!value.is_null(), "{name}: a sample is built from the member that is not null: {value}");
        }
    }

    #[test]
    fn samples_are_valid_against_their_schema() {
        let api = api(r#"
    Thing:
      type: object
      required: [id, createdAt, kind, count, tags, child, score, day, key]
      additionalProperties: false
      properties:
        id: {type: string, minLength: 10, maxLength: 12}
        createdAt: {type: string, format: date-time}
        day: {type: string, format: date}
        key: {type: string, format: uuid}
        kind: {type: string, enum: [alpha, beta]}
        count: {type: integer, minimum: 5, maximum: 9, multipleOf: 3}
        score: {type: number, exclusiveMinimum: true, minimum: 0.5}
        tags: {type: array, minItems: 2, items: {type: string}}
        child: {$ref: '#/components/schemas/Node'}
        secret: {type: string, writeOnly: true}
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        next: {$ref: '#/components/schemas/Node'}
"#);
        let value = sample(&api, &reference("Thing"), Direction::Response);
        assert_eq!(check(&api, &reference("Thing"), &value), Ok(()), "{value:#}");
        assert_eq!(value["count"], 6);
        assert_eq!(value["id"].as_str().map(str::len), Some(10));
        assert_eq!(value["tags"].as_array().map(Vec::len), Some(2));
        assert!(value.get("secret").is_none(), "writeOnly properties are not in responses: {value}");
        // The recursive optional `next` stops after a few levels.
        let mut depth = 0;
        let mut node = &value["child"];
        while let Some(next) = node.get("next") {
            node = next;
            depth += 1;
        }
        assert!((1..=RICH_DEPTH).contains(&depth), "{depth}");
    }

    #[test]
    fn discriminated_union_sample_carries_its_tag() {
        let api = api(r#"
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat'}}
    Cat:
      type: object
      required: [kind, lives]
      properties: {kind: {type: string}, lives: {type: integer}}
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string}}
"#);
        let value = sample(&api, &reference("Pet"), Direction::Response);
        assert_eq!(value, serde_json::json!({"kind": "cat", "lives": 0}));
    }

    #[test]
    fn unions_whose_every_object_variant_recurses_stay_small() {
        let api = api(r#"
    Expression:
      oneOf: [{$ref: '#/components/schemas/Sum'}, {$ref: '#/components/schemas/Product'}, {type: number}]
    Sum:
      type: object
      required: [left, right]
      properties: {left: {$ref: '#/components/schemas/Expression'}, right: {$ref: '#/components/schemas/Expression'}}
    Product:
      type: object
      required: [left, right]
      properties: {left: {$ref: '#/components/schemas/Expression'}, right: {$ref: '#/components/schemas/Expression'}}
"#);
        let value = sample(&api, &reference("Expression"), Direction::Response);
        assert!(value.to_string().len() < 2_000, "{value}");
        assert_eq!(check(&api, &reference("Expression"), &value), Ok(()), "{value}");
    }

    #[test]
    fn a_variant_that_fixes_its_tag_keeps_it() {
        let api = api(r#"
    Pet:
      oneOf: [{$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string, enum: [dog]}}
"#);
        assert_eq!(sample(&api, &reference("Pet"), Direction::Response), serde_json::json!({"kind": "dog"}));
    }

    #[test]
    fn self_reference_without_progress_is_bounded() {
        let api = api("    Loop:\n      allOf: [{$ref: '#/components/schemas/Loop'}]\n");
        assert_eq!(sample(&api, &reference("Loop"), Direction::Response), serde_json::json!({}));
        assert_eq!(check(&api, &reference("Loop"), &serde_json::json!({"a": 1})), Ok(()));
    }

    #[test]
    fn check_names_the_first_violation_and_where() {
        let api = api(r#"
    List:
      type: object
      required: [items]
      properties:
        items:
          type: array
          items:
            type: object
            additionalProperties: false
            properties:
              at: {type: string, format: date-time}
"#);
        let bad = serde_json::json!({"items": [{"at": "2024-01-01T00:00:00Z"}, {"at": "yesterday"}]});
        assert_eq!(
            check(&api, &reference("List"), &bad),
            Err("/items/1/at: `yesterday` is not a valid date-time".to_owned())
        );
        let extra = serde_json::json!({"items": [{"other": 1}]});
        assert_eq!(
            check(&api, &reference("List"), &extra),
            Err("/items/0: property `other` is not allowed".to_owned())
        );
        assert_eq!(
            check(&api, &reference("List"), &serde_json::json!({})),
            Err("/: missing required property `items`".to_owned())
        );
    }

    #[test]
    fn all_of_parts_check_only_their_own_properties() {
        let api = api(r#"
    Both:
      allOf:
        - {type: object, additionalProperties: false, properties: {a: {type: integer}}}
        - {type: object, required: [b], properties: {b: {type: string}}}
"#);
        assert_eq!(check(&api, &reference("Both"), &serde_json::json!({"a": 1, "b": "x"})), Ok(()));
        assert_eq!(
            check(&api, &reference("Both"), &serde_json::json!({"a": "one", "b": "x"})),
            Err("/a: expected an integer, found a string".to_owned())
        );
        assert_eq!(
            check(&api, &reference("Both"), &serde_json::json!({"a": 1})),
            Err("/: missing required property `b`".to_owned())
        );
    }

    #[test]
    fn formats() {
        assert!(is_date_time("2024-12-01T08:45:00Z"));
        assert!(is_date_time("2024-12-01T08:45:00.123+02:00"));
        assert!(!is_date_time("2024-12-01 08:45:00"));
        assert!(!is_date_time("2024-02-30T08:45:00Z"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(is_uuid("00000000-0000-4000-8000-000000000000"));
        assert!(!is_uuid("0000"));
    }
}
