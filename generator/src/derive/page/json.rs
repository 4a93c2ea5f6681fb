//! JSON as documentation pages write it, read leniently: trailing commas, comments and elided `...` are
//! accepted and each noted at its place; every value keeps the offset it starts at, so that an example's
//! problems point into the page.

use serde_json::Value;

use crate::diagnostic::{line_column, Diagnostics, Location, SourceFile};
use crate::source_map::Embedding;

/// A JSON value with the byte offset (in the example text) where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    pub offset: usize,
    pub kind: JsonKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JsonKind {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<JsonMember>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsonMember {
    pub key: String,
    pub key_offset: usize,
    pub value: Json,
}

/// A JSON text read leniently: its value, and each liberty taken to read it (a trailing comma, a comment, an
/// elided `...`), so that the caller can warn about each at its place.
#[derive(Debug, Clone, PartialEq)]
pub struct LenientJson {
    pub value: Json,
    pub repairs: Vec<JsonNote>,
}

/// A place in a JSON text and what happened there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonNote {
    pub offset: usize,
    pub message: String,
}

/// A JSON example inside a page: its text and where that text sits, so offsets become page locations.
#[derive(Debug, Clone, Copy)]
pub struct ExampleText<'a> {
    pub file: &'a SourceFile,
    pub text: &'a str,
    pub embedding: Embedding,
}

impl<'a> ExampleText<'a> {
    /// A fenced code block's content: it starts on the line after the fence, shifted by the fence's indent.
    pub fn of_code(file: &'a SourceFile, code: &'a markdown::mdast::Code) -> ExampleText<'a> {
        let embedding = match &code.position {
            Some(position) => {
                Embedding { first_line: position.start.line + 1, column_shift: position.start.column - 1 }
            }
            None => Embedding::whole_file(),
        };
        ExampleText { file, text: &code.value, embedding }
    }

    pub fn location(&self, offset: usize) -> Location {
        let (line, column) = line_column(self.text, offset);
        self.embedding.locate(self.file, line, column)
    }
}

impl Json {
    /// The plain `serde_json` value (a duplicate key keeps its last value, as `serde_json` does).
    pub fn to_value(&self) -> Value {
        match &self.kind {
            JsonKind::Null => Value::Null,
            JsonKind::Bool(b) => Value::Bool(*b),
            JsonKind::Number(n) => Value::Number(n.clone()),
            JsonKind::String(s) => Value::String(s.clone()),
            JsonKind::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            JsonKind::Object(members) => {
                let mut map = serde_json::Map::new();
                for member in members {
                    map.insert(member.key.clone(), member.value.to_value());
                }
                Value::Object(map)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Reading examples

/// Reads a JSON example leniently, warning at the place of every liberty taken. `None` (with a warning) when
/// the text is not JSON even leniently; an example is never a reason to stop deriving the page.
pub fn read_example(example: ExampleText<'_>, what: &str, diags: &mut Diagnostics) -> Option<Json> {
    match read_json_lenient(example.text) {
        Ok(read) => {
            for repair in read.repairs {
                diags.warning_at(&example.location(repair.offset), format!("{what}: {}", repair.message));
            }
            Some(read.value)
        }
        Err(failure) => {
            diags.warning_at(
                &example.location(failure.offset),
                format!("{what} is not JSON ({}); no schema is inferred from it", failure.message),
            );
            None
        }
    }
}

/// Whether a text looks like it is meant to be JSON (so that a parse failure is worth a warning, and a
/// `bash` block is not mistaken for a body).
pub fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '['))
}

/// Reads JSON, accepting what documentation pages get wrong: trailing commas, `//` and `/* */` comments, and a
/// lone `...` standing for elided elements. Every such liberty is recorded; anything else is an error.
pub fn read_json_lenient(text: &str) -> Result<LenientJson, JsonNote> {
    let mut reader = JsonReader { text, bytes: text.as_bytes(), pos: 0, repairs: Vec::new() };
    reader.skip_space()?;
    let value = match reader.read_value(0)? {
        Some(value) => value,
        None => return Err(reader.error("expected a JSON value, found `...`")),
    };
    reader.skip_space()?;
    if reader.pos < reader.bytes.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(LenientJson { value, repairs: reader.repairs })
}

/// Deeper nesting than this is refused rather than risking the stack on hostile input.
pub(crate) const MAX_JSON_DEPTH: usize = 128;

struct JsonReader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    repairs: Vec<JsonNote>,
}

impl JsonReader<'_> {
    fn error(&self, message: &str) -> JsonNote {
        JsonNote { offset: self.pos, message: message.to_owned() }
    }

    fn note(&mut self, offset: usize, message: &str) {
        self.repairs.push(JsonNote { offset, message: message.to_owned() });
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace and comments (noting each comment).
    fn skip_space(&mut self) -> Result<(), JsonNote> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    self.note(self.pos, "a `//` comment is not JSON; ignored");
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    let start = self.pos;
                    match self.text[self.pos + 2..].find("*/") {
                        Some(end) => self.pos += 2 + end + 2,
                        None => return Err(self.error("a `/*` comment is never closed")),
                    }
                    self.note(start, "a `/* */` comment is not JSON; ignored");
                }
                _ => return Ok(()),
            }
        }
    }

    /// A value, or `None` for an elided `...` (noted).
    fn read_value(&mut self, depth: usize) -> Result<Option<Json>, JsonNote> {
        if depth > MAX_JSON_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        let offset = self.pos;
        let kind = match self.peek() {
            None => return Err(self.error("unexpected end of the example")),
            Some(b'{') => self.read_object(depth)?,
            Some(b'[') => self.read_array(depth)?,
            Some(b'"') => JsonKind::String(self.read_string()?),
            Some(b'-' | b'0'..=b'9') => self.read_number()?,
            Some(b'.') if self.text[self.pos..].starts_with("...") => {
                self.pos += 3;
                // `…` after the dots (`...more`) is part of the same placeholder.
                while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'.') {
                    self.pos += 1;
                }
                self.note(offset, "`...` stands for elided content, which is not JSON; skipped");
                return Ok(None);
            }
            Some(_) => {
                let word = self.text[self.pos..].split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("");
                let kind = match word {
                    "null" => JsonKind::Null,
                    "true" => JsonKind::Bool(true),
                    "false" => JsonKind::Bool(false),
                    _ => {
                        return Err(
                            self.error("expected a JSON value (an object, array, string, number, true, false or null)")
                        )
                    }
                };
                self.pos += word.len();
                kind
            }
        };
        Ok(Some(Json { offset, kind }))
    }

    fn read_object(&mut self, depth: usize) -> Result<JsonKind, JsonNote> {
        self.pos += 1;
        let mut members: Vec<JsonMember> = Vec::new();
        let mut comma_at: Option<usize> = None;
        loop {
            self.skip_space()?;
            match self.peek() {
                Some(b'}') => {
                    if let Some(comma) = comma_at {
                        self.note(comma, "trailing comma is not JSON; accepted");
                    }
                    self.pos += 1;
                    return Ok(JsonKind::Object(members));
                }
                Some(b'"') => {
                    let key_offset = self.pos;
                    let key = self.read_string()?;
                    self.skip_space()?;
                    if self.peek() != Some(b':') {
                        return Err(self.error("expected `:` after an object key"));
                    }
                    self.pos += 1;
                    self.skip_space()?;
                    if let Some(value) = self.read_value(depth + 1)? {
                        if members.iter().any(|m| m.key == key) {
                            self.note(key_offset, &format!("duplicate key `{key}`; the last value is kept"));
                        }
                        members.push(JsonMember { key, key_offset, value });
                    }
                }
                // `{ "a": 1, ... }`: elided members.
                Some(b'.') if self.text[self.pos..].starts_with("...") => {
                    let _ = self.read_value(depth + 1)?;
                }
                Some(_) => return Err(self.error("expected a quoted object key")),
                None => return Err(self.error("unexpected end of the example: an object is not closed")),
            }
            self.skip_space()?;
            comma_at = None;
            match self.peek() {
                Some(b',') => {
                    comma_at = Some(self.pos);
                    self.pos += 1;
                }
                Some(b'}') => {}
                None => return Err(self.error("unexpected end of the example: an object is not closed")),
                Some(_) => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn read_array(&mut self, depth: usize) -> Result<JsonKind, JsonNote> {
        self.pos += 1;
        let mut items = Vec::new();
        let mut expecting_item = true;
        let mut comma_at: Option<usize> = None;
        loop {
            self.skip_space()?;
            match self.peek() {
                Some(b']') => {
                    if let Some(comma) = comma_at {
                        self.note(comma, "trailing comma is not JSON; accepted");
                    }
                    self.pos += 1;
                    return Ok(JsonKind::Array(items));
                }
                None => return Err(self.error("unexpected end of the example: an array is not closed")),
                Some(_) if !expecting_item => return Err(self.error("expected `,` or `]`")),
                Some(_) => {
                    if let Some(item) = self.read_value(depth + 1)? {
                        items.push(item);
                    }
                }
            }
            self.skip_space()?;
            comma_at = None;
            match self.peek() {
                Some(b',') => {
                    comma_at = Some(self.pos);
                    self.pos += 1;
                    expecting_item = true;
                }
                _ => expecting_item = false,
            }
        }
    }

    /// A string literal, decoded by `serde_json` so that escapes follow JSON exactly.
    fn read_string(&mut self) -> Result<String, JsonNote> {
        let start = self.pos;
        let mut index = self.pos + 1;
        loop {
            match self.bytes.get(index) {
                None => return Err(self.error("a string is never closed")),
                Some(b'\\') => index += 2,
                Some(b'"') => break,
                Some(_) => index += 1,
            }
        }
        let literal = self.text.get(start..=index).unwrap_or("");
        match serde_json::from_str::<String>(literal) {
            Ok(value) => {
                self.pos = index + 1;
                Ok(value)
            }
            Err(error) => Err(self.error(&format!("invalid string: {}", strip_position(&error.to_string())))),
        }
    }

    fn read_number(&mut self) -> Result<JsonKind, JsonNote> {
        let start = self.pos;
        let mut end = self.pos;
        while matches!(self.bytes.get(end), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
            end += 1;
        }
        match serde_json::from_str::<serde_json::Number>(&self.text[start..end]) {
            Ok(number) => {
                self.pos = end;
                Ok(JsonKind::Number(number))
            }
            Err(_) => Err(self.error(&format!("invalid number `{}`", &self.text[start..end]))),
        }
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_comma_is_accepted_with_its_place() {
        let text = "{\n    \"num_results\": \"5\",\n    \"page_key\": \"\",\n}";
        let read = read_json_lenient(text).unwrap();
        assert_eq!(read.value.to_value(), serde_json::json!({"num_results": "5", "page_key": ""}));
        assert_eq!(read.repairs.len(), 1);
        assert_eq!(line_column(text, read.repairs[0].offset), (3, 19));
    }

    #[test]
    fn comments_and_elisions_are_noted() {
        let text = "{ // the id\n \"a\": [1, 2, ...], /* more */ \"b\": null, ... }";
        let read = read_json_lenient(text).unwrap();
        assert_eq!(read.value.to_value(), serde_json::json!({"a": [1, 2], "b": null}));
        let messages: Vec<&str> = read.repairs.iter().map(|r| r.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert_eq!(messages.iter().filter(|m| m.contains("comment")).count(), 2, "{messages:?}");
        let read = read_json_lenient("[1, 2,\n]").unwrap();
        assert_eq!(read.repairs[0].offset, 5, "the trailing comma itself");
    }

    #[test]
    fn broken_json_is_an_error_with_a_place() {
        for text in
            ["{\"a\": }", "{\"a\" 1}", "[1 2]", "{\"a\": 1", "curl -X POST", "{\"a\": tru}", "\"x", "{} x", "", "[,]"]
        {
            assert!(read_json_lenient(text).is_err(), "{text:?} should fail");
        }
        let failure = read_json_lenient("{\n  \"a\": 1\n  \"b\": 2\n}").unwrap_err();
        assert_eq!(line_column("{\n  \"a\": 1\n  \"b\": 2\n}", failure.offset), (3, 3));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = "[".repeat(100_000);
        assert!(read_json_lenient(&text).is_err());
    }

    #[test]
    fn strings_and_numbers_follow_json() {
        let read = read_json_lenient(r#"["a\"b\u00e9", -1.5e3, 18446744073709551615, 7]"#).unwrap();
        assert_eq!(read.value.to_value(), serde_json::json!(["a\"bé", -1500.0, 18446744073709551615u64, 7]));
        assert!(read_json_lenient("[01]").is_err());
    }
}
