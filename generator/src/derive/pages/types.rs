//! The one grammar of the type strings documentation pages write, shared by every page reader.
//!
//! Pages name types in the words of the language their generator or author had in mind: `string | null`,
//! `X[]`, `array of X`, `Array<X>`, `list[X]`, `List[X]`, `Optional[int]`, `OptionalNullable[str]`,
//! `Dict[str, Any]`, `map[string]X`, `Record<string, X>`, `integer (int64)`, `string(date-time)`,
//! `string <uuid>`, `enum`, `datetime`, and names of models (`Message`, `models.Message`). [`parse`] reads
//! all of these into a [`TypeExpr`]; [`TypeExpr::schema`] writes the JSON Schema of OpenAPI 3.0.

use serde_json::{json, Map, Value};

/// A type as a page states it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A JSON type with an optional format: `("string", Some("date-time"))`.
    Primitive(&'static str, Option<String>),
    Array(Box<TypeExpr>),
    /// An object with values of one type (`Dict[str, X]`, `map[string]X`).
    Map(Box<TypeExpr>),
    /// A free-form object (`object`, `dict`, `json`).
    Object,
    /// Any value (`any`, a union of several types).
    Any,
    /// A named type: a model the pages define (or not).
    Named(String),
    /// The type, and that `null` is allowed (`X | null`, `Nullable[X]`, `?X`).
    Nullable(Box<TypeExpr>),
}

impl TypeExpr {
    /// Whether the expression allows `null` at its top.
    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeExpr::Nullable(_))
    }

    /// The expression without a top-level `Nullable`.
    pub fn non_null(&self) -> &TypeExpr {
        match self {
            TypeExpr::Nullable(inner) => inner,
            other => other,
        }
    }

    /// Every model name the expression uses.
    pub fn names(&self) -> Vec<&str> {
        match self {
            TypeExpr::Named(name) => vec![name.as_str()],
            TypeExpr::Array(inner) | TypeExpr::Map(inner) | TypeExpr::Nullable(inner) => inner.names(),
            _ => Vec::new(),
        }
    }

    /// The JSON Schema of the expression; `reference` turns a model name into a schema (a `$ref`, or a free
    /// form when the pages never define it).
    pub fn schema(&self, reference: &mut dyn FnMut(&str) -> Value) -> Value {
        match self {
            TypeExpr::Primitive(kind, format) => {
                let mut schema = Map::new();
                schema.insert("type".into(), Value::String((*kind).into()));
                if let Some(format) = format {
                    schema.insert("format".into(), Value::String(format.clone()));
                }
                Value::Object(schema)
            }
            TypeExpr::Array(items) => json!({"type": "array", "items": items.schema(reference)}),
            TypeExpr::Map(values) => json!({"type": "object", "additionalProperties": values.schema(reference)}),
            TypeExpr::Object => json!({"type": "object"}),
            TypeExpr::Any => json!({}),
            TypeExpr::Named(name) => reference(name),
            TypeExpr::Nullable(inner) => {
                let schema = inner.schema(reference);
                if schema.get("$ref").is_some() {
                    json!({"allOf": [schema], "nullable": true})
                } else {
                    let mut schema = schema;
                    if let Some(map) = schema.as_object_mut() {
                        map.insert("nullable".into(), Value::Bool(true));
                    }
                    schema
                }
            }
        }
    }
}

/// Reads a type string. `None` when the text is not a type (prose, an empty cell).
pub fn parse(text: &str) -> Option<TypeExpr> {
    let cleaned: String = text.replace(['*', '`', '\\'], "").replace("&lt;", "<").replace("&gt;", ">");
    let cleaned = cleaned.trim().trim_end_matches(['.', ',', ';']).trim();
    if cleaned.is_empty() || cleaned.len() > 120 {
        return None;
    }
    let mut parser = Parser { tokens: tokenize(cleaned), at: 0 };
    let expr = parser.union(0)?;
    // Words after the type in brackets or after a comma (`string, optional`, `boolean (default true)`) are the
    // caller's business; anything else means the text was prose, not a type.
    match parser.peek() {
        None | Some(Token::Comma | Token::Open('(')) => Some(expr),
        Some(_) => None,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Open(char),
    Close(char),
    Comma,
    Bar,
    Question,
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            tokens.push(Token::Word(std::mem::take(word)));
        }
    };
    for ch in text.chars() {
        match ch {
            '[' | '<' | '(' | '{' => {
                flush(&mut word, &mut tokens);
                tokens.push(Token::Open(ch));
            }
            ']' | '>' | ')' | '}' => {
                flush(&mut word, &mut tokens);
                tokens.push(Token::Close(ch));
            }
            ',' => {
                flush(&mut word, &mut tokens);
                tokens.push(Token::Comma);
            }
            // widdershins writes unions with a broken bar (`string¦null`): markdown tables keep `|` for cells.
            '|' | '¦' => {
                flush(&mut word, &mut tokens);
                tokens.push(Token::Bar);
            }
            '?' => {
                flush(&mut word, &mut tokens);
                tokens.push(Token::Question);
            }
            c if c.is_whitespace() => flush(&mut word, &mut tokens),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut tokens);
    tokens
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

const MAX_DEPTH: usize = 16;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn eat(&mut self, token: &Token) -> bool {
        if self.peek() == Some(token) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// `A | B | null`, `A or B`.
    fn union(&mut self, depth: usize) -> Option<TypeExpr> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut members = vec![self.postfix(depth)?];
        loop {
            if self.eat(&Token::Bar) {
                members.push(self.postfix(depth)?);
            } else if matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case("or")) {
                let save = self.at;
                self.at += 1;
                match self.postfix(depth) {
                    Some(member) => members.push(member),
                    None => {
                        self.at = save;
                        break;
                    }
                }
            } else {
                break;
            }
        }
        Some(union_of(members))
    }

    /// A term followed by `[]` (any number) or `?`.
    fn postfix(&mut self, depth: usize) -> Option<TypeExpr> {
        let mut expr = self.term(depth)?;
        loop {
            if self.peek() == Some(&Token::Open('[')) && self.tokens.get(self.at + 1) == Some(&Token::Close(']')) {
                self.at += 2;
                expr = TypeExpr::Array(Box::new(expr));
            } else if self.eat(&Token::Question) {
                expr = nullable(expr);
            } else {
                return Some(expr);
            }
        }
    }

    fn term(&mut self, depth: usize) -> Option<TypeExpr> {
        match self.next()? {
            Token::Question => Some(nullable(self.term(depth + 1)?)),
            // `[]X` (Go) or `[X]` (a list of X).
            Token::Open('[') => {
                if self.eat(&Token::Close(']')) {
                    return Some(TypeExpr::Array(Box::new(self.term(depth + 1)?)));
                }
                let inner = self.union(depth + 1)?;
                self.eat(&Token::Close(']'));
                Some(TypeExpr::Array(Box::new(inner)))
            }
            Token::Open('(') => {
                let inner = self.union(depth + 1)?;
                self.eat(&Token::Close(')'));
                Some(inner)
            }
            Token::Word(word) => self.word(word, depth),
            _ => None,
        }
    }

    /// The arguments of a generic: `[A]`, `<A, B>`; empty when there are none.
    fn arguments(&mut self, depth: usize) -> Vec<TypeExpr> {
        let Some(Token::Open(open @ ('[' | '<'))) = self.peek().cloned() else { return Vec::new() };
        let close = if open == '[' { ']' } else { '>' };
        if self.tokens.get(self.at + 1) == Some(&Token::Close(close)) {
            return Vec::new();
        }
        self.at += 1;
        let mut arguments = Vec::new();
        while let Some(argument) = self.union(depth + 1) {
            arguments.push(argument);
            if !self.eat(&Token::Comma) {
                break;
            }
        }
        self.eat(&Token::Close(close));
        arguments
    }

    fn word(&mut self, word: String, depth: usize) -> Option<TypeExpr> {
        let lower = word.to_ascii_lowercase();
        match lower.as_str() {
            "optional" | "option" | "maybe" => {
                let mut arguments = self.arguments(depth);
                if arguments.is_empty() {
                    return None;
                }
                Some(arguments.swap_remove(0))
            }
            "nullable" | "optionalnullable" => {
                let mut arguments = self.arguments(depth);
                if arguments.is_empty() {
                    return Some(TypeExpr::Any);
                }
                Some(nullable(arguments.swap_remove(0)))
            }
            "list" | "array" | "vec" | "set" | "sequence" | "iterable" | "tuple" | "slice" => {
                let arguments = self.arguments(depth);
                if let Some(first) = arguments.into_iter().next() {
                    return Some(TypeExpr::Array(Box::new(first)));
                }
                // `array of X`, `list of X`.
                if matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case("of")) {
                    self.at += 1;
                    let inner = self.postfix(depth + 1)?;
                    return Some(TypeExpr::Array(Box::new(inner)));
                }
                // `array lnrpcChannel` (protobuf references): the item type follows. Written in lower case only
                // (`List Templates` is a title).
                let lower_case = word == lower;
                if lower_case
                    && matches!(self.peek(), Some(Token::Word(w)) if !matches!(w.to_ascii_lowercase().as_str(), "or" | "and" | "of"))
                {
                    let save = self.at;
                    if let Some(inner) = self.postfix(depth + 1) {
                        return Some(TypeExpr::Array(Box::new(inner)));
                    }
                    self.at = save;
                }
                Some(TypeExpr::Array(Box::new(TypeExpr::Any)))
            }
            "dict" | "map" | "record" | "hashmap" | "mapping" | "object" | "hash" | "dictionary" => {
                // `map[string]X` (Go): the key in brackets, the value after.
                if lower == "map" && self.peek() == Some(&Token::Open('[')) {
                    let save = self.at;
                    let key = self.arguments(depth);
                    if key.len() == 1
                        && !matches!(self.peek(), None | Some(Token::Comma | Token::Close(_) | Token::Bar))
                    {
                        if let Some(value) = self.postfix(depth + 1) {
                            return Some(TypeExpr::Map(Box::new(value)));
                        }
                    }
                    self.at = save;
                }
                let arguments = self.arguments(depth);
                match arguments.len() {
                    0 => Some(TypeExpr::Object),
                    1 if lower == "object" => Some(TypeExpr::Object),
                    _ => {
                        let value = arguments.into_iter().next_back().unwrap_or(TypeExpr::Any);
                        Some(match value {
                            TypeExpr::Any => TypeExpr::Object,
                            value => TypeExpr::Map(Box::new(value)),
                        })
                    }
                }
            }
            "of" | "or" | "and" => None,
            _ => {
                // `Date` (JavaScript's, in TypeScript SDKs) is a moment in time; `date` and `LocalDate` a day.
                let primitive = if word == "Date" {
                    Some(TypeExpr::Primitive("string", Some("date-time".into())))
                } else {
                    primitive(&lower)
                };
                // `integer (int64)`, `string(date-time)`, `string <uuid>`: a format in brackets.
                if let Some(TypeExpr::Primitive(kind, None)) = &primitive {
                    if let Some(Token::Open('(' | '<')) = self.peek() {
                        if let (Some(Token::Word(format)), Some(Token::Close(_))) =
                            (self.tokens.get(self.at + 1).cloned(), self.tokens.get(self.at + 2))
                        {
                            self.at += 3;
                            return Some(with_format(kind, &format));
                        }
                    }
                    // `string:date-time`
                }
                if let Some(primitive) = primitive {
                    return Some(primitive);
                }
                if let Some((kind, format)) = lower.split_once(':') {
                    if let Some(TypeExpr::Primitive(kind, None)) = primitive_of(kind) {
                        return Some(with_format(kind, format));
                    }
                }
                if is_type_name(&word) {
                    // A generic model (`Page<Item>`) is its name; the arguments are skipped.
                    let _ = self.arguments(depth);
                    Some(TypeExpr::Named(word))
                } else {
                    None
                }
            }
        }
    }
}

fn primitive(lower: &str) -> Option<TypeExpr> {
    primitive_of(lower)
}

fn primitive_of(lower: &str) -> Option<TypeExpr> {
    let expr = match lower {
        "string" | "str" | "text" | "char" | "varchar" | "email" | "url" | "uri" | "password" | "binary" | "byte"
        | "bytes" | "base64" | "markdown" | "html" | "strings" => TypeExpr::Primitive("string", None),
        "integer" | "int" | "int32" | "int64" | "uint" | "uint32" | "uint64" | "long" | "short" | "usize" | "i32"
        | "i64" | "u32" | "u64" | "bigint" | "int8" | "int16" | "uint8" | "uint16" | "integers" => {
            TypeExpr::Primitive("integer", None)
        }
        "number" | "float" | "double" | "decimal" | "float32" | "float64" | "f32" | "f64" | "numeric" | "real"
        | "numbers" => TypeExpr::Primitive("number", None),
        "boolean" | "bool" | "booleans" => TypeExpr::Primitive("boolean", None),
        "datetime" | "date-time" | "timestamp" | "time.time" | "instant" | "offsetdatetime" | "zoneddatetime" => {
            TypeExpr::Primitive("string", Some("date-time".into()))
        }
        "date" | "localdate" => TypeExpr::Primitive("string", Some("date".into())),
        "uuid" | "guid" => TypeExpr::Primitive("string", Some("uuid".into())),
        "enum" | "enumeration" => TypeExpr::Primitive("string", None),
        "any" | "unknown" | "mixed" | "interface{}" | "value" => TypeExpr::Any,
        "json" | "jsonobject" | "jsonvalue" => TypeExpr::Object,
        "null" | "none" | "nil" => TypeExpr::Primitive("null", None),
        _ => return None,
    };
    Some(expr)
}

fn with_format(kind: &'static str, format: &str) -> TypeExpr {
    let format = format.trim().to_ascii_lowercase();
    match (kind, format.as_str()) {
        ("string", "datetime" | "date-time" | "timestamp") => TypeExpr::Primitive("string", Some("date-time".into())),
        (_, "") => TypeExpr::Primitive(kind, None),
        _ => TypeExpr::Primitive(kind, Some(format)),
    }
}

/// A model name: letters, digits, `_`, `.` and `-`, starting with a letter (`models.Message`, `OpenAI.Error`).
fn is_type_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && word.len() <= 80
}

fn nullable(expr: TypeExpr) -> TypeExpr {
    match expr {
        TypeExpr::Nullable(_) => expr,
        other => TypeExpr::Nullable(Box::new(other)),
    }
}

/// `A | null` is a nullable `A`; a union of several types is any value.
fn union_of(members: Vec<TypeExpr>) -> TypeExpr {
    let has_null = members.iter().any(|m| matches!(m, TypeExpr::Primitive("null", _)));
    let mut rest: Vec<TypeExpr> =
        members.into_iter().filter(|m| !matches!(m, TypeExpr::Primitive("null", _))).collect();
    rest.dedup();
    let expr = match rest.len() {
        0 => TypeExpr::Any,
        1 => rest.swap_remove(0),
        _ => {
            // `string | string[]` and the like: several shapes, any value.
            TypeExpr::Any
        }
    };
    if has_null {
        nullable(expr)
    } else {
        expr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_array_followed_by_its_item_type() {
        assert_eq!(
            parse("array lnrpcChannel"),
            Some(TypeExpr::Array(Box::new(TypeExpr::Named("lnrpcChannel".into()))))
        );
        assert_eq!(parse("array of string"), parse("string[]"));
        assert_eq!(parse("List Templates"), None, "a title");
        assert_eq!(parse("string¦null"), parse("string | null"));
        assert_eq!(parse("*Date*"), Some(TypeExpr::Primitive("string", Some("date-time".into()))));
        assert_eq!(parse("date"), Some(TypeExpr::Primitive("string", Some("date".into()))));
    }

    /// The schema of a type string, as JSON text with keys in a fixed order (`"none"`: not a type).
    fn show(text: &str) -> String {
        match parse(text) {
            Some(expr) => {
                let schema = expr.schema(&mut |name| json!({"$ref": name}));
                let sorted: std::collections::BTreeMap<String, Value> =
                    schema.as_object().cloned().unwrap_or_default().into_iter().collect();
                serde_json::to_string(&sorted).unwrap_or_default()
            }
            None => "none".into(),
        }
    }

    #[test]
    fn the_spellings_pages_use() {
        assert_eq!(show("string"), r#"{"type":"string"}"#);
        assert_eq!(show("*Optional[int]*"), r#"{"type":"integer"}"#);
        assert_eq!(show("string | null"), r#"{"nullable":true,"type":"string"}"#);
        assert_eq!(show("OpenAI.Error[]"), r#"{"items":{"$ref":"OpenAI.Error"},"type":"array"}"#);
        assert_eq!(show("array of string"), r#"{"items":{"type":"string"},"type":"array"}"#);
        assert_eq!(show("List[models.Message]"), r#"{"items":{"$ref":"models.Message"},"type":"array"}"#);
        assert_eq!(show("Dict[str, Any]"), r#"{"type":"object"}"#);
        assert_eq!(show("map[string]int"), r#"{"additionalProperties":{"type":"integer"},"type":"object"}"#);
        assert_eq!(show("Record<string, number>"), r#"{"additionalProperties":{"type":"number"},"type":"object"}"#);
        assert_eq!(show("integer (int64)"), r#"{"format":"int64","type":"integer"}"#);
        assert_eq!(show("string(date-time)"), r#"{"format":"date-time","type":"string"}"#);
        assert_eq!(show("datetime"), r#"{"format":"date-time","type":"string"}"#);
        assert_eq!(show("[]string"), r#"{"items":{"type":"string"},"type":"array"}"#);
        assert_eq!(show("OptionalNullable[str]"), r#"{"nullable":true,"type":"string"}"#);
        assert_eq!(show("string | number"), r#"{}"#);
        assert_eq!(show("boolean (default true)"), r#"{"type":"boolean"}"#);
        assert_eq!(show("This is a sentence about things."), "none");
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "List[".repeat(200) + "int" + &"]".repeat(200);
        assert!(parse(&deep).is_none());
    }
}
