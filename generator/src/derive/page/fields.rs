//! What a section says about fields: tables in any header vocabulary and column order, bullet lists with
//! type and requiredness in parentheses, and the labels (headings, short paragraphs, component names) that
//! say whether a table or example is about parameters, the request body or a response.

use markdown::mdast::Node;
use serde_json::Value;

use super::blocks::inline_text;
use super::markdown_tree::{node_location, walk};
use super::type_expr::{self, TypeExpr};
use crate::diagnostic::{Location, SourceFile};

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
    Body,
}

impl ParamIn {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
            ParamIn::Body => "body",
        }
    }

    fn of(text: &str) -> Option<ParamIn> {
        let lower = text.trim().trim_matches(['*', '`', '_']).to_ascii_lowercase();
        Some(match lower.as_str() {
            "path" | "url" | "path parameter" | "uri" | "template" => ParamIn::Path,
            "query" | "querystring" | "query string" | "query parameter" | "url query" => ParamIn::Query,
            "header" | "headers" | "http header" => ParamIn::Header,
            "cookie" => ParamIn::Cookie,
            "body" | "formdata" | "form" | "json" | "payload" | "request body" => ParamIn::Body,
            _ => return None,
        })
    }
}

/// A field, parameter or property as a page states it.
#[derive(Debug, Clone)]
pub struct FieldRow {
    /// The name as written, with nesting spelled out: `data`, `data.id`, `items[].id`.
    pub name: String,
    pub ty: Option<TypeExpr>,
    /// The links of the type cell: the text a link shows and where it points.
    pub links: Vec<(String, String)>,
    pub required: Option<bool>,
    pub location: Option<ParamIn>,
    pub default: Option<Value>,
    pub enumeration: Vec<Value>,
    pub description: String,
    pub nullable: bool,
    /// Nesting below the row before it (`»` marks, list indentation).
    pub depth: usize,
    pub origin: Location,
}

/// A row of a table of statuses (`Status | Meaning | Description | Schema`).
#[derive(Debug, Clone)]
pub struct StatusRow {
    pub status: String,
    pub ty: Option<TypeExpr>,
    pub links: Vec<(String, String)>,
    pub description: String,
    pub origin: Location,
}

#[derive(Debug)]
pub enum Table {
    Fields(Vec<FieldRow>),
    Statuses(Vec<StatusRow>),
    /// An enumeration's values (`Name | Value`).
    Values(Vec<Value>),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Type,
    Required,
    In,
    Default,
    Description,
    Notes,
    Status,
    Value,
    Example,
    Other,
}

fn column_of(header: &str) -> Column {
    let h = header.trim().trim_matches(['*', '_', '`']).to_ascii_lowercase();
    let h = h.trim();
    match h {
        "name" | "field" | "parameter" | "param" | "property" | "attribute" | "key" | "argument" | "option"
        | "field name" | "parameter name" | "property name" | "attribute name" | "query parameter"
        | "path parameter" | "header" | "body parameter" | "element" | "params" | "parameters" | "fields"
        | "properties" | "variable" | "setting" | "flag" | "json field" | "json key" => Column::Name,
        "type" | "data type" | "schema" | "type/format" | "value type" | "datatype" | "format" | "kind" => Column::Type,
        "required" | "optional" | "mandatory" | "required?" | "req" | "required/optional" | "is required"
        | "mandatory?" | "requirement" | "presence" => Column::Required,
        "in" | "location" | "param type" | "parameter type" | "where" | "located in" | "source" => Column::In,
        "default" | "default value" | "defaults" => Column::Default,
        "description" | "details" | "comment" | "comments" | "explanation" | "meaning" | "summary" | "purpose"
        | "definition" | "info" => Column::Description,
        "notes" | "note" | "remarks" => Column::Notes,
        "status" | "code" | "status code" | "http code" | "response code" | "http status" | "http status code" => {
            Column::Status
        }
        "value" | "values" | "allowed values" | "possible values" | "enum" | "options" => Column::Value,
        "example" | "examples" | "sample" => Column::Example,
        _ => Column::Other,
    }
}

/// The rows of a table (header first), as cells.
fn rows(table: &Node) -> Vec<Vec<&Node>> {
    table.children().into_iter().flatten().map(|row| row.children().into_iter().flatten().collect()).collect()
}

/// Reads a table: fields, statuses, enumeration values, or something else.
pub fn read_table(file: &SourceFile, table: &Node) -> Table {
    let rows = rows(table);
    let Some((header, body)) = rows.split_first() else { return Table::Other };
    let mut columns: Vec<Column> = header.iter().map(|cell| column_of(&inline_text(cell))).collect();
    // A column whose every value is a place (`path`, `query`, `body`) says where parameters go, whatever its
    // header calls it.
    if !columns.contains(&Column::In) {
        for (index, column) in columns.iter_mut().enumerate() {
            if *column == Column::Name || body.is_empty() {
                continue;
            }
            let all_places =
                body.iter().all(|row| {
                    row.get(index).is_some_and(|cell| {
                        let text = inline_text(cell);
                        text.trim().is_empty() || ParamIn::of(&text).is_some()
                    })
                }) && body.iter().any(|row| row.get(index).is_some_and(|cell| !inline_text(cell).trim().is_empty()));
            if all_places {
                *column = Column::In;
                break;
            }
        }
    }
    let find = |wanted: Column| columns.iter().position(|c| *c == wanted);
    if let (Some(status), None) = (find(Column::Status), find(Column::Name)) {
        // widdershins: `Status | Meaning | Description | Schema`: the Schema column is a type column.
        let schema = find(Column::Type);
        let description = find(Column::Description);
        let statuses = body
            .iter()
            .filter_map(|row| {
                let status = inline_text(row.get(status)?).trim().to_owned();
                let status = status.split_whitespace().next()?.trim_matches(['*', '`']).to_owned();
                if !(status.len() == 3 && status.chars().all(|c| c.is_ascii_alphanumeric()) || status == "default") {
                    return None;
                }
                let (ty, links) = match schema.and_then(|i| row.get(i)) {
                    Some(cell) => type_cell(cell),
                    None => (None, Vec::new()),
                };
                Some(StatusRow {
                    status: status.to_ascii_uppercase(),
                    ty,
                    links,
                    description: description.and_then(|i| row.get(i)).map(|c| inline_text(c)).unwrap_or_default(),
                    origin: node_location(file, row.first()?),
                })
            })
            .collect();
        return Table::Statuses(statuses);
    }
    let Some(name_column) = find(Column::Name) else {
        // `Name | Value` enumerations have a name column; a lone value column is an enumeration too.
        return Table::Other;
    };
    if let (Some(value), None, None) = (find(Column::Value), find(Column::Type), find(Column::Required)) {
        let values: Vec<Value> = body
            .iter()
            .filter_map(|row| {
                let text = inline_text(row.get(value)?);
                let text = text.trim().trim_matches(['`', '"', '*']);
                (!text.is_empty()).then(|| Value::String(text.to_owned()))
            })
            .collect();
        if !values.is_empty() && find(Column::Description).is_none() {
            return Table::Values(values);
        }
    }
    // openapi-generator's templates mark optional properties `[optional]` in Notes; some mark required ones
    // by the name (`name<sup>required</sup>`) instead, and then an unmarked one is optional.
    let marks_required =
        body.iter().any(|row| row.get(name_column).is_some_and(|cell| clean_name(&inline_text(cell)).2));
    let has_notes = find(Column::Notes).is_some() && !marks_required;
    let mut fields = Vec::new();
    for row in body {
        let Some(name_cell) = row.get(name_column) else { continue };
        let raw_name = inline_text(name_cell);
        let (name, depth, star) = clean_name(&raw_name);
        if name.is_empty() {
            continue;
        }
        let (ty, links) = match find(Column::Type).and_then(|i| row.get(i)) {
            Some(cell) => type_cell(cell),
            None => (None, Vec::new()),
        };
        let type_text = find(Column::Type).and_then(|i| row.get(i)).map(|c| inline_text(c)).unwrap_or_default();
        let mut description =
            find(Column::Description).and_then(|i| row.get(i)).map(|c| inline_text(c)).unwrap_or_default();
        let notes = find(Column::Notes).and_then(|i| row.get(i)).map(|c| inline_text(c)).unwrap_or_default();
        let mut required = find(Column::Required).and_then(|i| row.get(i)).and_then(|c| required_of(&inline_text(c)));
        if required.is_none() && has_notes {
            // openapi-generator: `[optional]` in Notes; a property without it is required.
            required = Some(!notes.contains("[optional]"));
        }
        if required.is_none() {
            required = required_in_text(&type_text).or_else(|| required_in_text(&description)).or(if marks_required {
                Some(star)
            } else {
                star.then_some(true)
            });
        }
        let location = find(Column::In).and_then(|i| row.get(i)).and_then(|c| ParamIn::of(&inline_text(c)));
        let mut default = find(Column::Default)
            .and_then(|i| row.get(i))
            .map(|c| inline_text(c))
            .filter(|t| !t.trim().is_empty() && !matches!(t.trim(), "-" | "—" | "n/a" | "N/A" | "None" | "none"))
            .map(|t| scalar(&t));
        if default.is_none() {
            default = default_in_text(&notes)
                .or_else(|| default_in_text(&type_text))
                .or_else(|| default_in_text(&description));
        }
        let mut enumeration = enum_in_text(&description);
        if let Some(cell) = find(Column::Value).and_then(|i| row.get(i)) {
            if enumeration.is_empty() {
                enumeration = codes(cell).into_iter().map(Value::String).collect();
            }
        }
        if !notes.is_empty() && description.is_empty() {
            description = notes.clone();
        }
        let nullable = ty.as_ref().is_some_and(TypeExpr::is_nullable)
            || type_text.to_ascii_lowercase().contains("nullable")
            || type_text.contains("| null");
        // `Custom1 through Custom20`: one row for each name of the range.
        if let Some(names) = name_range(&raw_name) {
            for name in names {
                fields.push(FieldRow {
                    name,
                    ty: ty.clone(),
                    links: links.clone(),
                    required,
                    location,
                    default: default.clone(),
                    enumeration: enumeration.clone(),
                    description: description.clone(),
                    nullable,
                    depth,
                    origin: node_location(file, name_cell),
                });
            }
            continue;
        }
        fields.push(FieldRow {
            name,
            ty,
            links,
            required,
            location,
            default,
            enumeration,
            description,
            nullable,
            depth,
            origin: node_location(file, name_cell),
        });
    }
    Table::Fields(fields)
}

/// The names a cell gives as a numbered range (`Custom1 through Custom20`, `OrgUnit1 - OrgUnit6`): the first
/// and last words share a stem and end in numbers, whatever joins them. At most 100 names.
fn name_range(raw: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = raw.split_whitespace().map(|w| w.trim_matches(['`', '*', '"'])).collect();
    let (first, last) = (words.first()?, words.last()?);
    if words.len() < 2 || words.len() > 4 {
        return None;
    }
    let split = |word: &str| -> Option<(String, u32)> {
        let digits = word.len() - word.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (stem, number) = word.split_at(word.len() - digits);
        let valid = !stem.is_empty() && stem.chars().all(|c| c.is_alphanumeric() || c == '_');
        (digits > 0 && valid).then(|| Some((stem.to_owned(), number.parse().ok()?))).flatten()
    };
    let ((stem, from), (last_stem, to)) = (split(first)?, split(last)?);
    (stem == last_stem && from < to && to - from < 100).then(|| (from..=to).map(|n| format!("{stem}{n}")).collect())
}

/// A name cell's name, its nesting (`» » name`: 2) and whether it carries a required star (`name*`).
fn clean_name(raw: &str) -> (String, usize, bool) {
    let mut depth = 0;
    let mut rest = raw.trim();
    loop {
        if let Some(r) = rest.strip_prefix('»') {
            depth += 1;
            rest = r.trim_start();
        } else if let Some(r) =
            rest.strip_prefix("└─").or_else(|| rest.strip_prefix("↳")).or_else(|| rest.strip_prefix("- "))
        {
            depth += 1;
            rest = r.trim_start();
        } else {
            break;
        }
    }
    // `name<sup>*required*</sup>` (openapi-generator's templates), `name <Badge>required</Badge>`: the name
    // ends where markup starts, and the markup may say the field is required.
    let (rest, markup) = rest.split_once('<').map_or((rest, ""), |(name, markup)| (name.trim_end(), markup));
    let star = rest.trim_end_matches(['`', '*']).ends_with('*')
        || rest.ends_with("\\*")
        || markup.to_ascii_lowercase().contains("required");
    let mut name = rest.split_whitespace().next().unwrap_or_default();
    // `name (required)`, `name` then prose: the first word is the name.
    name = name.trim_matches(['`', '*', '"', '\'', ':', ',', '\\']);
    let name = name.trim_end_matches("(required)").trim_end_matches("(optional)");
    if !name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']' | '$' | '@' | '{' | '}')) {
        return (String::new(), depth, star);
    }
    (name.to_owned(), depth, star)
}

/// The type of a cell and the links it holds (`List[[models.X](x.md)]`).
pub fn type_cell(cell: &Node) -> (Option<TypeExpr>, Vec<(String, String)>) {
    let mut links = Vec::new();
    walk(cell, &mut |node| {
        if let Node::Link(link) = node {
            let text = inline_text(node).trim_matches(['*', '`']).trim().to_owned();
            links.push((text, link.url.clone()));
        }
    });
    let text = inline_text(cell);
    // Promise<X>, Future<X>: the value the SDK method resolves to.
    let text = unwrap_async(&text);
    (type_expr::parse(&text), links)
}

fn unwrap_async(text: &str) -> String {
    let trimmed = text.trim().trim_matches('*');
    for wrapper in ["Promise<", "Future<", "Observable<", "Task<", "CompletableFuture<", "Mono<"] {
        if let Some(inner) = trimmed.strip_prefix(wrapper) {
            return inner.trim_end_matches('*').strip_suffix('>').unwrap_or(inner).to_owned();
        }
    }
    trimmed.to_owned()
}

/// Yes/No, ✓/✗, true/false, required/optional, `:heavy_check_mark:`, `No*`.
pub fn required_of(text: &str) -> Option<bool> {
    let lower = text.trim().trim_matches(['*', '`', '_', '.']).to_ascii_lowercase();
    let lower = lower.trim();
    if lower.is_empty() || lower == "-" {
        return None;
    }
    let yes =
        ["yes", "y", "true", "required", "✓", "✔", "✔️", "✅", ":heavy_check_mark:", "x", "mandatory", "always", "req"];
    let no =
        ["no", "n", "false", "optional", "✗", "✘", "❌", ":heavy_minus_sign:", "not required", "opt", "conditional"];
    if yes.contains(&lower)
        || lower.starts_with("yes")
        || lower.starts_with("required")
        || lower.starts_with(":heavy_check")
    {
        return Some(true);
    }
    if no.contains(&lower)
        || lower.starts_with("no")
        || lower.starts_with("optional")
        || lower.starts_with(":heavy_minus")
    {
        return Some(false);
    }
    None
}

/// `required`/`optional` said beside a type or in a description: `string, optional`, `(required)`,
/// `**Required.**`.
pub fn required_in_text(text: &str) -> Option<bool> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()).collect();
    let first_words: Vec<&str> = words.iter().take(4).copied().collect();
    if lower.contains("(required)") || lower.contains("required.") && lower.trim_start().starts_with("required") {
        return Some(true);
    }
    if lower.contains("(optional)") || first_words.contains(&"optional") {
        return Some(false);
    }
    if first_words.contains(&"required") && !lower.contains("not required") && !lower.contains("required if") {
        return Some(true);
    }
    None
}

/// `Default: x`, `_Default:_ x`, `[default to x]`, `(default x)`, `defaults to x`.
pub fn default_in_text(text: &str) -> Option<Value> {
    let lower = text.to_ascii_lowercase();
    for marker in [
        "[default to ",
        "default: ",
        "default:",
        "defaults to ",
        "default is ",
        "(default ",
        "default value is ",
        "default value: ",
    ] {
        let Some(start) = lower.find(marker) else { continue };
        let rest = &text[start + marker.len()..];
        let rest = rest.trim_start().trim_start_matches(['_', '*']).trim_start();
        let value: String = if let Some(stripped) = rest.strip_prefix('`') {
            stripped.split('`').next().unwrap_or_default().to_owned()
        } else if let Some(stripped) = rest.strip_prefix('"') {
            stripped.split('"').next().unwrap_or_default().to_owned()
        } else {
            rest.split(|c: char| c.is_whitespace() || matches!(c, ']' | ')' | ',' | ';'))
                .next()
                .unwrap_or_default()
                .trim_end_matches('.')
                .to_owned()
        };
        if !value.is_empty() && value.len() < 60 {
            return Some(scalar(&value));
        }
    }
    None
}

/// `Enum: a, b`, `One of: `a`, `b``, `Possible values: …`, `Allowed values …`.
pub fn enum_in_text(text: &str) -> Vec<Value> {
    let lower = text.to_ascii_lowercase();
    for marker in [
        "enum:",
        "one of:",
        "one of ",
        "possible values",
        "allowed values",
        "valid values",
        "available options",
        "must be one of",
        "can be one of",
        "either ",
    ] {
        let Some(start) = lower.find(marker) else { continue };
        let rest = &text[start + marker.len()..];
        let values: Vec<Value> = quoted(rest).into_iter().map(Value::String).collect();
        if values.len() >= 2 {
            return values;
        }
    }
    Vec::new()
}

/// The backtick-quoted values of a text.
fn quoted(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).map(str::to_owned).filter(|v| !v.is_empty() && v.len() < 60).collect()
}

/// The code spans of a cell.
fn codes(cell: &Node) -> Vec<String> {
    let mut out = Vec::new();
    walk(cell, &mut |node| {
        if let Node::InlineCode(code) = node {
            out.push(code.value.clone());
        }
    });
    out
}

/// A default as written: a number, a boolean, `null`, or text (quotes removed).
pub fn scalar(text: &str) -> Value {
    let text = text.trim().trim_matches(['`', '*']);
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        if !value.is_object() && !value.is_array() {
            return value;
        }
    }
    if text == "True" {
        return Value::Bool(true);
    }
    if text == "False" {
        return Value::Bool(false);
    }
    Value::String(text.trim_matches(['"', '\'']).to_owned())
}

/// Reads a bullet list of fields: `` `name` (type, required): text ``, `**name** (type) - text`,
/// `name` – text, `name: type - text`; nested lists are fields of the item they stand under. Items that do not
/// start with a name are not fields: `None` when no item does.
pub fn read_list(file: &SourceFile, list: &Node, depth: usize, out: &mut Vec<FieldRow>) -> bool {
    let mut any = false;
    for item in list.children().into_iter().flatten() {
        let Node::ListItem(item_node) = item else { continue };
        let Some(first) = item_node.children.first() else { continue };
        if !matches!(first, Node::Paragraph(_)) {
            continue;
        }
        let Some(row) = list_field(file, first, depth) else { continue };
        any = true;
        out.push(row);
        for child in item_node.children.iter().skip(1) {
            if let Node::List(_) = child {
                read_list(file, child, depth + 1, out);
            }
        }
    }
    any
}

fn list_field(file: &SourceFile, paragraph: &Node, depth: usize) -> Option<FieldRow> {
    let children = paragraph.children()?;
    let first = children.first()?;
    // The name: a leading code span or bold text.
    let name = match first {
        Node::InlineCode(code) => code.value.clone(),
        Node::Strong(_) | Node::Emphasis(_) => inline_text(first),
        _ => return None,
    };
    let name = name.trim().trim_end_matches(':').trim().to_owned();
    if name.is_empty()
        || name.len() > 60
        || !name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']' | '$' | '@'))
    {
        return None;
    }
    let text = inline_text(paragraph);
    let rest = text.trim_start();
    let rest = rest.strip_prefix(name.as_str()).unwrap_or(rest).trim_start();
    // `(type, required)` or `: type` or ` – text`.
    let mut ty = None;
    let mut required = None;
    let mut description = rest.to_owned();
    if let Some(inside) = rest.strip_prefix('(') {
        if let Some(end) = inside.find(')') {
            let inner = &inside[..end];
            for part in inner.split(',') {
                let part = part.trim();
                if let Some(r) = required_of(part) {
                    required = Some(r);
                } else if ty.is_none() {
                    ty = type_expr::parse(part);
                }
            }
            description = inside[end + 1..].trim_start_matches([':', '-', '–', '—', ' ']).to_owned();
        }
    } else {
        let after = rest.trim_start_matches([':', '-', '–', '—', ' ']);
        // `name: string - text` or `name` - *string* - text.
        let candidate = after.split([' ', '-', '–', '—', ',']).next().unwrap_or_default();
        if let Some(parsed) = type_expr::parse(candidate).filter(|t| !matches!(t, TypeExpr::Named(_))) {
            ty = Some(parsed);
            description = after[candidate.len()..].trim_start_matches([':', '-', '–', '—', ' ', ',']).to_owned();
        } else {
            description = after.to_owned();
        }
        let _ = candidate;
    }
    // A code span right after the name holding a type (`name` `string`).
    if ty.is_none() {
        if let Some(Node::InlineCode(code)) = children.get(2).or_else(|| children.get(1)) {
            if children.len() > 1 {
                ty = type_expr::parse(&code.value).filter(|t| !matches!(t, TypeExpr::Named(_)));
            }
        }
    }
    if required.is_none() {
        required = required_in_text(&description);
    }
    let nullable = ty.as_ref().is_some_and(TypeExpr::is_nullable);
    let mut links = Vec::new();
    walk(paragraph, &mut |node| {
        if let Node::Link(link) = node {
            links.push((inline_text(node).trim_matches(['*', '`']).to_owned(), link.url.clone()));
        }
    });
    Some(FieldRow {
        name,
        ty,
        links,
        required,
        location: None,
        default: default_in_text(&description),
        enumeration: enum_in_text(&description),
        description,
        nullable,
        depth,
        origin: node_location(file, paragraph),
    })
}

/// What a label says the next table, list or example is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Params(Option<ParamIn>),
    Request,
    Response(String),
    /// A label that says nothing about the role (a type's name, "Example").
    Neutral,
    /// Something that is not the operation's (errors of an SDK, authentication, code samples in a language).
    Ignore,
}

/// The role a label gives.
pub fn role_of(label: &str) -> Role {
    let lower = label.to_ascii_lowercase();
    let lower = lower.trim().trim_end_matches(':');
    let status = status_in(lower);
    if lower.contains("response")
        || lower.contains("returns")
        || lower.contains("return type")
        || lower.contains("return value")
        || lower.starts_with("result")
        || lower.contains("responseexample")
        || lower == "output"
        || lower.starts_with("example output")
        || lower.contains("response body")
    {
        return Role::Response(status.unwrap_or_else(|| "200".into()));
    }
    if let Some(status) = status {
        return Role::Response(status);
    }
    let param = lower.contains("param") || lower.contains("argument");
    if lower.contains("path param") || lower.contains("url param") || lower.contains("path variable") || lower == "path"
    {
        return Role::Params(Some(ParamIn::Path));
    }
    if lower.contains("query") && (param || lower.contains("string")) || lower == "query" {
        return Role::Params(Some(ParamIn::Query));
    }
    if lower.contains("header") && !lower.contains("response header") {
        return Role::Params(Some(ParamIn::Header));
    }
    if lower.contains("cookie") {
        return Role::Params(Some(ParamIn::Cookie));
    }
    if lower.contains("request body")
        || lower.contains("body param")
        || lower.contains("requestexample")
        || lower.contains("payload")
        || lower.contains("request")
        || lower == "body"
        || lower.contains("json body")
        || lower.contains("body schema")
        || lower.contains("body fields")
        || lower.starts_with("body")
    {
        return Role::Request;
    }
    if param {
        return Role::Params(None);
    }
    if lower.starts_with("error") || lower.contains("authentication") || lower.contains("authorization") {
        return Role::Ignore;
    }
    Role::Neutral
}

/// The first three-digit HTTP status in a text (`200`, `> 201 Response`, `Status Code **404**`).
fn status_in(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric()).find_map(|word| {
        let ok = word.len() == 3
            && (word.chars().all(|c| c.is_ascii_digit()) && (b'1'..=b'5').contains(&word.as_bytes()[0])
                || word.ends_with("xx") && word.as_bytes()[0].is_ascii_digit());
        ok.then(|| word.to_ascii_uppercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_name_ranges_are_their_names() {
        assert_eq!(
            name_range("`Custom1 thorugh Custom3`"),
            Some(vec!["Custom1".into(), "Custom2".into(), "Custom3".into()])
        );
        assert_eq!(name_range("OrgUnit1 - OrgUnit2"), Some(vec!["OrgUnit1".into(), "OrgUnit2".into()]));
        assert_eq!(name_range("address1"), None);
        assert_eq!(name_range("line1 or zip2"), None, "two stems");
        assert_eq!(name_range("v2 then v1"), None, "backwards");
    }

    #[test]
    fn roles_of_labels() {
        assert_eq!(role_of("Query parameters"), Role::Params(Some(ParamIn::Query)));
        assert_eq!(role_of("Request body"), Role::Request);
        assert_eq!(role_of("> 200 Response"), Role::Response("200".into()));
        assert_eq!(role_of("Return type"), Role::Response("200".into()));
        assert_eq!(role_of("Parameters"), Role::Params(None));
        assert_eq!(role_of("Example responses"), Role::Response("200".into()));
        assert_eq!(role_of("Properties"), Role::Neutral);
    }

    #[test]
    fn required_and_defaults() {
        assert_eq!(required_of(":heavy_check_mark:"), Some(true));
        assert_eq!(required_of("No*"), Some(false));
        assert_eq!(required_of("✓"), Some(true));
        assert_eq!(default_in_text("[optional] [default to 20]"), Some(Value::from(20)));
        assert_eq!(default_in_text("Sort order. Default: `desc`"), Some(Value::from("desc")));
        assert_eq!(enum_in_text("One of: `a`, `b`, `c`."), vec![Value::from("a"), Value::from("b"), Value::from("c")]);
        assert_eq!(clean_name("» » `items`"), ("items".to_owned(), 2, false));
    }
}
