//! Where the nodes of a derived OpenAPI document came from: JSON pointer → place in the input file.
//!
//! For OpenAPI text (a file or a fence) the index is a tree of the text's nodes (keys kept once, places as
//! numbers), which a pointer walks token by token. JSON is read by a small scanner of its own; YAML, and any
//! text the scanner does not take, by the YAML parser's events. Nearly every real document has something to
//! report, so the index is built on a thread of its own while the document is parsed, and waited for on
//! the first report (or built then, if that thread could not be started).
//! For markdown-derived documents, places come from the `x-source` extensions the front-ends record.
//! Either way, a pointer with no place of its own is placed at its nearest ancestor that has one.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;
use std::thread::JoinHandle;

use saphyr_parser::Parser;

use crate::diagnostic::{Location, SourceFile};

/// Where a text sits inside its file: the file line of the text's first line, and how many columns every
/// line of the text is shifted right (a fence indented in a list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Embedding {
    pub first_line: usize,
    pub column_shift: usize,
}

impl Embedding {
    pub fn whole_file() -> Embedding {
        Embedding { first_line: 1, column_shift: 0 }
    }

    /// The file location of a 1-based (line, column) inside the text.
    pub fn locate(&self, file: &SourceFile, line: usize, column: usize) -> Location {
        file.location(self.first_line + line.max(1) - 1, column.max(1) + self.column_shift)
    }
}

/// Places of a document's nodes.
#[derive(Debug, Clone)]
pub struct SourceMap {
    file: String,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// OpenAPI text embedded in `file` as described by `embedding`, its index once needed, and the thread
    /// building it until then.
    Text {
        text: Arc<str>,
        embedding: Embedding,
        index: OnceCell<TextIndex>,
        building: RefCell<Option<JoinHandle<TextIndex>>>,
    },
    /// A document built by a markdown front-end; places come from its `x-source` extensions.
    /// Each node's file (when the document came from several) and line.
    Origins { lines: HashMap<String, (String, usize)> },
    /// Nothing known beyond the file.
    None,
}

impl SourceMap {
    /// The map of OpenAPI text placed in `file` by `embedding`. Its index is started on a thread of its own.
    pub fn of_text(file: &SourceFile, text: &str, embedding: Embedding) -> SourceMap {
        SourceMap::of_text_indexed(file, text, embedding, true)
    }

    /// [`SourceMap::of_text`], its index started on a thread of its own if `start_index`; otherwise it is
    /// handed in by whoever reads the text's events ([`SourceMap::install`]), or built on the first lookup.
    pub fn of_text_indexed(file: &SourceFile, text: &str, embedding: Embedding, start_index: bool) -> SourceMap {
        // The whole file's text is shared, not copied; a part of it (a fence) is copied.
        let whole = std::ptr::eq(text, &*file.text);
        let text: Arc<str> = if whole { Arc::clone(&file.text) } else { Arc::from(text) };
        let building = start_index.then(|| {
            let shared = Arc::clone(&text);
            std::thread::Builder::new().name("source-index".to_owned()).spawn(move || index_text(&shared)).ok()
        });
        let (index, building) = (OnceCell::new(), RefCell::new(building.flatten()));
        SourceMap { file: file.path.clone(), kind: Kind::Text { text, embedding, index, building } }
    }

    /// Gives a text's map the index built from all of the text's events ([`YamlIndexer`]), unless it has one.
    pub fn install(&self, indexer: YamlIndexer) {
        if let Kind::Text { index, .. } = &self.kind {
            let _ = index.set(indexer.builder.index.finish());
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
        if let Kind::Text { text, embedding, index, building } = &self.kind {
            let index = index.get_or_init(|| {
                let built = building.borrow_mut().take().and_then(|thread| thread.join().ok());
                built.unwrap_or_else(|| index_text(text))
            });
            return match index.place(pointer, text) {
                Some((line, column)) => {
                    Location::new(self.file.clone(), embedding.first_line + line - 1, column + embedding.column_shift)
                }
                None => Location::new(self.file.clone(), 1, 1),
            };
        }
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
            Kind::Origins { lines } => lines.get(pointer).map(|(file, line)| {
                Location::new(if file.is_empty() { self.file.clone() } else { file.clone() }, *line, 1)
            }),
            Kind::Text { .. } | Kind::None => None,
        }
    }
}

impl Clone for Kind {
    /// A copy shares the text; it has the index if it was built, else builds its own when asked.
    fn clone(&self) -> Kind {
        match self {
            Kind::Text { text, embedding, index, .. } => Kind::Text {
                text: Arc::clone(text),
                embedding: *embedding,
                index: index.clone(),
                building: RefCell::new(None),
            },
            Kind::Origins { lines } => Kind::Origins { lines: lines.clone() },
            Kind::None => Kind::None,
        }
    }
}

fn collect_origins(value: &serde_json::Value, pointer: String, out: &mut HashMap<String, (String, usize)>) {
    match value {
        serde_json::Value::Object(map) => {
            let origin = map.get("x-source").and_then(|v| v.as_str()).and_then(|s| {
                let (file, line) = s.rsplit_once(':')?;
                Some((file.to_owned(), line.parse().ok()?))
            });
            if let Some(origin) = origin {
                out.insert(pointer.clone(), origin);
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
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// [`escape`], appended to `out`.
pub fn push_escaped(out: &mut String, token: &str) {
    let mut rest = token;
    while let Some(index) = rest.find(['~', '/']) {
        out.push_str(&rest[..index]);
        out.push_str(if rest.as_bytes()[index] == b'~' { "~0" } else { "~1" });
        rest = &rest[index + 1..];
    }
    out.push_str(rest);
}

/// The nodes of a YAML/JSON text as a tree, each with its place: a mapping value is placed at its key, a
/// sequence item at the item. A text that does not parse is indexed up to the error.
#[derive(Debug, Clone)]
struct TextIndex {
    /// Node 0 is the root (when the text has any node).
    nodes: Vec<Node>,
    /// Every mapping key, one after the other; a node names its own by a range.
    keys: String,
    /// What the nodes' places are.
    places: Places,
    /// The children of the nodes that have many, for lookups in logarithmic (mappings: ordered by key, a
    /// repeated key in document order) or constant (sequences: in order) time.
    wide: HashMap<u32, Vec<u32>>,
}

/// Nodes with at least this many children get an entry in [`TextIndex::wide`].
const WIDE: usize = 16;

#[derive(Debug, Clone)]
enum Places {
    /// A node's `at` is its (line, column), both 1-based.
    LineColumn,
    /// A node's `at.0` is a byte offset into the text, made a (line, column) on lookup from the offsets of
    /// the lines' first bytes. On a long line (minified JSON is one) the column is counted from `marks`, the
    /// number of characters before every [`MARK`]th byte, made on the first such lookup: counting from the
    /// line's start made each lookup as slow as the line is long.
    Offsets { line_starts: Vec<u32>, marks: OnceCell<Vec<u32>> },
}

/// Bytes between two of [`Places::Offsets`]'s character counts.
const MARK: usize = 4096;

/// The number of characters in `bytes` (UTF-8, possibly cut inside a character): the bytes that start one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b as i8) >= -0x40).count()
}

/// The 1-based column of byte `offset` on the line starting at byte `start` of `text`.
fn column(text: &str, start: usize, offset: usize, marks: &OnceCell<Vec<u32>>) -> usize {
    let Some(before) = text.get(start..offset) else { return 1 };
    if before.len() <= MARK {
        return before.chars().count() + 1;
    }
    let bytes = text.as_bytes();
    let marks = marks.get_or_init(|| {
        let mut count = 0u32;
        let mut marks = vec![0];
        for chunk in bytes.chunks(MARK) {
            count += count_chars(chunk) as u32;
            marks.push(count);
        }
        marks
    });
    let chars_before = |at: usize| marks[at / MARK] as usize + count_chars(&bytes[at / MARK * MARK..at]);
    chars_before(offset) - chars_before(start) + 1
}

#[derive(Debug, Clone, Copy)]
struct Node {
    at: (u32, u32),
    /// The node's key in its mapping: `keys[key.0..key.1]`.
    key: (u32, u32),
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
    sequence: bool,
}

/// No node.
const NONE: u32 = u32::MAX;

/// The place of a node a pointer reaches that has no place of its own (an alias): lookups stop above it.
const UNPLACED: (u32, u32) = (NONE, NONE);

impl TextIndex {
    /// A new node, appended to `parent`'s children (or detached, for `NONE`), its key copied in. `None`
    /// when the index is full (`u32::MAX` nodes or key bytes).
    fn add(&mut self, parent: u32, at: (u32, u32), key: &str) -> Option<u32> {
        let id = u32::try_from(self.nodes.len()).ok().filter(|id| *id != NONE)?;
        let start = u32::try_from(self.keys.len()).ok()?;
        self.keys.push_str(key);
        let key = (start, u32::try_from(self.keys.len()).ok()?);
        self.nodes.push(Node { at, key, first_child: NONE, last_child: NONE, next_sibling: NONE, sequence: false });
        if parent != NONE {
            match self.nodes[parent as usize].last_child {
                NONE => self.nodes[parent as usize].first_child = id,
                last => self.nodes[last as usize].next_sibling = id,
            }
            self.nodes[parent as usize].last_child = id;
        }
        Some(id)
    }

    fn children(&self, node: u32) -> impl Iterator<Item = (u32, &Node)> {
        let mut next = self.nodes[node as usize].first_child;
        std::iter::from_fn(move || {
            let id = next;
            let child = self.nodes.get(id as usize)?;
            next = child.next_sibling;
            Some((id, child))
        })
    }

    /// The child of `node` a pointer token names: in a mapping, the last child with that key (a repeated
    /// key's later place wins); in a sequence, the item at that index.
    fn child(&self, node: u32, token: &str) -> Option<u32> {
        let wide = self.wide.get(&node);
        if self.nodes[node as usize].sequence {
            let canonical = token == "0" || (!token.starts_with('0') && token.bytes().all(|b| b.is_ascii_digit()));
            let index: usize = token.parse().ok().filter(|_| canonical)?;
            return match wide {
                Some(children) => children.get(index).copied(),
                None => self.children(node).nth(index).map(|(id, _)| id),
            };
        }
        let key = unescape(token);
        match wide {
            Some(children) => {
                let after = children.partition_point(|child| self.key(*child) <= &*key);
                after.checked_sub(1).map(|last| children[last]).filter(|child| self.key(*child) == key)
            }
            None => self.children(node).filter(|(id, _)| self.key(*id) == key).last().map(|(id, _)| id),
        }
    }

    fn key(&self, node: u32) -> &str {
        let (start, end) = self.nodes[node as usize].key;
        &self.keys[start as usize..end as usize]
    }

    /// Fills [`TextIndex::wide`]; the tree is complete.
    fn finish(mut self) -> TextIndex {
        for node in 0..self.nodes.len() as u32 {
            if self.children(node).nth(WIDE - 1).is_some() {
                let mut children: Vec<u32> = self.children(node).map(|(id, _)| id).collect();
                if !self.nodes[node as usize].sequence {
                    // Stable: children with one key stay in document order, the later last.
                    children.sort_by(|a, b| self.key(*a).cmp(self.key(*b)));
                }
                self.wide.insert(node, children);
            }
        }
        self
    }

    /// The (line, column) in `text` of the node at `pointer`, or of its nearest ancestor that has a place.
    fn place(&self, pointer: &str, text: &str) -> Option<(usize, usize)> {
        let mut at = self.nodes.first()?.at;
        if let Some(tokens) = pointer.strip_prefix('/') {
            let mut node = 0;
            for token in tokens.split('/') {
                match self.child(node, token) {
                    Some(child) if self.nodes[child as usize].at != UNPLACED => {
                        node = child;
                        at = self.nodes[child as usize].at;
                    }
                    _ => break,
                }
            }
        } else if !pointer.is_empty() {
            return None;
        }
        if at == UNPLACED {
            return None;
        }
        Some(match &self.places {
            Places::LineColumn => (at.0 as usize, at.1 as usize),
            Places::Offsets { line_starts, marks } => {
                let offset = at.0 as usize;
                let line = line_starts.partition_point(|start| *start as usize <= offset).max(1);
                (line, column(text, line_starts[line - 1] as usize, offset, marks))
            }
        })
    }
}

/// A pointer token's text (RFC 6901: `~1` is `/`, then `~0` is `~`).
fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

/// What the index is built from: the YAML parser's events, less what it does not need.
enum Event<'a> {
    /// A scalar, mapping keys included, and its text.
    Scalar(Cow<'a, str>),
    MappingStart,
    SequenceStart,
    /// The end of a mapping or a sequence.
    End,
    Alias,
}

/// Builds the tree from events in the YAML parser's order: in a mapping, a scalar is alternately a key and
/// a value; the key's node is made at the key, so that its value is placed there.
struct Builder {
    index: TextIndex,
    stack: Vec<Frame>,
}

enum Frame {
    /// A mapping's node, and the node of the key whose value comes next.
    Mapping {
        node: u32,
        key: Option<u32>,
    },
    Sequence {
        node: u32,
    },
}

impl Builder {
    fn new(places: Places) -> Builder {
        let index = TextIndex { nodes: Vec::new(), keys: String::new(), places, wide: HashMap::new() };
        Builder { index, stack: Vec::new() }
    }

    /// The node an event at `at` starts: the root, the node of the key before it, or a new sequence item.
    /// `Some(None)` when the event is a mapping key; `None` when the index is full.
    fn child(&mut self, at: (u32, u32)) -> Option<Option<u32>> {
        Some(match self.stack.last_mut() {
            None if self.index.nodes.is_empty() => Some(self.index.add(NONE, at, "")?),
            None => {
                let root = &mut self.index.nodes[0];
                if root.at == UNPLACED {
                    root.at = at;
                }
                Some(0)
            }
            Some(Frame::Mapping { key, .. }) => key.take(),
            Some(Frame::Sequence { node }) => {
                let node = *node;
                Some(self.index.add(node, at, "")?)
            }
        })
    }

    /// Takes one event at `at`; `None` when the index is full (it stays as it is).
    fn event(&mut self, event: Event<'_>, at: (u32, u32)) -> Option<()> {
        match event {
            Event::Scalar(value) => {
                if self.child(at)?.is_none() {
                    let Some(Frame::Mapping { node, .. }) = self.stack.last() else { return Some(()) };
                    let key = self.index.add(*node, at, &value)?;
                    if let Some(Frame::Mapping { key: next, .. }) = self.stack.last_mut() {
                        *next = Some(key);
                    }
                }
            }
            Event::MappingStart | Event::SequenceStart => {
                let sequence = matches!(event, Event::SequenceStart);
                let node = match self.child(at)? {
                    Some(node) => node,
                    // A complex key: no pointer reaches it; a detached node keeps the nesting right.
                    None => self.index.add(NONE, at, "")?,
                };
                self.index.nodes[node as usize].sequence = sequence;
                self.stack.push(if sequence { Frame::Sequence { node } } else { Frame::Mapping { node, key: None } });
            }
            Event::End => {
                self.stack.pop();
            }
            // An alias uses up a key's value, or a sequence index, and places nothing.
            Event::Alias => {
                self.child(UNPLACED)?;
            }
        }
        Some(())
    }
}

fn index_text(text: &str) -> TextIndex {
    index_json(text).unwrap_or_else(|| index_yaml(text)).finish()
}

/// The index of a YAML (or JSON) text, from the YAML parser's events.
fn index_yaml(text: &str) -> TextIndex {
    let mut indexer = YamlIndexer::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        indexer.event(&event, span);
    }
    indexer.builder.index
}

/// Builds a text's index from the YAML parser's events as someone reads them: the reader of a YAML
/// document's value (derive's `openapi::yaml_value`) feeds it every event, so the text is parsed once for both.
pub struct YamlIndexer {
    builder: Builder,
    /// Set once an event could not be taken (the index is full, or a place beyond `u32`): the index stays
    /// as it was, as [`index_yaml`] leaves it.
    stopped: bool,
}

impl Default for YamlIndexer {
    fn default() -> Self {
        YamlIndexer::new()
    }
}

impl YamlIndexer {
    pub fn new() -> YamlIndexer {
        YamlIndexer { builder: Builder::new(Places::LineColumn), stopped: false }
    }

    /// Takes the next event of the text, at `span`.
    pub fn event(&mut self, event: &saphyr_parser::Event<'_>, span: saphyr_parser::Span) {
        if self.stopped {
            return;
        }
        let (Ok(line), Ok(column)) = (u32::try_from(span.start.line()), u32::try_from(span.start.col() + 1)) else {
            self.stopped = true;
            return;
        };
        let event = match event {
            saphyr_parser::Event::Scalar(value, ..) => Event::Scalar(Cow::Borrowed(value)),
            saphyr_parser::Event::MappingStart(..) => Event::MappingStart,
            saphyr_parser::Event::SequenceStart(..) => Event::SequenceStart,
            saphyr_parser::Event::MappingEnd | saphyr_parser::Event::SequenceEnd => Event::End,
            saphyr_parser::Event::Alias(..) => Event::Alias,
            _ => return,
        };
        self.stopped = self.builder.event(event, (line, column)).is_none();
    }
}

/// The index of a JSON text, from a scanner that gives the events the YAML parser would, at the same
/// places, in a fraction of the time. `None` for anything but one well-formed JSON array or object with
/// `\n` (or `\r\n`) line breaks and no byte-order mark: the YAML parser reads those.
fn index_json(text: &str) -> Option<TextIndex> {
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))?;
    if !matches!(bytes[start], b'{' | b'[') || u32::try_from(bytes.len()).is_err() {
        return None;
    }
    let mut builder = Builder::new(Places::LineColumn);
    let mut line_starts: Vec<u32> = vec![0];
    // What may come next, after the value or key just read.
    #[derive(Clone, Copy, PartialEq)]
    enum Next {
        /// A value; `true` right after `[`, where `]` may come instead.
        Value(bool),
        /// A key; `true` right after `{`, where `}` may come instead.
        Key(bool),
        Colon,
        /// `,` or the end of the container.
        Comma,
        /// Nothing but white space: the top-level value is complete.
        Nothing,
    }
    let mut next = Next::Value(false);
    let mut containers: Vec<u8> = Vec::new();
    let mut index = start;
    while index < bytes.len() {
        let byte = bytes[index];
        let at = (index as u32, 0);
        match (byte, next) {
            (b' ' | b'\t', _) => index += 1,
            (b'\r', _) if bytes.get(index + 1) == Some(&b'\n') => index += 1,
            (b'\n', _) => {
                index += 1;
                line_starts.push(index as u32);
            }
            (b'{' | b'[', Next::Value(_)) => {
                containers.push(byte);
                let mapping = byte == b'{';
                builder.event(if mapping { Event::MappingStart } else { Event::SequenceStart }, at)?;
                next = if mapping { Next::Key(true) } else { Next::Value(true) };
                index += 1;
            }
            (b'}', Next::Comma | Next::Key(true)) | (b']', Next::Comma | Next::Value(true)) => {
                let open = containers.pop()?;
                if (open == b'{') != (byte == b'}') {
                    return None;
                }
                builder.event(Event::End, at)?;
                next = if containers.is_empty() { Next::Nothing } else { Next::Comma };
                index += 1;
            }
            (b',', Next::Comma) => {
                next = if containers.last() == Some(&b'{') { Next::Key(false) } else { Next::Value(false) };
                index += 1;
            }
            (b':', Next::Colon) => {
                next = Next::Value(false);
                index += 1;
            }
            (b'"', Next::Key(_) | Next::Value(_)) => {
                let (end, escaped) = json_string_end(bytes, index)?;
                let value: Cow<'_, str> = if escaped {
                    serde_json::from_str::<String>(&text[index..=end]).ok()?.into()
                } else {
                    text[index + 1..end].into()
                };
                builder.event(Event::Scalar(value), at)?;
                next = if matches!(next, Next::Key(_)) { Next::Colon } else { Next::Comma };
                index = end + 1;
            }
            (_, Next::Value(_)) => {
                let length =
                    bytes[index..].iter().position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'));
                let end = length.map_or(bytes.len(), |length| index + length);
                let word = &text[index..end];
                if !matches!(word, "true" | "false" | "null")
                    && serde_json::from_str::<serde_json::Number>(word).is_err()
                {
                    return None;
                }
                builder.event(Event::Scalar(word.into()), at)?;
                next = Next::Comma;
                index = end;
            }
            _ => return None,
        }
    }
    if next != Next::Nothing {
        return None;
    }
    let mut index = builder.index;
    index.places = Places::Offsets { line_starts, marks: OnceCell::new() };
    Some(index)
}

/// The index of the closing quote of the JSON string that opens at `start`, and whether the string has
/// escapes; `None` for an unterminated string or a raw control character.
fn json_string_end(bytes: &[u8], start: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    let mut index = start + 1;
    loop {
        index += bytes.get(index..)?.iter().position(|b| matches!(b, b'"' | b'\\') || *b < 0x20)?;
        match bytes[index] {
            b'"' => return Some((index, escaped)),
            b'\\' => {
                escaped = true;
                index += 2;
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str, pointer: &str) -> Option<(usize, usize)> {
        index_text(text).place(pointer, text)
    }

    #[test]
    fn columns_on_long_lines_count_characters_from_the_marks() {
        // Lines longer than a mark apart, with characters of 1 to 4 bytes cut across the marks.
        let line: String = (0..6000).map(|i| ['a', 'é', '€', '😀'][i % 4]).collect();
        let text = format!("{{}}\n{line}\nshort\n{line}");
        let marks = OnceCell::new();
        let starts = [3, 3 + line.len() + 1 + 6];
        for start in starts {
            for (offset, _) in text[start..].char_indices().step_by(97).take(200) {
                let offset = start + offset;
                let expected = text[start..offset].chars().count() + 1;
                assert_eq!(column(&text, start, offset, &marks), expected, "start {start}, offset {offset}");
            }
        }
        assert!(marks.get().is_some(), "the long lines were counted from the marks");
        // An offset inside a character has no column of its own.
        assert_eq!(column(&text, 3, 5, &marks), 1);
    }

    #[test]
    fn a_minified_document_is_placed_by_column() {
        let padding = "x".repeat(3 * MARK);
        let text = format!(r#"{{"info":{{"title":"{padding}é"}},"paths":{{"/a":{{"get":{{}}}}}}}}"#);
        let key = text.find("\"/a\"").expect("key");
        assert_eq!(place(&text, "/paths/~1a"), Some((1, text[..key].chars().count() + 1)));
    }

    #[test]
    fn pointer_tokens_escape_and_unescape() {
        for (token, escaped) in [
            ("plain", "plain"),
            ("", ""),
            ("a/b", "a~1b"),
            ("~", "~0"),
            ("/~/", "~1~0~1"),
            ("~1", "~01"),
            ("é/ü~ß", "é~1ü~0ß"),
        ] {
            assert_eq!(escape(token), escaped);
            let mut out = "x/".to_owned();
            push_escaped(&mut out, token);
            assert_eq!(out, format!("x/{escaped}"));
            assert_eq!(unescape(escaped), token);
        }
    }

    /// Every pointer of an index with its place, in document order.
    fn all_places(index: &TextIndex, text: &str) -> Vec<(String, Option<(usize, usize)>)> {
        let mut out = Vec::new();
        let mut stack = vec![(0u32, String::new())];
        while let Some((node, pointer)) = stack.pop() {
            out.push((pointer.clone(), index.place(&pointer, text)));
            let sequence = index.nodes[node as usize].sequence;
            let children: Vec<(u32, String)> = index
                .children(node)
                .enumerate()
                .map(|(position, (id, child))| {
                    let token = if sequence {
                        position.to_string()
                    } else {
                        escape(&index.keys[child.key.0 as usize..child.key.1 as usize])
                    };
                    (id, format!("{pointer}/{token}"))
                })
                .collect();
            stack.extend(children.into_iter().rev());
        }
        out
    }

    #[test]
    fn yaml_nodes_are_placed_at_their_keys() {
        let text =
            "openapi: 3.0.0\npaths:\n  /a/b:\n    get:\n      parameters:\n        - name: x\n          in: query\n";
        assert_eq!(place(text, "/paths"), Some((2, 1)));
        assert_eq!(place(text, "/paths/~1a~1b/get"), Some((4, 5)));
        assert_eq!(place(text, "/paths/~1a~1b/get/parameters/0"), Some((6, 11)));
        assert_eq!(place(text, "/paths/~1a~1b/get/parameters/0/in"), Some((7, 11)));
        assert_eq!(place(text, "/paths/~1a~1b/get/parameters/00"), Some((5, 7)), "not an index: the parent");
    }

    #[test]
    fn json_is_indexed_too() {
        let text = "{\"paths\": {\"/a\": {\"get\": {\"responses\": 7}}}}";
        assert!(index_json(text).is_some());
        assert_eq!(place(text, "/paths/~1a/get/responses"), Some((1, 27)));
    }

    #[test]
    fn the_json_scanner_places_every_node_where_the_yaml_parser_does() {
        let text = "{\r\n  \"a~b/c\": [1, -2.5e3, true, null, \"x\\\"y\", {}, [], {\"k\": []}],\r\n  \"é\\u00e9\": {\"n\": \"ü\", \"m\": [[\"deep\"]]},\n\"empty\": {  },\"last\":\"v\" }\n";
        let json = index_json(text).expect("the scanner reads it");
        let yaml = index_yaml(text);
        let places = all_places(&json, text);
        assert_eq!(places, all_places(&yaml, text));
        assert!(places.iter().any(|(pointer, _)| pointer == "/a~0b~1c/7/k"), "{places:?}");
        assert!(places.iter().any(|(pointer, _)| pointer == "/éé/m/0/0"), "{places:?}");
    }

    #[test]
    fn the_json_scanner_leaves_anything_else_to_the_yaml_parser() {
        for text in
            ["a: 1", "{\"a\": 1,}", "{\"a\": 1} {}", "[1, 2", "{\"a\": tru}", "\u{feff}{}", "{\"a\":\r1}", "\"s\""]
        {
            assert!(index_json(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn repeated_keys_are_placed_at_the_later_one() {
        assert_eq!(place("a: 1\nb: 2\na: 3\n", "/a"), Some((3, 1)));
        assert_eq!(place("{\"a\": 1, \"a\": 2}", "/a"), Some((1, 10)));
    }

    #[test]
    fn nodes_with_many_children_are_looked_up_the_same() {
        let mut text = String::from("map:\n");
        for index in 0..WIDE + 4 {
            text.push_str(&format!("  k{index}: {index}\n"));
        }
        text.push_str("  k5: again\nlist:\n");
        for index in 0..WIDE + 4 {
            text.push_str(&format!("  - item {index}\n"));
        }
        let index = index_text(&text);
        assert!(index.wide.len() == 2, "{:?}", index.wide.keys());
        assert_eq!(index.place("/map/k5", &text), Some((WIDE + 6, 3)), "the later of a repeated key");
        assert_eq!(index.place("/map/k7", &text), Some((9, 3)));
        assert_eq!(index.place("/map/nope", &text), Some((1, 1)));
        assert_eq!(index.place("/list/17", &text), Some((WIDE + 8 + 17, 5)));
        assert_eq!(index.place("/list/99", &text), Some((WIDE + 7, 1)));
        assert_eq!(all_places(&index, &text), all_places(&index_yaml(&text), &text));
    }

    #[test]
    fn aliases_have_no_place_of_their_own() {
        let text = "x: &x 1\nlist:\n  - *x\n  - 2\n";
        assert_eq!(place(text, "/list/0"), Some((2, 1)), "placed at the sequence");
        assert_eq!(place(text, "/list/1"), Some((4, 5)));
    }

    #[test]
    fn unknown_pointers_fall_back_to_the_nearest_ancestor() {
        let file = SourceFile::new("specs/a.yaml", "");
        let map =
            SourceMap::of_text(&file, "paths:\n  /a:\n    get: {}\n", Embedding { first_line: 10, column_shift: 0 });
        assert_eq!(map.locate("/paths/~1a/get/responses/200").to_string(), "specs/a.yaml:12:5");
        assert_eq!(map.locate("/nope").to_string(), "specs/a.yaml:10:1", "the root is the nearest ancestor");
        assert_eq!(map.locate("nope").to_string(), "specs/a.yaml:1:1", "not a pointer: the file");
    }
}
