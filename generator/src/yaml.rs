//! YAML text of a `serde::Serialize` value, byte for byte as serde_yaml 0.9 writes it: the writer of the
//! derived OpenAPI documents (`generated/openapi/*.yaml`).
//!
//! serde_yaml hands its events to libyaml's emitter (unsafe-libyaml), which made the YAML as slow to write as
//! all the Rust: for Stripe's derived OpenAPI (3 MB of YAML), 46 ms, against 45 ms for the Rust module. This
//! direct `serde::Serializer` writes the same bytes in 19 ms (release build, median of 7 runs; serde_json
//! writes the document as JSON in 9 ms).
//!
//! What it reproduces, from serde_yaml's `ser.rs` and `de.rs` and libyaml's `emitter.rs`:
//! - the style serde_yaml asks for: literal for text with a line feed, single-quoted for text it would read
//!   back as null, a bool or a number, plain for numbers, bools and null (`requested_style`);
//! - the style libyaml settles on from its analysis of the text (`analyze`, `select_style`): plain only with no
//!   indicator, blank at either end, line break or unprintable character in the way, single quotes unless the
//!   text has unprintable characters or blanks next to line breaks, double quotes (with escapes) as the last
//!   resort; serde_yaml sets no line width, so nothing is folded;
//! - block mappings and sequences (a sequence that is a mapping's value is not indented), `{}` and `[]` for
//!   empty ones, and `? ` before a key that spans lines or is longer than 128 bytes;
//! - one document, with no `---`, that ends in a line break.
//!
//! Deliberate differences, where serde_yaml changes the shape of the data (openapiv3 and `serde_json::Value`
//! serialize none of them): an enum variant with data, which serde_yaml writes as a YAML tag (`!Variant`), and
//! a sequence or mapping used as a mapping key are errors; a single-entry map whose key is serde_yaml's own
//! `Tag` (written through `collect_str` as `!` and then the name) is an ordinary mapping, not a tagged value.

use std::fmt::{self, Display};
use std::num::FpCategory;

use serde::ser::{self, Impossible};
use serde::Serialize;

/// Appends `value` as a YAML document to `out`, byte for byte as serde_yaml 0.9 writes it. On an error, `out`
/// is left as it was.
pub fn to_writer<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    let start = out.len();
    let mut emitter = Emitter {
        out,
        indent: None,
        column: 0,
        whitespace: true,
        indention: true,
        position: Position::Standalone,
        simple_key: false,
        collections: Vec::new(),
    };
    match value.serialize(Node(&mut emitter)) {
        Ok(()) => {
            // The document's end: a line break unless the last line is empty.
            emitter.write_indent();
            Ok(())
        }
        Err(error) => {
            emitter.out.truncate(start);
            Err(error)
        }
    }
}

/// [`to_writer`] into a new string.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = Vec::with_capacity(128);
    to_writer(&mut out, value)?;
    String::from_utf8(out).map_err(|error| Error::new(format!("the YAML is not UTF-8: {error}")))
}

/// Why a value cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Boxed, so that `Result<(), Error>` is one word, as serde_yaml's is: unoptimised builds keep several on
    /// the stack at each level of the value.
    message: Box<Message>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Message(String);

impl Error {
    fn new(message: impl Into<String>) -> Error {
        Error { message: Box::new(Message(message.into())) }
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Error {
        Error::new(message.to_string())
    }
}

/// A scalar's style, as serde_yaml asks for it and as libyaml writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// Where a node is written: what libyaml calls its context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// The document itself, or an item of a sequence.
    Standalone,
    /// The value of a mapping entry (a sequence there is not indented).
    Value,
    /// The key of a mapping entry (only scalars).
    Key,
}

/// libyaml's indentation step (serde_yaml keeps the default).
const BEST_INDENT: usize = 2;
/// The indentation indicator of a block scalar: [`BEST_INDENT`].
const INDENT_INDICATOR: &str = "2";
/// The longest key libyaml writes without `? `, in bytes.
const SIMPLE_KEY_MAX: usize = 128;

/// libyaml's emitter state, for block collections and scalars (the only flow collections it writes here are
/// `{}` and `[]`, with nothing inside).
struct Emitter<'a> {
    out: &'a mut Vec<u8>,
    /// The indentation of the current collection or scalar; `None` before the document's node.
    indent: Option<usize>,
    /// Bytes written on the current line. libyaml counts characters, but the two differ only once a scalar is on
    /// the line, and from then on `indention` is false (or a line break has reset both), so the column decides
    /// nothing.
    column: usize,
    /// The last thing written was whitespace: an indentation, `{` or `[`, or (as libyaml leaves it) a block
    /// scalar.
    whitespace: bool,
    /// The current line holds only indentation and indicators (`- `, `? `, `: ` of a complex key).
    indention: bool,
    /// Where the next node goes.
    position: Position,
    /// The key just written fitted on its line without `? ` (its value follows `: ` on the same line).
    simple_key: bool,
    /// The collections being written, innermost last. They are kept here, as libyaml keeps its stacks, rather
    /// than on the call stack, which `Serialize` deepens at each level of the value.
    collections: Vec<Collection>,
}

/// A block mapping or sequence being written.
struct Collection {
    /// The indentation around it, to restore at its end.
    outer_indent: Option<usize>,
    /// Nothing in it yet: at its end, it is written in flow style, `{}` or `[]`.
    empty: bool,
}

/// What libyaml's `yaml_emitter_analyze_scalar` learns of a scalar's text, for a block context.
struct Analysis {
    /// The text holds a line feed (serde_yaml asks for a literal block).
    line_feed: bool,
    multiline: bool,
    plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// The serializer of one node, written where the emitter's `position` says. It and the collections' serializers
/// hold nothing else, so that each level of `Serialize` recursion takes little stack.
struct Node<'a, 'b>(&'a mut Emitter<'b>);

/// The serializer of a block sequence's items.
struct Sequence<'a, 'b>(&'a mut Emitter<'b>);

/// The serializer of a block mapping's entries.
struct Mapping<'a, 'b>(&'a mut Emitter<'b>);

impl<'b> Emitter<'b> {
    /// libyaml's `yaml_emitter_emit_scalar`, its style chosen by `yaml_emitter_select_scalar_style`.
    fn write_scalar(&mut self, text: &str, style: Style) {
        let outer = self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(text),
            Style::SingleQuoted => self.write_single_quoted(text),
            Style::DoubleQuoted => self.write_double_quoted(text),
            Style::Literal => self.write_literal(text),
        }
        self.indent = outer;
    }

    /// A block collection starts, with the indentation libyaml gives it at its first entry (nothing is written
    /// before then). A sequence that is a mapping's value, after its key on the same line, is not indented.
    fn start_collection(&mut self, sequence: bool) {
        let indentless = sequence && self.position == Position::Value && !self.indention;
        let outer_indent = self.increase_indent(false, indentless);
        self.collections.push(Collection { outer_indent, empty: true });
    }

    /// An item of the innermost sequence starts, after `- `. (The serializers of collections call these and
    /// `serialize` in one expression, which keeps their frames as small as serde_yaml's in unoptimised builds.)
    fn start_item(&mut self) -> Node<'_, 'b> {
        self.start_entry();
        self.write_indicator("-", true, false, true);
        self.position = Position::Standalone;
        Node(self)
    }

    /// An entry of the innermost mapping starts, at its key.
    fn start_key(&mut self) -> Node<'_, 'b> {
        self.start_entry();
        self.position = Position::Key;
        Node(self)
    }

    /// A struct's field name, as the key of an entry of the innermost mapping.
    fn write_key(&mut self, key: &str) -> Result<(), Error> {
        ser::Serializer::serialize_str(self.start_key(), key)
    }

    /// The value of a mapping's entry starts: `: ` after a simple key, on a line of its own after a complex one.
    fn start_value(&mut self) -> Node<'_, 'b> {
        if self.simple_key {
            self.write_indicator(":", false, false, false);
        } else {
            self.write_indent();
            self.write_indicator(":", true, false, true);
        }
        self.position = Position::Value;
        Node(self)
    }

    fn start_entry(&mut self) {
        if let Some(collection) = self.collections.last_mut() {
            collection.empty = false;
        }
        self.write_indent();
    }

    /// The innermost collection ends: its outer indentation comes back, and an empty one is written in flow
    /// style (`{}`, `[]`).
    fn end_collection(&mut self, open: &str, close: &str) {
        let collection = self.collections.pop().expect("a collection ends only after it starts");
        self.indent = collection.outer_indent;
        if collection.empty {
            self.write_indicator(open, true, true, false);
            self.write_indicator(close, false, false, false);
        }
    }

    /// Sets the indentation of a nested node, returning the one to restore after it.
    fn increase_indent(&mut self, flow: bool, indentless: bool) -> Option<usize> {
        let outer = self.indent;
        self.indent = Some(match outer {
            None if flow => BEST_INDENT,
            None => 0,
            Some(indent) if indentless => indent,
            Some(indent) => indent + BEST_INDENT,
        });
        outer
    }

    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.out.push(b' ');
            self.column += 1;
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.out.push(b' ');
            self.column += 1;
        }
        self.write_text(indicator);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// Text with no line break in it.
    fn write_text(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
        self.column += text.len();
    }

    fn write_char(&mut self, c: char) {
        self.write_text(c.encode_utf8(&mut [0; 4]));
    }

    fn put_break(&mut self) {
        self.out.push(b'\n');
        self.column = 0;
    }

    /// A line break of the text: a line feed as the emitter's own, any other as it is.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            self.column = 0;
        }
    }

    fn write_plain(&mut self, text: &str) {
        if !self.whitespace && !text.is_empty() {
            self.out.push(b' ');
            self.column += 1;
        }
        self.write_text(text);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str) {
        self.write_indicator("'", true, false, false);
        let mut breaks = false;
        for c in text.chars() {
            if c == ' ' {
                self.write_char(c);
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.write_char('\'');
                }
                self.write_char(c);
                self.indention = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
    }

    fn write_double_quoted(&mut self, text: &str) {
        self.write_indicator("\"", true, false, false);
        for c in text.chars() {
            if is_printable(c) && !is_break(c) && c != '"' && c != '\\' {
                self.write_char(c);
                continue;
            }
            let escape = match c {
                '\0' => '0',
                '\u{7}' => 'a',
                '\u{8}' => 'b',
                '\t' => 't',
                '\n' => 'n',
                '\u{b}' => 'v',
                '\u{c}' => 'f',
                '\r' => 'r',
                '\u{1b}' => 'e',
                '"' => '"',
                '\\' => '\\',
                '\u{85}' => 'N',
                '\u{2028}' => 'L',
                '\u{2029}' => 'P',
                // Other controls, DEL, a BOM, U+FFFE and U+FFFF (every character above U+FFFF is printable).
                _ => {
                    let code = u32::from(c);
                    let escape = if code <= 0xFF { format!("\\x{code:02X}") } else { format!("\\u{code:04X}") };
                    self.write_text(&escape);
                    continue;
                }
            };
            self.write_text("\\");
            self.write_char(escape);
        }
        self.write_indicator("\"", false, false, false);
    }

    fn write_literal(&mut self, text: &str) {
        self.write_indicator("|", true, false, false);
        // An indentation indicator when the first line starts blank; then the chomping indicator: `-` unless
        // the text ends in a line break, `+` when it ends in two (or is one).
        if text.starts_with(|c| c == ' ' || is_break(c)) {
            self.write_indicator(INDENT_INDICATOR, false, false, false);
        }
        let mut from_end = text.chars().rev();
        let chomping = match (from_end.next(), from_end.next()) {
            (Some(last), before) if is_break(last) => before.is_none_or(is_break).then_some("+"),
            _ => Some("-"),
        };
        if let Some(chomping) = chomping {
            self.write_indicator(chomping, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut rest = text;
        while !rest.is_empty() {
            let end = rest.find(is_break).unwrap_or(rest.len());
            if end > 0 {
                if breaks {
                    self.write_indent();
                }
                self.write_text(&rest[..end]);
                self.indention = false;
                breaks = false;
            }
            rest = &rest[end..];
            if let Some(c) = rest.chars().next() {
                self.write_break(c);
                self.indention = true;
                breaks = true;
                rest = &rest[c.len_utf8()..];
            }
        }
    }
}

/// The style serde_yaml asks libyaml for, for a string (`serialize_str`).
fn requested_style(text: &str, analysis: &Analysis) -> Style {
    if analysis.line_feed {
        Style::Literal
    } else if reads_as_non_string(text) {
        Style::SingleQuoted
    } else {
        Style::Plain
    }
}

/// Whether serde_yaml would read `text`, written plain, as something other than a string
/// (`visit_untagged_scalar` in its `de.rs`), or keeps it a string only because its digits have a leading zero
/// (`007`, which YAML 1.1 reads as octal): it quotes all of them.
fn reads_as_non_string(text: &str) -> bool {
    // "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE" (byte patterns, which
    // compile to comparisons rather than calls to `memcmp`).
    matches!(
        text.as_bytes(),
        [] | [b'~']
            | [b'n' | b'N', b'u', b'l', b'l']
            | [b'N', b'U', b'L', b'L']
            | [b't' | b'T', b'r', b'u', b'e']
            | [b'T', b'R', b'U', b'E']
            | [b'f' | b'F', b'a', b'l', b's', b'e']
            | [b'F', b'A', b'L', b'S', b'E']
    ) || digits_but_not_number(text)
        || is_float(text)
        || is_prefixed_integer(text)
}

/// serde_yaml's `parse_f64` succeeds: a finite float as Rust reads it (every decimal integer serde_yaml reads,
/// too), or YAML's infinities and NaN.
fn is_float(text: &str) -> bool {
    let unpositive = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => text,
    };
    matches!(unpositive, ".inf" | ".Inf" | ".INF")
        || matches!(text, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
        // Rust reads only infinities and NaN from text that starts otherwise.
        || (unpositive.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
            && unpositive.parse::<f64>().is_ok_and(f64::is_finite))
}

/// An integer serde_yaml reads in hexadecimal, octal or binary (`0x1F`, `-0o17`, `+0b1`), in the range of `u128`
/// or, negative, of `i128` (`parse_unsigned_int` and `parse_negative_int`).
fn is_prefixed_integer(text: &str) -> bool {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    [("0x", 16), ("0o", 8), ("0b", 2)].into_iter().any(|(prefix, radix)| {
        unsigned.strip_prefix(prefix).is_some_and(|digits| {
            !digits.starts_with(['+', '-'])
                && u128::from_str_radix(digits, radix).is_ok_and(|n| !negative || n <= i128::MIN.unsigned_abs())
        })
    })
}

/// serde_yaml's `digits_but_not_number`: a leading zero followed by digits (`007`, `-01`).
fn digits_but_not_number(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    text.len() > 1 && text.starts_with('0') && text[1..].bytes().all(|b| b.is_ascii_digit())
}

/// libyaml's `yaml_emitter_analyze_scalar`, for a block context (flow collections here are always empty).
fn analyze(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis {
            line_feed: false,
            multiline: false,
            plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let bytes = text.as_bytes();
    let mut indicators = text.starts_with("---") || text.starts_with("...");
    let (mut line_feed, mut line_breaks, mut special_characters) = (false, false, false);
    let (mut leading_space, mut trailing_space, mut break_space, mut space_break) = (false, false, false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let mut at = 0;
    while at < bytes.len() {
        // Past the first character, most are printable ASCII other than `:` and `#`, or spaces: no need to look
        // at their neighbours.
        match bytes[at] {
            b' ' if at > 0 => {
                trailing_space |= at + 1 == bytes.len();
                break_space |= previous_break;
                (previous_space, previous_break, preceded_by_whitespace) = (true, false, true);
                at += 1;
                continue;
            }
            b if at > 0 && b.is_ascii_graphic() && b != b':' && b != b'#' => {
                (previous_space, previous_break, preceded_by_whitespace) = (false, false, false);
                at += 1;
                continue;
            }
            _ => {}
        }
        let mut chars = text[at..].chars();
        let Some(c) = chars.next() else { break };
        let next = chars.next();
        let followed_by_whitespace = next.is_none_or(is_blankz);
        indicators |= if at == 0 {
            matches!(c, '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`')
                || (matches!(c, '?' | ':' | '-') && followed_by_whitespace)
        } else {
            (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace)
        };
        special_characters |= !is_printable(c);
        if c == ' ' {
            leading_space |= at == 0;
            trailing_space |= next.is_none();
            break_space |= previous_break;
            (previous_space, previous_break) = (true, false);
        } else if is_break(c) {
            line_feed |= c == '\n';
            line_breaks = true;
            space_break |= previous_space;
            (previous_space, previous_break) = (false, true);
        } else {
            (previous_space, previous_break) = (false, false);
        }
        preceded_by_whitespace = is_blankz(c);
        at += c.len_utf8();
    }
    // libyaml also notes a leading or a trailing line break, which only rule out the plain style, as any does.
    let quotes_only = space_break || special_characters;
    Analysis {
        line_feed,
        multiline: line_breaks,
        plain_allowed: !(line_breaks || leading_space || trailing_space || quotes_only || indicators),
        single_quoted_allowed: !(break_space || quotes_only),
        block_allowed: !(trailing_space || quotes_only),
    }
}

/// libyaml's `yaml_emitter_select_scalar_style`, in a block context, for an untagged scalar.
fn select_style(requested: Style, text: &str, analysis: &Analysis, simple_key: bool) -> Style {
    let mut style = requested;
    if simple_key && analysis.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!analysis.plain_allowed || (text.is_empty() && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !analysis.single_quoted_allowed {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!analysis.block_allowed || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

/// libyaml's line breaks: line feed, carriage return, next line, line and paragraph separators.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's `IS_BLANKZ`: a space, a tab, a line break or NUL (what ends its strings).
fn is_blankz(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\0') || is_break(c)
}

/// libyaml's `IS_PRINTABLE`: what it writes as it is (a tab is not, nor C0 and C1 controls, DEL, a BOM or
/// U+FFFE and U+FFFF).
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..) && c != '\u{feff}'
}

impl Node<'_, '_> {
    /// A scalar, with the style serde_yaml asks for; a key gets `? ` first when it cannot be a simple key.
    fn scalar(self, text: &str, requested: Style) -> Result<(), Error> {
        self.analyzed_scalar(text, requested, &analyze(text))
    }

    /// [`Node::scalar`], the text already analyzed.
    fn analyzed_scalar(self, text: &str, requested: Style, analysis: &Analysis) -> Result<(), Error> {
        let emitter = self.0;
        let key = emitter.position == Position::Key;
        let simple_key = key && !analysis.multiline && text.len() <= SIMPLE_KEY_MAX;
        if key {
            emitter.simple_key = simple_key;
            if !simple_key {
                emitter.write_indicator("?", true, false, true);
            }
        }
        emitter.write_scalar(text, select_style(requested, text, analysis, simple_key));
        Ok(())
    }

    fn integer(self, value: impl itoa::Integer) -> Result<(), Error> {
        self.scalar(itoa::Buffer::new().format(value), Style::Plain)
    }

    fn float(self, value: impl ryu::Float, category: FpCategory, positive: bool) -> Result<(), Error> {
        let mut buffer = ryu::Buffer::new();
        let text = match category {
            FpCategory::Infinite if positive => ".inf",
            FpCategory::Infinite => "-.inf",
            FpCategory::Nan => ".nan",
            _ => buffer.format_finite(value),
        };
        self.scalar(text, Style::Plain)
    }

    /// A collection is never a key here (serde_yaml writes a complex key, which no `serde_json` or openapiv3
    /// value reads back).
    fn start_collection(&mut self, sequence: bool) -> Result<(), Error> {
        if self.0.position == Position::Key {
            let kind = if sequence { "sequence" } else { "mapping" };
            return Err(Error::new(format!("a {kind} cannot be a mapping key")));
        }
        self.0.start_collection(sequence);
        Ok(())
    }
}

/// serde_yaml writes an enum variant with data as a YAML tag (`!Variant`); this writer does not.
fn variant_error(name: &str, variant: &str) -> Error {
    Error::new(format!("the enum variant `{name}::{variant}` carries data, which has no YAML form without a tag"))
}

impl<'a, 'b> ser::Serializer for Node<'a, 'b> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Sequence<'a, 'b>;
    type SerializeTuple = Sequence<'a, 'b>;
    type SerializeTupleStruct = Sequence<'a, 'b>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Mapping<'a, 'b>;
    type SerializeStruct = Mapping<'a, 'b>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.scalar(if value { "true" } else { "false" }, Style::Plain)
    }

    fn serialize_i8(self, value: i8) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_i16(self, value: i16) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_i32(self, value: i32) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_i64(self, value: i64) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_i128(self, value: i128) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_u8(self, value: u8) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_u16(self, value: u16) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_u32(self, value: u32) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_u64(self, value: u64) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_u128(self, value: u128) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_f32(self, value: f32) -> Result<(), Error> {
        self.float(value, value.classify(), value.is_sign_positive())
    }

    fn serialize_f64(self, value: f64) -> Result<(), Error> {
        self.float(value, value.classify(), value.is_sign_positive())
    }

    fn serialize_char(self, value: char) -> Result<(), Error> {
        self.scalar(value.encode_utf8(&mut [0; 4]), Style::SingleQuoted)
    }

    fn serialize_str(self, value: &str) -> Result<(), Error> {
        let analysis = analyze(value);
        self.analyzed_scalar(value, requested_style(value, &analysis), &analysis)
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<(), Error> {
        Err(Error::new("bytes have no YAML form (serde_yaml refuses them too)"))
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.scalar("null", Style::Plain)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(variant_error(name, variant))
    }

    fn serialize_seq(mut self, _len: Option<usize>) -> Result<Sequence<'a, 'b>, Error> {
        self.start_collection(true)?;
        Ok(Sequence(self.0))
    }

    fn serialize_tuple(self, len: usize) -> Result<Sequence<'a, 'b>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Sequence<'a, 'b>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), Error>, Error> {
        Err(variant_error(name, variant))
    }

    fn serialize_map(mut self, _len: Option<usize>) -> Result<Mapping<'a, 'b>, Error> {
        self.start_collection(false)?;
        Ok(Mapping(self.0))
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Mapping<'a, 'b>, Error> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), Error>, Error> {
        Err(variant_error(name, variant))
    }
}

impl ser::SerializeSeq for Sequence<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(self.0.start_item())
    }

    fn end(self) -> Result<(), Error> {
        self.0.end_collection("[", "]");
        Ok(())
    }
}

impl ser::SerializeTuple for Sequence<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Sequence<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Mapping<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(self.0.start_key())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(self.0.start_value())
    }

    fn end(self) -> Result<(), Error> {
        self.0.end_collection("{", "}");
        Ok(())
    }
}

impl ser::SerializeStruct for Mapping<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.0.write_key(key)?;
        value.serialize(self.0.start_value())
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeMap::end(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use proptest::prelude::*;
    use serde_json::{json, Value};

    use super::*;
    use crate::diagnostic::{Diagnostics, SourceFile};
    use crate::manifest::parse_manifest;
    use crate::project::{generate_entry, generate_spec_observed, SpecRequest};

    /// Text that exercises each branch of serde_yaml's and libyaml's choice of a scalar style.
    #[rustfmt::skip]
    const NASTY: &[&str] = &[
        // What serde_yaml reads as null or a bool, and near misses.
        "", " ", "a", "~", "null", "Null", "NULL", "nULL", "NUll", "nil", "true", "True", "TRUE", "tRUE", "TRue",
        "false", "False", "FALSE", "fALSE", "FALSe", "yes", "no", "on", "off", "y", "n",
        // Numbers, and near misses.
        "0", "1", "-1", "+1", "-0", "+0", "007", "-007", "+007", "08", "0.5", ".5", "5.", "1e3", "1E3", "-1e-3",
        "+1e+3", "1_000", "0x1F", "0X1F", "-0x1F", "+0x1F", "0x-1", "0x+1", "-0x+1", "+0x+1", "0o17", "-0o17",
        "0b101", "-0b101", "0x", "0o", "0b2", "0o8", "0xG", "++1", "+-1", "-+1", "--1", ".inf", "-.inf", "+.inf",
        ".Inf", ".INF", ".nan", ".NaN", ".NAN", "+.nan", "inf", "nan", "infinity", "NaN", "1.0.0", "1:2",
        "12:30:00", "2001-12-14", "1e400", "340282366920938463463374607431768211456", "-9223372036854775809",
        "18446744073709551616", "0x80000000000000000000000000000000", "-0x80000000000000000000000000000000",
        "-0x80000000000000000000000000000001", "0x100000000000000000000000000000000",
        // Indicators and blanks.
        " a", "a ", " a ", "a  b", "-", "- a", "-a", "--", "---", "--- a", "...", "...a", "?", "? a", "?a", ":",
        ": a", ":a", "a:", "a: b", "a:b", "a :b", "#", "#x", "a #b", "a#b", " #", ",", "a,b", "[", "a[", "]", "{",
        "}", "a{b}", "*a", "&a", "!a", "!!str", "|", ">", "'", "\"", "%", "@", "`", "a'b", "a\"b", "'a'", "\"a\"",
        "\\", "a\\nb",
        // Tabs, controls, breaks other than a line feed, and what libyaml does not print.
        "\t", "a\tb", "\ta", "a\t", "\r", "a\rb", "\r\n", "a\r\nb", "\0", "a\u{1}b",
        "\u{7}\u{8}\u{b}\u{c}\u{1b}\u{7f}", "\u{85}", "a\u{85}b", "\u{a0}", "a\u{a0}", "\u{2028}", "a\u{2028}b",
        "a\u{2029}b", "a\u{2029}", "\u{feff}", "\u{feff}a", "a\u{feff}", "\u{fffe}", "\u{fffd}", "\u{d7ff}",
        "\u{e000}", "\u{9f}",
        // Beyond ASCII.
        "é", "😀", "a😀b", "日本語", "キー: 値",
        // Line feeds: literal blocks, their indicators, and the fallbacks to double quotes.
        "\n", "\n\n", "a\n", "a\nb", "a\nb\n", "a\nb\n\n", "\na", "\n\na", " a\nb", "a \nb", "a\n b", "a\n\n b",
        "a\nb ", "a\n ", "\n ", " \n", "a\n#b", "a\n- b", "a\r\nb\n", "a\n\tb", "a\u{2028}\nb", "a\n\u{2028}",
        "a\u{85}\nb", "'\n'", "\"\n\"", "a\n'b'", "😀\n日本",
    ];

    #[track_caller]
    fn assert_same<T: Serialize + fmt::Debug + ?Sized>(value: &T) {
        let expected = serde_yaml::to_string(value).expect("serde_yaml writes the value");
        let ours = to_string(value).expect("the writer writes the value");
        assert_eq!(ours, expected, "{value:?}");
    }

    /// A string as the document, a value, a key, an item, and nested at several indentations.
    fn placements(text: &str) -> [Value; 5] {
        [
            json!(text),
            json!({ text: text }),
            json!([text, [text], { "k": text }]),
            json!({ "a": { text: [text, { text: text, "b": [[text]] }] }, "c": [{ text: {} }] }),
            json!([{ text: [{ text: text }] }]),
        ]
    }

    #[test]
    fn strings_take_the_styles_serde_yaml_gives_them() {
        // Digits beyond the range of a float, with and without a leading zero.
        let long_digits = ["9".repeat(400), format!("0{}", "9".repeat(400)), format!("-0{}", "9".repeat(400))];
        for value in long_digits.iter().flat_map(|text| placements(text)) {
            assert_same(&value);
        }
        for text in NASTY {
            for value in placements(text) {
                assert_same(&value);
            }
        }
    }

    #[test]
    fn long_and_multiline_keys_take_a_question_mark() {
        let long = |n: usize| "k".repeat(n);
        // 128 bytes is the longest simple key, counted in bytes, not characters.
        let mut keys = vec![long(128), long(129), "é".repeat(64), "é".repeat(65), format!("{} a", long(200))];
        // Each text as the first line of a key that spans lines.
        keys.extend(NASTY.iter().map(|text| format!("{text}\n{}", long(130))));
        for key in &keys {
            assert_same(&json!({ key: 1, "next": 2 }));
            assert_same(&json!({ key: { "a": 1, "b": [1, { "c": 2 }] }, "z": [] }));
            assert_same(&json!([{ key: [1, [2, 3], { key: "x\ny" }] }]));
            assert_same(&json!({ "outer": { key: {}, "k": [] } }));
        }
    }

    #[test]
    fn collections_nest_as_serde_yaml_nests_them() {
        let values = [
            json!({}),
            json!([]),
            json!([[]]),
            json!([{}]),
            json!({ "a": {} }),
            json!({ "a": [] }),
            json!([[[1, 2], [], [[]]], [{}], [3]]),
            json!([{ "a": 1, "b": [2, { "c": [] }] }, { "d": { "e": {} } }]),
            json!({ "a": [{ "b": [{ "c": ["d", ["e"]] }] }], "f": { "g": [[{ "h": null }]] } }),
            json!({ "ключ": "значение", "😀": ["日本"], "é": { "ü": 1 } }),
            json!({ "multi": "a\nb\n", "list": ["c\n", " d\ne", "f\n\n"], "map": { "g": "\nh" } }),
        ];
        for value in &values {
            assert_same(value);
        }
    }

    /// Pieces of strings: indicators, quotes, blanks, breaks, controls, words and numbers YAML reads as
    /// something else, and text beyond ASCII.
    const PIECES: &[&str] = &[
        "a", "Z", "0", "1", "9", "007", ".", "e", "x", "0x", "inf", ".inf", "nan", "true", "null", "~", " ", "  ",
        "\n", "\t", "\r", "'", "\"", "\\", ":", ": ", "#", " #", "-", "- ", "---", "...", "?", "? ", "!", "&", "*",
        "|", ">", "%", "@", "`", ",", "[", "]", "{", "}", "+", "_", "0o", "0b", "F", "\0", "\u{7f}", "\u{85}",
        "\u{a0}", "\u{2028}", "\u{2029}", "\u{feff}", "é", "日本", "😀",
    ];

    fn nasty_string() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..8).prop_map(|pieces| pieces.concat())
    }

    fn nasty_value() -> impl Strategy<Value = Value> {
        let float = proptest::sample::select(vec![0.0, -0.0, 0.1, 1.0, -2.5, 1e300, 5e-324, 1e21, 123.456]);
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            float.prop_map(Value::from),
            any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
            nasty_string().prop_map(Value::String),
            nasty_string().prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((nasty_string(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Random trees of nasty strings, numbers and collections: the same bytes as serde_yaml, which read back
        /// as the value written.
        #[test]
        fn random_values_match_serde_yaml_and_read_back(value in nasty_value()) {
            let ours = to_string(&value).expect("the writer writes the value");
            prop_assert_eq!(&ours, &serde_yaml::to_string(&value).expect("serde_yaml writes the value"));
            let read: Value = serde_yaml::from_str(&ours).expect("the YAML reads back");
            prop_assert_eq!(read, value, "{}", ours);
        }
    }

    /// Every derived OpenAPI the project writes from its own inputs: the bundled specs and the construct
    /// fixtures.
    #[test]
    fn bundled_specs_and_construct_fixtures_match_serde_yaml() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let read = |path: &Path| std::fs::read_to_string(path).expect("a test input");
        let mut documents = Vec::new();
        let manifest = SourceFile::new("specs/specs.toml", read(&root.join("specs/specs.toml")));
        let mut diags = Diagnostics::new();
        for entry in parse_manifest(&manifest, &mut diags) {
            let path = format!("specs/{}", entry.documents[0]);
            let document = SourceFile::new(path.clone(), read(&root.join(&path)));
            let spec = generate_entry(&entry, &[document], "specs", &mut diags).expect("a bundled spec generates");
            documents.push((path, spec.openapi));
        }
        let mut fixtures: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/constructs"))
            .expect("the construct fixtures")
            .flatten()
            .map(|entry| entry.path())
            .collect();
        fixtures.sort();
        for path in fixtures {
            let document = SourceFile::new(path.display().to_string(), read(&path));
            let request =
                SpecRequest { module: "fixture", title: "Fixture", source: None, endpoints: None, pagination: &[] };
            if let Some(spec) = generate_spec_observed(&request, &document, &mut Diagnostics::new(), &mut |_| {}) {
                documents.push((path.display().to_string(), spec.openapi));
            }
        }
        assert!(documents.len() >= 20, "only {} documents generated", documents.len());
        for (path, openapi) in &documents {
            let expected = serde_yaml::to_string(openapi).expect("serde_yaml writes the document");
            let ours = to_string(openapi).expect("the writer writes the document");
            let at = ours.bytes().zip(expected.bytes()).take_while(|(a, b)| a == b).count();
            let excerpt = |text: &str| {
                String::from_utf8_lossy(&text.as_bytes()[at.saturating_sub(300)..])
                    .chars()
                    .take(400)
                    .collect::<String>()
            };
            assert!(
                ours == expected,
                "{path}: differs at byte {at}:\n{}\n--- serde_yaml:\n{}",
                excerpt(&ours),
                excerpt(&expected)
            );
        }
    }

    #[derive(Debug, Serialize)]
    enum Unit {
        Variant,
    }

    #[derive(Debug, Serialize)]
    struct Newtype(u8);

    #[derive(Debug, Serialize)]
    struct Empty;

    #[derive(Debug, Serialize)]
    struct Struct {
        flag: bool,
        nothing: Option<u8>,
        something: Option<&'static str>,
        unit: (),
        empty: Empty,
        variant: Unit,
        newtype: Newtype,
        chars: Vec<char>,
        pair: (i8, &'static str),
    }

    #[test]
    fn numbers_bools_chars_and_null_are_written_as_serde_yaml_writes_them() {
        assert_same(&(i8::MIN, i16::MIN, i32::MIN, i64::MIN, i128::MIN, -1, 0, 1));
        assert_same(&(
            i8::MAX,
            i16::MAX,
            i32::MAX,
            i64::MAX,
            i128::MAX,
            u8::MAX,
            u16::MAX,
            u32::MAX,
            u64::MAX,
            u128::MAX,
        ));
        #[rustfmt::skip]
        let doubles = [
            0.0, -0.0, 1.0, -1.0, 0.1, 0.3, 100.0, 1e15, 1e16, 1e17, 1e21, 1e300, -1e300, 5e-324, 1e-7, 123_456_789.125,
            f64::MAX, f64::MIN, f64::MIN_POSITIVE, f64::EPSILON, f64::NAN, f64::INFINITY, f64::NEG_INFINITY,
        ];
        assert_same(&doubles);
        assert_same(&[0.1f32, 1.0, -0.0, 16_777_217.0, f32::MAX, f32::MIN_POSITIVE, 1e-45, f32::NAN, f32::INFINITY]);
        assert_same(&f64::NEG_INFINITY);
        assert_same(&[true, false]);
        assert_same(&());
        assert_same(&None::<u8>);
        assert_same(&'\n');
        let chars = vec!['a', ' ', '\'', '"', '#', '-', '1', 't', '\t', '\n', '\r', '\u{85}', '\u{2028}', 'é', '😀'];
        let value = Struct {
            flag: true,
            nothing: None,
            something: Some("007"),
            unit: (),
            empty: Empty,
            variant: Unit::Variant,
            newtype: Newtype(7),
            chars,
            pair: (-3, "x"),
        };
        assert_same(&value);
        assert_same(&[value]);
        // Keys that are not strings.
        assert_same(&BTreeMap::from([(1, "a"), (-2, "b")]));
        assert_same(&BTreeMap::from([(true, 1), (false, 2)]));
        assert_same(&BTreeMap::from([(None, 1), (Some('x'), 2), (Some('\n'), 3)]));
        assert_same(&BTreeMap::from([((), [1.5])]));
    }

    #[derive(Debug, Serialize)]
    enum WithData {
        Newtype(u8),
        Tuple(u8, u8),
        Struct { field: u8 },
    }

    /// The deliberate differences: what serde_yaml writes as a YAML tag or a complex key is an error here (and
    /// the buffer is left as it was), and its tagged value is an ordinary mapping.
    #[test]
    fn variants_with_data_collection_keys_and_tags_differ_from_serde_yaml() {
        #[track_caller]
        fn assert_refused<T: Serialize + ?Sized>(value: &T) {
            let mut out = b"# kept\n".to_vec();
            assert!(to_writer(&mut out, value).is_err());
            assert_eq!(out, b"# kept\n");
        }
        assert_refused(&WithData::Newtype(1));
        assert_refused(&[WithData::Tuple(1, 2)]);
        assert_refused(&BTreeMap::from([("a", WithData::Struct { field: 1 })]));
        assert_refused(&BTreeMap::from([(vec![1], 1)]));
        assert_refused(&BTreeMap::from([(BTreeMap::from([(1, 2)]), 1)]));
        assert!(serde_yaml::to_string(&WithData::Newtype(1)).is_ok_and(|text| text == "!Newtype 1\n"));
        let tagged = serde_yaml::value::TaggedValue { tag: serde_yaml::value::Tag::new("x"), value: 1.into() };
        assert_eq!(serde_yaml::to_string(&tagged).ok().as_deref(), Some("!x 1\n"));
        assert_eq!(to_string(&tagged).ok().as_deref(), Some("'!x': 1\n"));
    }
}
