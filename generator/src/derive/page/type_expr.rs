//! The one grammar of the type strings documentation pages write, shared by every front-end (the page
//! reader, the reference-table reader, the component and example-page readers).
//!
//! Pages name types in the words of the language their generator or author had in mind: `string | null`,
//! `X[]`, `array of X`, `Array<X>`, `list[X]`, `List[X]`, `Optional[int]`, `OptionalNullable[str]`,
//! `Dict[str, Any]`, `map[string]X`, `Record<string, X>`, `integer (int64)`, `string(date-time)`,
//! `string <uuid>`, `enum`, `datetime`, literal unions (`"asc" | "desc"`), and names of models (`Message`,
//! `models.Message`). [`parse`] reads all of these into a [`TypeExpr`] from a cell that may say more after
//! the type; [`parse_exact`] reads a cell that holds a type and nothing else, and says what is wrong when it
//! cannot; [`TypeExpr::schema`] writes the JSON Schema of OpenAPI 3.0.

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
    /// `enum`: the values are stated elsewhere (a list of values, `_Enum:_` markers).
    Enum,
    /// Literal values (`"asc" | "desc"`, `1 | 2`).
    Literals(Vec<Value>),
    /// Two or more types (`string | integer`); `null` members make the union [`TypeExpr::Nullable`].
    Union(Vec<TypeExpr>),
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
            TypeExpr::Union(members) => members.iter().flat_map(TypeExpr::names).collect(),
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
            TypeExpr::Enum => json!({"type": "string"}),
            TypeExpr::Literals(values) => {
                let kind = if values.iter().all(Value::is_string) {
                    "string"
                } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
                    "integer"
                } else {
                    "number"
                };
                json!({"type": kind, "enum": values})
            }
            // Several shapes: any value.
            TypeExpr::Any | TypeExpr::Union(_) => json!({}),
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
    let mut parser = Parser { tokens: tokenize(cleaned).ok()?, at: 0 };
    let expr = parser.union(0)?;
    // Words after the type in brackets or after a comma (`string, optional`, `boolean (default true)`) are the
    // caller's business; anything else means the text was prose, not a type.
    match parser.peek() {
        None | Some(Token::Comma | Token::Open('(')) => Some(expr),
        Some(_) => None,
    }
}

/// Reads a cell that holds a type and nothing else (a code span of a reference table, a component's `type`
/// prop). The error says what is wrong, for a warning.
pub fn parse_exact(text: &str) -> Result<TypeExpr, String> {
    // No page writes a type this long; a hostile one (`string[][]…`) must not build a deep tree.
    if text.len() > MAX_TYPE_TEXT {
        return Err(format!("the type is longer than {MAX_TYPE_TEXT} characters"));
    }
    let tokens = tokenize(text.trim())?;
    if tokens.is_empty() {
        return Err("the type is empty".to_owned());
    }
    let mut open: Vec<char> = Vec::new();
    for token in &tokens {
        match token {
            Token::Open(c) => open.push(*c),
            Token::Close(c) => {
                let wanted = match open.pop() {
                    Some('[') => ']',
                    Some('(') => ')',
                    Some('<') => '>',
                    Some(_) => '}',
                    None => return Err(format!("unexpected `{c}`")),
                };
                if *c != wanted {
                    return Err(format!("expected `{wanted}` but found `{c}`"));
                }
            }
            _ => {}
        }
    }
    if let Some(c) = open.last() {
        return Err(format!("`{c}` is never closed"));
    }
    let mut parser = Parser { tokens, at: 0 };
    let Some(expr) = parser.union(0) else {
        return Err(match parser.tokens.get(parser.at.saturating_sub(1)) {
            Some(Token::Word(word)) => format!("unknown type `{word}`"),
            Some(token) => format!("unexpected {}", describe(token)),
            None => "a type is missing".to_owned(),
        });
    };
    match parser.peek() {
        None => Ok(expr),
        Some(token) => Err(format!("unexpected {} after the type", describe(token))),
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Word(word) => format!("`{word}`"),
        Token::Literal(value) => format!("`{value}`"),
        Token::Open(c) | Token::Close(c) => format!("`{c}`"),
        Token::Comma => "`,`".to_owned(),
        Token::Bar => "`|`".to_owned(),
        Token::Question => "`?`".to_owned(),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    /// A quoted string or a number.
    Literal(Value),
    Open(char),
    Close(char),
    Comma,
    Bar,
    Question,
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, tokens: &mut Vec<Token>| {
        if word.is_empty() {
            return;
        }
        let taken = std::mem::take(word);
        // A number is a literal (`1 | 2`); `int32` and the like are words.
        let number = taken
            .starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
            .then(|| serde_json::from_str::<Value>(taken.trim_start_matches('+')).ok())
            .flatten()
            .filter(Value::is_number);
        tokens.push(number.map_or(Token::Word(taken), Token::Literal));
    };
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '"' | '\'' if word.is_empty() => {
                let mut literal = String::new();
                let mut closed = false;
                for next in chars.by_ref() {
                    if next == ch {
                        closed = true;
                        break;
                    }
                    literal.push(next);
                }
                if !closed {
                    return Err("an unterminated quoted literal".to_owned());
                }
                tokens.push(Token::Literal(Value::String(literal)));
            }
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
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

const MAX_DEPTH: usize = 16;

/// The longest type string [`parse_exact`] reads.
const MAX_TYPE_TEXT: usize = 1024;

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
            Token::Literal(value) => Some(TypeExpr::Literals(vec![value])),
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
            // `enum<string>`: an enumeration of that type (its values stated elsewhere).
            "enum" if matches!(self.peek(), Some(Token::Open('<'))) => {
                let mut arguments = self.arguments(depth);
                if arguments.is_empty() {
                    return Some(TypeExpr::Enum);
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
        "string" | "str" | "text" | "char" | "varchar" | "bytes" | "markdown" | "html" | "strings" => {
            TypeExpr::Primitive("string", None)
        }
        "email" => TypeExpr::Primitive("string", Some("email".into())),
        "url" | "uri" => TypeExpr::Primitive("string", Some("uri".into())),
        "password" => TypeExpr::Primitive("string", Some("password".into())),
        "binary" | "file" => TypeExpr::Primitive("string", Some("binary".into())),
        "byte" | "base64" => TypeExpr::Primitive("string", Some("byte".into())),
        "int32" | "i32" => TypeExpr::Primitive("integer", Some("int32".into())),
        "int64" | "i64" => TypeExpr::Primitive("integer", Some("int64".into())),
        "integer" | "int" | "uint" | "uint32" | "uint64" | "long" | "short" | "usize" | "u32" | "u64" | "bigint"
        | "int8" | "int16" | "uint8" | "uint16" | "integers" => TypeExpr::Primitive("integer", None),
        "float" | "float32" | "f32" => TypeExpr::Primitive("number", Some("float".into())),
        "double" | "float64" | "f64" => TypeExpr::Primitive("number", Some("double".into())),
        "number" | "decimal" | "numeric" | "real" | "numbers" => TypeExpr::Primitive("number", None),
        "boolean" | "bool" | "booleans" => TypeExpr::Primitive("boolean", None),
        "datetime" | "date-time" | "timestamp" | "time.time" | "instant" | "offsetdatetime" | "zoneddatetime" => {
            TypeExpr::Primitive("string", Some("date-time".into()))
        }
        "date" | "localdate" => TypeExpr::Primitive("string", Some("date".into())),
        "uuid" | "guid" => TypeExpr::Primitive("string", Some("uuid".into())),
        "enum" | "enumeration" => TypeExpr::Enum,
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

/// `A | null` is a nullable `A`; literals together are one set of values; several types are a union.
fn union_of(members: Vec<TypeExpr>) -> TypeExpr {
    let mut has_null = false;
    let mut flat: Vec<TypeExpr> = Vec::new();
    let mut pending = members;
    pending.reverse();
    while let Some(member) = pending.pop() {
        match member {
            TypeExpr::Primitive("null", _) => has_null = true,
            TypeExpr::Nullable(inner) => {
                has_null = true;
                pending.push(*inner);
            }
            TypeExpr::Union(inner) => pending.extend(inner.into_iter().rev()),
            other => flat.push(other),
        }
    }
    let expr = if !flat.is_empty() && flat.iter().all(|m| matches!(m, TypeExpr::Literals(_))) {
        let mut values = Vec::new();
        for member in flat {
            if let TypeExpr::Literals(more) = member {
                values.extend(more);
            }
        }
        TypeExpr::Literals(values)
    } else {
        let mut unique: Vec<TypeExpr> = Vec::new();
        for member in flat {
            if !unique.contains(&member) {
                unique.push(member);
            }
        }
        match unique.len() {
            0 => TypeExpr::Primitive("null", None),
            1 => unique.swap_remove(0),
            _ => TypeExpr::Union(unique),
        }
    };
    if has_null && !matches!(expr, TypeExpr::Primitive("null", _)) {
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
        assert_eq!(parse("\"asc\" | \"desc\""), Some(TypeExpr::Literals(vec!["asc".into(), "desc".into()])));
        assert_eq!(parse_exact("X["), Err("`[` is never closed".to_owned()));
        assert_eq!(parse_exact("enum<string>"), Ok(TypeExpr::Primitive("string", None)));
        assert_eq!(parse_exact("enum"), Ok(TypeExpr::Enum));
        assert_eq!(parse_exact("a b"), Err("unexpected `b` after the type".to_owned()));
        assert!(parse_exact("\"open").is_err());
        assert_eq!(
            parse_exact("string | integer | null"),
            Ok(TypeExpr::Nullable(Box::new(TypeExpr::Union(vec![
                TypeExpr::Primitive("string", None),
                TypeExpr::Primitive("integer", None)
            ]))))
        );
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
