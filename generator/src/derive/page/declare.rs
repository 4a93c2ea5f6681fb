//! Where a page declares an operation, in every way real pages do.
//!
//! Frontmatter (`api:`, `openapi:`), a `METHOD /path` in a heading, in a code span or line of its own, in a
//! code block (an HTTP request line, or a `curl` command: the method from `-X`, POST with `-d`), in a table
//! row (an SDK page's table of methods, linking to each method's section), in a generator's comment
//! (`<!-- UsageSnippet method=… path=… -->`) or a component (`<MethodEndpoint method=… path=…>`), or as
//! `**Method**: POST` with `**URL**: /path`.
//!
//! A path mentioned inside a sentence ("poll via `GET /v1/event/{id}`") is not a declaration: the page does
//! not document it there. Such mentions are kept as [`Mention`]s so the reader can say what it passed over.

use markdown::mdast::Node;

use super::blocks::{attribute, inline_text, Block, BlockKind, PageModel};
use crate::diagnostic::Location;

/// An operation declared on a page.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub method: &'static str,
    /// The path as the page writes it, without scheme, host or query (`/v1/keys/{id}`).
    pub path: String,
    /// The query string of an example URL, if any.
    pub query: Option<String>,
    /// The block that declares it.
    pub block: usize,
    /// The section a table row links to (`[**list**](#list)`): the operation's own section.
    pub anchor: Option<String>,
    pub how: How,
    pub location: Location,
    /// The operationId a generator's mark states (`<!-- UsageSnippet operationID=… -->`).
    pub operation_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum How {
    Frontmatter,
    Heading,
    /// A line of its own (a code span, a bold method, `**Method**` + `**URL**`).
    Line,
    Comment,
    Component,
    /// A table row that links to the operation's section.
    LinkedRow,
    /// An HTTP request line or a curl command in a code block.
    Code,
    /// A table row without a link: an index of endpoints.
    Row,
}

/// A path named in prose, not documented there.
#[derive(Debug, Clone)]
pub struct Mention {
    pub endpoint: String,
    pub location: Location,
}

/// The upper-case method a word names, if any.
pub fn method_of(word: &str) -> Option<&'static str> {
    let word = word.trim_matches(|c: char| !c.is_ascii_alphabetic());
    crate::endpoint::Method::parse(word).map(crate::endpoint::Method::as_str)
}

/// Every declaration and mention on a page.
pub fn declarations(page: &PageModel<'_>) -> (Vec<Declaration>, Vec<Mention>) {
    let mut found = Vec::new();
    let mut mentions = Vec::new();
    for (index, block) in page.blocks.iter().enumerate() {
        let mut declare = |method: &'static str, url: &str, how: How, anchor: Option<String>, id: Option<String>| {
            if let Some((path, query)) = split_url(url) {
                found.push(Declaration {
                    method,
                    path,
                    query,
                    block: index,
                    anchor,
                    how,
                    location: block.location.clone(),
                    operation_id: id.filter(|id| !id.is_empty()),
                });
            }
        };
        match &block.kind {
            BlockKind::Frontmatter(text) => {
                for line in text.lines() {
                    let Some((key, value)) = line.split_once(':') else { continue };
                    if !matches!(key.trim(), "api" | "openapi" | "endpoint") {
                        continue;
                    }
                    let value = value.trim().trim_matches(['"', '\'']);
                    if let Some((method, url)) = endpoint_in(value, true) {
                        declare(method, url, How::Frontmatter, None, None);
                    }
                }
            }
            BlockKind::Heading { text, .. } => {
                if let Some((method, url)) = endpoint_in(text, true) {
                    declare(method, url, How::Heading, None, None);
                }
            }
            BlockKind::Paragraph(node) => {
                let text = inline_text(node);
                match paragraph_endpoint(node, &text) {
                    Some((method, url)) => declare(method, &url, How::Line, None, None),
                    None => {
                        if let Some((method, url)) = endpoint_in(&text, false) {
                            if let Some((path, _)) = split_url(url) {
                                mentions.push(Mention {
                                    endpoint: format!("{method} {path}"),
                                    location: block.location.clone(),
                                });
                            }
                        }
                    }
                }
            }
            BlockKind::Code(code) => {
                if let Some((method, url)) = request_line(&code.value).or_else(|| curl_command(&code.value)) {
                    declare(method, &url, How::Code, None, None);
                }
            }
            BlockKind::Html(html) => {
                if let (Some(method), Some(path)) = (attribute(html, "method"), attribute(html, "path")) {
                    if let Some(method) = method_of(&method) {
                        let id = attribute(html, "operationid");
                        declare(method, &path, How::Comment, None, id);
                    }
                }
            }
            BlockKind::Component { attributes, .. } => {
                let get =
                    |key: &str| attributes.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str());
                if let (Some(method), Some(path)) = (get("method"), get("path").or_else(|| get("endpoint"))) {
                    if let Some(method) = method_of(method) {
                        let id = get("operationId").map(|id| id.trim_matches(['"', '\'', '`']).to_owned());
                        declare(method, path.trim_matches(['"', '\'', '`']), How::Component, None, id);
                    }
                }
            }
            BlockKind::Table(table) => {
                for row in table.children().into_iter().flatten().skip(1) {
                    if let Some((method, url, anchor)) = row_endpoint(row) {
                        let how = if anchor.is_some() { How::LinkedRow } else { How::Row };
                        declare(method, &url, how, anchor, None);
                    }
                }
            }
            BlockKind::List(_) => {}
        }
    }
    (found, mentions)
}

/// `METHOD /path` or `METHOD https://host/path` in a text: at its start when `anywhere` is false (after
/// emphasis or a label such as `Endpoint:`), or anywhere.
pub fn endpoint_in(text: &str, anywhere: bool) -> Option<(&'static str, &str)> {
    let words: Vec<(usize, &str)> = word_offsets(text);
    for (position, (_, word)) in words.iter().enumerate() {
        if !anywhere && position > 0 {
            return None;
        }
        let Some(method) = method_of(word) else { continue };
        // The method must be written in capitals in prose (`get /x` is a sentence), or be the whole word.
        let bare = word.trim_matches(|c: char| !c.is_ascii_alphabetic());
        if bare != method && !anywhere {
            continue;
        }
        if bare != method && bare.len() != word.len() {
            continue;
        }
        let Some((_, next)) = words.get(position + 1) else { continue };
        let next = next.trim_matches(['`', '*', '"', '\'', '<', '>', '(', ')', ',']);
        if looks_like_url(next) {
            return Some((method, next));
        }
    }
    None
}

fn word_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (index, ch) in text.char_indices() {
        if ch.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, &text[s..index]));
            }
        } else if start.is_none() {
            start = Some(index);
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// A path (`/x`), a full URL, or a path behind a host placeholder (`{{baseUrl}}/x`, `${HOST}/x`, `<host>/x`).
fn looks_like_url(text: &str) -> bool {
    text.starts_with('/') && text.len() > 1 && !text.starts_with("//")
        || text.starts_with("http://")
        || text.starts_with("https://")
        || host_placeholder_end(text).is_some()
}

fn host_placeholder_end(text: &str) -> Option<usize> {
    let end = if text.starts_with("{{") {
        text.find("}}")? + 2
    } else if text.starts_with("${") || text.starts_with('{') {
        text.find('}')? + 1
    } else if text.starts_with('<') {
        text.find('>')? + 1
    } else if text.starts_with('$') {
        text.find('/')?
    } else {
        return None;
    };
    text[end..].starts_with('/').then_some(end)
}

/// The path and query of a URL as a page writes it; `None` when there is no path.
pub fn split_url(url: &str) -> Option<(String, Option<String>)> {
    let mut rest = url.trim().trim_matches(['`', '"', '\'']);
    if let Some(end) = host_placeholder_end(rest) {
        rest = &rest[end..];
    } else if let Some(after) = rest.strip_prefix("https://").or_else(|| rest.strip_prefix("http://")) {
        let slash = after.find('/')?;
        rest = &after[slash..];
    }
    if !rest.starts_with('/') {
        return None;
    }
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (rest, None),
    };
    let path = path.split('#').next().unwrap_or(path);
    let path = path.trim_end_matches(['.', ',', ';', ':', ')', '`', '"', '\'', '*']);
    let path: Vec<String> = path.split('/').map(super::document::template_segment).collect();
    let path = path.join("/");
    if path.len() < 2 || path.contains(char::is_whitespace) || path.contains("//") {
        return None;
    }
    Some((path, query))
}

/// A paragraph that states an endpoint as its subject: a code span or a bold method at its start
/// (`` `GET /x` ``, `**GET** /x`, `Endpoint: GET /x`), or `**Method**: POST` with `**URL**: /x`.
fn paragraph_endpoint(node: &Node, text: &str) -> Option<(&'static str, String)> {
    // A code span that is the paragraph's subject.
    let children = node.children()?;
    let first_code = children.iter().find_map(|child| match child {
        Node::InlineCode(code) => Some(code.value.as_str()),
        _ => None,
    });
    let words = text.split_whitespace().count();
    if let Some(code) = first_code {
        if let Some((method, url)) = endpoint_in(code, false) {
            // The span leads the paragraph, or the paragraph is short (a label and the span).
            if text.trim_start().starts_with(code.trim_start()) || words <= 6 {
                return Some((method, url.to_owned()));
            }
        }
    }
    // `**GET** /x`, `GET /x` alone on its line, `Endpoint: POST /x`.
    let first_line = super::blocks::inline_lines(node);
    let first_line = first_line.lines().next().unwrap_or_default();
    let stripped = first_line
        .trim()
        .trim_start_matches(|c: char| !c.is_ascii_alphabetic())
        .split_once(':')
        .filter(|(label, _)| {
            let label = label.to_ascii_lowercase();
            ["endpoint", "request", "url", "http request", "route", "definition"].contains(&label.trim())
        })
        .map_or(first_line.trim(), |(_, rest)| rest.trim());
    if let Some((method, url)) = endpoint_in(stripped, false) {
        if stripped.split_whitespace().count() <= 6 {
            return Some((method, url.to_owned()));
        }
    }
    // `**Method**: POST` and `**URL**: /x` (on one paragraph's lines).
    let lower = text.to_ascii_lowercase();
    if lower.contains("method") {
        let mut method = None;
        let mut url = None;
        for line in super::blocks::inline_lines(node).lines() {
            let Some((label, value)) = line.split_once(':') else { continue };
            let label = label.trim().to_ascii_lowercase();
            let value = value.trim().trim_matches(['`', '*']);
            if label.ends_with("method") {
                method = method_of(value.split_whitespace().next().unwrap_or_default());
            } else if ["url", "endpoint", "path", "uri"].iter().any(|l| label.ends_with(l)) {
                url = value.split_whitespace().next().filter(|v| looks_like_url(v)).map(str::to_owned);
            }
        }
        if let (Some(method), Some(url)) = (method, url) {
            return Some((method, url));
        }
    }
    None
}

/// An HTTP request line in a code block (`POST /v1/keys HTTP/1.1`, `GET https://…`), on its first line that
/// is not a comment.
fn request_line(code: &str) -> Option<(&'static str, String)> {
    let line = code
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with("//"))?;
    let mut words = line.split_whitespace();
    let method = words.next()?;
    if method != method.to_ascii_uppercase() {
        return None;
    }
    let method = method_of(method)?;
    let url = words.next()?;
    let rest: Vec<&str> = words.collect();
    if !looks_like_url(url) || !(rest.is_empty() || rest[0].starts_with("HTTP/")) {
        return None;
    }
    Some((method, url.to_owned()))
}

/// A `curl` command: its method (`-X`/`--request`, else POST when it sends data, else GET) and URL.
pub fn curl_command(code: &str) -> Option<(&'static str, String)> {
    let joined = code.replace("\\\r\n", " ").replace("\\\n", " ");
    let start = joined.find("curl ")?;
    let command = joined[start..].lines().next()?;
    let words = shell_words(command);
    let mut method = None;
    let mut data = false;
    let mut url = None;
    let mut iter = words.iter().skip(1);
    while let Some(word) = iter.next() {
        match word.as_str() {
            "-X" | "--request" => method = iter.next().and_then(|m| method_of(m)),
            "--url" => url = iter.next().cloned(),
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-urlencode" | "-F" | "--form" | "--json" => {
                data = true;
                iter.next();
            }
            "-H" | "--header" | "-u" | "--user" | "-o" | "--output" | "-A" | "--user-agent" | "-b" | "--cookie"
            | "--cacert" | "--cert" | "-E" | "--key" | "--capath" | "-e" | "--referer" | "-x" | "--proxy" | "-m"
            | "--max-time" | "--connect-timeout" | "-w" | "--write-out" | "-T" | "--upload-file" | "-c"
            | "--cookie-jar" | "--retry" | "--resolve" | "--oauth2-bearer" => {
                iter.next();
            }
            w if w.starts_with("-X") && w.len() > 2 => method = method_of(&w[2..]),
            w if w.starts_with('-') => {}
            w if url.is_none() && looks_like_url(w) => url = Some(w.to_owned()),
            _ => {}
        }
    }
    let method = method.unwrap_or(if data { "POST" } else { "GET" });
    Some((method, url?))
}

/// The data of a `curl` command's `-d`/`--data`/`--json` argument.
pub fn curl_data(code: &str) -> Option<String> {
    let joined = code.replace("\\\r\n", " ").replace("\\\n", " ");
    let start = joined.find("curl ")?;
    let words = shell_words(&joined[start..]);
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        if matches!(word.as_str(), "-d" | "--data" | "--data-raw" | "--data-binary" | "--json") {
            return iter.next().cloned();
        }
    }
    None
}

/// The headers a curl command sends (`-H 'Name: value'`), in order.
pub fn curl_headers(code: &str) -> Vec<(String, String)> {
    let joined = code.replace("\\\r\n", " ").replace("\\\n", " ");
    let Some(start) = joined.find("curl ") else { return Vec::new() };
    let words = shell_words(&joined[start..]);
    let mut headers = Vec::new();
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        if matches!(word.as_str(), "-H" | "--header") {
            if let Some((name, value)) = iter.next().and_then(|h| h.split_once(':')) {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
    }
    headers
}

/// Words of a shell command line, with single and double quotes removed.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for ch in line.chars() {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => word.push(ch),
            None if ch == '\'' || ch == '"' => {
                quote = Some(ch);
                in_word = true;
            }
            None if ch.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            None => {
                word.push(ch);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// A table row naming an endpoint: a method cell and a path cell, or one cell with both (`**GET** /x`); and
/// the `#anchor` it links to.
fn row_endpoint(row: &Node) -> Option<(&'static str, String, Option<String>)> {
    let cells: Vec<&Node> = row.children()?.iter().collect();
    let texts: Vec<String> = cells.iter().map(|cell| inline_text(cell)).collect();
    let mut found = None;
    for (index, text) in texts.iter().enumerate() {
        if let Some((method, url)) = endpoint_in(text, false) {
            found = Some((method, url.to_owned()));
            break;
        }
        if let Some(method) = method_of(text).filter(|m| text.trim().trim_matches('*').eq_ignore_ascii_case(m)) {
            if let Some(next) = texts.get(index + 1) {
                let next = next.trim().trim_matches(['`', '*']);
                if looks_like_url(next) {
                    found = Some((method, next.to_owned()));
                    break;
                }
            }
        }
    }
    let (method, url) = found?;
    let mut anchor = None;
    for cell in cells {
        crate::derive::page::markdown_tree::walk(cell, &mut |node| {
            if let Node::Link(link) = node {
                if anchor.is_none() {
                    if let Some((_, fragment)) = link.url.split_once('#') {
                        if !fragment.is_empty() && !link.url.starts_with("http") {
                            anchor = Some(fragment.to_owned());
                        }
                    }
                }
            }
        });
    }
    Some((method, url, anchor))
}

/// Whether a block is a label-like paragraph (short, or ending with a colon).
pub fn is_label(block: &Block<'_>) -> Option<String> {
    match &block.kind {
        BlockKind::Paragraph(node) => {
            let text = inline_text(node);
            (text.len() <= 80 || text.trim_end().ends_with(':')).then_some(text)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_in_text() {
        assert_eq!(endpoint_in("GET /v1/keys", false), Some(("GET", "/v1/keys")));
        assert_eq!(endpoint_in("**POST** `/v1/keys`", false), Some(("POST", "/v1/keys")));
        assert_eq!(endpoint_in("poll via GET /v1/event/{id}", false), None);
        assert_eq!(endpoint_in("poll via GET /v1/event/{id}", true), Some(("GET", "/v1/event/{id}")));
        assert_eq!(split_url("https://api.x.com/v1/items?limit=2"), Some(("/v1/items".into(), Some("limit=2".into()))));
        assert_eq!(split_url("${TYPESENSE_HOST}/keys/:id"), Some(("/keys/{id}".into(), None)));
        assert_eq!(split_url("{{baseUrl}}/a"), Some(("/a".into(), None)));
        assert_eq!(
            split_url("https://AXIOM_DOMAIN/v1/ingest/DATASET_NAME"),
            Some(("/v1/ingest/{dataset_name}".into(), None))
        );
        assert_eq!(split_url("https://x.com/v1/SMS/A_"), Some(("/v1/SMS/A_".into(), None)));
        assert_eq!(
            split_url("https://{{providerApiEndpoint}}/payments/{{paymentId}}/settlements"),
            Some(("/payments/{paymentId}/settlements".into(), None))
        );
    }

    #[test]
    fn curl_commands() {
        let code = "curl -X PUT 'https://api.x.com/v1/a' \\\n  -H 'Authorization: x' \\\n  -d '{\"a\": 1}'";
        assert_eq!(curl_command(code), Some(("PUT", "https://api.x.com/v1/a".into())));
        assert_eq!(curl_data(code).as_deref(), Some("{\"a\": 1}"));
        assert_eq!(curl_command("curl https://x.io/b -d 'x=1'"), Some(("POST", "https://x.io/b".into())));
        assert_eq!(request_line("POST /v1/tx HTTP/1.1\nHost: x"), Some(("POST", "/v1/tx".into())));
        assert_eq!(request_line("Get the thing"), None);
    }
}
