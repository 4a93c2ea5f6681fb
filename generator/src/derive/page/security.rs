//! The credentials the pages' examples send (headers, curl commands, HTTP requests), as the document's
//! security schemes and their alternatives.

use serde_json::{json, Map, Value};

use super::blocks::{BlockKind, PageModel};
use super::declare;
/// The credentials the pages' examples send: `Authorization: Bearer …` or `Basic …`, and headers whose
/// names say they carry a key, token or secret (`X-API-Key`), in curl commands, in HTTP requests, and in
/// blocks of header lines under an authentication heading. Each example's set is one way to authenticate
/// (the document's `security` alternatives); the schemes are named by what they are (`bearerAuth`,
/// `basicAuth`) or by their header.
pub(super) fn credentials(pages: &[PageModel<'_>]) -> (Map<String, Value>, Vec<Value>) {
    let mut schemes = Map::new();
    let mut requirements: Vec<Value> = Vec::new();
    for page in pages {
        for (index, block) in page.blocks.iter().enumerate() {
            let BlockKind::Code(code) = &block.kind else { continue };
            let mut headers = declare::curl_headers(&code.value);
            if headers.is_empty() {
                let mut lines = code.value.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
                // An HTTP request: its header lines follow the request line.
                let request = lines.peek().is_some_and(|l| l.ends_with("HTTP/1.1") || l.ends_with("HTTP/2"));
                let under_auth = page.section_of(index).is_some_and(|s| {
                    let heading = page.heading(s).to_ascii_lowercase();
                    heading.contains("auth") || heading.contains("header")
                });
                if request || under_auth {
                    headers = lines
                        .skip(usize::from(request))
                        .take_while(|line| header_line(line).is_some())
                        .filter_map(header_line)
                        .collect();
                }
            }
            let mut requirement = Map::new();
            for (name, value) in headers {
                let Some((scheme_name, scheme)) = credential_scheme(&name, &value) else { continue };
                schemes.entry(scheme_name.clone()).or_insert(scheme);
                requirement.insert(scheme_name, json!([]));
            }
            if !requirement.is_empty() && !requirements.contains(&Value::Object(requirement.clone())) {
                requirements.push(Value::Object(requirement));
            }
        }
    }
    (schemes, requirements)
}

/// `Name: value`, with a header's name (letters, digits, dashes).
fn header_line(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    let is_name = !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (is_name && !value.trim().is_empty()).then(|| (name.to_owned(), value.trim().to_owned()))
}

/// The security scheme a header of an example stands for, if it carries a credential.
fn credential_scheme(name: &str, value: &str) -> Option<(String, Value)> {
    let lower = name.to_ascii_lowercase();
    if lower == "authorization" {
        let scheme = value.split_whitespace().next()?.to_ascii_lowercase();
        return match scheme.as_str() {
            "bearer" => Some(("bearerAuth".to_owned(), json!({"type": "http", "scheme": "bearer"}))),
            "basic" => Some(("basicAuth".to_owned(), json!({"type": "http", "scheme": "basic"}))),
            _ => Some((name.to_owned(), json!({"type": "apiKey", "in": "header", "name": name}))),
        };
    }
    let carries = ["key", "token", "secret", "auth", "password"].iter().any(|word| lower.contains(word));
    carries.then(|| (name.to_owned(), json!({"type": "apiKey", "in": "header", "name": name})))
}
