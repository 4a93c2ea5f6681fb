//! The one place that turns spec text into Rust identifiers: case conversion, odd characters, keywords,
//! and collisions inside a scope. Raw spec text never reaches `format_ident!` any other way.

use std::collections::{BTreeMap, BTreeSet};

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
const PRELUDE_TYPES: &[&str] =
    &["Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Default", "Into"];

/// Longest identifier we emit; longer names are cut (keeping a stable hash of the whole) to stay readable.
const MAX_LEN: usize = 64;

/// A type or enum-variant name (`UpperCamelCase`), never a keyword or a prelude name.
pub fn type_name(raw: &str) -> String {
    let words = ascii_words(raw);
    let mut name = upper_camel_case(&words);
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
    let mut name = snake_case(&words);
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

/// The name of an enum variant for an integer value (`1` → `V1`, `-1` → `Minus1`).
pub fn integer_variant_name(value: i64) -> String {
    if value < 0 {
        format!("Minus{}", value.unsigned_abs())
    } else {
        format!("V{value}")
    }
}

/// Rust names for the schemas of a module, in the order of `keys`, after the operation-derived names already
/// in `scope`. A schema whose name an operation took gives way with a `Body` suffix (`ListPetsResponse` →
/// `ListPetsResponseBody`); schemas whose names collide with each other (`pet-store`, `pet_store`, `PetStore`)
/// are numbered in key order (`PetStore`, `PetStore2`, …). A schema named exactly as its Rust name keeps it
/// even when a differently spelled key that maps to the same name sorts first.
pub fn schema_type_names(scope: &mut Scope, keys: &[&str]) -> Vec<String> {
    let operations = scope.clone();
    let wanted: Vec<String> = keys.iter().map(|key| type_name(key)).collect();
    let mut names: Vec<Option<String>> = vec![None; keys.len()];
    // Exact spellings first, then the others, each in key order: the result depends only on the keys.
    let exact_first =
        (0..keys.len()).filter(|&i| wanted[i] == keys[i]).chain((0..keys.len()).filter(|&i| wanted[i] != keys[i]));
    let order: Vec<usize> = exact_first.collect();
    for &i in &order {
        if !operations.is_taken(&wanted[i]) && scope.try_claim(&wanted[i]) {
            names[i] = Some(wanted[i].clone());
        }
    }
    for &i in &order {
        if names[i].is_none() {
            let name = if operations.is_taken(&wanted[i]) { format!("{}Body", wanted[i]) } else { wanted[i].clone() };
            names[i] = Some(scope.claim(name));
        }
    }
    names.into_iter().map(Option::unwrap_or_default).collect()
}

/// The associated function that returns a field's documented default (`default_limit`).
pub fn default_fn_name(field: &str) -> String {
    prefixed("default", field)
}

/// `prefix` and a snake-case name joined by one `_` (`handle_list`): a name that starts with `_` (before a
/// digit, `_0x1`) brings its own, since a `__` inside a name is not snake case (`handle_0x1`).
pub fn prefixed(prefix: &str, name: &str) -> String {
    let name = unraw(name);
    let joint = if name.starts_with('_') { "" } else { "_" };
    format!("{prefix}{joint}{name}")
}

/// The variant of a string enum that holds a value the document does not list: `Unknown`, unless a listed
/// value already has that name (`"unknown"`), then `UnknownValue`, `UnknownValue2`, ….
pub fn unknown_variant_name(listed: &[&str]) -> String {
    let mut name = "Unknown".to_owned();
    let mut n = 1;
    while listed.contains(&name.as_str()) {
        name = if n == 1 { "UnknownValue".to_owned() } else { format!("UnknownValue{n}") };
        n += 1;
    }
    name
}

/// The setter of a request field: the field's name, except `new`, which is the request's constructor
/// (`set_new`).
pub fn request_setter_name(field: &str) -> String {
    if unraw(field) == "new" {
        "set_new".to_owned()
    } else {
        field.to_owned()
    }
}

/// The name of a struct's copy without its discriminator property, for the tagged union that carries the tag
/// (`Dog` → `DogFields`).
pub fn tagless_struct_name(name: &str) -> String {
    format!("{name}Fields")
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

/// The response variant for a status range (`4XX` → `RequestError`). None is named as a type of the runtime
/// that a user imports beside the responses (`runtime::client::ClientError`).
pub fn status_range_variant_name(range: u16) -> String {
    match range {
        1 => "Informational".to_owned(),
        2 => "Success".to_owned(),
        3 => "Redirection".to_owned(),
        4 => "RequestError".to_owned(),
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
    /// For each numbered stem (`Status`, `self_`), the number after the last one it handed out: every number
    /// below it is taken (names are never given back), so the search resumes there. Searching from 2 each
    /// time made `k` claims of one name take `k²/2` tries.
    next_number: BTreeMap<String, usize>,
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
        // A trailing `_` (`self_`, `Self_`) is dropped before the number: `self__2` and `Self_2` would break
        // the snake and camel case lints. Camel names take the bare number (`Status2`) unless they end in a
        // digit (`V1_2`, so that `V1` + 2 never reads as `V12`).
        let trimmed = unraw(&name).trim_end_matches('_');
        let stem = if trimmed.is_empty() { unraw(&name) } else { trimmed }.to_owned();
        let camel = stem.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        let separator = if camel && !stem.ends_with(|c: char| c.is_ascii_digit()) { "" } else { "_" };
        let prefix = format!("{stem}{separator}");
        let mut n = self.next_number.get(&prefix).copied().unwrap_or(2);
        loop {
            #[cfg(test)]
            tests::TRIES.with(|tries| tries.set(tries.get() + 1));
            let candidate = format!("{prefix}{n}");
            n += 1;
            if self.taken.insert(fold(&candidate)) {
                self.next_number.insert(prefix, n);
                return candidate;
            }
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

/// heck's `snake_case` of [`ascii_words`]: the words lowercase, joined by `_`.
fn snake_case(words: &str) -> String {
    let mut out = String::with_capacity(words.len() + 8);
    for_each_word(words, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
}

/// heck's `UpperCamelCase` of [`ascii_words`]: each word with its first letter uppercase and the rest
/// lowercase, joined.
fn upper_camel_case(words: &str) -> String {
    let mut out = String::with_capacity(words.len());
    for_each_word(words, |word| {
        let mut bytes = word.bytes();
        if let Some(first) = bytes.next() {
            out.push(char::from(first.to_ascii_uppercase()));
            out.extend(bytes.map(|b| char::from(b.to_ascii_lowercase())));
        }
    });
    out
}

/// The words of a text of ASCII letters, digits and spaces ([`ascii_words`]) as heck 0.5 splits them: at
/// spaces, after a lowercase letter (or digits after one) followed by an uppercase letter (`petStore`), and
/// before the last of a run of uppercase letters followed by a lowercase one (`HTTPServer` → `HTTP`,
/// `Server`). heck's own loop, on bytes: heck writes through `fmt` a character at a time and was most of
/// the time spent naming (the proptest below compares the two).
fn for_each_word<'a>(words: &'a str, mut word: impl FnMut(&'a str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    for run in words.split(' ').filter(|run| !run.is_empty()) {
        let bytes = run.as_bytes();
        let (mut start, mut mode) = (0, Mode::Boundary);
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&run[start..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                word(&run[start..=i]);
                (start, mode) = (i + 1, Mode::Boundary);
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&run[start..i]);
                (start, mode) = (i, Mode::Boundary);
            } else {
                mode = next_mode;
            }
        }
    }
}

fn shorten(name: String, raw: &str) -> String {
    if name.len() <= MAX_LEN {
        return name;
    }
    let hash = raw.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let cut = (0..=MAX_LEN - 9).rev().find(|i| name.is_char_boundary(*i)).unwrap_or(0);
    let separator = if name.contains('_') || name.chars().next().is_some_and(char::is_lowercase) { "_" } else { "H" };
    // A cut just after a `_` would give `__`, which the snake case lint rejects.
    let kept = name[..cut].trim_end_matches('_');
    format!("{kept}{separator}{:08x}", hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // Names are split into words as heck 0.5 splits them, case for case: lowercase names, camel case,
        // runs of capitals, digits between any of them, and the `U{hex}` words of non-ASCII letters.
        #[test]
        fn names_are_heck_names(raw in "[a-z0-9_ ./-]{0,24}|[a-zA-Z0-9_ ]{0,16}|([A-Z]{0,3}[a-z]{0,3}[0-9]?[_ é]?){0,6}") {
            use heck::{ToSnakeCase as _, ToUpperCamelCase as _};
            let words = ascii_words(&raw);
            proptest::prop_assert_eq!(snake_case(&words), words.to_snake_case());
            proptest::prop_assert_eq!(upper_camel_case(&words), words.to_upper_camel_case());
        }
    }

    #[test]
    fn types_are_upper_camel() {
        assert_eq!(type_name("listConversationsResponse"), "ListConversationsResponse");
        assert_eq!(type_name("OpenAI.Error"), "OpenAiError");
        assert_eq!(type_name("x-user-key"), "XUserKey");
        assert_eq!(type_name("200"), "V200");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("Option"), "Option_");
        assert_eq!(type_name("into"), "Into_");
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
        assert_eq!(status_range_variant_name(4), "RequestError");
        // No range's variant shares a name with a type of the runtime that users import beside responses.
        let runtime = [include_str!("../templates/runtime.rs"), include_str!("../templates/client.rs")].concat();
        let runtime_types: Vec<&str> = runtime
            .lines()
            .filter_map(|line| {
                let line = line.trim_start();
                ["pub struct ", "pub enum ", "pub type ", "pub trait "]
                    .iter()
                    .find_map(|item| line.strip_prefix(item))
                    .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric() && c != '_').next())
            })
            .collect();
        assert!(runtime_types.contains(&"ClientError"), "{runtime_types:?}");
        for range in 1..=5 {
            let variant = status_range_variant_name(range);
            assert!(!runtime_types.contains(&variant.as_str()), "`{variant}` is also a runtime type");
        }
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

    /// Every name this module makes must be an identifier `syn` accepts (so `Ident::new` never panics).
    fn assert_identifier(name: &str) {
        assert!(syn::parse_str::<syn::Ident>(name).is_ok(), "not an identifier: {name:?}");
    }

    #[test]
    fn keywords_never_reach_an_identifier() {
        for keyword in KEYWORDS {
            let value = value_name(keyword);
            assert_identifier(&value);
            assert_identifier(&type_name(keyword));
            assert_identifier(&variant_name(keyword));
        }
        assert_eq!(value_name("match"), "r#match");
        assert_eq!(value_name("async"), "r#async");
        // `self`, `Self`, `crate` and `super` have no raw form.
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("Self"), "self_");
        assert_eq!(value_name("crate"), "crate_");
        assert_eq!(value_name("super"), "super_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("crate"), "Crate");
        assert_eq!(variant_name("Self"), "Self_");
        // Prelude names are fine as variants (they live in their enum), not as module items.
        assert_eq!(type_name("None"), "None_");
        assert_eq!(variant_name("None"), "None");
        assert_eq!(type_name("Result"), "Result_");
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(type_name("3dModel"), "V3dModel");
        assert_eq!(value_name("3d_model"), "_3d_model");
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(variant_name("1.5"), "V15");
        assert_identifier(&value_name("404"));
    }

    #[test]
    fn integer_values_name_variants() {
        assert_eq!(integer_variant_name(0), "V0");
        assert_eq!(integer_variant_name(200), "V200");
        assert_eq!(integer_variant_name(-1), "Minus1");
        assert_eq!(integer_variant_name(i64::MIN), "Minus9223372036854775808");
        assert_ne!(integer_variant_name(-1), integer_variant_name(1));
    }

    #[test]
    fn empty_and_symbol_only_names() {
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("---"), "Empty");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(value_name(""), "value");
        assert_eq!(value_name("_"), "value");
        assert_eq!(value_name("@type"), "r#type");
        assert_eq!(value_name("$ref"), "r#ref");
    }

    #[test]
    fn non_ascii_is_spelled_out() {
        assert_eq!(type_name("café"), "CafUe9");
        assert_eq!(value_name("naïve"), "na_uef_ve");
        assert_eq!(type_name("日本"), "U65e5U672c");
        assert_eq!(value_name("Ωmega"), "u3a9_mega");
        // Non-letters (emoji, punctuation) separate words and vanish.
        assert_eq!(type_name("rocket🚀launch"), "RocketLaunch");
        for raw in ["é", "ü_x", "Ωmega", "日本", "🚀"] {
            assert_identifier(&type_name(raw));
            assert_identifier(&value_name(raw));
            assert!(type_name(raw).is_ascii() && value_name(raw).is_ascii());
        }
    }

    #[test]
    fn names_differing_in_case_or_punctuation_are_numbered() {
        let mut fields = Scope::new();
        let claimed: Vec<String> =
            ["fooBar", "foo_bar", "FooBar", "foo-bar", "foo.bar"].iter().map(|w| fields.claim(value_name(w))).collect();
        assert_eq!(claimed, ["foo_bar", "foo_bar_2", "foo_bar_3", "foo_bar_4", "foo_bar_5"]);
        let mut variants = Scope::new();
        let claimed: Vec<String> = ["in_progress", "inProgress", "IN_PROGRESS", "a", "A"]
            .iter()
            .map(|w| variants.claim(variant_name(w)))
            .collect();
        assert_eq!(claimed, ["InProgress", "InProgress2", "InProgress3", "A", "A2"]);
        // A numbered name never takes the name of a later, exact spelling: claims are in order, so the
        // caller claims exact spellings first (see `schema_type_names`).
        let mut scope = Scope::new();
        assert_eq!(scope.claim("V1".into()), "V1");
        assert_eq!(scope.claim("V1".into()), "V1_2");
        assert_eq!(scope.claim("self_".into()), "self_");
        assert_eq!(scope.claim(value_name("Self")), "self_2");
    }

    #[test]
    fn schema_names_give_way_to_operation_names() {
        let mut scope = Scope::new();
        scope.claim("ListPetsRequest".into());
        scope.claim("ListPetsResponse".into());
        let keys = ["ListPetsResponse", "ListPetsResponseBody", "Pet", "pet", "pet-store", "PetStore"];
        let names = schema_type_names(&mut scope, &keys);
        // `ListPetsResponse` was the operation's; the schema of that name is `…Body`, and the schema that is
        // really called `ListPetsResponseBody` keeps its name, so the first is numbered.
        // `Pet` and `PetStore` keep their exact names; other spellings are numbered after them.
        assert_eq!(names, ["ListPetsResponseBody2", "ListPetsResponseBody", "Pet", "Pet2", "PetStore2", "PetStore"]);
        let again = schema_type_names(&mut Scope::new(), &keys);
        assert_eq!(again[0], "ListPetsResponse");
    }

    #[test]
    fn helper_names_derive_from_ir_names() {
        assert_eq!(default_fn_name("limit"), "default_limit");
        assert_eq!(default_fn_name("r#type"), "default_type");
        assert_eq!(default_fn_name("self_"), "default_self_");
        assert_eq!(default_fn_name("_0x1"), "default_0x1");
        assert_eq!(prefixed("handle", "r#_1"), "handle_1");
        assert_eq!(tagless_struct_name("Dog"), "DogFields");
        assert_identifier(&default_fn_name("r#type"));
    }

    #[test]
    fn odd_inputs_always_give_identifiers() {
        let long = "x".repeat(500);
        let odd = [
            "",
            " ",
            "_",
            "__",
            "0",
            "-1",
            "1e10",
            "a b c",
            "ünïcödé",
            "🚀",
            "self",
            "Self",
            "crate",
            "super",
            "r#type",
            "type",
            "union",
            "macro_rules",
            "dyn",
            "gen",
            "\n",
            "\u{0}",
            "a\u{0}b",
            &long,
        ];
        for raw in odd {
            for name in [type_name(raw), value_name(raw), variant_name(raw)] {
                assert_identifier(&name);
                assert_lint_clean(&name);
                assert!(name.len() <= MAX_LEN + 2, "{name}");
            }
        }
    }

    /// rustc's `non_snake_case` and `non_camel_case_types` rules: the generated crate builds with
    /// `-D warnings`, so every name must pass them.
    fn assert_lint_clean(name: &str) {
        let name = unraw(name).trim_matches('_');
        let snake = name.chars().all(|c| !c.is_uppercase()) && !name.contains("__");
        let chars: Vec<char> = name.chars().collect();
        let camel = !name.starts_with(|c: char| c.is_lowercase())
            && !name.contains("__")
            && !chars
                .windows(2)
                .any(|w| (w[0].is_alphabetic() && w[1] == '_') || (w[0] == '_' && w[1].is_alphabetic()));
        assert!(snake || camel, "{name:?} breaks the case lints");
    }

    #[test]
    fn numbered_and_shortened_names_pass_the_case_lints() {
        let mut scope = Scope::new();
        for name in ["self_", "self_", "Self_", "Self_", "Option_", "Option_", "V1", "V1", "r#type", "type_2"] {
            let claimed = scope.claim(name.to_owned());
            assert_identifier(&claimed);
            assert_lint_clean(&claimed);
        }
        assert_eq!(scope.claim("self_".into()), "self_3");
        assert_eq!(scope.claim("Self_".into()), "Self3");
        assert_eq!(scope.claim("V1".into()), "V1_3");
        // A cut that ends on a word boundary does not leave `__`.
        let long = format!("{}_tail", "word_".repeat(30));
        let name = value_name(&long);
        assert!(!name.contains("__"), "{name}");
        assert_lint_clean(&name);
        assert_lint_clean(&type_name(&long));
    }

    thread_local! {
        /// Numbered candidates [`Scope::claim`] has tried on this thread.
        pub(super) static TRIES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// [`Scope::claim`] as it was first written: the search for a free number starts at 2 every time.
    fn claim_searching_from_two(taken: &mut BTreeSet<String>, name: &str) -> String {
        if taken.insert(fold(name)) {
            return name.to_owned();
        }
        let trimmed = unraw(name).trim_end_matches('_');
        let stem = if trimmed.is_empty() { unraw(name) } else { trimmed };
        let camel = stem.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        let separator = if camel && !stem.ends_with(|c: char| c.is_ascii_digit()) { "" } else { "_" };
        (2..)
            .map(|n| format!("{stem}{separator}{n}"))
            .find(|candidate| taken.insert(fold(candidate)))
            .unwrap_or_default()
    }

    proptest::proptest! {
        /// Resuming each stem's search where it stopped gives the names the search from 2 gives, whatever
        /// was claimed in between (numbered names claimed directly, raw names, trailing underscores).
        #[test]
        fn resumed_numbering_equals_searching_from_two(
            claims in proptest::collection::vec((0..12usize, proptest::bool::ANY), 0..60)
        ) {
            const NAMES: [&str; 12] =
                ["Status", "Status2", "Status3", "id", "id_2", "id_", "r#type", "type", "type_3", "V1", "V1_2", "_"];
            let mut scope = Scope::new();
            let mut reference = BTreeSet::new();
            for (index, try_only) in claims {
                let name = NAMES[index];
                if try_only {
                    proptest::prop_assert_eq!(scope.try_claim(name), reference.insert(fold(name)));
                } else {
                    proptest::prop_assert_eq!(scope.claim(name.to_owned()), claim_searching_from_two(&mut reference, name));
                }
            }
        }
    }

    #[test]
    fn claiming_one_name_many_times_tries_each_number_once() {
        let mut scope = Scope::new();
        TRIES.with(|tries| tries.set(0));
        for _ in 0..10_000 {
            scope.claim("Status".to_owned());
        }
        assert_eq!(scope.claim("Status".to_owned()), "Status10001");
        // 10,000 numbered names, one try each; searching from 2 each time took some 50 million.
        assert_eq!(TRIES.with(std::cell::Cell::get), 10_000);
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
