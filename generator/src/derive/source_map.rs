//! Where the nodes of a derived OpenAPI document came from: JSON pointer → place in the input file.
//!
//! For OpenAPI text (a file or a fence) the index is built from the YAML/JSON parser's event spans, lazily:
//! only a run that has something to report pays for it. For markdown-derived documents, places come from
//! the `x-source` extensions the front-ends record. Either way, a pointer with no place of its own is
//! placed at its nearest ancestor that has one.

use std::cell::OnceCell;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

use super::openapi_text::Embedding;
use crate::diagnostic::{Location, SourceFile};

/// Places of a document's nodes.
#[derive(Debug, Clone)]
pub struct SourceMap {
    file: String,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    /// OpenAPI text embedded in `file` as described by `embedding`; indexed on first use.
    Text { text: String, embedding: Embedding, index: OnceCell<HashMap<String, (usize, usize)>> },
    /// A document built by a markdown front-end; places come from its `x-source` extensions.
    Origins { lines: HashMap<String, usize> },
    /// Nothing known beyond the file.
    None,
}

impl SourceMap {
    /// The map of OpenAPI text placed in `file` by `embedding`.
    pub fn of_text(file: &SourceFile, text: &str, embedding: Embedding) -> SourceMap {
        SourceMap {
            file: file.path.clone(),
            kind: Kind::Text { text: text.to_owned(), embedding, index: OnceCell::new() },
        }
    }

    /// The map of a document a front-end built, from its `x-source: "<file>:<line>"` extensions.
    pub fn of_origins(file: &SourceFile, api: &openapiv3::OpenAPI) -> SourceMap {
        let mut lines = HashMap::new();
        if let Ok(value) = serde_json::to_value(api) {
            collect_origins(&value, String::new(), &mut lines);
        }
        SourceMap { file: file.path.clone(), kind: Kind::Origins { lines } }
    }

    pub fn unknown(file: &SourceFile) -> SourceMap {
        SourceMap { file: file.path.clone(), kind: Kind::None }
    }

    /// The place of the node at `pointer` (RFC 6901), or of its nearest ancestor that has one.
    pub fn locate(&self, pointer: &str) -> Location {
        let mut current = pointer;
        loop {
            if let Some(location) = self.exact(current) {
                return location;
            }
            match current.rfind('/') {
                Some(index) => current = &current[..index],
                None => return Location::new(self.file.clone(), 1, 1),
            }
        }
    }

    fn exact(&self, pointer: &str) -> Option<Location> {
        match &self.kind {
            Kind::Text { text, embedding, index } => {
                let index = index.get_or_init(|| index_text(text));
                let (line, column) = *index.get(pointer)?;
                Some(Location::new(self.file.clone(), embedding.first_line + line - 1, column + embedding.column_shift))
            }
            Kind::Origins { lines } => lines.get(pointer).map(|line| Location::new(self.file.clone(), *line, 1)),
            Kind::None => None,
        }
    }
}

fn collect_origins(value: &serde_json::Value, pointer: String, out: &mut HashMap<String, usize>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(line) =
                map.get("x-source").and_then(|v| v.as_str()).and_then(|s| s.rsplit(':').next()?.parse().ok())
            {
                out.insert(pointer.clone(), line);
            }
            for (key, child) in map {
                collect_origins(child, format!("{pointer}/{}", escape(key)), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_origins(item, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

/// JSON pointer escaping of one reference token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Pointer → (line, column), both 1-based, of every node of a YAML/JSON text: a mapping value is placed at
/// its key, a sequence item at the item. A text that does not parse is indexed up to the error.
fn index_text(text: &str) -> HashMap<String, (usize, usize)> {
    enum Frame {
        Mapping { pointer: String, key: Option<String> },
        Sequence { pointer: String, next: usize },
    }
    let mut index = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    // The pointer of the node an event starts; `None` when the event is a mapping key.
    let child_pointer = |stack: &mut Vec<Frame>| -> Option<String> {
        match stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Mapping { pointer, key }) => key.take().map(|key| format!("{pointer}/{}", escape(&key))),
            Some(Frame::Sequence { pointer, next }) => {
                let child = format!("{pointer}/{next}");
                *next += 1;
                Some(child)
            }
        }
    };
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let place = (span.start.line(), span.start.col() + 1);
        match event {
            Event::Scalar(value, ..) => match child_pointer(&mut stack) {
                Some(pointer) => {
                    index.entry(pointer).or_insert(place);
                }
                None => {
                    // A key: its value will be placed at the key.
                    if let Some(Frame::Mapping { pointer, key }) = stack.last_mut() {
                        let child = format!("{pointer}/{}", escape(&value));
                        index.insert(child, place);
                        *key = Some(value.into_owned());
                    }
                }
            },
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let Some(pointer) = child_pointer(&mut stack) else {
                    // A complex key: not addressable by a pointer; track it so the nesting stays right.
                    stack.push(Frame::Sequence { pointer: "/\u{0}complex-key".to_owned(), next: 0 });
                    continue;
                };
                index.entry(pointer.clone()).or_insert(place);
                stack.push(match event {
                    Event::MappingStart(..) => Frame::Mapping { pointer, key: None },
                    _ => Frame::Sequence { pointer, next: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Alias(..) => {
                child_pointer(&mut stack);
            }
            _ => {}
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_nodes_are_placed_at_their_keys() {
        let text =
            "openapi: 3.0.0\npaths:\n  /a/b:\n    get:\n      parameters:\n        - name: x\n          in: query\n";
        let index = index_text(text);
        assert_eq!(index.get("/paths"), Some(&(2, 1)));
        assert_eq!(index.get("/paths/~1a~1b/get"), Some(&(4, 5)));
        assert_eq!(index.get("/paths/~1a~1b/get/parameters/0"), Some(&(6, 11)));
        assert_eq!(index.get("/paths/~1a~1b/get/parameters/0/in"), Some(&(7, 11)));
    }

    #[test]
    fn json_is_indexed_too() {
        let index = index_text("{\"paths\": {\"/a\": {\"get\": {\"responses\": 7}}}}");
        assert_eq!(index.get("/paths/~1a/get/responses"), Some(&(1, 27)));
    }

    #[test]
    fn unknown_pointers_fall_back_to_the_nearest_ancestor() {
        let file = SourceFile::new("specs/a.yaml", "");
        let map =
            SourceMap::of_text(&file, "paths:\n  /a:\n    get: {}\n", Embedding { first_line: 10, column_shift: 0 });
        assert_eq!(map.locate("/paths/~1a/get/responses/200").to_string(), "specs/a.yaml:12:5");
        assert_eq!(map.locate("/nope").to_string(), "specs/a.yaml:10:1", "the root is the nearest ancestor");
    }
}
