//! The model of a reference page: what the page says (its endpoint, fields, bodies, status sections and type
//! definitions, each with its place), before any OpenAPI decisions. The first pass fills it, the second builds
//! from it.

use serde_json::Value;

use super::type_cells::TypeExpr;
use crate::diagnostic::Location;
use crate::endpoint::Method;

#[derive(Debug, Clone)]
pub(super) struct Endpoint {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum ParamLocation {
    Query,
    Header,
    Path,
    Cookie,
}

/// One row of a parameter or property table.
#[derive(Debug, Clone)]
pub(super) struct Field {
    pub(super) name: String,
    pub(super) type_text: String,
    /// `None`: the row has no type, or its type could not be read (already warned); the schema is left open.
    pub(super) type_expr: Option<TypeExpr>,
    pub(super) required: bool,
    /// Whether the required cell said so explicitly (a path parameter marked `No` is worth a warning).
    pub(super) required_stated: bool,
    pub(super) description: String,
    pub(super) markers: Markers,
    pub(super) location: Location,
    /// Index in [`Model::tables`] of the field's own properties (dotted rows `a.b`, or an anonymous sub-section).
    pub(super) children: Option<usize>,
    /// From an `In` column, for parameter tables that mix locations.
    pub(super) parameter_location: Option<ParamLocation>,
}

/// The `_Default:_`, `_Enum:_`, … markers of a description cell, as raw values.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Markers {
    pub(super) default: Option<Value>,
    pub(super) enumeration: Vec<Value>,
    pub(super) constant: Option<Value>,
    pub(super) format: Option<String>,
    pub(super) example: Option<Value>,
    pub(super) pattern: Option<String>,
    pub(super) minimum: Option<f64>,
    pub(super) maximum: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Status {
    Code(u16),
    Range(u16),
    Default,
}

/// A request or response body as the page describes it.
#[derive(Debug, Clone)]
pub(super) struct Body {
    pub(super) location: Location,
    pub(super) content_types: Vec<String>,
    pub(super) description: Vec<String>,
    pub(super) shape: Shape,
    /// An "**Array of** `X`**:**" line was seen: the next table describes the items (type `X`, when named).
    pub(super) array_of: Option<Option<String>>,
}

#[derive(Debug, Clone)]
pub(super) enum Shape {
    Nothing,
    /// An anonymous object whose properties are a table (or an array of such objects).
    Fields {
        table: usize,
        array: bool,
        location: Location,
    },
    /// A type named in the text (`Type: \`X\``, a responses-table row, "Array of `X`" + its table).
    Type(TypeExpr),
}

#[derive(Debug, Clone)]
pub(super) struct StatusSection {
    pub(super) status: Status,
    pub(super) summary: String,
    pub(super) location: Location,
    pub(super) body: Body,
    pub(super) headers: Vec<Field>,
}

/// A sub-section that defines the fields (or values) of a named type.
#[derive(Debug, Clone)]
pub(super) struct TypeDef {
    pub(super) name: String,
    pub(super) location: Location,
    pub(super) description: Vec<String>,
    pub(super) shape: DefShape,
    /// Introduced by a field heading (``#### `data` — `X[]` ``): the prose under it describes the field, which
    /// its table row already does, not the type.
    pub(super) from_field: bool,
}

#[derive(Debug, Clone)]
pub(super) enum DefShape {
    /// The heading was seen but no table (yet).
    Pending,
    Fields(usize),
    /// A `Value | Description` table.
    Enum(Vec<(Value, String)>),
}

#[derive(Debug, Default)]
pub(super) struct Model {
    pub(super) title: Option<(String, Location)>,
    pub(super) endpoint: Option<Endpoint>,
    pub(super) description: Vec<String>,
    pub(super) parameters: Vec<(ParamLocation, Field)>,
    pub(super) request_body: Option<Body>,
    pub(super) responses: Vec<StatusSection>,
    pub(super) definitions: Vec<TypeDef>,
    /// Every property table of the page; fields and bodies point into it by index.
    pub(super) tables: Vec<Vec<Field>>,
}

/// The heading a block is under; a stack of these mirrors the page outline.
#[derive(Debug, Clone)]
pub(super) enum Section {
    Title,
    Other(String),
    ParametersGroup,
    Parameters(ParamLocation),
    RequestBody,
    ResponsesGroup,
    Response(usize),
    ResponseHeaders(usize),
    DefinitionsGroup,
    Definition(usize),
    /// The properties of an anonymous object field (``#### `metadata` — `object` ``): a table index.
    FieldProperties(usize),
}

impl Body {
    pub(super) fn new(location: Location) -> Body {
        Body { location, content_types: Vec::new(), description: Vec::new(), shape: Shape::Nothing, array_of: None }
    }
}

impl Shape {
    pub(super) fn table(&self) -> Option<usize> {
        match self {
            Shape::Fields { table, .. } => Some(*table),
            _ => None,
        }
    }
}
