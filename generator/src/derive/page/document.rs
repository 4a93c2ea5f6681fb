//! The small pieces every page reader needs: `x-source` values, operationIds, the frontmatter, statuses,
//! HTTP methods, endpoints and path templates, and prose tidied into a description.

use crate::endpoint::Method;
use heck::ToLowerCamelCase;
use serde_json::Value;

use crate::diagnostic::{Diagnostics, Location, SourceFile};

/// The `x-source` value of a place: `path:LINE`.
pub fn x_source(location: &Location) -> Value {
    Value::String(format!("{}:{}", location.file, location.line))
}

/// An `operationId` in lowerCamelCase from a page id or title (`list-conversations` → `listConversations`).
pub fn operation_id(raw: &str) -> String {
    let words: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let id = words.to_lower_camel_case();
    if id.is_empty() {
        "operation".to_owned()
    } else {
        id
    }
}

/// A page's YAML frontmatter as a mapping, with the place of its text so keys can be located.
#[derive(Debug, Clone, Default)]
pub struct Frontmatter {
    pub values: serde_yaml::Mapping,
    /// The file line of the frontmatter's first content line (the line after `---`).
    pub first_line: usize,
    pub text: String,
}

impl Frontmatter {
    /// Reads the page's `Yaml` node; a frontmatter that is not a YAML mapping is a warning, not a failure.
    pub fn of_page(file: &SourceFile, root: &markdown::mdast::Node, diags: &mut Diagnostics) -> Frontmatter {
        let Some(yaml) = root.children().into_iter().flatten().find_map(|node| match node {
            markdown::mdast::Node::Yaml(yaml) => Some(yaml),
            _ => None,
        }) else {
            return Frontmatter::default();
        };
        let first_line = yaml.position.as_ref().map_or(1, |p| p.start.line + 1);
        let values = match serde_yaml::from_str::<serde_yaml::Value>(&yaml.value) {
            Ok(serde_yaml::Value::Mapping(values)) => values,
            Ok(serde_yaml::Value::Null) => serde_yaml::Mapping::new(),
            Ok(_) => {
                diags.warning_at(&file.location(first_line, 1), "the frontmatter is not a YAML mapping; ignored");
                serde_yaml::Mapping::new()
            }
            Err(error) => {
                let line = error.location().map_or(first_line, |l| first_line + l.line().saturating_sub(1));
                diags.warning_at(
                    &file.location(line, 1),
                    format!("the frontmatter is not valid YAML ({error}); ignored"),
                );
                serde_yaml::Mapping::new()
            }
        };
        Frontmatter { values, first_line, text: yaml.value.clone() }
    }

    /// A scalar value as text (numbers too: `version: 2`).
    pub fn get(&self, key: &str) -> Option<String> {
        match self.values.get(key)? {
            serde_yaml::Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            serde_yaml::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The place of a top-level key (the frontmatter start when not found).
    pub fn location_of(&self, file: &SourceFile, key: &str) -> Location {
        let prefix = format!("{key}:");
        let index = self.text.lines().position(|line| line.starts_with(&prefix)).unwrap_or(0);
        file.location(self.first_line + index, 1)
    }
}

/// The description of a response status when the page gives none (OpenAPI requires one).
pub fn status_description(status: u16) -> String {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .map_or_else(|| format!("Status {status}"), str::to_owned)
}

/// A status code (100–599) named in a text: `200`, `Response 201`, `404 Not Found`.
pub fn status_in_text(text: &str) -> Option<u16> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| word.len() == 3)
        .filter_map(|word| word.parse::<u16>().ok())
        .find(|code| (100..600).contains(code))
}

/// An HTTP method word, upper-cased, if `word` is one.
pub fn http_method(word: &str) -> Option<&'static str> {
    Method::parse(word).map(Method::as_str)
}

/// Puts an operation into a path item under its method (an upper-case method word, [`http_method`]'s).
pub fn set_operation(item: &mut openapiv3::PathItem, method: &str, operation: openapiv3::Operation) {
    if let Some(method) = Method::parse(method) {
        *crate::oas::operation_slot(item, method) = Some(operation);
    }
}

/// Splits a URL or path into (server, path): `https://api.x.com/v1/a` → (`https://api.x.com`, `/v1/a`).
/// An empty or placeholder host gives no server. Express-style `:id` segments become `{id}`.
pub fn split_endpoint(raw: &str) -> Option<(Option<String>, String)> {
    let raw = raw.trim().trim_end_matches(['.', ',', ';']);
    let (server, path) = match raw.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = match rest.find('/') {
                Some(index) => (&rest[..index], &rest[index..]),
                None => (rest, "/"),
            };
            let server = (!host.is_empty() && !host.contains(['<', '{', '$'])).then(|| format!("{scheme}://{host}"));
            (server, path)
        }
        None => (None, raw),
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.contains(char::is_whitespace) {
        return None;
    }
    let segments: Vec<String> = path.split('/').map(template_segment).collect();
    Some((server, segments.join("/")))
}

/// A path segment as a template when a page writes it as one: `:id`, `${id}`, `{{id}}` (Postman), `$USER_ID`,
/// `<id>`, and a
/// placeholder in capitals (`DATASET_NAME`, `YOUR_ORG_ID`: upper-case words joined by underscores; `SMS`
/// alone stays a segment). Names in capitals are lower-cased (`$USER_ID` → `{user_id}`).
pub fn template_segment(segment: &str) -> String {
    let name = segment
        .strip_prefix("${")
        .and_then(|s| s.strip_suffix('}'))
        .or_else(|| segment.strip_prefix("{{").and_then(|s| s.strip_suffix("}}")))
        .or_else(|| segment.strip_prefix(':'))
        .or_else(|| segment.strip_prefix('$'))
        .or_else(|| segment.strip_prefix('<').and_then(|s| s.strip_suffix('>')))
        .or_else(|| is_capital_placeholder(segment).then_some(segment));
    match name {
        Some(name) if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') => {
            if name.chars().any(|c| c.is_ascii_lowercase()) {
                format!("{{{name}}}")
            } else {
                format!("{{{}}}", name.to_ascii_lowercase())
            }
        }
        _ => segment.to_owned(),
    }
}

/// `DATASET_NAME`, `YOUR_API_KEY`: capitals and digits, words joined by underscores.
fn is_capital_placeholder(segment: &str) -> bool {
    segment.contains('_')
        && segment.starts_with(|c: char| c.is_ascii_uppercase())
        && segment.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && segment.split('_').all(|word| !word.is_empty())
}

/// The `{name}` templates of a path.
pub fn path_templates(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

// ---------------------------------------------------------------------------------------------------------
// Reading what pages say in words

/// `METHOD` and the path with template names dropped.
pub fn endpoint_key(method: &str, path: &str) -> String {
    format!("{} {}", method.to_ascii_uppercase(), path_key(path))
}

/// A path with template names and a trailing slash dropped: `/a/{x}/` and `/a/{y}` are one path.
pub fn path_key(path: &str) -> String {
    let mut out = String::new();
    let mut in_template = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                in_template = true;
                out.push_str("{}");
            }
            '}' => in_template = false,
            _ if in_template => {}
            _ => out.push(ch),
        }
    }
    out.trim_end_matches('/').to_owned()
}

/// Prose as a description: soft line breaks inside a paragraph become spaces (they are spaces in markdown),
/// paragraph breaks stay, and trailing spaces go.
pub fn tidy_prose(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| paragraph.lines().map(str::trim).filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `METHOD /path` (possibly after other words: `openapi.json GET /x`).
pub fn endpoint_in_text(text: &str) -> Option<(&'static str, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).find_map(|pair| {
        let method = http_method(pair[0])?;
        (pair[1].starts_with('/') || pair[1].contains("://")).then(|| (method, pair[1].to_owned()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_are_lower_camel_case() {
        assert_eq!(operation_id("Get All Conversations"), "getAllConversations");
        assert_eq!(operation_id("list-conversations"), "listConversations");
        assert_eq!(operation_id("  "), "operation");
    }

    #[test]
    fn endpoints_split_into_server_and_path() {
        assert_eq!(split_endpoint("https:///v1/list-conversations"), Some((None, "/v1/list-conversations".to_owned())));
        assert_eq!(
            split_endpoint("https://api.x.com/v1/items/:id?x=1"),
            Some((Some("https://api.x.com".to_owned()), "/v1/items/{id}".to_owned()))
        );
        assert_eq!(split_endpoint("not a path"), None);
        assert_eq!(path_templates("/a/{b}/c/{d}"), vec!["b", "d"]);
    }

    #[test]
    fn statuses_are_found_in_text() {
        assert_eq!(status_in_text("Response 201 Created"), Some(201));
        assert_eq!(status_in_text("v1 1234 abc"), None);
        assert_eq!(status_description(404), "Not Found");
        assert_eq!(tidy_prose("One \ntwo.\n\n  Three.\n"), "One two.\n\nThree.");
    }
}
