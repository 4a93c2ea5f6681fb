//! Rust source written as text. The emitters write the generated code line by line, already laid out:
//! nothing is parsed back or reformatted, so emitting costs about what writing the text costs (the token
//! streams, `syn` trees and prettyplease passes this replaces took most of a large spec's generation).
//!
//! The layout is fixed by the emitters, in rustfmt's style: four spaces per level, one item, field,
//! statement or match arm per line, no blank lines inside items (render adds one between items). A list
//! (arguments, parameters, array elements) goes on one line when that line fits in [`MAX_WIDTH`], else one
//! element per line with a trailing comma ([`Code::list`]). Doc comments, attributes and string literals are
//! never wrapped. Expressions that may be long are built as [`Expr`]s and written by the methods of
//! [`Code`] that take one ([`Code::statement`], [`Code::assign`], [`Code::arm`], …), laid out as rustfmt
//! lays them out.
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

    /// Whether `text` fits on one line at the current indentation.
    pub fn fits(&self, text: &str) -> bool {
        fits_at(self.level, text)
    }

    /// `prefix`, `expr` and `suffix` (`"let x = "`, `";"`; `""` for a block's value): on one line when it
    /// fits, else with `expr` broken.
    pub(crate) fn statement(&mut self, prefix: &str, expr: &Expr, suffix: &str) {
        let mut lines = Vec::new();
        lay(expr, self.level, prefix, suffix, &mut lines);
        self.put(lines);
    }

    /// `lhs value end` (`lhs` a `let … =` or a place and `=`): on one line, else the value alone on the next
    /// line, else the value broken after `lhs`.
    pub(crate) fn assign(&mut self, lhs: &str, value: &Expr, end: &str) {
        let flat = value.flat();
        let one_line = format!("{lhs} {flat}{end}");
        if self.fits(&one_line) {
            self.line(&one_line);
            return;
        }
        let next_line = format!("{flat}{end}");
        if fits_at(self.level + 1, &next_line) {
            self.line(lhs);
            self.line(&format!("{INDENT}{next_line}"));
            return;
        }
        self.statement(&format!("{lhs} "), value, end);
    }

    /// `head expr {` opening a block (`head` an `if let … =`); when too long, `head`, then `expr` one level
    /// deeper, then `{`; when `expr` is too long for that line too, `head expr {` with `expr` broken.
    pub(crate) fn open_cond(&mut self, head: &str, expr: &Expr) {
        let flat = expr.flat();
        let one_line = format!("{head} {flat} {{");
        if self.fits(&one_line) {
            self.open(&one_line);
        } else if fits_at(self.level + 1, &flat) {
            self.line(head);
            self.line(&format!("{INDENT}{flat}"));
            self.open("{");
        } else {
            self.statement(&format!("{head} "), expr, " {");
            self.level += 1;
        }
    }

    /// `head a && b {` opening a block (`head` an `if` or `let x = if`); when too long, one condition per line
    /// (`&& b`) and `{` alone.
    pub(crate) fn open_if(&mut self, head: &str, conditions: &[Expr]) {
        let flat: Vec<String> = conditions.iter().map(Expr::flat).collect();
        let one_line = format!("{head} {} {{", flat.join(" && "));
        if self.fits(&one_line) {
            self.open(&one_line);
            return;
        }
        if let [only] = conditions {
            self.statement(&format!("{head} "), only, "");
        } else {
            self.line(&format!("{head} {}", flat[0]));
            for condition in &flat[1..] {
                self.line(&format!("{INDENT}&& {condition}"));
            }
        }
        self.open("{");
    }

    /// A match arm `pattern => value,`. A value too long for the arm's line goes in a block, on one line if it
    /// fits there, else broken after `pattern =>` (a call or struct literal whose first line fits) or inside
    /// the block. A struct pattern too long for `pattern => {` is broken, the value after its `} =>`.
    pub(crate) fn arm(&mut self, pattern: &Expr, value: &Expr) {
        let pattern_flat = pattern.flat();
        let flat = value.flat();
        let one_line = format!("{pattern_flat} => {flat},");
        if self.fits(&one_line) {
            self.line(&one_line);
            return;
        }
        let mut lines = Vec::new();
        if !fits_at(self.level + 1, &flat) {
            lay(value, self.level, &format!("{pattern_flat} => "), ",", &mut lines);
            if lines.len() > 1 && fits_at(self.level, &lines[0].1) {
                self.put(lines);
                return;
            }
            lines.clear();
        }
        let block = format!("{pattern_flat} => {{");
        if self.fits(&block) || !matches!(pattern, Expr::List { .. }) {
            self.open(&block);
            self.statement("", value, "");
            self.close("}");
            return;
        }
        // The pattern broken (`pattern => {` does not fit on a line), the value after its `} =>`.
        lay(pattern, self.level, "", " => {", &mut lines);
        let (level, end) = lines.pop().expect("a laid out expression has lines");
        lay(value, level, end.strip_suffix('{').unwrap_or(&end), ",", &mut lines);
        self.put(lines);
    }

    /// `head(params) -> ret after {` opening a function's body: one line when it fits, else one parameter
    /// per line and, when still too long, `ret` broken. `head` ends with `(`; `after` follows the return
    /// type (` + 'a`, or empty).
    pub(crate) fn open_fn<S: AsRef<str>>(&mut self, head: &str, params: &[S], ret: &Expr, after: &str) {
        let mut lines = Vec::new();
        lay(ret, self.level, ") -> ", &format!("{after} {{"), &mut lines);
        if let [(_, only)] = lines.as_slice() {
            self.list_open(head, params, only);
            return;
        }
        self.open(head);
        for param in params {
            self.line(&format!("{},", param.as_ref()));
        }
        self.level -= 1;
        self.put(lines);
        self.level += 1;
    }

    /// Writes lines made by [`lay`], each at its level.
    fn put(&mut self, lines: Vec<(usize, String)>) {
        for (level, text) in lines {
            for _ in 0..level {
                self.text.push_str(INDENT);
            }
            self.text.push_str(&text);
            self.text.push('\n');
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.level {
            self.text.push_str(INDENT);
        }
    }
}

fn fits_at(level: usize, text: &str) -> bool {
    INDENT.len() * level + text.len() <= MAX_WIDTH
}

/// An expression to lay out as rustfmt lays it out: on one line when that fits in [`MAX_WIDTH`], else broken,
/// a list's items one per line (one level deeper, each followed by a comma) and a method chain's links one
/// per line (one level deeper). Made by [`atom`], [`lit`], [`call`], [`structure`], [`array`], [`generic`]
/// and [`chain`]; written by [`Code::statement`] and the other methods of [`Code`] that take one.
#[derive(Debug)]
pub(crate) enum Expr {
    /// Text never broken (a path, a literal, a short expression).
    Atom(String),
    /// `head(items)`, `head[items]`, `head { items }` or `head<items>`. A head too long for its line breaks
    /// too (`path::<` `T,` `>(`), the items then following its last line when they fit there.
    List { head: Box<Expr>, delim: Delim, items: Vec<Expr> },
    /// `root.a.b()`: each link starts with its `.`.
    Chain { root: Box<Expr>, links: Vec<Expr> },
}

/// The delimiters of an [`Expr::List`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Delim {
    Paren,
    Bracket,
    Brace,
    Angle,
}

impl Delim {
    /// `head` and the items (`inner`, joined by `, `) on one line.
    fn wrap(self, head: &str, inner: &str) -> String {
        match self {
            Delim::Paren => format!("{head}({inner})"),
            Delim::Bracket => format!("{head}[{inner}]"),
            Delim::Brace if inner.is_empty() => format!("{head} {{}}"),
            Delim::Brace => format!("{head} {{ {inner} }}"),
            Delim::Angle => format!("{head}<{inner}>"),
        }
    }

    /// The text that ends the head's line and the one that starts the last line of a broken list.
    fn broken(self) -> (&'static str, &'static str) {
        match self {
            Delim::Paren => ("(", ")"),
            Delim::Bracket => ("[", "]"),
            Delim::Brace => (" {", "}"),
            Delim::Angle => ("<", ">"),
        }
    }
}

impl Expr {
    /// The expression on one line.
    pub(crate) fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::List { head, delim, items } => {
                delim.wrap(&head.flat(), &items.iter().map(Expr::flat).collect::<Vec<_>>().join(", "))
            }
            Expr::Chain { root, links } => {
                let mut text = root.flat();
                for link in links {
                    text.push_str(&link.flat());
                }
                text
            }
        }
    }

    /// This expression followed by a method call or field (`link`: `.name()`, `.name`).
    pub(crate) fn then(self, link: &str) -> Expr {
        match self {
            Expr::Chain { root, mut links } => {
                links.push(atom(link));
                Expr::Chain { root, links }
            }
            other => Expr::Chain { root: Box::new(other), links: vec![atom(link)] },
        }
    }
}

impl From<&str> for Expr {
    fn from(text: &str) -> Self {
        atom(text)
    }
}

impl From<String> for Expr {
    fn from(text: String) -> Self {
        atom(text)
    }
}

/// Text never broken.
pub(crate) fn atom(text: impl Into<String>) -> Expr {
    Expr::Atom(text.into())
}

/// A string literal with the value `value`.
pub(crate) fn lit(value: &str) -> Expr {
    Expr::Atom(string_lit(value))
}

/// `head(args)`: a call (`head` a path; a [`generic`] `f::` for a turbofish call `f::<T>(args)`), or a tuple
/// (`head` empty).
pub(crate) fn call(head: impl Into<Expr>, args: Vec<Expr>) -> Expr {
    Expr::List { head: Box::new(head.into()), delim: Delim::Paren, items: args }
}

/// `head { fields }`: a struct literal or pattern (the fields written `name: value`, or `name`).
pub(crate) fn structure(head: impl Into<Expr>, fields: Vec<Expr>) -> Expr {
    Expr::List { head: Box::new(head.into()), delim: Delim::Brace, items: fields }
}

/// `head[items]`: an array (`head` empty) or a reference to one (`head` `&`).
pub(crate) fn array(head: impl Into<Expr>, items: Vec<Expr>) -> Expr {
    Expr::List { head: Box::new(head.into()), delim: Delim::Bracket, items }
}

/// `head<args>`: a generic type, or a turbofish path (`head` ends with `::`).
pub(crate) fn generic(head: impl Into<Expr>, args: Vec<Expr>) -> Expr {
    Expr::List { head: Box::new(head.into()), delim: Delim::Angle, items: args }
}

/// `root` followed by `links` (method calls and fields, each starting with `.`); `root` itself without links.
pub(crate) fn chain<L: Into<Expr>>(root: impl Into<Expr>, links: impl IntoIterator<Item = L>) -> Expr {
    let root = root.into();
    let links: Vec<Expr> = links.into_iter().map(Into::into).collect();
    if links.is_empty() {
        root
    } else {
        Expr::Chain { root: Box::new(root), links }
    }
}

/// Lines (each with its level) of `prefix`, `expr` and `suffix` at `level`: one line when it fits, else
/// `expr` broken. A call whose only argument is a call, struct literal or array keeps the inner one's opening
/// on its line (`Ok(Page {` … `})`), as rustfmt does, when that line fits.
fn lay(expr: &Expr, level: usize, prefix: &str, suffix: &str, out: &mut Vec<(usize, String)>) {
    let flat = format!("{prefix}{}{suffix}", expr.flat());
    if fits_at(level, &flat) {
        out.push((level, flat));
        return;
    }
    match expr {
        Expr::Atom(_) => out.push((level, flat)),
        Expr::List { items, .. } if items.is_empty() => out.push((level, flat)),
        Expr::List { head, delim, items } => {
            if let (Delim::Paren, [inner @ Expr::List { delim: Delim::Paren | Delim::Bracket | Delim::Brace, .. }]) =
                (delim, items.as_slice())
            {
                let mut overflow = Vec::new();
                lay(inner, level, &format!("{prefix}{}(", head.flat()), &format!("){suffix}"), &mut overflow);
                if overflow.len() > 1 && fits_at(level, &overflow[0].1) {
                    out.extend(overflow);
                    return;
                }
            }
            let (open, close) = delim.broken();
            let start = out.len();
            lay(head, level, prefix, open, out);
            let (_, head_line) = out.pop().expect("a laid out expression has lines");
            if out.len() > start {
                let inner = items.iter().map(Expr::flat).collect::<Vec<_>>().join(", ");
                let rest = format!("{}{suffix}", delim.wrap(&head_line[..head_line.len() - open.len()], &inner));
                if fits_at(level, &rest) {
                    out.push((level, rest));
                    return;
                }
            }
            out.push((level, head_line));
            for item in items {
                lay(item, level + 1, "", ",", out);
            }
            out.push((level, format!("{close}{suffix}")));
        }
        Expr::Chain { root, links } => {
            lay(root, level, prefix, "", out);
            for (index, link) in links.iter().enumerate() {
                let end = if index + 1 == links.len() { suffix } else { "" };
                lay(link, level + 1, "", end, out);
            }
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
        TypeRef::Option(inner) => {
            out.push_str("::std::option::Option<");
            write_type(out, inner, scope);
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

    fn laid_out(write: impl FnOnce(&mut Code)) -> String {
        let mut code = Code::new();
        code.open("fn f() {");
        write(&mut code);
        code.close("}");
        code.finish()
    }

    #[test]
    fn expressions_stay_on_one_line_while_they_fit() {
        let args = || vec![atom("a"), lit("b")];
        let text = laid_out(|code| code.statement("let x = ", &call(generic("f::", vec![atom("T")]), args()), ";"));
        assert_eq!(text, "fn f() {\n    let x = f::<T>(a, \"b\");\n}\n");
        let long = |i| atom(format!("argument_number_{i}_of_a_call_too_long_for_one_line"));
        let text = laid_out(|code| code.statement("", &call("f", vec![long(0), long(1)]), ";"));
        assert_eq!(
            text,
            "fn f() {\n    f(\n        argument_number_0_of_a_call_too_long_for_one_line,\n        \
             argument_number_1_of_a_call_too_long_for_one_line,\n    );\n}\n"
        );
    }

    #[test]
    fn a_call_of_one_struct_literal_keeps_its_opening_on_the_line() {
        let fields = (0..4).map(|i| atom(format!("field_number_{i}: value_number_{i}"))).collect();
        let text = laid_out(|code| code.statement("", &call("Ok", vec![structure("Page", fields)]), ""));
        assert!(text.starts_with("fn f() {\n    Ok(Page {\n        field_number_0: value_number_0,\n"), "{text}");
        assert!(text.ends_with("        field_number_3: value_number_3,\n    })\n}\n"), "{text}");
    }

    #[test]
    fn a_turbofish_too_long_for_its_line_puts_its_type_on_a_line_of_its_own() {
        let ty = atom(format!("super::{}", "Long".repeat(20)));
        let read = call(generic("crate::runtime::json_body::", vec![ty]), vec![atom("a"), atom("b")]);
        let text = laid_out(|code| code.statement("let body = ", &read, ";"));
        assert_eq!(
            text,
            format!(
                "fn f() {{\n    let body = crate::runtime::json_body::<\n        super::{},\n    >(a, b);\n}}\n",
                "Long".repeat(20)
            )
        );
    }

    #[test]
    fn chains_break_one_link_a_line() {
        let links: Vec<Expr> = (0..5).map(|i| call(format!(".method_number_{i}"), vec![atom("argument")])).collect();
        let text = laid_out(|code| code.statement("", &chain("root", links), ""));
        assert!(text.starts_with("fn f() {\n    root\n        .method_number_0(argument)\n"), "{text}");
    }

    #[test]
    fn arms_too_long_go_in_a_block_or_break_their_pattern() {
        let value = call("crate::runtime::empty_response", vec![atom("crate::runtime::status(404)")]);
        let text = laid_out(|code| code.arm(&atom("super::SomeOperationResponse::NotFound"), &value));
        assert_eq!(
            text,
            "fn f() {\n    super::SomeOperationResponse::NotFound => {\n        \
             crate::runtime::empty_response(crate::runtime::status(404))\n    }\n}\n"
        );
        let pattern = structure(format!("super::{}::Created", "Long".repeat(16)), vec![atom("location")]);
        let text = laid_out(|code| code.arm(&pattern, &value));
        assert!(text.contains("::Created {\n        location,\n    } => crate::runtime::empty_response("), "{text}");
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
