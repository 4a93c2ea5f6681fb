//! A YAML document read into a `serde_json::Value` in one pass of the event parser (saphyr), which also
//! feeds the source map's index ([`YamlIndexer`]): the untyped route of a YAML document (3.1, or one the
//! typed model reads lossily) parses its text once for both.
//!
//! The value is the one serde_yaml 0.9 gives through [`super::text`]'s `LooseValue`: plain scalars resolved
//! by serde_yaml's rules (ported from its `de.rs`: null, booleans, integers in four bases, floats, else text),
//! other scalars as text, mapping keys as their scalar's text, integers beyond 64 bits as floats. The reader
//! takes only what it is sure of; for anything else it gives `None`, and the caller reads the text with
//! serde_yaml, which also reports every error:
//! - text the event parser refuses; more than one document, or none; a document that is not a mapping;
//! - tags (serde_yaml reads a tagged node as an enum), aliases, the merge key `<<`;
//! - a collection as a key, an empty key, a repeated key;
//! - nesting deeper than [`MAX_DEPTH`] (serde_yaml refuses more than 128 levels);
//! - where the two parsers were found to differ, by a survey of random texts against serde_yaml (the
//!   `survey` tests): any tab, a byte-order mark, a text without a final line break, a document end marker
//!   (`...`), and in flow collections plain scalars that begin with an indicator or end with `:`, empty
//!   ones, and pairs without braces (`[a: 1]`). In each, libyaml refuses or reads differently what the
//!   event parser takes.

use std::borrow::Cow;
use std::num::ParseIntError;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

use crate::source_map::YamlIndexer;

/// The deepest nesting this reader takes; deeper documents go to serde_yaml.
pub const MAX_DEPTH: usize = 64;

enum Frame {
    Sequence(Vec<Value>),
    /// A mapping, and the key whose value comes next.
    Mapping(Map<String, Value>, Option<String>),
}

impl Frame {
    fn sequence(&self) -> bool {
        matches!(self, Frame::Sequence(_))
    }
}

/// The value of a one-document YAML `text`, every event also given to `index`; `None` for anything this
/// reader does not take (see the module's documentation). The index is complete only when a value is given.
pub fn read(text: &str, index: &mut YamlIndexer) -> Option<Value> {
    // Where the two parsers were seen to differ (a survey of random texts): tabs (libyaml refuses many the
    // event parser takes), byte-order marks past the first, a block scalar at the very end of a text
    // without a final line break (the event parser adds one), a document end marker followed by more text,
    // and a document that is not a mapping.
    let odd_text = !text.ends_with('\n') || text.starts_with("...") || text.contains("\n...");
    if odd_text || memchr::memchr(b'\t', text.as_bytes()).is_some() || text.contains('\u{feff}') {
        return None;
    }
    let mut stack: Vec<Frame> = Vec::new();
    // How many of the open collections are flow collections (`{…}`, `[…]`: their start event has a width).
    let mut flow = Vec::new();
    let mut root = None;
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        index.event(&event, span);
        let at_key = matches!(stack.last(), Some(Frame::Mapping(_, None)));
        let in_flow = flow.last() == Some(&true);
        if let Event::Scalar(scalar, ScalarStyle::Plain, _, tag) = &event {
            // In flow collections, the event parser takes plain scalars that begin with an indicator or end
            // with `:` (`{>a}`, `[a:]`, `{?a}`), and empty ones (`{b:}`), where libyaml refuses them; and
            // empty keys in block mappings (as YAML 1.2 does).
            let empty = span.start.index() == span.end.index();
            let odd = scalar
                .starts_with([':', '>', '|', '*', '&', '!', '%', '@', '`', ',', '[', ']', '{', '}', '#', '?'])
                || scalar.ends_with(':');
            if (in_flow && (odd || empty)) || (at_key && (empty || tag.is_some())) {
                return None;
            }
        }
        let value = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Alias(_) => return None,
            Event::Scalar(scalar, style, _, tag) => {
                if at_key {
                    // serde_yaml reads a key as its scalar's text, whatever its style or tag.
                    if style == ScalarStyle::Plain && scalar == "<<" {
                        return None;
                    }
                    if let Some(Frame::Mapping(_, key)) = stack.last_mut() {
                        *key = Some(String::from(&*scalar));
                    }
                    continue;
                }
                if tag.is_some() || stack.is_empty() {
                    return None;
                }
                resolve(scalar, style)
            }
            Event::SequenceStart(_, ref tag) | Event::MappingStart(_, ref tag) => {
                let mapping = matches!(event, Event::MappingStart(..));
                let root_mapping = root.is_some() || !stack.is_empty() || mapping;
                let braced = span.end.index() > span.start.index();
                // A mapping of one pair right inside a flow sequence, without braces (`[a: 1]`, `[? a]`):
                // read differently by the two.
                let pair_in_flow = mapping && !braced && in_flow && stack.last().is_some_and(Frame::sequence);
                if at_key || tag.is_some() || stack.len() >= MAX_DEPTH || !root_mapping || pair_in_flow {
                    return None;
                }
                flow.push(braced);
                stack.push(match event {
                    Event::SequenceStart(..) => Frame::Sequence(Vec::new()),
                    _ => Frame::Mapping(Map::new(), None),
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd if flow.pop().is_none() => return None,
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Sequence(items)) => Value::Array(items),
                _ => return None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Mapping(map, None)) => Value::Object(map),
                _ => return None,
            },
        };
        match stack.last_mut() {
            None if root.is_none() => root = Some(value),
            None => return None,
            Some(Frame::Sequence(items)) => items.push(value),
            Some(Frame::Mapping(map, key)) => {
                if map.insert(key.take()?, value).is_some() {
                    return None;
                }
            }
        }
    }
    root.filter(|_| stack.is_empty() && documents == 1)
}

/// An untagged scalar's value, as serde_yaml's `visit_untagged_scalar` (plain) or `visit_str` gives it to
/// `LooseValue`.
fn resolve(scalar: Cow<'_, str>, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(String::from(&*scalar));
    }
    let v = &*scalar;
    if v.is_empty() || matches!(v, "null" | "Null" | "NULL" | "~") {
        return Value::Null;
    }
    match v {
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(int) = parse_unsigned_int(v, u64::from_str_radix) {
        return Value::Number(int.into());
    }
    if let Some(int) = parse_negative_int(v, i64::from_str_radix) {
        return Value::Number(int.into());
    }
    if let Some(int) = parse_unsigned_int(v, u128::from_str_radix) {
        return float(int as f64);
    }
    if let Some(int) = parse_negative_int(v, i128::from_str_radix) {
        return float(int as f64);
    }
    if !digits_but_not_number(v) {
        if let Some(value) = parse_f64(v) {
            return float(value);
        }
    }
    Value::String(String::from(&*scalar))
}

/// A float as `LooseValue` keeps it: not finite is `null`, as in serde_json.
fn float(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

// The rules below are serde_yaml 0.9.34's (`de.rs`); its three base prefixes are checked in a loop.

fn parse_unsigned_int<T>(scalar: &str, from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) {
        return None;
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(scalar: &str, from_str_radix: fn(&str, radix: u32) -> Result<T, ParseIntError>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            if let Ok(int) = from_str_radix(&["-", rest].concat(), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = if let Some(unpositive) = scalar.strip_prefix('+') {
        if unpositive.starts_with(['+', '-']) {
            return None;
        }
        unpositive
    } else {
        scalar
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    if let Ok(float) = unpositive.parse::<f64>() {
        if float.is_finite() {
            return Some(float);
        }
    }
    None
}

/// Leading zeros followed by digits are text in YAML 1.2 (serde_yaml's rule).
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
pub(crate) mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::derive::openapi::loose_value::serde_yaml_value;

    /// A value as JSON text: `Value`'s `==` does not compare the order of a map's keys.
    pub(crate) fn written(value: &Value) -> String {
        serde_json::to_string(value).expect("a value writes")
    }

    fn fast(text: &str) -> Option<Value> {
        read(text, &mut YamlIndexer::new())
    }

    /// Whatever this reader gives, serde_yaml gives too (compared as written JSON: map order counts).
    fn agrees(text: &str) -> bool {
        let Some(value) = fast(text) else { return true };
        let reference = serde_yaml_value(text).unwrap_or_else(|e| panic!("serde_yaml refuses {text:?}: {e}"));
        assert_eq!(written(&value), written(&reference), "{text:?}");
        true
    }

    #[test]
    fn plain_scalars_resolve_as_in_serde_yaml() {
        for scalar in [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "FALSE",
            "yes",
            "no",
            "0",
            "-0",
            "+0",
            "00",
            "007",
            "-007",
            "+12",
            "12",
            "-12",
            "0x1F",
            "0X1F",
            "-0x1F",
            "+0x1F",
            "0x-1",
            "0o17",
            "-0o17",
            "0b101",
            "-0b101",
            "0b",
            "0x",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "-9223372036854776000",
            "1e3",
            "1E3",
            "-1.5e-3",
            ".5",
            "5.",
            "+.5",
            "1_000",
            "1,000",
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".INF",
            ".nan",
            ".NaN",
            "-.nan",
            "inf",
            "nan",
            "NaN",
            "infinity",
            "1e400",
            "-1e400",
            "0.0",
            "-0.0",
            "3.14",
            "2024-01-01",
            "1.2.3",
            "0.1.0",
            "v1",
            "12abc",
            "0e5",
            "00.5",
            "1__0",
            "++1",
            "+-1",
            "--1",
            "é",
            "1e",
            "e1",
        ] {
            let text = format!("k: {scalar}\n");
            assert!(agrees(&text));
            assert!(fast(&text).is_some(), "{text:?}");
            let text = format!("k:\n  - {scalar}\n");
            assert!(agrees(&text) && fast(&text).is_some(), "{text:?}");
            let text = format!("{scalar}: v\n");
            if !scalar.is_empty() {
                assert!(agrees(&text) && fast(&text).is_some(), "{text:?}");
            }
        }
    }

    #[test]
    fn what_it_does_not_take_goes_to_serde_yaml() {
        for text in [
            "a: !!str 1\n",
            "a: !custom x\n",
            "a: !!map {b: 1}\n",
            "a: &x 1\nb: *x\n",
            "<<: {a: 1}\n",
            "a: 1\na: 2\n",
            "? [a]\n: 1\n",
            "? {a: 1}\n: 1\n",
            "a: 1\n---\nb: 2\n",
            "",
            "# only a comment\n",
            "a: [1, 2\n",
            "a: 'unterminated\n",
            "? \n: 1\n",
            "{: 1}\n",
            "a:\n  b: 1\n  : 2\n",
        ] {
            assert!(fast(text).is_none(), "{text:?}");
        }
        let deep = format!("k: {}1{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(fast(&deep).is_none());
        let deep_enough = format!("k: {}1{}\n", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert!(agrees(&deep_enough) && fast(&deep_enough).is_some());
        // An anchor nothing refers to changes nothing.
        assert!(agrees("a: &x 1\nb: 2\n") && fast("a: &x 1\nb: 2\n").is_some());
    }

    /// A text in each of YAML's scalar styles that can hold it.
    fn styles(text: &str) -> Vec<String> {
        let mut out = vec![format!("'{}'", text.replace('\'', "''"))];
        let mut double = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => double.push_str("\\\""),
                '\\' => double.push_str("\\\\"),
                '\n' => double.push_str("\\n"),
                '\t' => double.push_str("\\t"),
                c if c.is_control() => double.push_str(&format!("\\u{:04x}", c as u32)),
                c => double.push(c),
            }
        }
        double.push('"');
        out.push(double);
        // Plain, where the text allows it; whatever both parsers make of it is compared.
        if !text.contains(['\n', '#', ':', '\'', '"', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`'])
            && !text.starts_with(['-', '?', ' ', '\t'])
            && !text.ends_with([' ', '\t'])
        {
            out.push(text.to_owned());
        }
        if !text.is_empty() && !text.starts_with([' ', '\t', '\n']) && !text.contains('\t') {
            let indented: String = text.lines().map(|line| format!("\n  {line}")).collect();
            out.push(format!("|-{indented}"));
            out.push(format!(">-{indented}"));
            out.push(format!("|+{indented}"));
        }
        out
    }

    proptest! {
        #[test]
        fn scalars_in_every_style_read_as_in_serde_yaml(
            text in "[a-z0-9 .+\\-_:#'\"\\\\\ntexfbonaul~é\t]{0,12}",
        ) {
            for scalar in styles(&text) {
                let documents =
                    [format!("k: {scalar}\n"), format!("- {scalar}\n- x\n"), format!("outer:\n  k: {scalar}\n  next: 1\n")];
                for document in documents {
                    prop_assert!(agrees(&document));
                }
            }
        }
    }
}

/// A survey of random texts made of YAML's tokens: whatever this reader takes, serde_yaml reads alike.
#[cfg(test)]
mod survey {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    use super::tests::written;
    use super::*;
    use crate::derive::openapi::loose_value::serde_yaml_value;

    /// Texts this reader takes that serde_yaml refuses or reads otherwise, a few of each kind, by kind.
    fn differences(runner: &mut TestRunner, cases: usize) -> BTreeMap<String, Vec<String>> {
        let token = prop_oneof![
            Just("a"),
            Just("b"),
            Just("1"),
            Just("- "),
            Just(": "),
            Just(":"),
            Just("\n"),
            Just("\n  "),
            Just("\n    "),
            Just("\t"),
            Just(" "),
            Just(", "),
            Just("'x'"),
            Just("\"y\""),
            Just("# c"),
            Just("? "),
            Just("|"),
            Just(">"),
            Just("-"),
            Just("~"),
            Just("&a "),
            Just("*a"),
            Just("---"),
            Just("..."),
            Just("%YAML 1.2\n"),
            Just("\r\n"),
            Just("x y"),
            Just("\u{feff}"),
            Just("{"),
            Just("}"),
            Just("["),
            Just("]"),
            Just(","),
            Just("?"),
            Just("'"),
            Just("\""),
            Just("!"),
            Just("."),
            Just("0x1"),
        ];
        let prefixes = ["", "a: ", "a:\n  ", "a: {", "a: [", "a:\n  - ", "a: |\n  ", "a: >-\n  "];
        let strategy = proptest::collection::vec(token, 1..14);
        let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for _ in 0..cases {
            let tokens = strategy.new_tree(runner).expect("a text").current();
            let text = format!("{}{}\n", prefixes[tokens.len() % prefixes.len()], tokens.concat());
            let Some(value) = read(&text, &mut YamlIndexer::new()) else { continue };
            let verdict = match serde_yaml_value(&text) {
                Ok(reference) if written(&reference) == written(&value) => continue,
                Ok(reference) => format!("reads {value}, serde_yaml {reference}"),
                Err(error) => format!("serde_yaml refuses it: {error}"),
            };
            let kind: String = verdict.chars().take(40).collect();
            let texts = found.entry(kind).or_default();
            if texts.len() < 4 {
                texts.push(text);
            }
        }
        found
    }

    /// The same texts every run (a fixed seed), few enough for the test suite.
    #[test]
    fn random_texts_read_as_in_serde_yaml() {
        let found = differences(&mut TestRunner::deterministic(), 4_000);
        assert!(found.is_empty(), "{found:#?}");
    }

    /// New texts each run, many of them: `cargo test -p docgen --lib survey -- --ignored` (minutes).
    #[test]
    #[ignore]
    fn many_random_texts_read_as_in_serde_yaml() {
        let found = differences(&mut TestRunner::default(), 200_000);
        assert!(found.is_empty(), "{found:#?}");
    }
}
