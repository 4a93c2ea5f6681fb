//! The one place that turns spec text into Rust identifiers: case conversion, odd characters, keywords,
//! and collisions inside a scope. Raw spec text never reaches `format_ident!` any other way.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Every word Rust reserves (strict, reserved and edition-dependent keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is not allowed); they get a trailing `_`.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Names that generated code uses unqualified, so no generated type may take them.
const PRELUDE_TYPES: &[&str] = &["Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Default"];

/// Longest identifier we emit; longer names are cut (keeping a stable hash of the whole) to stay readable.
const MAX_LEN: usize = 64;

/// A type or enum-variant name (`UpperCamelCase`), never a keyword or a prelude name.
pub fn type_name(raw: &str) -> String {
    let words = ascii_words(raw);
    let mut name = words.to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if PRELUDE_TYPES.contains(&name.as_str()) || name == "Self" {
        name.push('_');
    }
    shorten(name, raw)
}

/// A field, method, function or module name (`snake_case`); keywords become raw identifiers (`r#type`),
/// or take a trailing `_` where Rust allows no raw form (`self_`).
pub fn value_name(raw: &str) -> String {
    let words = ascii_words(raw);
    let mut name = words.to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    let name = shorten(name, raw);
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name of an enum variant for a string value (`"in_progress"` → `InProgress`, `""` → `Empty`).
pub fn variant_name(raw: &str) -> String {
    // Variants live in their enum's namespace, so prelude names (`Ok`, `None`) are fine there.
    let name = type_name(raw);
    match name.strip_suffix('_') {
        Some(stem) if PRELUDE_TYPES.contains(&stem) => stem.to_owned(),
        _ => name,
    }
}

/// The response variant for a status code: from its IANA reason phrase (`404` → `NotFound`), or
/// `Status299` for a code without one. Never from a document's description prose.
pub fn status_variant_name(code: u16) -> String {
    let reason = http::StatusCode::from_u16(code).ok().and_then(|status| status.canonical_reason());
    match reason {
        Some(reason) => variant_name(&reason.replace('\'', "")),
        None => format!("Status{code}"),
    }
}

/// The response variant for a status range (`4XX` → `ClientError`).
pub fn status_range_variant_name(range: u16) -> String {
    match range {
        1 => "Informational".to_owned(),
        2 => "Success".to_owned(),
        3 => "Redirection".to_owned(),
        4 => "ClientError".to_owned(),
        5 => "ServerError".to_owned(),
        other => format!("Status{other}xx"),
    }
}

/// The name as serde sees it: a raw identifier's `r#` is not part of the serialized name.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// A scope of names that must not collide (the items of one module, the fields of one struct, the variants
/// of one enum). Claiming a taken name yields the first free `Name2`, `Name3`, … in claim order, so the
/// result depends only on the order of claims, which callers keep stable.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Scope {
        Scope::default()
    }

    /// Takes `name`, or the first free numbered variant of it.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(fold(&name)) {
            return name;
        }
        let stem = unraw(&name).to_owned();
        let separator = if stem.ends_with(|c: char| c.is_ascii_digit())
            || stem.contains('_')
            || stem.chars().next().is_some_and(char::is_lowercase)
        {
            "_"
        } else {
            ""
        };
        let mut n = 2;
        loop {
            let candidate = format!("{stem}{separator}{n}");
            if self.taken.insert(fold(&candidate)) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Takes `name` if it is free; `false` (and nothing taken) if it is not.
    pub fn try_claim(&mut self, name: &str) -> bool {
        self.taken.insert(fold(name))
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(&fold(name))
    }
}

/// Names that differ only in a raw prefix are the same name.
fn fold(name: &str) -> String {
    unraw(name).to_owned()
}

/// Splits spec text into ASCII words: every run of letters and digits is kept, everything else separates;
/// a non-ASCII letter is spelled as `u` + its hex code so that distinct names stay distinct.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" U{:x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

fn shorten(name: String, raw: &str) -> String {
    if name.len() <= MAX_LEN {
        return name;
    }
    let hash = raw.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let cut = (0..=MAX_LEN - 9).rev().find(|i| name.is_char_boundary(*i)).unwrap_or(0);
    let separator = if name.contains('_') || name.chars().next().is_some_and(char::is_lowercase) { "_" } else { "H" };
    format!("{}{separator}{:08x}", &name[..cut], hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_upper_camel() {
        assert_eq!(type_name("listConversationsResponse"), "ListConversationsResponse");
        assert_eq!(type_name("OpenAI.Error"), "OpenAiError");
        assert_eq!(type_name("x-user-key"), "XUserKey");
        assert_eq!(type_name("200"), "V200");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("Option"), "Option_");
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn values_are_snake_and_keyword_safe() {
        assert_eq!(value_name("x-user-key"), "x_user_key");
        assert_eq!(value_name("nextToken"), "next_token");
        assert_eq!(value_name("_id"), "id");
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("2fa"), "_2fa");
        assert_eq!(value_name("$$$"), "value");
    }

    #[test]
    fn statuses_are_named_from_the_status_only() {
        assert_eq!(status_variant_name(200), "Ok");
        assert_eq!(status_variant_name(201), "Created");
        assert_eq!(status_variant_name(404), "NotFound");
        assert_eq!(status_variant_name(418), "ImATeapot");
        assert_eq!(status_variant_name(299), "Status299");
        assert_eq!(status_range_variant_name(4), "ClientError");
    }

    #[test]
    fn non_ascii_stays_distinct() {
        assert_ne!(type_name("café"), type_name("cafe"));
        assert!(type_name("café").is_ascii());
    }

    #[test]
    fn long_names_are_cut_stably() {
        let raw = "a".repeat(200);
        let name = value_name(&raw);
        assert!(name.len() <= MAX_LEN, "{name}");
        assert_eq!(name, value_name(&raw));
        assert_ne!(name, value_name(&"a".repeat(201)));
    }

    #[test]
    fn scope_numbers_collisions_in_claim_order() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("Status".into()), "Status");
        assert_eq!(scope.claim("Status".into()), "Status2");
        assert_eq!(scope.claim("id".into()), "id");
        assert_eq!(scope.claim("id".into()), "id_2");
        assert_eq!(scope.claim("r#type".into()), "r#type");
        assert_eq!(scope.claim("type".into()), "type_2");
    }
}
