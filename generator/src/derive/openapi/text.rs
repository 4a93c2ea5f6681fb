//! OpenAPI as text (YAML or JSON), whole-file or embedded in a markdown fence → `openapiv3::OpenAPI`.
//!
//! Errors are reported where they are in the *containing* file: line 3 of a fence that opens on line 10 is
//! line 13 of the page. Each error names the document path it concerns (`paths./x.get.responses`).

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, MediaType, OpenAPI, ParameterSchemaOrContent, ReferenceOr, Response, Schema, SchemaKind, Type,
};
use serde::de::{Deserialize, DeserializeSeed};
use serde_json::Value;

use super::loose_value::LooseValue;
use super::narrow::deepest_failure;
use super::openapi31;
use super::repeated_keys::{KeyCheck, RepeatCheck, REPEATED_KEY};
use super::yaml_value;
use crate::diagnostic::{Diagnostics, SourceFile};
use crate::source_map::{escape, Embedding, SourceMap, YamlIndexer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Yaml,
    Json,
}

/// Deeper nesting than this is refused before parsing: serde_yaml and serde_json refuse it too, but libyaml
/// first scans flow collections (`[[[…`) in time quadratic in their depth, and our own walks recurse.
pub const MAX_NESTING: usize = 128;

/// Parses `text` (part of `file`, placed by `embedding`) as an OpenAPI document, with the map that places its
/// nodes in `file`. OpenAPI 3.0 is parsed straight into the typed model. A 3.1 document, or one the typed parse
/// rejects or reads lossily, goes through an untyped value first ([`openapi31`]): 3.1 constructs are lowered to
/// 3.0, schema numbers 3.0's model cannot hold are repaired, and each thing lost is a located warning.
pub fn parse_openapi(
    file: &SourceFile,
    text: &str,
    kind: TextKind,
    embedding: Embedding,
    diags: &mut Diagnostics,
) -> Option<(OpenAPI, SourceMap)> {
    if kind == TextKind::Yaml {
        if let Some((line, column)) = too_deep_yaml(text) {
            let message = format!("invalid YAML: nested more than {MAX_NESTING} levels deep");
            diags.error_at(&embedding.locate(file, line, column), message);
            return None;
        }
    }
    let post_30 = declares_post_30_version(text);
    // A later version's YAML goes straight to the untyped read, which indexes the text as it reads it.
    let index_when_read = post_30 && kind == TextKind::Yaml;
    let source_map = SourceMap::of_text_indexed(file, text, embedding, !index_when_read);
    let report_repeat = |(pointer, key): (String, String), diags: &mut Diagnostics| {
        diags.error_at(&source_map.locate(&pointer), format!("the key `{key}` appears twice in this mapping"));
    };
    let mut direct_failure = None;
    if !post_30 {
        // A large JSON document is read on two threads, each checking its share for repeated keys first.
        let in_parts =
            (kind == TextKind::Json && text.len() >= super::parallel_parse::MIN_BYTES && crate::threads::second_core())
                .then(|| super::parallel_parse::parse_json(text))
                .flatten();
        let parsed = match in_parts {
            Some(api) => Ok(api),
            None => {
                // openapiv3 panics on a mapping with a repeated key inside a `$ref`-or-item position ("somehow
                // this parsed successfully the second time"); YAML forbids repeated keys and JSON advises
                // against them. The untyped route, which a later version takes straight away, finds them as
                // it reads (one pass less).
                if let Some(repeat) = repeated_key(text, kind) {
                    report_repeat(repeat, diags);
                    return None;
                }
                parse_text(text, kind)
            }
        };
        match parsed {
            Ok(api) if !needs_untyped_route(&api) => {
                check_version(file, &api, embedding, diags);
                return Some((api, source_map));
            }
            Ok(_) => {}
            Err(failure) if failure.syntax => {
                report_at_parser_position(file, text, embedding, failure, diags);
                return None;
            }
            Err(failure) => direct_failure = Some(failure),
        }
    }
    let mut document = match read_untyped(text, kind, &source_map) {
        Ok(document) => document,
        Err(failure) if failure.message.contains(REPEATED_KEY) => {
            match repeated_key(text, kind) {
                Some(repeat) => report_repeat(repeat, diags),
                None => diags.error_at(&embedding.locate(file, 1, 1), "internal error: a repeated key was not found"),
            }
            return None;
        }
        Err(failure) => {
            report_at_parser_position(file, text, embedding, direct_failure.unwrap_or(failure), diags);
            return None;
        }
    };
    let notes = openapi31::lower_document(&mut document);
    for note in notes {
        diags.warning_at(&source_map.locate(&note.pointer), note.message);
    }
    match parse_value(&document, kind, text.len()) {
        Ok(api) => {
            check_version(file, &api, embedding, diags);
            Some((api, source_map))
        }
        Err(failure) => {
            let place = match &direct_failure {
                Some(Failure { position: Some(position), .. }) => {
                    let (line, column) = clamp_to_text(text, *position);
                    embedding.locate(file, line, column)
                }
                _ => source_map.locate(&failure.pointer),
            };
            let failure = direct_failure.unwrap_or(failure);
            let (location, message) = match deepest_failure(&document, kind == TextKind::Yaml) {
                Some((pointer, message)) => {
                    let path = if pointer.is_empty() { "the document root".to_owned() } else { format!("`{pointer}`") };
                    (source_map.locate(&pointer), format!("invalid OpenAPI at {path}: {}", strip_position(&message)))
                }
                None => (place, failure.message),
            };
            diags.error_at(&location, explain_version(&document).unwrap_or(message));
            None
        }
    }
}

fn report_at_parser_position(
    file: &SourceFile,
    text: &str,
    embedding: Embedding,
    failure: Failure,
    diags: &mut Diagnostics,
) {
    // serde_yaml gives no place for an alias bomb; the first alias is where the expansion starts.
    let position = failure.position.or_else(|| failure.message.contains("alias").then(|| first_alias(text)).flatten());
    let (line, column) = clamp_to_text(text, position.unwrap_or((1, 1)));
    diags.error_at(&embedding.locate(file, line, column), failure.message);
}

/// The place of the first alias (`*name`) of a YAML text.
fn first_alias(text: &str) -> Option<(usize, usize)> {
    saphyr_parser::Parser::new_from_str(text).map_while(Result::ok).find_map(|(event, span)| {
        matches!(event, saphyr_parser::Event::Alias(..)).then(|| (span.start.line(), span.start.col() + 1))
    })
}

/// The place where a YAML text's collections nest deeper than [`MAX_NESTING`], if they do. A linear scan
/// estimates the depth of flow collections; only a text the estimate finds too deep is checked exactly, with
/// the event parser, which stops at the first node past the limit.
pub fn too_deep_yaml(text: &str) -> Option<(usize, usize)> {
    if flow_depth_estimate(text) <= MAX_NESTING {
        return None;
    }
    let mut depth = 0usize;
    for event in saphyr_parser::Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(event) => event,
            // The scanner looks ahead in flow collections; it gives up at 255 levels, before any event is seen.
            Err(error) if error.info().contains("recursion limit") => {
                return Some((error.marker().line(), error.marker().col() + 1))
            }
            Err(_) => return None,
        };
        match event {
            saphyr_parser::Event::MappingStart(..) | saphyr_parser::Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((span.start.line(), span.start.col() + 1));
                }
            }
            saphyr_parser::Event::MappingEnd | saphyr_parser::Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The deepest nesting of `[`/`{` in a YAML (or JSON) text, skipping comments and quoted scalars: cheap, and
/// never less than the real flow depth of an ordinary document.
fn flow_depth_estimate(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut index) = (0usize, 0usize, 0usize);
    while index < bytes.len() {
        let byte = bytes[index];
        if !matches!(byte, b'#' | b'"' | b'\'' | b'[' | b'{' | b']' | b'}') {
            index += 1;
            continue;
        }
        let previous = if index == 0 { b'\n' } else { bytes[index - 1] };
        let token_start = matches!(previous, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':' | b'-' | b'?');
        match byte {
            b'#' if matches!(previous, b' ' | b'\t' | b'\n' | b'\r') => {
                index = memchr::memchr(b'\n', &bytes[index..]).map_or(bytes.len(), |newline| index + newline);
                continue;
            }
            // The closing quote: after it, the scan goes on.
            b'"' if token_start => index = closing_quote(bytes, index + 1, b'"'),
            b'\'' if token_start => index = closing_quote(bytes, index + 1, b'\''),
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        index += 1;
    }
    deepest
}

/// The index of the quote that closes a scalar whose text starts at `from` (the text's length if none
/// does): `\` escapes in double quotes, `''` is a quote in single quotes.
fn closing_quote(bytes: &[u8], mut from: usize, quote: u8) -> usize {
    loop {
        let found = match quote {
            b'"' => memchr::memchr2(b'"', b'\\', &bytes[from.min(bytes.len())..]),
            _ => memchr::memchr(quote, &bytes[from.min(bytes.len())..]),
        };
        let Some(found) = found else { return bytes.len() };
        let at = from + found;
        match bytes[at] {
            b'\\' => from = at + 2,
            _ if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => from = at + 2,
            _ => return at,
        }
    }
}

/// Whether the text declares an OpenAPI version after 3.0 (`openapi: 3.1.0`), read cheaply from the first
/// `openapi` key. A miss costs nothing but time: the typed result's own version is checked too.
fn declares_post_30_version(text: &str) -> bool {
    for (index, _) in text.match_indices("openapi").take(8) {
        let before = &text[..index];
        let after = &text[index + "openapi".len()..];
        let value = if before.is_empty() || before.ends_with('\n') {
            after.strip_prefix(':')
        } else if before.ends_with('"') && after.starts_with('"') {
            after[1..].trim_start().strip_prefix(':')
        } else {
            None
        };
        if let Some(value) = value {
            let version = value.trim_start().trim_start_matches(['"', '\'']);
            return version.starts_with("3.") && !version.starts_with("3.0");
        }
    }
    false
}

/// A typed result that must be read again through the untyped route: a later 3.x version, or an integer schema
/// openapiv3 turned into "any value" because a bound is not an `i64`.
fn needs_untyped_route(api: &OpenAPI) -> bool {
    let version = api.openapi.trim();
    (version.starts_with("3.") && !version.starts_with("3.0"))
        || any_schema(
            api,
            |schema| matches!(&schema.schema_kind, SchemaKind::Any(any) if any.typ.as_deref() == Some("integer")),
        )
}

/// Whether any schema of the document (components and operations, at any depth) passes `test`. Iterative:
/// no input can make it recurse.
fn any_schema(api: &OpenAPI, test: impl Fn(&Schema) -> bool) -> bool {
    let mut stack: Vec<&Schema> = Vec::new();
    fn push<'a>(stack: &mut Vec<&'a Schema>, schema: &'a ReferenceOr<Schema>) {
        if let ReferenceOr::Item(schema) = schema {
            stack.push(schema);
        }
    }
    fn push_boxed<'a>(stack: &mut Vec<&'a Schema>, schema: &'a ReferenceOr<Box<Schema>>) {
        if let ReferenceOr::Item(schema) = schema {
            stack.push(schema);
        }
    }
    fn push_content<'a>(stack: &mut Vec<&'a Schema>, content: &'a IndexMap<String, MediaType>) {
        content.values().filter_map(|media| media.schema.as_ref()).for_each(|s| push(stack, s));
    }
    fn push_format<'a>(stack: &mut Vec<&'a Schema>, format: &'a ParameterSchemaOrContent) {
        match format {
            ParameterSchemaOrContent::Schema(schema) => push(stack, schema),
            ParameterSchemaOrContent::Content(content) => push_content(stack, content),
        }
    }
    fn push_response<'a>(stack: &mut Vec<&'a Schema>, response: &'a Response) {
        push_content(stack, &response.content);
        for header in response.headers.values().filter_map(ReferenceOr::as_item) {
            push_format(stack, &header.format);
        }
    }
    if let Some(components) = &api.components {
        components.schemas.values().for_each(|s| push(&mut stack, s));
        for parameter in components.parameters.values().filter_map(ReferenceOr::as_item) {
            push_format(&mut stack, &parameter.parameter_data_ref().format);
        }
        for body in components.request_bodies.values().filter_map(ReferenceOr::as_item) {
            push_content(&mut stack, &body.content);
        }
        components.responses.values().filter_map(ReferenceOr::as_item).for_each(|r| push_response(&mut stack, r));
        for header in components.headers.values().filter_map(ReferenceOr::as_item) {
            push_format(&mut stack, &header.format);
        }
    }
    for item in api.paths.paths.values().filter_map(ReferenceOr::as_item) {
        let operations: Vec<&openapiv3::Operation> = item.iter().map(|(_, operation)| operation).collect();
        let parameters = item.parameters.iter().chain(operations.iter().flat_map(|op| op.parameters.iter()));
        for parameter in parameters.filter_map(ReferenceOr::as_item) {
            push_format(&mut stack, &parameter.parameter_data_ref().format);
        }
        for operation in operations {
            if let Some(ReferenceOr::Item(body)) = &operation.request_body {
                push_content(&mut stack, &body.content);
            }
            let responses = operation.responses.default.iter().chain(operation.responses.responses.values());
            responses.filter_map(ReferenceOr::as_item).for_each(|r| push_response(&mut stack, r));
        }
    }
    while let Some(schema) = stack.pop() {
        if test(schema) {
            return true;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                object.properties.values().for_each(|s| push_boxed(&mut stack, s));
                if let Some(AdditionalProperties::Schema(additional)) = &object.additional_properties {
                    push(&mut stack, additional);
                }
            }
            SchemaKind::Type(Type::Array(array)) => array.items.iter().for_each(|s| push_boxed(&mut stack, s)),
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of: list }
            | SchemaKind::AnyOf { any_of: list }
            | SchemaKind::AllOf { all_of: list } => list.iter().for_each(|s| push(&mut stack, s)),
            SchemaKind::Not { not } => push(&mut stack, not),
            SchemaKind::Any(any) => {
                any.properties.values().for_each(|s| push_boxed(&mut stack, s));
                if let Some(AdditionalProperties::Schema(additional)) = &any.additional_properties {
                    push(&mut stack, additional);
                }
                any.items.iter().for_each(|s| push_boxed(&mut stack, s));
                any.one_of.iter().chain(&any.any_of).chain(&any.all_of).for_each(|s| push(&mut stack, s));
                if let Some(not) = &any.not {
                    push(&mut stack, not);
                }
            }
        }
    }
    false
}

/// Parsers report "end of input" one line past a text without a final newline; place it at the real end.
fn clamp_to_text(text: &str, (line, column): (usize, usize)) -> (usize, usize) {
    let lines: Vec<&str> = text.split('\n').collect();
    let last = lines.len().max(1);
    if line <= last {
        return (line.max(1), column.max(1));
    }
    let last_line = lines.last().copied().unwrap_or("");
    if last_line.is_empty() && last > 1 {
        (last - 1, lines[last - 2].chars().count() + 1)
    } else {
        (last, last_line.chars().count() + 1)
    }
}

struct Failure {
    /// Where the parser stopped, in the text it read.
    position: Option<(usize, usize)>,
    /// The JSON pointer serde's path names, when it names one.
    pointer: String,
    message: String,
    /// A YAML/JSON syntax error (exactly placed by the parser) rather than a shape error.
    syntax: bool,
}

fn parse_text(text: &str, kind: TextKind) -> Result<OpenAPI, Failure> {
    match kind {
        TextKind::Yaml => parse_yaml(text),
        TextKind::Json => parse_json(text),
    }
}

/// The document as an untyped value. YAML integers beyond 64 bits (OpenAI's `-9223372036854776000`) are kept
/// as floats, for [`openapi31`] to repair, rather than failing the read. YAML is read in one pass with its
/// index where [`yaml_value`] takes it, else by serde_yaml (as `yaml_value` would have read it, with errors).
fn read_untyped(text: &str, kind: TextKind, source_map: &SourceMap) -> Result<Value, Failure> {
    match kind {
        TextKind::Yaml => {
            let mut index = YamlIndexer::new();
            if let Some(value) = yaml_value::read(text, &mut index) {
                source_map.install(index);
                return Ok(value);
            }
            LooseValue::deserialize(serde_yaml::Deserializer::from_str(text)).map(|loose| loose.0).map_err(|error| {
                let position = error.location().map(|l| (l.line(), l.column()));
                let message = strip_position(&error.to_string());
                Failure {
                    position,
                    pointer: String::new(),
                    message: describe("", &message, true, "YAML"),
                    syntax: true,
                }
            })
        }
        TextKind::Json => serde_json::from_str(text).map_err(|error| json_failure("", String::new(), error)),
    }
}

/// The typed document from an untyped one. A YAML document the typed model takes as it is (every value
/// where a string is expected is a string) is read as it is; any other goes back through text that the YAML
/// reader reads, so that plain scalars are read as leniently as in the direct route (`version: 1` is a
/// string): JSON text, written several times faster than YAML, where YAML reads it as JSON reads it; else
/// YAML text. (YAML's leniency makes a difference only where the strict read fails.) A large document is
/// read on two threads first ([`super::parallel_parse::parse_value`]).
fn parse_value(document: &Value, kind: TextKind, text_len: usize) -> Result<OpenAPI, Failure> {
    if text_len >= super::parallel_parse::MIN_BYTES && crate::threads::second_core() {
        if let Some(api) = super::parallel_parse::parse_value(document) {
            return Ok(api);
        }
    }
    let result = match kind {
        TextKind::Yaml => {
            if let Ok(api) = OpenAPI::deserialize(document) {
                return Ok(api);
            }
            if let Some(api) = serde_json::to_string(document)
                .ok()
                .filter(|json| reads_as_json(json))
                .and_then(|json| serde_yaml::from_str(&json).ok())
            {
                return Ok(api);
            }
            let text = serde_yaml::to_string(document).map_err(|error| Failure {
                position: None,
                pointer: String::new(),
                message: format!("internal error: cannot write the document back as YAML: {error}"),
                syntax: false,
            })?;
            return parse_yaml(&text).map_err(|failure| Failure { position: None, ..failure });
        }
        TextKind::Json => match OpenAPI::deserialize(document) {
            Ok(api) => return Ok(api),
            Err(_) => serde_path_to_error::deserialize::<_, OpenAPI>(document),
        },
    };
    result.map_err(|error| {
        let path = error.path().to_string();
        let pointer = pointer_of(error.path());
        let message = strip_position(&error.into_inner().to_string());
        Failure { position: None, pointer, message: describe(&path, &message, false, "JSON"), syntax: false }
    })
}

/// Whether the YAML reader reads a JSON text as JSON: every character is one YAML prints as it is (libyaml
/// refuses DEL and C1 controls) and none is a YAML line break (which JSON strings may hold unescaped).
/// Keys longer than YAML's 1024-character limit on implicit keys fail the read, which then goes through
/// YAML text.
fn reads_as_json(json: &str) -> bool {
    json.chars().all(|c| {
        matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
            && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
    })
}

// The typed parses run without serde_path_to_error first: tracking the path of every node costs a good part
// of the parse, and only a failure needs it (a failing parse is run again, tracked, to say where).

fn parse_yaml(text: &str) -> Result<OpenAPI, Failure> {
    if let Ok(api) = serde_yaml::from_str(text) {
        return Ok(api);
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let pointer = pointer_of(error.path());
        let inner = error.into_inner();
        let position = inner.location().map(|l| (l.line(), l.column()));
        let syntax = is_yaml_syntax_error(&inner);
        let message = strip_position(&inner.to_string());
        Failure { position, pointer, message: describe(&path, &message, syntax, "YAML"), syntax }
    })
}

fn parse_json(text: &str) -> Result<OpenAPI, Failure> {
    if let Ok(api) = serde_json::from_str(text) {
        return Ok(api);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let api: OpenAPI = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let pointer = pointer_of(error.path());
        json_failure(&path, pointer, error.into_inner())
    })?;
    deserializer.end().map_err(|error| json_failure("", String::new(), error))?;
    Ok(api)
}

fn json_failure(path: &str, pointer: String, error: serde_json::Error) -> Failure {
    let position = (error.line() > 0).then(|| (error.line(), error.column().max(1)));
    let syntax = error.is_syntax() || error.is_eof();
    let message = strip_position(&error.to_string());
    Failure { position, pointer, message: describe(path, &message, syntax, "JSON"), syntax }
}

/// serde's path as a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            serde_path_to_error::Segment::Map { key } => pointer.push_str(&format!("/{}", escape(key))),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

fn is_yaml_syntax_error(error: &serde_yaml::Error) -> bool {
    // serde_yaml has no error kinds; scanner and parser errors are the ones libyaml words this way.
    let text = error.to_string();
    [
        "while scanning",
        "while parsing",
        "did not find expected",
        "found character that cannot",
        "mapping values are not allowed",
        "recursion limit exceeded",
        "repetition limit exceeded",
        "unknown anchor",
        "more than one document",
        "control characters are not allowed",
        "invalid leading UTF-8 octet",
        "invalid trailing UTF-8 octet",
        "incomplete UTF-8 octet sequence",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

fn describe(path: &str, message: &str, syntax: bool, language: &str) -> String {
    let message = message
        .replace(
            "data did not match any variant of untagged enum ReferenceOr",
            "expected either a `$ref` or an inline definition, and this is neither",
        )
        .replace("recursion limit exceeded", &format!("nested more than {MAX_NESTING} levels deep"))
        .replace(
            "repetition limit exceeded",
            "aliases (`*name`) expand to too many nodes (an alias bomb?); refusing to expand them",
        );
    // serde_yaml prefixes messages with the path it knows; we say the path ourselves.
    let message = message.strip_prefix(&format!("{path}: ")).unwrap_or(&message);
    if syntax {
        format!("invalid {language}: {message}")
    } else if path.is_empty() || path == "." {
        format!("not an OpenAPI 3.0 document: {message}")
    } else {
        format!("invalid OpenAPI at `{path}`: {message}")
    }
}

/// serde_yaml and serde_json append " at line L column C" to their messages; we report the place ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) if message[index..].contains(" column ") => message[..index].to_owned(),
        _ => message.to_owned(),
    }
}

fn check_version(file: &SourceFile, api: &OpenAPI, embedding: Embedding, diags: &mut Diagnostics) {
    let version = api.openapi.trim();
    if !version.starts_with("3.0") {
        let location = embedding.locate(file, 1, 1);
        diags.warning_at(&location, format!("unexpected `openapi` version `{version}`; reading it as OpenAPI 3.0"));
    }
}

/// Why a document with a version other than OpenAPI 3 failed to parse, to say instead of the parser's words.
fn explain_version(document: &Value) -> Option<String> {
    let value = document.get("openapi").or_else(|| document.get("swagger"))?;
    let version = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!version.starts_with('3')).then(|| {
        format!(
            "this is an OpenAPI/Swagger {version} document; only OpenAPI 3.0 and 3.1 are supported: convert it to OpenAPI 3 first"
        )
    })
}

/// The pointer of the first mapping that repeats a key, and the key. A text that does not parse has none
/// (the typed parse reports it).
fn repeated_key(text: &str, kind: TextKind) -> Option<(String, String)> {
    // A fast pass that allocates nothing for most keys; the pass that keeps the path runs only on a repeat.
    let repeats = match kind {
        TextKind::Yaml => RepeatCheck.deserialize(serde_yaml::Deserializer::from_str(text)).is_err(),
        TextKind::Json => RepeatCheck.deserialize(&mut serde_json::Deserializer::from_str(text)).is_err(),
    };
    if !repeats {
        return None;
    }
    let mut path = Vec::new();
    let mut found = None;
    let seed = KeyCheck { path: &mut path, found: &mut found };
    let _ = match kind {
        TextKind::Yaml => seed.deserialize(serde_yaml::Deserializer::from_str(text)).ok(),
        TextKind::Json => seed.deserialize(&mut serde_json::Deserializer::from_str(text)).ok(),
    };
    found.map(|(path, key)| (path.iter().map(|segment| format!("/{}", escape(segment))).collect(), key))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The estimate as it was first written, a byte at a time: the oracle of the one that skips runs.
    fn bytewise_flow_depth_estimate(text: &str) -> usize {
        let bytes = text.as_bytes();
        let (mut depth, mut deepest, mut index) = (0usize, 0usize, 0usize);
        let mut previous = b'\n';
        while index < bytes.len() {
            let byte = bytes[index];
            let token_start =
                matches!(previous, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':' | b'-' | b'?');
            match byte {
                b'#' if matches!(previous, b' ' | b'\t' | b'\n' | b'\r') => {
                    while index < bytes.len() && bytes[index] != b'\n' {
                        index += 1;
                    }
                    continue;
                }
                b'"' | b'\'' if token_start => {
                    index += 1;
                    while index < bytes.len() {
                        match bytes[index] {
                            b'\\' if byte == b'"' => index += 1,
                            b'\'' if byte == b'\'' && bytes.get(index + 1) == Some(&b'\'') => index += 1,
                            quote if quote == byte => break,
                            _ => {}
                        }
                        index += 1;
                    }
                }
                b'[' | b'{' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = bytes.get(index).copied().unwrap_or(b' ');
            index += 1;
        }
        deepest
    }

    proptest::proptest! {
        #[test]
        fn the_flow_depth_estimate_skips_runs_as_the_bytewise_one_reads(
            text in r#"([a-z: ,\-?\n\t]|[\[\]{}]|["'#\\]|é|''){0,40}"#
        ) {
            proptest::prop_assert_eq!(flow_depth_estimate(&text), bytewise_flow_depth_estimate(&text));
        }
    }

    #[test]
    fn the_flow_depth_estimate_skips_comments_and_quoted_scalars() {
        for (text, depth) in [
            ("a: [b, {c: d}]", 2),
            ("a: '[['\nb: \"{{\\\"[\"\n", 0),
            ("a: 'it''s [' [x]", 1),
            ("# [[[\na: [b] # {{{\n", 1),
            ("a#[b]: [", 1),
            ("\"unclosed [[", 0),
            ("a: \"\\", 0),
        ] {
            assert_eq!(flow_depth_estimate(text), depth, "{text:?}");
            assert_eq!(bytewise_flow_depth_estimate(text), depth, "{text:?}");
        }
    }

    fn parse(text: &str, kind: TextKind, embedding: Embedding) -> (Option<OpenAPI>, Diagnostics) {
        let file = SourceFile::new("specs/x.md", "");
        let mut diags = Diagnostics::new();
        let api = parse_openapi(&file, text, kind, embedding, &mut diags).map(|(api, _)| api);
        (api, diags)
    }

    #[test]
    fn schema_mistakes_deep_in_components_are_named_and_placed() {
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          type: object\n          required: yes\n";
        let (_, diags) = parse(text, TextKind::Yaml, Embedding::whole_file());
        let rendered = diags.to_string();
        assert!(
            rendered.starts_with("specs/x.md:11:11: error: invalid OpenAPI at `/components/schemas/A/properties/b/required`: `required` must be a list of property names"),
            "{rendered}"
        );
    }

    #[test]
    fn yaml_error_is_placed_in_the_containing_file() {
        let text =
            "openapi: 3.0.0\ninfo:\n  title: x\n  version: 1\npaths:\n  /a:\n    get:\n      responses: [1, 2]\n";
        let (api, diags) = parse(text, TextKind::Yaml, Embedding { first_line: 11, column_shift: 0 });
        assert!(api.is_none());
        let rendered = diags.to_string();
        // openapiv3 reads `paths` through `#[serde(flatten)]`, which loses positions; the failure is narrowed
        // down to `responses` (block line 8 = file line 18) and placed through the position index.
        assert!(
            rendered.starts_with(
                "specs/x.md:18:7: error: invalid OpenAPI at `/paths/~1a/get/responses`: invalid type: sequence, expected struct Responses"
            ),
            "{rendered}"
        );
    }

    #[test]
    fn yaml_syntax_error_is_placed_exactly() {
        let text = "openapi: 3.0.0\ninfo:\n  title: x\n\tversion: 1\n";
        let (_, diags) = parse(text, TextKind::Yaml, Embedding { first_line: 10, column_shift: 2 });
        let rendered = diags.to_string();
        assert!(rendered.starts_with("specs/x.md:13:3: error: invalid YAML:"), "{rendered}");
    }

    #[test]
    fn json_trailing_garbage_is_an_error() {
        let text = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}} x"#;
        let (api, diags) = parse(text, TextKind::Json, Embedding::whole_file());
        assert!(api.is_none());
        assert!(diags.to_string().contains(":1:"), "{diags}");
    }

    #[test]
    fn repeated_keys_are_located_errors_not_panics() {
        // openapiv3 panics on these ("somehow this parsed successfully the second time"); found by proptest.
        let yaml = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n    get:\n      responses: {'200': {description: ok}}\n";
        let (api, diags) = parse(yaml, TextKind::Yaml, Embedding { first_line: 3, column_shift: 2 });
        assert!(api.is_none());
        assert_eq!(diags.to_string(), "specs/x.md:9:7: error: the key `get` appears twice in this mapping\n");
        // A 3.1 document takes the untyped route at once, which finds the repeat as it reads.
        let (api, diags) =
            parse(&yaml.replace("3.0.0", "3.1.0"), TextKind::Yaml, Embedding { first_line: 3, column_shift: 2 });
        assert!(api.is_none());
        assert_eq!(diags.to_string(), "specs/x.md:9:7: error: the key `get` appears twice in this mapping\n");
        let json = r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"parameters": [{"name": "x", "in": "query", "name": "y"}]}}}"#;
        let (api, diags) = parse(json, TextKind::Json, Embedding::whole_file());
        assert!(api.is_none());
        assert_eq!(diags.to_string(), "specs/x.md:1:123: error: the key `name` appears twice in this mapping\n");
    }

    #[test]
    fn a_repeated_key_in_a_large_json_document_is_found_in_any_share() {
        // Large enough to be read on two threads, which check their shares and leave the report to the whole
        // document's check.
        let paths: Vec<String> = (0..4000)
            .map(|i| format!(r#""/p{i}": {{"get": {{"responses": {{"200": {{"description": "ok {i}"}}}}}}}}"#))
            .collect();
        let schemas: Vec<String> = (0..1000).map(|i| format!(r#""S{i}": {{"type": "string"}}"#)).collect();
        let document = |paths: &[String], schemas: &[String]| {
            format!(
                "{{\"openapi\": \"3.0.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}},\n\"paths\": {{{}}},\n\"components\": {{\"schemas\": {{{}}}}}}}",
                paths.join(",\n"),
                schemas.join(",\n")
            )
        };
        let (api, diags) = parse(&document(&paths, &schemas), TextKind::Json, Embedding::whole_file());
        assert!(api.is_some() && diags.is_empty(), "{diags}");
        let mut repeated_path = paths.clone();
        // openapiv3 panics on both ("somehow this parsed successfully the second time").
        repeated_path[10] =
            r#""/p10": {"get": {"responses": {"200": {"description": "ok", "description": "again"}}}}"#.to_owned();
        let mut repeated_schema = schemas.clone();
        repeated_schema[990] = r#""S990": {"type": "string", "type": "integer"}"#.to_owned();
        for (paths, schemas, line) in [(&repeated_path, &schemas, 12), (&paths, &repeated_schema, 4992)] {
            let text = document(paths, schemas);
            assert!(text.len() >= super::super::parallel_parse::MIN_BYTES);
            let (api, diags) = parse(&text, TextKind::Json, Embedding::whole_file());
            assert!(api.is_none());
            assert!(diags.to_string().starts_with(&format!("specs/x.md:{line}:")), "{diags}");
            assert!(diags.to_string().contains("appears twice in this mapping"), "{diags}");
        }
    }

    #[test]
    fn openapi_31_yaml_is_lowered_and_keeps_yaml_leniency() {
        // `version: 1` is a number in YAML that the 3.0 route reads as a string; the untyped route must too.
        let text = "openapi: 3.1.0\ninfo: {title: t, version: 1}\nwebhooks:\n  ping: {}\ncomponents:\n  schemas:\n    S:\n      type: [string, 'null']\n      examples: [a]\n";
        let (api, diags) = parse(text, TextKind::Yaml, Embedding { first_line: 20, column_shift: 0 });
        let api = api.expect("a 3.1 document is read");
        assert_eq!(api.openapi, "3.0.3");
        assert_eq!(api.info.version, "1");
        let schema = api.components.expect("components").schemas["S"].as_item().cloned().expect("inline");
        assert!(schema.schema_data.nullable);
        assert_eq!(schema.schema_data.example, Some(serde_json::json!("a")));
        assert_eq!(
            diags.to_string(),
            "specs/x.md:22:1: warning: 1 webhook(s) (ping) are not generated: OpenAPI 3.0 has no webhooks\n"
        );
    }

    #[test]
    fn an_integer_schema_with_a_float_bound_is_repaired_not_widened() {
        // openapiv3 reads it as "any value" without failing: the typed result is checked and re-read.
        let text = r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"Seed": {"type": "integer", "minimum": -9223372036854776000, "nullable": true}}}}"#;
        let (api, diags) = parse(text, TextKind::Json, Embedding::whole_file());
        let schema =
            api.expect("parsed").components.expect("components").schemas["Seed"].as_item().cloned().expect("inline");
        let SchemaKind::Type(Type::Integer(integer)) = schema.schema_kind else { panic!("an integer: {schema:?}") };
        assert_eq!(integer.minimum, Some(i64::MIN));
        assert_eq!(
            diags.to_string(),
            "specs/x.md:1:130: warning: `minimum: -9223372036854776000` does not fit a 64-bit integer; read as `minimum: -9223372036854775808`\n"
        );
    }

    #[test]
    fn brackets_in_scalars_do_not_count_as_nesting() {
        let mut text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-notes:\n".to_owned();
        for index in 0..300 {
            text.push_str(&format!("  - \"range [0, {index}) [\"\n  - '[[ quoted'\n  - it's [open # [comment\n"));
        }
        assert_eq!(too_deep_yaml(&text), None);
        let (api, diags) = parse(&text, TextKind::Yaml, Embedding::whole_file());
        assert!(api.is_some(), "{diags}");
        let deep = "x: ".to_owned() + &"[".repeat(129) + &"]".repeat(129);
        assert_eq!(too_deep_yaml(&deep), Some((1, 131)), "the block mapping is the first level");
        let shallow = "x: ".to_owned() + &"[".repeat(120) + &"]".repeat(120);
        assert_eq!(too_deep_yaml(&shallow), None);
    }

    #[test]
    fn the_version_is_sniffed_from_the_first_openapi_key() {
        assert!(declares_post_30_version("openapi: 3.1.0\n"));
        assert!(declares_post_30_version("info: {}\nopenapi: '3.1.1'\n"));
        assert!(declares_post_30_version(r#"{"info": {}, "openapi" : "3.1.0"}"#));
        assert!(!declares_post_30_version("openapi: 3.0.3\n"));
        assert!(!declares_post_30_version("description: the openapi: 3.1 way\nopenapi: 3.0.0\n"));
    }

    #[test]
    fn swagger_two_is_named() {
        let (_, diags) = parse(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            TextKind::Yaml,
            Embedding::whole_file(),
        );
        assert!(diags.to_string().contains("Swagger 2.0"), "{diags}");
    }
}
