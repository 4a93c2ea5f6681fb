//! OpenAPI as text (YAML or JSON), whole-file or embedded in a markdown fence → `openapiv3::OpenAPI`.
//!
//! Errors are reported where they are in the *containing* file: line 3 of a fence that opens on line 10 is
//! line 13 of the page. Each error names the document path it concerns (`paths./x.get.responses`).

use openapiv3::OpenAPI;

use super::narrow::deepest_failure;
use super::source_map::SourceMap;
use crate::diagnostic::{Diagnostics, Location, SourceFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Yaml,
    Json,
}

/// Where a text sits inside its file: the file line of the text's first line, and how many columns every
/// line of the text is shifted right (a fence indented in a list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Embedding {
    pub first_line: usize,
    pub column_shift: usize,
}

impl Embedding {
    pub fn whole_file() -> Embedding {
        Embedding { first_line: 1, column_shift: 0 }
    }

    /// The file location of a 1-based (line, column) inside the text.
    pub fn locate(&self, file: &SourceFile, line: usize, column: usize) -> Location {
        file.location(self.first_line + line.max(1) - 1, column.max(1) + self.column_shift)
    }
}

/// Parses `text` (part of `file`, placed by `embedding`) as an OpenAPI 3.0 document, with the map that
/// places its nodes in `file`.
pub fn parse_openapi(
    file: &SourceFile,
    text: &str,
    kind: TextKind,
    embedding: Embedding,
    diags: &mut Diagnostics,
) -> Option<(OpenAPI, SourceMap)> {
    let result = match kind {
        TextKind::Yaml => parse_yaml(text),
        TextKind::Json => parse_json(text),
    };
    match result {
        Ok(api) => {
            check_version(file, &api, embedding, diags);
            Some((api, SourceMap::of_text(file, text, embedding)))
        }
        Err(mut failure) => {
            let (line, column) = clamp_to_text(text, failure.position.unwrap_or((1, 1)));
            let mut location = embedding.locate(file, line, column);
            if !failure.syntax {
                if let Some((pointer, message)) =
                    as_json(text, kind).as_ref().and_then(|document| deepest_failure(document, kind == TextKind::Yaml))
                {
                    location = SourceMap::of_text(file, text, embedding).locate(&pointer);
                    let path = if pointer.is_empty() { "the document root".to_owned() } else { format!("`{pointer}`") };
                    failure.message = format!("invalid OpenAPI at {path}: {}", strip_position(&message));
                }
            }
            let message = match sniff_version(text, kind) {
                Some(version) if !version.starts_with('3') => format!(
                    "this is an OpenAPI/Swagger {version} document; only OpenAPI 3.0 (and 3.1 read as 3.0) is supported: convert it to OpenAPI 3 first"
                ),
                _ => failure.message,
            };
            diags.error_at(&location, message);
            None
        }
    }
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
    position: Option<(usize, usize)>,
    message: String,
    /// A YAML/JSON syntax error (exactly placed by the parser) rather than a shape error.
    syntax: bool,
}

/// The document as a JSON value, to look for the real place of a shape error.
fn as_json(text: &str, kind: TextKind) -> Option<serde_json::Value> {
    match kind {
        TextKind::Yaml => serde_yaml::from_str(text).ok(),
        TextKind::Json => serde_json::from_str(text).ok(),
    }
}

fn parse_yaml(text: &str) -> Result<OpenAPI, Failure> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let position = inner.location().map(|l| (l.line(), l.column()));
        let syntax = is_yaml_syntax_error(&inner);
        let message = strip_position(&inner.to_string());
        Failure { position, message: describe(&path, &message, syntax, "YAML"), syntax }
    })
}

fn parse_json(text: &str) -> Result<OpenAPI, Failure> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let api: OpenAPI = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        json_failure(&path, error.into_inner())
    })?;
    deserializer.end().map_err(|error| json_failure("", error))?;
    Ok(api)
}

fn json_failure(path: &str, error: serde_json::Error) -> Failure {
    let position = (error.line() > 0).then(|| (error.line(), error.column().max(1)));
    let syntax = error.is_syntax() || error.is_eof();
    let message = strip_position(&error.to_string());
    Failure { position, message: describe(path, &message, syntax, "JSON"), syntax }
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
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

fn describe(path: &str, message: &str, syntax: bool, language: &str) -> String {
    let message = message.replace(
        "data did not match any variant of untagged enum ReferenceOr",
        "expected either a `$ref` or an inline definition, and this is neither",
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
    if version.starts_with("3.0") {
        return;
    }
    let location = embedding.locate(file, 1, 1);
    if version.starts_with("3.") {
        diags.warning_at(
            &location,
            format!("OpenAPI {version} is read with the 3.0 model; constructs only 3.1 has may be lost"),
        );
    } else {
        diags.warning_at(&location, format!("unexpected `openapi` version `{version}`; reading it as OpenAPI 3.0"));
    }
}

/// The declared `openapi`/`swagger` version, read leniently, to explain a failed parse.
fn sniff_version(text: &str, kind: TextKind) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Versions {
        openapi: Option<serde_yaml::Value>,
        swagger: Option<serde_yaml::Value>,
    }
    let versions: Versions = match kind {
        TextKind::Yaml => serde_yaml::from_str(text).ok()?,
        TextKind::Json => serde_json::from_str(text).ok()?,
    };
    let value = versions.openapi.or(versions.swagger)?;
    match value {
        serde_yaml::Value::String(s) => Some(s),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn swagger_two_is_named() {
        let (_, diags) = parse(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            TextKind::Yaml,
            Embedding::whole_file(),
        );
        assert!(diags.to_string().contains("Swagger 2.0"), "{diags}");
    }
}
