//! The IR: plain data that says which Rust items one spec becomes. It holds no `syn`/`quote` types and no
//! OpenAPI or markdown nodes; every item keeps where it came from (`Origin`).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::endpoint::Endpoint;

/// Everything generated for one spec (one module of the generated crate).
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The module name (`botpress_chat`).
    pub module: String,
    /// The spec's title from the manifest.
    pub title: String,
    /// The input document's path, for the file preamble.
    pub source: String,
    pub description: Option<String>,
    /// The server trait (`BotpressChatApi`).
    pub trait_name: String,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operations in path, then method order.
    pub operations: Vec<Operation>,
    /// The client's credential setters (`with_api_key_auth`), one per security scheme any operation uses.
    pub credential_setters: Vec<CredentialSetter>,
    /// Where the module is written: a property of the output layout, not of the documents (lowering makes
    /// [`Target::Crate`]; `docgen codegen --module-tree` sets [`Target::ModuleTree`] before emitting).
    pub target: Target,
    /// Which parts of the module are written (all by default; a spec of the manifest or `docgen rust --emit`
    /// may ask for fewer). Lowering builds the mock's values only when the mock is written.
    pub parts: Parts,
}

/// The parts of a spec's module besides its types, which are always written. The example-backed service
/// (`mock`) answers through the server's router, so it needs the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// The server's trait and router (`server`).
    pub server: bool,
    /// The example-backed service (`mock`).
    pub mock: bool,
    /// The reqwest client (`client`).
    pub client: bool,
}

impl Default for Parts {
    fn default() -> Parts {
        Parts::ALL
    }
}

impl Parts {
    /// Every part.
    pub const ALL: Parts = Parts { server: true, mock: true, client: true };

    /// The names a list of parts may use, in the order the module writes them.
    pub const NAMES: [&'static str; 4] = ["types", "server", "mock", "client"];

    /// The parts a list names (`["types", "client"]`); `types` may be listed and always is written. The
    /// error gives the index of the name at fault and what is wrong: a name that is not a part, a name
    /// listed twice, or `mock` without `server`.
    pub fn from_names<'s>(names: impl IntoIterator<Item = &'s str>) -> Result<Parts, (usize, String)> {
        let mut parts = Parts { server: false, mock: false, client: false };
        let mut seen: Vec<&str> = Vec::new();
        let mut mock_at = 0;
        for (index, name) in names.into_iter().enumerate() {
            if seen.contains(&name) {
                return Err((index, format!("`{name}` is listed twice")));
            }
            seen.push(name);
            match name {
                "types" => {}
                "server" => parts.server = true,
                "mock" => (parts.mock, mock_at) = (true, index),
                "client" => parts.client = true,
                _ => {
                    let message =
                        format!("`{name}` is not a part of a module; the parts are {}", Parts::NAMES.join(", "));
                    return Err((index, message));
                }
            }
        }
        if parts.mock && !parts.server {
            let message = "`mock` needs `server`: the example-backed service answers through the server's router";
            return Err((mock_at, message.to_owned()));
        }
        Ok(parts)
    }

    /// The names of the parts written, `types` first.
    pub fn names(self) -> Vec<&'static str> {
        let chosen = [true, self.server, self.mock, self.client];
        Parts::NAMES.iter().zip(chosen).filter(|(_, on)| *on).map(|(name, _)| *name).collect()
    }
}

/// What the spec's module is written into, which decides how it names the runtime module and whether its
/// server and client code are behind features.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Target {
    /// A generated crate: the runtime is `crate::runtime`; the server and client are behind the crate's
    /// `server` and `client` features.
    #[default]
    Crate,
    /// A module tree inside the user's own crate (`src/vendor/`), mounted anywhere: the runtime is the spec
    /// module's sibling, named by a `super::` path; no features, so everything is compiled.
    ModuleTree,
}

impl Target {
    /// The runtime module's path from code `depth` modules below the spec's module (0: the module itself;
    /// 1: its `server`, `mock` and `client` modules).
    pub fn runtime(self, depth: usize) -> String {
        match self {
            Target::Crate => "crate::runtime".to_owned(),
            Target::ModuleTree => format!("{}runtime", "super::".repeat(depth + 1)),
        }
    }

    /// Whether code is behind the generated crate's `server` and `client` features.
    pub fn has_features(self) -> bool {
        self == Target::Crate
    }
}

impl Api {
    /// The kind of the named type, through an alias.
    pub fn kind_of(&self, name: &str) -> Option<&TypeKind> {
        kind_of(&self.types, name)
    }
}

/// The kind of the named type among `types` (sorted by name), through an alias.
pub fn kind_of<'a>(types: &'a [TypeDef], name: &str) -> Option<&'a TypeKind> {
    let find = |name: &str| types.binary_search_by(|t| t.name.as_str().cmp(name)).ok().map(|i| &types[i].kind);
    match find(name)? {
        TypeKind::Alias(target) => find(target),
        kind => Some(kind),
    }
}

/// Each type's kind by name, borrowed (the passes over the whole type set read it before they change any).
pub type Kinds<'a> = BTreeMap<&'a str, &'a TypeKind>;

/// Each type's kind by name, an alias being its own kind ([`TypeKind::Alias`]).
pub fn kinds(types: &[TypeDef]) -> Kinds<'_> {
    types.iter().map(|t| (t.name.as_str(), &t.kind)).collect()
}

/// Each type's kind by name, an alias standing for its target's kind.
pub fn kinds_through_aliases(types: &[TypeDef]) -> Kinds<'_> {
    let own = kinds(types);
    own.iter()
        .map(|(name, kind)| match kind {
            TypeKind::Alias(target) => (*name, own.get(target.as_str()).copied().unwrap_or(*kind)),
            _ => (*name, *kind),
        })
        .collect()
}

/// `Client::<setter>(credential)`: sets a security scheme's credential once for every call.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialSetter {
    pub scheme: String,
    pub setter: String,
}

/// Where an item came from: the input file and the JSON pointer into the derived OpenAPI document, plus
/// the input line when the front-end recorded one (`x-source`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    pub file: String,
    pub pointer: String,
    pub source_line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name (unique in the module).
    pub name: String,
    /// The `components.schemas` key it comes from.
    pub schema_name: String,
    pub doc: Option<String>,
    pub origin: Origin,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    /// `BTreeMap<String, value>`.
    Map(TypeRef),
    Union(Union),
    /// A named wrapper of another type (a named primitive or array schema).
    Newtype(TypeRef),
    /// `pub type Name = Target;`: the same Rust type as the named type (see `passes::aliases`), which is
    /// never itself an alias.
    Alias(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside named properties: kept in a flattened map.
    pub additional: Option<TypeRef>,
    /// The Rust field holding `additional` (claimed beside the named fields, so it never collides).
    pub additional_field: String,
    /// Give the struct `Default`: every field may be absent (so a caller writes `..Default::default()` and
    /// a property the document gains later breaks no caller).
    pub default_impl: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name (may be a raw identifier, `r#type`).
    pub name: String,
    /// JSON property name.
    pub wire: String,
    /// The value's type, without the `Option` that optionality or nullability adds.
    pub ty: TypeRef,
    pub required: bool,
    /// Required only because every example has it (`x-docgen-required-from-examples`): no document says so.
    pub required_from_examples: bool,
    pub nullable: bool,
    /// Box the value: the field closes a cycle of direct containment.
    pub boxed: bool,
    pub doc: Option<String>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    /// The documented `default`, applied when the property is absent.
    pub default: Option<FieldDefault>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldDefault {
    /// The value as documented, for the field's docs.
    pub json: Value,
    /// The value as Rust writes it; `None` when it cannot be written for the field's type (the docs still say it).
    pub value: Option<DefaultValue>,
}

/// A default value that the emitter can write as a Rust expression of the field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// The type's own `Default` (`[]`, `{}`, `""`, `0`, `false`).
    TypeDefault,
    Bool(bool),
    Integer(i128),
    Float(f64),
    String(String),
    /// A variant (by Rust name) of the field's enum type.
    Variant(String),
}

/// An enum of listed values: strings (`"active"`), or integers (`1`, written as their decimal text).
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    pub repr: EnumRepr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers; every variant's `wire` is the decimal text of an `i64`.
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub wire: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    pub tagging: Tagging,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Box the value: the variant closes a cycle of direct containment.
    pub boxed: bool,
    /// The discriminator value, for tagged unions.
    pub tag: Option<String>,
    /// Further discriminator values that also select this variant (`mapping` entries naming the same schema).
    pub tag_aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tagging {
    /// The first variant whose shape matches wins (variants are ordered most specific first).
    Untagged,
    /// `{"<property>": "<tag>", ...the variant's fields}`: a discriminator over object variants. The variant
    /// types do not carry the tag property themselves.
    Internal { property: String },
    /// `{"<tag>": "<tag value>", "<content>": <the variant's value>}`: every member is an object of exactly
    /// these two properties, the first a constant.
    Adjacent { tag: String, content: String },
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Named(String),
    Primitive(Primitive),
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A value that may be `null`, only as an array's item or a map's value (`Vec<Option<String>>`): a
    /// field's own `null` is [`Field::nullable`], and a parameter or header never holds one.
    Option(Box<TypeRef>),
}

/// Leaf types; [`crate::formats`] is the one place that maps schema type + format to these, and these to Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    DateTime,
    Date,
    Uuid,
    /// Raw bytes of a non-JSON body.
    Bytes,
    /// Any JSON value.
    Json,
    /// Any JSON object.
    JsonObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `GET /conversations/{id}`: the path as the document writes it.
    pub endpoint: Endpoint,
    pub operation_id: String,
    /// The trait method (`list_conversations`).
    pub fn_name: String,
    /// The client's method (the trait method's name unless that is taken by the client's own API).
    pub client_fn: String,
    pub request_type: String,
    pub response_type: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<ResponseCase>,
    pub credentials: Vec<Credential>,
    /// How the operation pages through a list, when it does (`x-pagination` in the derived OpenAPI).
    pub pagination: Option<Pagination>,
    /// Alternatives of credentials (indexes into `credentials`); one must be fully present. Empty: no auth.
    pub security: Vec<Vec<usize>>,
    pub origin: Origin,
}

/// A paginated list operation, resolved against the request and response types.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: PageStyle,
    /// The `<Op>Response` variant that carries a page.
    pub variant: String,
    /// The page's items, inside that variant's body; `ty` is the item type (the list is a `Vec` of it).
    pub items: FieldPath,
    /// The request value that sets the page size, if any.
    pub page_size: Option<RequestSlot>,
    /// A boolean in the page that says whether another page follows.
    pub has_more: Option<FieldPath>,
    /// Where the description came from: `recognised`, `document` or `specs.toml`.
    pub source: String,
    /// The client's streaming method (`list_conversations_stream`).
    pub stream_fn: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PageStyle {
    /// The next request carries `slot`, set from the page's `from` (a token, a key, the last item's id);
    /// paging stops when it is absent or empty.
    Cursor { slot: RequestSlot, from: FieldPath },
    /// The next request's `slot` is the previous offset plus the items received; paging stops at an empty
    /// or short page, or when `next` is absent.
    Offset { slot: RequestSlot, next: Option<FieldPath> },
}

/// A value of `<Op>Request` the client sets between pages: a parameter, or a property of the JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSlot {
    /// The request field (a parameter's field, or the body's).
    pub field: String,
    /// For a body property: the body struct's field.
    pub body_field: Option<String>,
    /// The body is an `Option` (only with `body_field`).
    pub body_optional: bool,
    /// The value's type, without `Option`.
    pub ty: TypeRef,
    /// The value is held in an `Option`.
    pub optional: bool,
    /// The value is held in the runtime's `Nullable` (an optional body property that may be `null`).
    pub nullable_optional: bool,
}

/// Struct fields to follow from a response body to a value.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPath {
    pub steps: Vec<FieldStep>,
    /// The type at the end (without `Option`; for `items`, the item type).
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    pub field: String,
    pub optional: bool,
    /// The field is the runtime's `Nullable` ([`Field::is_nullable_optional`]); `optional` is set too.
    pub nullable_optional: bool,
    pub boxed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire: String,
    pub field: String,
    pub location: ParamLocation,
    pub required: bool,
    /// The value type (`Vec<T>` for repeated query parameters).
    pub ty: TypeRef,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub constraints: Constraints,
    /// How an array (or object) value is written in the query string; `FormExploded` for other locations.
    pub style: ParamStyle,
    pub origin: Origin,
}

impl Param {
    /// A required text header that a client may send from its default headers (`Client::with_header`)
    /// rather than from each request: its request field is an `Option` all the same; the router answers 400
    /// without it and fills in `Some`.
    pub fn client_may_default(&self) -> bool {
        self.required && self.location == ParamLocation::Header && self.ty == TypeRef::Primitive(Primitive::String)
    }

    /// Its `<Op>Request` field is an `Option`: it may be absent (a list is empty instead), or the client may
    /// supply it.
    pub fn is_option(&self) -> bool {
        (!self.required && !matches!(self.ty, TypeRef::Vec(_))) || self.client_may_default()
    }

    /// `<Op>Request::new` takes it: required, and not supplied by the client.
    pub fn in_constructor(&self) -> bool {
        self.required && !self.client_may_default()
    }
}

/// OpenAPI's serialization styles of query parameters, as far as they change the wire form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamStyle {
    /// `form`, `explode: true` (the default): `ids=1&ids=2`.
    FormExploded,
    /// `form`, `explode: false`: `ids=1,2`.
    FormComma,
    /// `spaceDelimited`: `ids=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `ids=1|2`.
    PipeDelimited,
    /// `deepObject`: `filter[status]=open&filter[kind]=chat`.
    DeepObject,
}

/// Validation keywords the router enforces on parameters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Text,
    Bytes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The request field holding it (`body`, unless a parameter took that name).
    pub field: String,
    pub required: bool,
    pub content_type: String,
    pub kind: BodyKind,
    pub ty: TypeRef,
    pub doc: Option<String>,
    /// A valid body (JSON bodies only): the documented example when it is valid against the schema,
    /// otherwise a value built from the schema. For tests and clients, never sent by the router.
    pub example: Option<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

impl Status {
    /// How an example-backed service prefers this status for its answer (lowest first): a 2xx code, then a
    /// `2XX` range, then `default`, then any other.
    pub fn success_rank(self) -> (u8, u16) {
        match self {
            Status::Code(code) if (200..300).contains(&code) => (0, code),
            Status::Range(2) => (1, 0),
            Status::Default => (2, 0),
            Status::Code(code) => (3, code),
            Status::Range(range) => (3, range * 100),
        }
    }
}

/// The index of the response an example-backed service gives among `statuses` (in document order): the
/// lowest [`Status::success_rank`], the first of equals.
pub fn success_index(statuses: impl IntoIterator<Item = Status>) -> Option<usize> {
    statuses.into_iter().enumerate().min_by_key(|(_, status)| status.success_rank()).map(|(index, _)| index)
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseCase {
    pub status: Status,
    pub variant: String,
    pub description: Option<String>,
    pub content_type: Option<String>,
    pub body: Option<(BodyKind, TypeRef)>,
    /// Typed response headers, in document order.
    pub headers: Vec<ResponseHeader>,
    /// The documented example of the body, if any.
    pub example: Option<Value>,
    /// What an example-backed service answers, as pretty-printed JSON text: the documented example when it
    /// is valid against the schema, otherwise a value built from the schema. `None` without a JSON body.
    /// Text, not a `Value`: it is only ever written out, and a large spec's values would take several times
    /// the memory.
    pub mock: Option<String>,
    /// The named examples of a JSON body that are valid against its schema, in document order: what an
    /// example-backed service answers to `Prefer: example=NAME`.
    pub examples: Vec<NamedExample>,
    /// How an example-backed service builds a fresh value for `Prefer: dynamic=true`, as JSON text
    /// (`sample::shape`). `None` without a JSON body.
    pub dynamic: Option<String>,
}

/// A documented example with its name, as pretty-printed JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedExample {
    pub name: String,
    pub mock: String,
}

/// A response header the document declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header name as documented.
    pub wire: String,
    /// The variant field holding it.
    pub field: String,
    pub required: bool,
    /// A type the router can write as text (a primitive or string enum).
    pub ty: TypeRef,
    pub doc: Option<String>,
    /// The value an example-backed service sends.
    pub mock: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Credential {
    /// The request field holding it.
    pub field: String,
    /// The security scheme's name.
    pub scheme: String,
    pub kind: CredentialKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialKind {
    Header(String),
    Query(String),
    Cookie(String),
    /// `Authorization: Bearer <token>` (http bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic <credentials>`, kept encoded.
    Basic,
}

impl Field {
    /// The documented default the generated code applies when the property is absent (required fields never
    /// need one).
    pub fn applied_default(&self) -> Option<&DefaultValue> {
        if self.required {
            return None;
        }
        self.default.as_ref()?.value.as_ref()
    }

    /// The field's Rust type is `Option<_>`: it may be absent without a default, or may be `null`.
    pub fn is_option(&self) -> bool {
        (!self.required && self.applied_default().is_none()) || self.nullable
    }

    /// The field's Rust type is the runtime's `Nullable<_>`: it may be absent (`Absent`, not written) and may
    /// be `null` (`Null`, written as `null`), with no default to fill an absent value. A PATCH body can then
    /// say "clear" as well as "leave as it is".
    pub fn is_nullable_optional(&self) -> bool {
        !self.required && self.nullable && self.applied_default().is_none()
    }
}

impl TypeRef {
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            _ => None,
        }
    }

    /// The types this type use names, into `out`.
    pub fn collect_names<'a>(&'a self, out: &mut impl Extend<&'a str>) {
        match self {
            TypeRef::Named(name) => out.extend([name.as_str()]),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => inner.collect_names(out),
            TypeRef::Primitive(_) => {}
        }
    }
}

impl TypeKind {
    /// The types this definition names, into `out`: fields (then additional properties), variants, the value
    /// of a map or newtype, an alias's target.
    pub fn collect_names<'a>(&'a self, out: &mut impl Extend<&'a str>) {
        match self {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| f.ty.collect_names(out));
                s.additional.iter().for_each(|ty| ty.collect_names(out));
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| v.ty.collect_names(out)),
            TypeKind::Map(ty) | TypeKind::Newtype(ty) => ty.collect_names(out),
            TypeKind::Alias(name) => out.extend([name.as_str()]),
            TypeKind::Enum(_) => {}
        }
    }
}

/// Doc paragraphs joined by a blank line, empty ones skipped.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let parts: Vec<&str> = parts.into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
