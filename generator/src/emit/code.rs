//! Rust source written as text. The emitters write the generated code line by line, already laid out:
//! nothing is parsed back or reformatted, so emitting costs about what writing the text costs (the token
//! streams, `syn` trees and prettyplease passes this replaces took most of a large spec's generation).
//!
//! The layout is fixed by the emitters, in rustfmt's style: four spaces per level, one item, field,
//! statement or match arm per line, no blank lines inside items (render adds one between items). A list
//! (arguments, parameters, array elements) goes on one line when that line fits in [`MAX_WIDTH`], else one
//! element per line with a trailing comma ([`Code::list`]). Doc comments, attributes and string literals are
//! never wrapped.
//!
//! Text from the IR enters code only through [`string_lit`] (string literals), [`Code::doc`] (doc
//! comments) and identifiers, which [`crate::naming`] made.

use std::fmt::Write as _;

use crate::formats;
use crate::ir::TypeRef;

/// The widest line a list is kept on.
pub const MAX_WIDTH: usize = 100;

const INDENT: &str = "    ";

/// A piece of Rust source being written, at an indentation level.
#[derive(Debug, Default)]
pub struct Code {
    text: String,
    level: usize,
}

impl Code {
    pub fn new() -> Self {
        Self::default()
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.text
    }

    /// The current indentation level (0: top level).
    pub fn level(&self) -> usize {
        self.level
    }

    /// One line at the current indentation (an empty `text` makes an empty line). Line breaks inside `text`
    /// are kept as they are, unindented: a multi-line string literal's text is its value.
    pub fn line(&mut self, text: &str) {
        if !text.is_empty() {
            self.indent();
            self.text.push_str(text);
        }
        self.text.push('\n');
    }

    /// A line that opens a block (`… {`, `… (`, `… [`): the lines after it are one level deeper.
    pub fn open(&mut self, text: &str) {
        self.line(text);
        self.level += 1;
    }

    /// Ends a block opened by [`Code::open`]: one level less, then `text` (`}`, `},`, `});`).
    pub fn close(&mut self, text: &str) {
        self.level = self.level.saturating_sub(1);
        self.line(text);
    }

    /// `///` lines of a doc comment (trailing spaces trimmed; an empty line is a bare `///`). Nothing for an
    /// empty doc.
    pub fn doc(&mut self, doc: &str) {
        for line in doc.trim_end().lines() {
            let line = line.trim_end();
            self.indent();
            if line.is_empty() {
                self.text.push_str("///\n");
            } else {
                self.text.push_str("/// ");
                self.text.push_str(line);
                self.text.push('\n');
            }
        }
    }

    /// `head`, the items separated by `, `, then `tail`, on one line when it fits in [`MAX_WIDTH`];
    /// otherwise `head` ends a line, each item is on a line of its own (one level deeper) followed by a comma,
    /// and `tail` starts the last line. `head` should end with the list's opening delimiter and `tail`
    /// start with its closing one: `list("foo(", &args, ");")`.
    pub fn list<S: AsRef<str>>(&mut self, head: &str, items: &[S], tail: &str) {
        let joined: usize = items.iter().map(|item| item.as_ref().len() + 2).sum();
        let width = INDENT.len() * self.level + head.len() + joined.saturating_sub(2) + tail.len();
        let multiline = items.iter().any(|item| item.as_ref().contains('\n'));
        if width <= MAX_WIDTH && !multiline {
            self.indent();
            self.text.push_str(head);
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    self.text.push_str(", ");
                }
                self.text.push_str(item.as_ref());
            }
            self.text.push_str(tail);
            self.text.push('\n');
            return;
        }
        self.open(head);
        for item in items {
            let item = item.as_ref();
            let mut lines = item.lines().peekable();
            while let Some(line) = lines.next() {
                if lines.peek().is_some() {
                    self.line(line);
                } else {
                    self.indent();
                    self.text.push_str(line);
                    self.text.push_str(",\n");
                }
            }
        }
        self.close(tail);
    }

    /// [`Code::list`] whose `tail` opens a block (`) -> T {`): the lines after it are one level deeper.
    pub fn list_open<S: AsRef<str>>(&mut self, head: &str, items: &[S], tail: &str) {
        self.list(head, items, tail);
        self.level += 1;
    }

    /// Text written by another [`Code`] started at level 0, each of its lines indented to this one's level.
    pub fn append(&mut self, text: &str) {
        for line in text.lines() {
            self.line(line);
        }
    }

    /// Whether `text` fits on one line at the current indentation.
    pub fn fits(&self, text: &str) -> bool {
        INDENT.len() * self.level + text.len() <= MAX_WIDTH
    }

    fn indent(&mut self) {
        for _ in 0..self.level {
            self.text.push_str(INDENT);
        }
    }
}

/// A string literal with the value `value`, escaped as Rust source (`"a \"b\"\n"`).
pub fn string_lit(value: &str) -> String {
    format!("{value:?}")
}

/// A raw string literal (`r#"…"#`, with more `#`s where `value` needs them).
pub fn raw_string_lit(value: &str) -> String {
    let mut fence = String::from("#");
    while value.contains(&format!("\"{fence}")) {
        fence.push('#');
    }
    format!("r{fence}\"{value}\"{fence}")
}

/// An unsuffixed float literal with the value `value` (always with a `.`); the constants of `f64` for the
/// values no literal writes.
pub fn float_lit(value: f64) -> String {
    if value.is_nan() {
        return "f64::NAN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "f64::INFINITY" } else { "f64::NEG_INFINITY" }.to_owned();
    }
    let text = value.to_string();
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// The Rust text of a type use. `scope` prefixes named types (`super::`) when emitting outside the module
/// root; empty at the root.
pub fn type_text(ty: &TypeRef, scope: &str) -> String {
    let mut out = String::new();
    write_type(&mut out, ty, scope);
    out
}

fn write_type(out: &mut String, ty: &TypeRef, scope: &str) {
    match ty {
        TypeRef::Named(name) => {
            let _ = write!(out, "{scope}{name}");
        }
        TypeRef::Primitive(primitive) => out.push_str(formats::rust_path(*primitive)),
        TypeRef::Vec(item) => {
            out.push_str("::std::vec::Vec<");
            write_type(out, item, scope);
            out.push('>');
        }
        TypeRef::Map(value) => {
            out.push_str("::std::collections::BTreeMap<::std::string::String, ");
            write_type(out, value, scope);
            out.push('>');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_stay_on_one_line_while_they_fit() {
        let mut code = Code::new();
        code.open("fn f() {");
        code.list("call(", &["a", "b"], ");");
        let long: Vec<String> = (0..12).map(|i| format!("argument_number_{i}")).collect();
        code.list("call(", &long, ");");
        code.close("}");
        let text = code.finish();
        assert!(text.starts_with("fn f() {\n    call(a, b);\n    call(\n        argument_number_0,\n"), "{text}");
        assert!(text.ends_with("        argument_number_11,\n    );\n}\n"), "{text}");
    }

    #[test]
    fn docs_are_slash_lines_without_trailing_spaces() {
        let mut code = Code::new();
        code.open("mod m {");
        code.doc("First line.  \n\nSecond.\n\n");
        code.close("}");
        assert_eq!(code.finish(), "mod m {\n    /// First line.\n    ///\n    /// Second.\n}\n");
    }

    #[test]
    fn literals_read_back_as_their_values() {
        assert_eq!(string_lit("a \"b\"\n\\"), r#""a \"b\"\n\\""#);
        assert_eq!(raw_string_lit(r#"{"a": "b"}"#), r##"r#"{"a": "b"}"#"##);
        assert_eq!(raw_string_lit("plain"), "r#\"plain\"#");
        assert_eq!(raw_string_lit("a\"#b"), "r##\"a\"#b\"##");
        assert_eq!(float_lit(1.0), "1.0");
        assert_eq!(float_lit(0.25), "0.25");
        assert_eq!(float_lit(1e21), "1000000000000000000000.0");
        assert_eq!(float_lit(f64::INFINITY), "f64::INFINITY");
    }

    #[test]
    fn types_are_written_with_their_scope() {
        let ty = TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::Named("Pet".to_owned())))));
        assert_eq!(
            type_text(&ty, "super::"),
            "::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<super::Pet>>"
        );
    }
}
