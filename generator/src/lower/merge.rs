//! `allOf` → one struct: the object parts of a composition merged, within a budget of copied properties.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use crate::ir::*;

use super::schema::enum_values;
use super::{Lowerer, MERGED_PROPERTIES};
use crate::oas::NameSet;

impl<'a> Lowerer<'a, '_> {
    /// `allOf`: one struct with the properties of every part (references and nested `allOf` followed, later
    /// parts overriding earlier ones) and the union of their `required`. A part that is not an object
    /// (a string, a `oneOf`) cannot be merged: the type is then free-form JSON, with a warning.
    pub(super) fn all_of(&mut self, schema: &'a Schema, name: &str, pointer: &str) -> TypeKind {
        if self.merge_budget == 0 {
            // Past the budget (an error said so): nothing more is merged.
            return TypeKind::Newtype(TypeRef::Primitive(Primitive::Json));
        }
        let mut merged = Merged::default();
        let result = self.merge_into(&mut merged, schema, &mut BTreeSet::new());
        if result.is_ok() && merged.properties.len() > self.merge_budget {
            self.merge_budget = 0;
            let location = self.spec.source_map.locate(pointer);
            self.diags.error_at(
                &location,
                format!(
                    "at `{pointer}`: `{name}`: merging `allOf` parts would copy more than {MERGED_PROPERTIES} properties \
                     into the document's structs (each schema that extends another holds all of its properties, so \
                     a long chain of extensions grows with the square of its length); no code is generated"
                ),
            );
            return TypeKind::Newtype(TypeRef::Primitive(Primitive::Json));
        }
        self.merge_budget -= merged.properties.len().min(self.merge_budget);
        match result {
            Ok(()) => TypeKind::Struct(self.structure(
                merged.properties.into_iter(),
                &NameSet::Set(merged.required),
                merged.additional,
                pointer,
            )),
            Err(part) => {
                self.warn(
                    pointer,
                    format!("`{name}`: an `allOf` part ({part}) cannot be merged into an object; the type is kept as free-form JSON"),
                );
                TypeKind::Newtype(TypeRef::Primitive(Primitive::Json))
            }
        }
    }

    /// Adds the object properties of `schema` to `merged`. `seen` holds the components already merged, so a
    /// cycle of `allOf` references ends. `Err` describes the first part that is not an object.
    pub(super) fn merge_into(
        &self,
        merged: &mut Merged<'a>,
        schema: &'a Schema,
        seen: &mut BTreeSet<String>,
    ) -> Result<(), String> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                merged.add(&object.properties, &object.required, object.additional_properties.as_ref());
                Ok(())
            }
            SchemaKind::AllOf { all_of } => all_of.iter().try_for_each(|part| self.merge_part(merged, part, seen)),
            SchemaKind::Any(any)
                if any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.not.is_none()
                    && any.enumeration.is_empty()
                    && matches!(any.typ.as_deref(), None | Some("object")) =>
            {
                merged.add(&any.properties, &any.required, any.additional_properties.as_ref());
                any.all_of.iter().try_for_each(|part| self.merge_part(merged, part, seen))
            }
            other => Err(format!("{} schema", kind_word(other))),
        }
    }

    fn merge_part(
        &self,
        merged: &mut Merged<'a>,
        part: &'a ReferenceOr<Schema>,
        seen: &mut BTreeSet<String>,
    ) -> Result<(), String> {
        match part {
            ReferenceOr::Item(schema) => self.merge_into(merged, schema, seen),
            ReferenceOr::Reference { reference } => {
                let Some(key) = self.resolve_alias(reference) else { return Err(format!("`{reference}`")) };
                if !seen.insert(key.clone()) {
                    return Ok(());
                }
                let Some(schema) = self.component(reference) else { return Err(format!("`{reference}`")) };
                self.merge_into(merged, schema, seen).map_err(|kind| format!("`{reference}`, {kind}"))
            }
        }
    }

    /// The one value a component's property may take (`type: string, enum: [dog]`), looking through `allOf`.
    pub(super) fn fixed_property_value(&self, reference: &str, property: &str) -> Option<String> {
        let mut merged = Merged::default();
        self.merge_into(&mut merged, self.component(reference)?, &mut BTreeSet::new()).ok()?;
        let schema = match *merged.properties.get(property)? {
            ReferenceOr::Item(schema) => schema.as_ref(),
            ReferenceOr::Reference { reference } => self.component(reference)?,
        };
        match enum_values(schema)? {
            Ok((EnumRepr::String, values)) if values.len() == 1 => values.into_iter().next(),
            _ => None,
        }
    }
}

/// What a schema is, for messages (`a string`).
fn kind_word(kind: &SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Type(Type::String(_)) => "a string",
        SchemaKind::Type(Type::Number(_)) => "a number",
        SchemaKind::Type(Type::Integer(_)) => "an integer",
        SchemaKind::Type(Type::Boolean(_)) => "a boolean",
        SchemaKind::Type(Type::Array(_)) => "an array",
        SchemaKind::Type(Type::Object(_)) => "an object",
        SchemaKind::OneOf { .. } => "a `oneOf`",
        SchemaKind::AnyOf { .. } => "an `anyOf`",
        SchemaKind::AllOf { .. } => "an `allOf`",
        SchemaKind::Not { .. } => "a `not`",
        SchemaKind::Any(_) => "a non-object",
    }
}

/// The object parts of an `allOf`, merged: borrowed from the document, never copied (a chain of `allOf`s
/// merges each part into every schema that extends it).
#[derive(Default)]
pub(super) struct Merged<'s> {
    properties: indexmap::IndexMap<&'s str, &'s ReferenceOr<Box<Schema>>>,
    required: BTreeSet<&'s str>,
    additional: Option<&'s AdditionalProperties>,
}

impl<'s> Merged<'s> {
    fn add(
        &mut self,
        properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
    ) {
        for (name, property) in properties {
            self.properties.insert(name, property);
        }
        self.required.extend(required.iter().map(String::as_str));
        if self.additional.is_none() {
            self.additional = additional;
        }
    }
}
