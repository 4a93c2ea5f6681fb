//! Schemas → types: each component and inline schema becomes a named type or a type use, with its
//! nullability, enum values and annotations.

use std::collections::BTreeMap;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use crate::formats;
use crate::ir::*;
use crate::naming::{self, Scope};
use crate::oas::{self, SCHEMA_PREFIX};
use crate::source_map::escape;

use super::Lowerer;
use crate::oas::NameSet;

impl<'a> Lowerer<'a, '_> {
    pub(super) fn name_components(&mut self) {
        let keys: Vec<&'a str> = self.schemas().map(|(k, _)| k.as_str()).collect();
        let names = naming::schema_type_names(&mut self.module_scope, &keys);
        for (key, name) in keys.iter().zip(names) {
            self.names.insert((*key).to_owned(), name);
        }
        // Pure aliases (`A: {$ref: B}`) use their target's name.
        let aliases: Vec<(String, String)> = self
            .schemas()
            .filter_map(|(key, schema)| match schema {
                ReferenceOr::Reference { reference } => Some((key.clone(), reference.clone())),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        for (key, reference) in aliases {
            if let Some(target) = self.resolve_alias(&reference) {
                if let Some(name) = self.names.get(&target).cloned() {
                    self.names.insert(key, name);
                }
            }
        }
    }

    /// The key of the component a `#/components/schemas/…` reference ends at, through aliases.
    pub(super) fn resolve_alias(&self, reference: &str) -> Option<String> {
        self.resolve_component(reference).map(|(key, _)| key.to_owned())
    }

    /// The schema a `#/components/schemas/…` reference ends at, through aliases.
    pub(super) fn component(&self, reference: &str) -> Option<&'a Schema> {
        self.resolve_component(reference).map(|(_, schema)| schema)
    }

    fn resolve_component(&self, reference: &str) -> Option<(&'a str, &'a Schema)> {
        oas::schema_component(&self.api.components.as_ref()?.schemas, reference, oas::RESOLVE_LOOKUPS)
    }

    pub(super) fn components(&mut self) -> Vec<TypeDef> {
        let mut types = Vec::new();
        let entries: Vec<(&'a String, &'a ReferenceOr<Schema>)> = self.schemas().collect();
        for (key, schema) in entries {
            let ReferenceOr::Item(schema) = schema else { continue };
            let Some(name) = self.names.get(key).cloned() else { continue };
            let pointer = format!("/components/schemas/{}", escape(key));
            let origin = self.origin(pointer.clone(), Some(&schema.schema_data.extensions));
            let kind = match self.subtypes(key, schema) {
                Some(members) => self.union(schema, &members, "discriminator/mapping", &pointer),
                None => self.type_kind(schema, &name, &pointer),
            };
            let deprecated =
                schema.schema_data.deprecated.then_some("Deprecated: the document marks this schema deprecated.");
            let description = annotations(schema).iter().find_map(|d| d.description.clone());
            let doc = paragraphs([description.as_deref(), deprecated]);
            types.push(TypeDef { name, schema_name: key.clone(), doc, origin, kind });
        }
        types
    }

    /// The subtypes a base schema's discriminator maps to, as references, when the schema is the base of the
    /// polymorphism pattern: an object (not a `oneOf`/`anyOf`) whose `discriminator.mapping` names
    /// components that each extend it (`Dog: allOf: [$ref: Pet, …]`). A value of the base is then one of them,
    /// told apart by the tag: the base becomes a tagged union of its subtypes, not a struct of its own
    /// properties (which would drop the subtype's). A mapping entry naming the base itself is left out; a
    /// mapping that names anything else keeps the struct.
    fn subtypes(&self, key: &str, schema: &Schema) -> Option<Vec<ReferenceOr<Schema>>> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        if oas::union_members(schema).is_some() || discriminator.mapping.is_empty() {
            return None;
        }
        let mut members: Vec<ReferenceOr<Schema>> = Vec::new();
        for target in discriminator.mapping.values() {
            let subtype = target.strip_prefix(SCHEMA_PREFIX).unwrap_or(target);
            if subtype == key {
                continue;
            }
            let extends = |part: &ReferenceOr<Schema>| matches!(part, ReferenceOr::Reference { reference } if reference.strip_prefix(SCHEMA_PREFIX) == Some(key));
            let all_of = match &self.component(&format!("{SCHEMA_PREFIX}{subtype}"))?.schema_kind {
                SchemaKind::AllOf { all_of } => all_of,
                SchemaKind::Any(any) => &any.all_of,
                _ => return None,
            };
            if !all_of.iter().any(extends) {
                return None;
            }
            let reference = format!("{SCHEMA_PREFIX}{subtype}");
            if !members.iter().any(|m| matches!(m, ReferenceOr::Reference { reference: r } if *r == reference)) {
                members.push(ReferenceOr::Reference { reference });
            }
        }
        (!members.is_empty()).then_some(members)
    }

    fn type_kind(&mut self, schema: &'a Schema, name: &str, pointer: &str) -> TypeKind {
        if let Some((keyword, index, member)) = oas::null_union_member(schema) {
            // `anyOf: [X, {type: 'null'}]` is X; the fields that hold it are optional.
            return match self.schema_type(member, &format!("{pointer}/{keyword}/{index}")) {
                TypeRef::Map(value) => TypeKind::Map(*value),
                other => TypeKind::Newtype(other),
            };
        }
        if let Some(Ok((repr, values))) = enum_values(schema) {
            return enum_kind(repr, values);
        }
        if let Some(reference) = oas::single_reference(schema) {
            // A named, annotated reference (`X: allOf: [$ref: Y, {description: …}]`) is a Y.
            return TypeKind::Newtype(self.reference(reference, &format!("{pointer}/allOf")));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let mut s = self.structure(
                    object.properties.iter().map(|(wire, property)| (wire.as_str(), property)),
                    &NameSet::new(&object.required),
                    object.additional_properties.as_ref(),
                    pointer,
                );
                mark_required_from_examples(&mut s, schema);
                TypeKind::Struct(s)
            }
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() && !any.all_of.is_empty() => {
                self.all_of(schema, name, pointer)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                TypeKind::Struct(self.structure(
                    any.properties.iter().map(|(wire, property)| (wire.as_str(), property)),
                    &NameSet::new(&any.required),
                    any.additional_properties.as_ref(),
                    pointer,
                ))
            }
            SchemaKind::AllOf { .. } => self.all_of(schema, name, pointer),
            _ => match oas::union_members(schema) {
                Some((keyword, members)) => {
                    if let SchemaKind::Any(any) = &schema.schema_kind {
                        if !any.properties.is_empty()
                            || !any.all_of.is_empty()
                            || (!any.one_of.is_empty() && !any.any_of.is_empty())
                        {
                            self.warn(
                                pointer,
                                format!("`{name}`: only its `{keyword}` is generated; properties, `allOf` or `anyOf` beside it are not"),
                            );
                        }
                    }
                    self.union(schema, members, keyword, pointer)
                }
                None => match self.inline_type(schema, pointer) {
                    TypeRef::Map(value) => TypeKind::Map(*value),
                    other => TypeKind::Newtype(other),
                },
            },
        }
    }

    /// A struct of `properties` (wire name, schema), those named in `required` required.
    pub(super) fn structure<'p>(
        &mut self,
        properties: impl Iterator<Item = (&'p str, &'p ReferenceOr<Box<Schema>>)>,
        required: &NameSet<'_>,
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> Struct {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (wire, property) in properties {
            let field_pointer = format!("{pointer}/properties/{}", escape(wire));
            let nullable = self.nullable_position(property);
            let (ty, doc, flags, extensions, default) = match property {
                ReferenceOr::Reference { reference } => (
                    self.reference(reference, &field_pointer),
                    None,
                    (false, false, false),
                    None,
                    self.component(reference).and_then(|s| s.schema_data.default.clone()),
                ),
                ReferenceOr::Item(schema) => {
                    let referenced = oas::single_reference(schema).and_then(|r| self.component(r));
                    let notes = annotations(schema);
                    let description = notes.iter().find_map(|d| d.description.clone().filter(|d| !d.trim().is_empty()));
                    let default = notes.iter().find_map(|d| d.default.clone());
                    (
                        self.inline_type(schema, &field_pointer),
                        description,
                        (
                            notes.iter().any(|d| d.read_only),
                            notes.iter().any(|d| d.write_only),
                            notes.iter().any(|d| d.deprecated),
                        ),
                        Some(&schema.schema_data.extensions),
                        default.or_else(|| referenced.and_then(|s| s.schema_data.default.clone())),
                    )
                }
            };
            let origin = self.origin(field_pointer, extensions);
            fields.push(Field {
                name: scope.claim(naming::value_name(wire)),
                wire: wire.to_owned(),
                ty,
                required: required.contains(wire),
                required_from_examples: false,
                nullable,
                boxed: false,
                doc,
                read_only: flags.0,
                write_only: flags.1,
                deprecated: flags.2,
                default: default.map(|json| FieldDefault { json, value: None }),
                origin,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                Some(self.value_type(schema, &format!("{pointer}/additionalProperties")))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Primitive(Primitive::Json)),
            _ => None,
        };
        let additional_field = scope.claim("additional_properties".to_owned());
        Struct { fields, additional, additional_field, default_impl: false }
    }

    fn union(&mut self, schema: &Schema, members: &[ReferenceOr<Schema>], keyword: &str, pointer: &str) -> TypeKind {
        let discriminator = schema.schema_data.discriminator.as_ref();
        // The mapping by target, once: the keys naming each target, in the mapping's order.
        let mut mapped: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
        for (value, target) in discriminator.iter().flat_map(|d| &d.mapping) {
            mapped.entry(target.as_str()).or_default().push(value);
        }
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        for (index, member) in members.iter().enumerate() {
            if oas::is_null_schema(member) {
                // A `null` member makes the union nullable (see `component_nullable`), not a variant.
                continue;
            }
            let ty = self.schema_type(member, &format!("{pointer}/{keyword}/{index}"));
            let base = match &ty {
                TypeRef::Named(name) => name.clone(),
                TypeRef::Primitive(p) => formats::variant_word(*p).to_owned(),
                TypeRef::Vec(_) => "Array".to_owned(),
                TypeRef::Map(_) => "Map".to_owned(),
                TypeRef::Option(_) => "Nullable".to_owned(),
            };
            let (tag, tag_aliases) = match (discriminator, member) {
                (Some(d), ReferenceOr::Reference { reference }) => self.discriminator_values(d, &mapped, reference),
                _ => (None, Vec::new()),
            };
            variants.push(UnionVariant {
                name: scope.claim(naming::variant_name(&base)),
                ty,
                boxed: false,
                tag,
                tag_aliases,
            });
        }
        if variants.is_empty() {
            return TypeKind::Newtype(TypeRef::Primitive(Primitive::Json));
        }
        // Whether the discriminator can really tag the union is decided once every type is known
        // (`choose_tagging`).
        let tagging = match discriminator {
            Some(d) => Tagging::Internal { property: d.property_name.clone() },
            None => Tagging::Untagged,
        };
        TypeKind::Union(Union { variants, tagging })
    }

    /// The discriminator values that select the member `reference`: the `mapping` keys naming it (the first is
    /// the tag written, the others are accepted too); else the value the member fixes its tag property to
    /// (`enum: [dog]`); else, as the specification says, the member's schema name.
    /// `mapped` is the discriminator's mapping by target.
    fn discriminator_values(
        &self,
        discriminator: &openapiv3::Discriminator,
        mapped: &BTreeMap<&str, Vec<&String>>,
        reference: &str,
    ) -> (Option<String>, Vec<String>) {
        let key = reference.trim_start_matches(SCHEMA_PREFIX);
        // The keys naming the member by reference or by bare name, in the mapping's order.
        let by_reference = mapped.get(reference).into_iter().flatten();
        let by_key = mapped.get(key).filter(|_| key != reference).into_iter().flatten();
        let mut values: Vec<&String> = by_reference.chain(by_key).copied().collect();
        if values.len() > 1 {
            let order: BTreeMap<&str, usize> =
                discriminator.mapping.keys().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
            values.sort_by_key(|v| order[v.as_str()]);
        }
        let mut values = values.into_iter().cloned();
        if let Some(first) = values.next() {
            return (Some(first), values.collect());
        }
        let fixed = self.fixed_property_value(reference, &discriminator.property_name);
        (Some(fixed.unwrap_or_else(|| key.to_owned())), Vec::new())
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        match reference.strip_prefix(SCHEMA_PREFIX).and_then(|key| self.names.get(key)) {
            Some(name) => TypeRef::Named(name.clone()),
            None => {
                self.warn(pointer, format!("unresolved reference `{reference}`; using free-form JSON"));
                TypeRef::Primitive(Primitive::Json)
            }
        }
    }

    /// Whether a referenced component allows `null` (so a field holding it is an `Option`).
    fn component_nullable(&self, reference: &str) -> bool {
        self.component(reference).is_some_and(oas::is_nullable)
    }

    pub(super) fn schema_type(&mut self, schema: &ReferenceOr<Schema>, pointer: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer),
        }
    }

    fn boxed_type(&mut self, schema: &ReferenceOr<Box<Schema>>, pointer: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer),
        }
    }

    /// The type of an array's items: `Option` of it when the items may be `null`.
    fn item_type(&mut self, items: &ReferenceOr<Box<Schema>>, pointer: &str) -> TypeRef {
        let nullable = self.nullable_position(items);
        may_be_null(self.boxed_type(items, pointer), nullable)
    }

    /// The type of a map's values: `Option` of it when the values may be `null`.
    fn value_type(&mut self, value: &ReferenceOr<Schema>, pointer: &str) -> TypeRef {
        let nullable = self.nullable_position(value);
        may_be_null(self.schema_type(value, pointer), nullable)
    }

    /// Whether a schema position (a property, items, map values) allows `null`: the component it refers to
    /// does, or the inline schema does, itself or through the one component it annotates.
    fn nullable_position<S: std::borrow::Borrow<Schema>>(&self, position: &ReferenceOr<S>) -> bool {
        match position {
            ReferenceOr::Reference { reference } => self.component_nullable(reference),
            ReferenceOr::Item(schema) => {
                let schema = schema.borrow();
                oas::is_nullable(schema) || oas::single_reference(schema).is_some_and(|r| self.component_nullable(r))
            }
        }
    }

    /// The type of a schema that normalise left inline (so it is not nameable: no properties, no enum).
    fn inline_type(&mut self, schema: &Schema, pointer: &str) -> TypeRef {
        if let Some(reference) = oas::single_reference(schema) {
            return self.reference(reference, pointer);
        }
        if let Some((keyword, index, member)) = oas::null_union_member(schema) {
            return self.schema_type(member, &format!("{pointer}/{keyword}/{index}"));
        }
        if let Some(Err(kind)) = enum_values(schema) {
            self.warn(
                pointer,
                format!("an `enum` of {kind} values is not enforced; any value of the type is accepted"),
            );
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => TypeRef::Primitive(formats::string(&string.format)),
            SchemaKind::Type(Type::Integer(integer)) => TypeRef::Primitive(formats::integer(
                &integer.format,
                integer.minimum.map(|v| v as f64),
                integer.maximum.map(|v| v as f64),
            )),
            SchemaKind::Type(Type::Number(number)) => TypeRef::Primitive(formats::number(&number.format)),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Primitive(Primitive::Bool),
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => TypeRef::Vec(Box::new(self.item_type(items, &format!("{pointer}/items")))),
                None => TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::Json))),
            },
            SchemaKind::Type(Type::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(value)) => {
                    TypeRef::Map(Box::new(self.value_type(value, &format!("{pointer}/additionalProperties"))))
                }
                _ => TypeRef::Primitive(Primitive::JsonObject),
            },
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("string") => {
                    TypeRef::Primitive(any.format.as_deref().map_or(Primitive::String, formats::string_by_name))
                }
                Some("integer") => {
                    let format = match &any.format {
                        Some(name) => openapiv3::VariantOrUnknownOrEmpty::Unknown(name.clone()),
                        None => openapiv3::VariantOrUnknownOrEmpty::Empty,
                    };
                    TypeRef::Primitive(formats::integer(&format, any.minimum, any.maximum))
                }
                Some("number") => TypeRef::Primitive(if any.format.as_deref() == Some("float") {
                    Primitive::F32
                } else {
                    Primitive::F64
                }),
                Some("boolean") => TypeRef::Primitive(Primitive::Bool),
                Some("array") => match &any.items {
                    Some(items) => TypeRef::Vec(Box::new(self.item_type(items, &format!("{pointer}/items")))),
                    None => TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::Json))),
                },
                Some("object") => match &any.additional_properties {
                    Some(AdditionalProperties::Schema(value)) => {
                        TypeRef::Map(Box::new(self.value_type(value, &format!("{pointer}/additionalProperties"))))
                    }
                    _ => TypeRef::Primitive(Primitive::JsonObject),
                },
                _ => TypeRef::Primitive(Primitive::Json),
            },
            SchemaKind::Not { .. } => TypeRef::Primitive(Primitive::Json),
            // Nameable schemas are components after normalise; reaching here means an unnamed composite.
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                self.warn(pointer, "inline composite schema left unnamed; using free-form JSON".to_owned());
                TypeRef::Primitive(Primitive::Json)
            }
        }
    }
}

/// `ty`, or `Option` of it when the value may be `null` (not for any JSON value, which holds `null` itself).
fn may_be_null(ty: TypeRef, nullable: bool) -> TypeRef {
    match ty {
        TypeRef::Primitive(Primitive::Json) | TypeRef::Option(_) => ty,
        ty if nullable => TypeRef::Option(Box::new(ty)),
        ty => ty,
    }
}

/// A property's annotations: its own, then those of the parts beside the reference of an annotated
/// reference (`allOf: [$ref, {description: …}]`).
fn annotations(schema: &Schema) -> Vec<&openapiv3::SchemaData> {
    let mut out = vec![&schema.schema_data];
    if let (Some(_), SchemaKind::AllOf { all_of }) = (oas::single_reference(schema), &schema.schema_kind) {
        out.extend(all_of.iter().filter_map(ReferenceOr::as_item).map(|part| &part.schema_data));
    }
    out
}

/// Marks the fields that the schema's `x-docgen-required-from-examples` lists (see `derive::infer`).
fn mark_required_from_examples(s: &mut Struct, schema: &Schema) {
    let Some(serde_json::Value::Array(names)) = schema.schema_data.extensions.get(crate::oas::REQUIRED_FROM_EXAMPLES)
    else {
        return;
    };
    for field in &mut s.fields {
        field.required_from_examples = field.required && names.iter().any(|name| name.as_str() == Some(&field.wire));
    }
}

/// The values of an `enum` schema that becomes a Rust enum, deduplicated, in document order (integers as
/// their decimal text). `Err` names the kind of an `enum` that does not (numbers, booleans, mixed values);
/// `None`: no `enum`, or only `null` (which makes the schema nullable instead).
pub(super) fn enum_values(schema: &Schema) -> Option<Result<(EnumRepr, Vec<String>), &'static str>> {
    let (repr, values): (EnumRepr, Vec<String>) = match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => (EnumRepr::String, t.enumeration.iter().flatten().cloned().collect()),
        SchemaKind::Type(Type::Integer(t)) => {
            (EnumRepr::Integer, t.enumeration.iter().flatten().map(|v| v.to_string()).collect())
        }
        SchemaKind::Type(Type::Number(t)) => return t.enumeration.iter().any(Option::is_some).then_some(Err("number")),
        SchemaKind::Type(Type::Boolean(t)) => {
            return t.enumeration.iter().any(Option::is_some).then_some(Err("boolean"));
        }
        SchemaKind::Any(any) => {
            let values: Vec<&serde_json::Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
            if values.is_empty() {
                return None;
            }
            if !oas::enum_of_one_kind(any) {
                return Some(Err("mixed or non-string"));
            }
            match values[0] {
                serde_json::Value::String(_) => {
                    (EnumRepr::String, values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                }
                _ => (EnumRepr::Integer, values.iter().map(|v| v.to_string()).collect()),
            }
        }
        _ => return None,
    };
    if values.is_empty() {
        return None;
    }
    // Deduplicated in order (a search of the values kept so far made a wide enum quadratic).
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    let unique: Vec<String> = values.into_iter().filter(|value| seen.insert(value.clone())).collect();
    Some(Ok((repr, unique)))
}

fn enum_kind(repr: EnumRepr, values: Vec<String>) -> TypeKind {
    let mut scope = Scope::new();
    let variants = values
        .into_iter()
        .map(|wire| {
            let name = match (repr, wire.parse::<i64>()) {
                (EnumRepr::Integer, Ok(value)) => naming::integer_variant_name(value),
                _ => naming::variant_name(&wire),
            };
            EnumVariant { name: scope.claim(name), wire }
        })
        .collect();
    TypeKind::Enum(StringEnum { variants, repr })
}
