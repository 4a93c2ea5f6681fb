//! Emits the serde types of a spec: named schema types, and per operation its `<Op>Request` struct and
//! `<Op>Response` enum.

use super::code::{array, atom, call, float_lit, lit, string_lit, type_text, Code};
use super::join_docs;
use crate::ir::*;
use crate::naming::{self, unraw};

/// The module's schema types, one after the other.
pub fn emit_types(code: &mut Code, api: &Api) {
    for def in &api.types {
        emit_type(code, def);
    }
}

pub fn emit_type(code: &mut Code, def: &TypeDef) {
    let name = def.name.as_str();
    code.doc(def.doc.as_deref().unwrap_or(&format!("The `{}` schema.", def.schema_name)));
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(code, name, s),
        TypeKind::Enum(e) if e.variants.is_empty() => {
            code.line("#[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]");
            code.line("#[serde(transparent)]");
            code.line(&format!("pub struct {name}(pub ::std::string::String);"));
        }
        TypeKind::Enum(e) => emit_enum(code, name, e),
        TypeKind::Map(value) => {
            let value = type_text(value, "");
            code.line(&format!("pub type {name} = ::std::collections::BTreeMap<::std::string::String, {value}>;"));
        }
        TypeKind::Newtype(inner) => {
            let inner_text = type_text(inner, "");
            code.line("#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]");
            code.line("#[serde(transparent)]");
            code.line(&format!("pub struct {name}(pub {inner_text});"));
            // A named scalar reads and writes as text like its value, so it can be a parameter or header.
            if let TypeRef::Primitive(p) = inner {
                if crate::formats::parses_from_text(*p) {
                    code.open(&format!("impl ::std::str::FromStr for {name} {{"));
                    code.line(&format!("type Err = <{inner_text} as ::std::str::FromStr>::Err;"));
                    code.open("fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {");
                    code.line("value.parse().map(Self)");
                    code.close("}");
                    code.close("}");
                    code.open(&format!("impl ::std::fmt::Display for {name} {{"));
                    code.open("fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {");
                    // A date-time is written as RFC 3339 (as serde writes it), not as chrono's `Display`.
                    code.line(match p {
                        Primitive::DateTime => {
                            "f.write_str(&self.0.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true))"
                        }
                        _ => "::std::fmt::Display::fmt(&self.0, f)",
                    });
                    code.close("}");
                    code.close("}");
                }
            }
        }
        TypeKind::Union(u) => emit_union(code, name, u),
        TypeKind::Alias(target) => code.line(&format!("pub type {name} = {target};")),
    }
}

fn emit_union(code: &mut Code, name: &str, u: &Union) {
    code.line("#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]");
    code.line(&match &u.tagging {
        Tagging::Untagged => "#[serde(untagged)]".to_owned(),
        Tagging::Internal { property } => format!("#[serde(tag = {})]", string_lit(property)),
        Tagging::Adjacent { tag, content } => {
            format!("#[serde(tag = {}, content = {})]", string_lit(tag), string_lit(content))
        }
    });
    code.open(&format!("pub enum {name} {{"));
    for v in &u.variants {
        let mut ty = type_text(&v.ty, "");
        if v.boxed {
            ty = format!("::std::boxed::Box<{ty}>");
        }
        if let Some(tag) = &v.tag {
            let mut text = format!("Discriminator value `{tag}`");
            for alias in &v.tag_aliases {
                text.push_str(&format!(" (also `{alias}`)"));
            }
            code.doc(&format!("{text}."));
            if u.tagging != Tagging::Untagged {
                let mut rename = format!("#[serde(rename = {}", string_lit(tag));
                for alias in &v.tag_aliases {
                    rename.push_str(&format!(", alias = {}", string_lit(alias)));
                }
                rename.push_str(")]");
                code.line(&rename);
            }
        }
        code.line(&format!("{}({ty}),", v.name));
    }
    code.close("}");
}

/// A struct, the functions that give its fields' documented defaults, and `Default` when every field may be
/// absent and one has a default.
fn emit_struct(code: &mut Code, name: &str, s: &Struct) {
    let derive_default = s.default_impl && !s.fields.iter().any(needs_default_fn);
    let default_derive = if derive_default { "::std::default::Default, " } else { "" };
    code.line(&format!("#[derive(Debug, Clone, PartialEq, {default_derive}::serde::Serialize, ::serde::Deserialize)]"));
    code.open(&format!("pub struct {name} {{"));
    for field in &s.fields {
        emit_field(code, name, field);
    }
    if let Some(value) = &s.additional {
        code.doc("Properties beside the named ones (`additionalProperties`).");
        code.line("#[serde(flatten)]");
        let value = type_text(value, "");
        code.line(&format!(
            "pub {}: ::std::collections::BTreeMap<::std::string::String, {value}>,",
            s.additional_field
        ));
    }
    code.close("}");
    let with_default_fns: Vec<(&Field, &DefaultValue)> = s
        .fields
        .iter()
        .filter_map(|f| applied_default(f).filter(|_| needs_default_fn(f)).map(|value| (f, value)))
        .collect();
    if !with_default_fns.is_empty() {
        code.open(&format!("impl {name} {{"));
        for (f, value) in with_default_fns {
            let mut expr = default_expr(value, &f.ty);
            if f.boxed {
                expr = format!("::std::boxed::Box::new({expr})");
            }
            if f.nullable {
                expr = format!("::std::option::Option::Some({expr})");
            }
            if matches!(value, DefaultValue::Float(_)) {
                code.line("#[allow(clippy::approx_constant, clippy::excessive_precision)]");
            }
            code.open(&format!("fn {}() -> {} {{", naming::default_fn_name(&f.name), field_type(f, "")));
            code.line(&expr);
            code.close("}");
        }
        code.close("}");
    }
    if s.default_impl && !derive_default {
        if s.fields.iter().any(|f| f.deprecated) {
            code.line("#[allow(deprecated)]");
        }
        code.open(&format!("impl ::std::default::Default for {name} {{"));
        code.open("fn default() -> Self {");
        code.open("Self {");
        for f in &s.fields {
            let value = match applied_default(f) {
                Some(_) if needs_default_fn(f) => format!("Self::{}()", naming::default_fn_name(&f.name)),
                Some(_) => "::std::default::Default::default()".to_owned(),
                None if f.is_nullable_optional() => "crate::runtime::Nullable::Absent".to_owned(),
                None => "::std::option::Option::None".to_owned(),
            };
            code.line(&format!("{}: {value},", f.name));
        }
        if s.additional.is_some() {
            code.line(&format!("{}: ::std::default::Default::default(),", s.additional_field));
        }
        code.close("}");
        code.close("}");
        code.close("}");
    }
}

/// The default a field applies when its property is absent: only an optional field's, only one Rust can write.
fn applied_default(field: &Field) -> Option<&DefaultValue> {
    field.applied_default()
}

/// A default needs a function unless it is the type's own `Default` and the field is not an `Option`.
fn needs_default_fn(field: &Field) -> bool {
    applied_default(field).is_some_and(|value| field.nullable || *value != DefaultValue::TypeDefault)
}

/// The Rust type of a field: `Option` when it may be absent without a default, or may be `null`; the
/// runtime's `Nullable` when it may be either, so that `null` and absence stay apart.
fn field_type(field: &Field, scope: &str) -> String {
    let mut ty = type_text(&field.ty, scope);
    if field.boxed {
        ty = format!("::std::boxed::Box<{ty}>");
    }
    if field.is_nullable_optional() {
        ty = format!("crate::runtime::Nullable<{ty}>");
    } else if field.is_option() {
        ty = format!("::std::option::Option<{ty}>");
    }
    ty
}

fn default_expr(value: &DefaultValue, ty: &TypeRef) -> String {
    match value {
        DefaultValue::TypeDefault => "::std::default::Default::default()".to_owned(),
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Integer(i) => i.to_string(),
        DefaultValue::Float(f) => float_lit(*f),
        DefaultValue::String(s) => format!("::std::string::String::from({})", string_lit(s)),
        DefaultValue::Variant(variant) => format!("{}::{variant}", type_text(ty, "")),
    }
}

fn emit_field(code: &mut Code, owner: &str, field: &Field) {
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Read-only: sent in responses only.".to_owned());
    }
    if field.write_only {
        notes.push("Write-only: sent in requests only.".to_owned());
    }
    if field.required && field.nullable {
        notes.push("Required, may be `null`.".to_owned());
    }
    if field.is_nullable_optional() {
        notes.push("May be absent or `null`.".to_owned());
    }
    if let Some(default) = &field.default {
        let text = serde_json::to_string(&default.json).unwrap_or_default();
        let applied = applied_default(field).is_some() || default.json.is_null();
        notes.push(if applied || field.required {
            format!("Default: `{text}`.")
        } else {
            format!("Default: `{text}` (documented; an absent value stays `None`).")
        });
    }
    let notes = notes.join(" ");
    if let Some(doc) = join_docs([field.doc.as_deref(), Some(notes.as_str())]) {
        code.doc(&doc);
    }
    if field.deprecated {
        code.line("#[deprecated]");
    }
    if unraw(&field.name) != field.wire {
        code.line(&format!("#[serde(rename = {})]", string_lit(&field.wire)));
    }
    match applied_default(field) {
        // Absent (`Absent`), `null` (`Null`, written back) or a value: the runtime's `Nullable` reads it.
        None if field.is_nullable_optional() => {
            code.line("#[serde(default, skip_serializing_if = \"crate::runtime::Nullable::is_absent\")]")
        }
        // Absent is `None`, and is not written; present must be a value: `null` is refused.
        None if !field.required => code.line(
            "#[serde(default, skip_serializing_if = \"::std::option::Option::is_none\", \
             deserialize_with = \"crate::runtime::present\")]",
        ),
        None => {}
        Some(_) if needs_default_fn(field) => {
            let path = format!("{owner}::{}", naming::default_fn_name(&field.name));
            code.line(&format!("#[serde(default = {})]", string_lit(&path)));
        }
        Some(_) => code.line("#[serde(default)]"),
    }
    code.line(&format!("pub {}: {},", field.name, field_type(field, "")));
}

/// An enum of listed values with `ALL`, `Display`, `FromStr` and serde impls, no serde derive:
/// - strings: `as_str`; read through the runtime's one reader of enum values (`runtime::variant_index`),
///   which takes only strings;
/// - integers: `#[repr(i64)]` with the values as discriminants and `value`; read and written as JSON numbers.
fn emit_enum(code: &mut Code, name: &str, e: &StringEnum) {
    let integer = e.repr == EnumRepr::Integer;
    let values: Vec<i64> = e.variants.iter().map(|v| v.wire.parse().unwrap_or_default()).collect();
    let one = e.variants.len() == 1;
    let default_derive = if one { ", ::std::default::Default" } else { "" };
    code.line(&format!("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord{default_derive})]"));
    if integer {
        code.line("#[repr(i64)]");
    }
    code.open(&format!("pub enum {name} {{"));
    for (v, value) in e.variants.iter().zip(&values) {
        if one {
            code.line("#[default]");
        }
        code.line(&if integer { format!("{} = {value},", v.name) } else { format!("{},", v.name) });
    }
    code.close("}");
    code.open(&format!("impl {name} {{"));
    code.doc("Every value, in document order.");
    let all: Vec<String> = e.variants.iter().map(|v| format!("Self::{}", v.name)).collect();
    code.list(&format!("pub const ALL: [Self; {}] = [", e.variants.len()), &all, "];");
    code.doc("The value as it appears on the wire.");
    if integer {
        code.open("pub fn value(&self) -> i64 {");
        code.line("*self as i64");
    } else {
        code.open("pub fn as_str(&self) -> &'static str {");
        code.open("match self {");
        for v in &e.variants {
            code.line(&format!("Self::{} => {},", v.name, string_lit(&v.wire)));
        }
        code.close("}");
    }
    code.close("}");
    code.close("}");
    code.open(&format!("impl ::std::fmt::Display for {name} {{"));
    code.open("fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {");
    code.line(if integer { "::std::fmt::Display::fmt(&self.value(), f)" } else { "f.write_str(self.as_str())" });
    code.close("}");
    code.close("}");
    let wires: Vec<String> = e.variants.iter().map(|v| string_lit(&v.wire)).collect();
    code.open(&format!("impl ::std::str::FromStr for {name} {{"));
    code.line("type Err = crate::runtime::UnknownVariant;");
    code.open("fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {");
    code.open(if integer { "match value.trim().parse::<i64>() {" } else { "match value {" });
    for ((v, value), wire) in e.variants.iter().zip(&values).zip(&wires) {
        let pattern = if integer { format!("::std::result::Result::Ok({value})") } else { wire.clone() };
        code.line(&format!("{pattern} => ::std::result::Result::Ok(Self::{}),", v.name));
    }
    unknown_variant_arm(code, name, &wires);
    code.close("}");
    code.close("}");
    code.close("}");
    code.open(&format!("impl ::serde::Serialize for {name} {{"));
    code.open("fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {");
    code.line(if integer {
        "serializer.serialize_i64(self.value())"
    } else {
        "serializer.serialize_str(self.as_str())"
    });
    code.close("}");
    code.close("}");
    code.open(&format!("impl<'de> ::serde::Deserialize<'de> for {name} {{"));
    code.open(
        "fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {",
    );
    if integer {
        code.open("match <i64 as ::serde::Deserialize>::deserialize(deserializer)? {");
        for (v, value) in e.variants.iter().zip(&values) {
            code.line(&format!("{value} => ::std::result::Result::Ok(Self::{}),", v.name));
        }
        let wire_list: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
        let expected = string_lit(&format!("one of {}", wire_list.join(", ")));
        code.open("other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::invalid_value(");
        code.line("::serde::de::Unexpected::Signed(other),");
        code.line(&format!("&{expected},"));
        code.close(")),");
        code.close("}");
    } else {
        let wires = e.variants.iter().map(|v| lit(&v.wire)).collect();
        let read = call("crate::runtime::variant_index", vec![atom("deserializer"), array("&", wires)]);
        code.statement("let index = ", &read, "?;");
        code.line("::std::result::Result::Ok(Self::ALL[index])");
    }
    code.close("}");
    code.close("}");
}

/// The last arm of a `FromStr` match: the text is none of the values.
fn unknown_variant_arm(code: &mut Code, name: &str, wires: &[String]) {
    let name = string_lit(name);
    let line = format!(
        "_ => ::std::result::Result::Err(crate::runtime::UnknownVariant::new({name}, value, &[{}])),",
        wires.join(", ")
    );
    if code.fits(&line) {
        code.line(&line);
        return;
    }
    code.open("_ => ::std::result::Result::Err(crate::runtime::UnknownVariant::new(");
    code.line(&format!("{name},"));
    code.line("value,");
    code.list("&[", wires, "],");
    code.close(")),");
}

pub fn emit_request(code: &mut Code, op: &Operation) {
    let title = format!("Parameters of `{} {}` (`{}`).", op.method, op.path, op.operation_id);
    code.doc(&join_docs([Some(title.as_str()), op.summary.as_deref()]).unwrap_or_default());
    code.line("#[derive(Debug, Clone, PartialEq)]");
    code.open(&format!("pub struct {} {{", op.request_type));
    for p in &op.params {
        let optional = !p.required && !matches!(p.ty, TypeRef::Vec(_));
        let place =
            format!("{} `{}`{}.", location_word(p.location), p.wire, if p.required { ", required" } else { "" });
        let field = CarriedField { name: &p.field, ty: &p.ty, optional, doc: p.doc.as_deref(), place: &place };
        field.write(code, "pub ", p.deprecated);
    }
    if let Some(b) = &op.body {
        let place = format!("Request body (`{}`){}.", b.content_type, if b.required { ", required" } else { "" });
        let field =
            CarriedField { name: &b.field, ty: &b.ty, optional: !b.required, doc: b.doc.as_deref(), place: &place };
        field.write(code, "pub ", false);
    }
    let string = TypeRef::Primitive(Primitive::String);
    for c in &op.credentials {
        let place = format!("Credential of security scheme `{}`: {}.", c.scheme, credential_place(&c.kind));
        let optional = op.security.len() != 1;
        let field =
            CarriedField { name: &c.field, ty: &string, optional, doc: c.description.as_deref(), place: &place };
        field.write(code, "pub ", false);
    }
    code.close("}");
}

pub fn emit_response(code: &mut Code, op: &Operation) {
    let name = &op.response_type;
    code.doc(&format!("Every documented outcome of `{} {}`, one variant per status.", op.method, op.path));
    code.line("#[derive(Debug, Clone, PartialEq)]");
    code.open(&format!("pub enum {name} {{"));
    for r in &op.responses {
        let vname = &r.variant;
        code.doc(&join_docs([Some(status_label(r.status).as_str()), r.description.as_deref()]).unwrap_or_default());
        let body = r.body.as_ref().map(|(_, ty)| type_text(ty, ""));
        let status_field = fixed_code(r.status).is_none().then_some("status: ::http::StatusCode".to_owned());
        let body_field = body.as_ref().map(|body| format!("body: {body}"));
        match (response_shape(r), &body) {
            (VariantShape::Tuple, Some(body)) => code.line(&format!("{vname}({body}),")),
            (VariantShape::Unit, _) => code.line(&format!("{vname},")),
            _ if r.headers.is_empty()
                && code.fits(&format!(
                    "{vname} {{ {}, {} }},",
                    status_field.as_deref().unwrap_or_default(),
                    body_field.as_deref().unwrap_or_default()
                )) =>
            {
                // Only a status and a body: one line while it fits.
                let fields: Vec<String> = status_field.into_iter().chain(body_field).collect();
                code.line(&format!("{vname} {{ {} }},", fields.join(", ")));
            }
            _ => {
                code.open(&format!("{vname} {{"));
                if let Some(status) = status_field {
                    code.line(&format!("{status},"));
                }
                if let Some(body) = body_field {
                    code.line(&format!("{body},"));
                }
                for h in &r.headers {
                    let place = format!("Response header `{}`{}.", h.wire, if h.required { ", required" } else { "" });
                    let field = CarriedField {
                        name: &h.field,
                        ty: &h.ty,
                        optional: !h.required,
                        doc: h.doc.as_deref(),
                        place: &place,
                    };
                    field.write(code, "", false);
                }
                code.close("},");
            }
        }
    }
    code.close("}");
    code.open(&format!("impl {name} {{"));
    code.doc("The HTTP status this outcome is answered with.");
    code.open("pub fn status(&self) -> ::http::StatusCode {");
    code.open("match self {");
    for r in &op.responses {
        let vname = &r.variant;
        match fixed_code(r.status) {
            Some(code_value) => {
                let pattern = match response_shape(r) {
                    VariantShape::Tuple => format!("Self::{vname}(_)"),
                    VariantShape::Unit => format!("Self::{vname}"),
                    VariantShape::Struct => format!("Self::{vname} {{ .. }}"),
                };
                code.line(&format!("{pattern} => crate::runtime::status({code_value}),"));
            }
            None => code.line(&format!("Self::{vname} {{ status, .. }} => *status,")),
        }
    }
    code.close("}");
    code.close("}");
    code.close("}");
}

/// A field that carries a part of a request or response (a parameter, the body, a credential, a header):
/// the document's doc and where the part travels, then the field, an `Option` when the part may be absent.
struct CarriedField<'a> {
    name: &'a str,
    ty: &'a TypeRef,
    optional: bool,
    doc: Option<&'a str>,
    place: &'a str,
}

impl CarriedField<'_> {
    fn write(&self, code: &mut Code, visibility: &str, deprecated: bool) {
        code.doc(&join_docs([self.doc, Some(self.place)]).unwrap_or_default());
        if deprecated {
            code.line("#[deprecated]");
        }
        let mut ty = type_text(self.ty, "");
        if self.optional {
            ty = format!("::std::option::Option<{ty}>");
        }
        code.line(&format!("{visibility}{}: {ty},", self.name));
    }
}

/// How a response variant holds its parts: `Ok(body)`, `NoContent`, or named fields (a status for ranges and
/// `default`, typed headers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantShape {
    Tuple,
    Unit,
    Struct,
}

pub fn response_shape(r: &ResponseCase) -> VariantShape {
    match (fixed_code(r.status).is_some() && r.headers.is_empty(), r.body.is_some()) {
        (true, true) => VariantShape::Tuple,
        (true, false) => VariantShape::Unit,
        (false, _) => VariantShape::Struct,
    }
}

/// The status code of a variant that stands for exactly one code.
pub fn fixed_code(status: Status) -> Option<u16> {
    match status {
        Status::Code(code) => Some(code),
        Status::Range(_) | Status::Default => None,
    }
}

fn status_label(status: Status) -> String {
    match status {
        Status::Code(code) => format!("Status {code}."),
        Status::Range(range) => format!("Any status {range}XX."),
        Status::Default => "Any other status (`default`).".to_owned(),
    }
}

pub fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "Path parameter",
        ParamLocation::Query => "Query parameter",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    }
}

fn credential_place(kind: &CredentialKind) -> String {
    match kind {
        CredentialKind::Header(name) => format!("header `{name}`"),
        CredentialKind::Query(name) => format!("query parameter `{name}`"),
        CredentialKind::Cookie(name) => format!("cookie `{name}`"),
        CredentialKind::Bearer => "`Authorization: Bearer <token>`, the token".to_owned(),
        CredentialKind::Basic => "`Authorization: Basic <credentials>`, the encoded credentials".to_owned(),
    }
}
