//! The text forms of an endpoint (`` `METHOD /path` ``, a request line in a code block) and of a status
//! (`200 — OK`, `4XX`, `default`), as headings, paragraphs and cells write them.

use markdown::mdast::Node;

use super::model::Status;
use crate::derive::page::markdown_tree::walk;
use crate::endpoint::Method;
/// `default` and "Other status codes" count only under a responses heading or when nothing else follows.
/// A status heading or cell: `200 — OK`, `4XX`, `default`, `HTTP 201`. The rest of the text is the summary.
pub(super) fn parse_status(text: &str, in_responses: bool) -> Option<(Status, String)> {
    let mut rest = text.trim();
    for prefix in ["http status", "status code", "status", "response", "http"] {
        if rest.len() > prefix.len()
            && rest.is_char_boundary(prefix.len())
            && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            let after = &rest[prefix.len()..];
            if after.starts_with(char::is_whitespace) {
                rest = after.trim_start();
                break;
            }
        }
    }
    let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let (word, after) = rest.split_at(end);
    let summary =
        after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | ':' | '.')).trim();
    let bytes = word.as_bytes();
    let status = if bytes.len() == 3 && bytes.iter().all(u8::is_ascii_digit) {
        let code: u16 = word.parse().ok()?;
        (100..=599).contains(&code).then_some(Status::Code(code))?
    } else if bytes.len() == 3 && (b'1'..=b'5').contains(&bytes[0]) && word[1..].eq_ignore_ascii_case("xx") {
        Status::Range(u16::from(bytes[0] - b'0'))
    } else if word.eq_ignore_ascii_case("default")
        && (in_responses || summary.is_empty() || after.trim_start().starts_with(['—', '–', '-', ':']))
    {
        Status::Default
    } else if in_responses && text.trim().to_lowercase().starts_with("other status codes") {
        return Some((Status::Default, String::new()));
    } else {
        return None;
    };
    Some((status, summary.to_owned()))
}

/// Paragraphs of the tree that are only a `` `METHOD /path` `` inline code.
pub(super) fn endpoint_paragraphs(root: &Node) -> impl Iterator<Item = (Method, String)> {
    let mut found = Vec::new();
    walk(root, &mut |node| {
        if let Some(endpoint) = endpoint_of_paragraph(node) {
            found.push(endpoint);
        }
    });
    found.into_iter()
}

pub(super) fn endpoint_blocks(root: &Node) -> impl Iterator<Item = (Method, String)> {
    let mut found = Vec::new();
    walk(root, &mut |node| {
        if let Some(endpoint) = endpoint_of_code(node) {
            found.push(endpoint);
        }
    });
    found.into_iter()
}

/// A code block (no language, or `http`) whose only line is a request line: `GET https://host/a HTTP/1.1`.
pub(super) fn endpoint_of_code(node: &Node) -> Option<(Method, String)> {
    let Node::Code(code) = node else { return None };
    if code.lang.as_deref().is_some_and(|lang| !lang.eq_ignore_ascii_case("http")) {
        return None;
    }
    let mut lines = code.value.lines().map(str::trim).filter(|line| !line.is_empty());
    let line = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    let line = line.strip_suffix("HTTP/1.1").or_else(|| line.strip_suffix("HTTP/2")).unwrap_or(line);
    parse_endpoint(line.trim())
}

pub(super) fn endpoint_of_paragraph(node: &Node) -> Option<(Method, String)> {
    let Node::Paragraph(paragraph) = node else { return None };
    let mut meaningful = paragraph.children.iter().filter(|child| match child {
        Node::Text(text) => !text.value.trim().is_empty(),
        Node::Break(_) => false,
        _ => true,
    });
    let Some(Node::InlineCode(code)) = meaningful.next() else { return None };
    if meaningful.next().is_some() {
        return None;
    }
    parse_endpoint(&code.value)
}

/// `GET /a/{id}`, `post https://host/a/:id?x=1`, `GET {endpoint}/a` → the method and the templated path.
fn parse_endpoint(text: &str) -> Option<(Method, String)> {
    let mut words = text.split_whitespace();
    let method = Method::parse(words.next()?)?;
    let target = words.next()?;
    if words.next().is_some() {
        return None;
    }
    let mut path = target;
    if let Some(after_scheme) = path.strip_prefix("https://").or_else(|| path.strip_prefix("http://")) {
        path = after_scheme.find('/').map_or("/", |slash| &after_scheme[slash..]);
    } else if path.starts_with('{') {
        // A host placeholder such as `{endpoint}/openai/v1/…`.
        let close = path.find("}/")?;
        path = &path[close + 1..];
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let templated: Vec<String> = path
        .split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) if !name.is_empty() => format!("{{{name}}}"),
            _ => segment.to_owned(),
        })
        .collect();
    Some((method, templated.join("/")))
}

/// The `{name}` parameters of a path template, in order.
pub(super) fn path_parameters(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_and_status_forms() {
        assert_eq!(parse_endpoint("GET /a/{id}"), Some((Method::Get, "/a/{id}".to_owned())));
        assert_eq!(parse_endpoint("post https://api.x.com/v1/a?x=1"), Some((Method::Post, "/v1/a".to_owned())));
        assert_eq!(parse_endpoint("DELETE /a/:id"), Some((Method::Delete, "/a/{id}".to_owned())));
        assert_eq!(parse_endpoint("GET {endpoint}/a"), Some((Method::Get, "/a".to_owned())));
        assert_eq!(parse_endpoint("GET a"), None);
        assert_eq!(parse_endpoint("GET /a extra"), None);
        assert_eq!(
            parse_status("200 — The request has succeeded.", false),
            Some((Status::Code(200), "The request has succeeded.".to_owned()))
        );
        assert_eq!(parse_status("4XX — Client error", false), Some((Status::Range(4), "Client error".to_owned())));
        assert_eq!(parse_status("5xx", false), Some((Status::Range(5), String::new())));
        assert_eq!(parse_status("default", false), Some((Status::Default, String::new())));
        assert_eq!(parse_status("Default values", false), None);
        assert_eq!(parse_status("HTTP 201 Created", false), Some((Status::Code(201), "Created".to_owned())));
        assert_eq!(parse_status("2024 changes", false), None);
        assert_eq!(parse_status("Other Status Codes", true), Some((Status::Default, String::new())));
    }
}
