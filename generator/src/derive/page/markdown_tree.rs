//! Parsing a markdown page into an mdast tree (markdown-rs), and the small queries front-ends share.
//!
//! Pages are parsed as MDX (JSX components, ESM, expressions) with GFM tables and YAML frontmatter; a page
//! that is not valid MDX is parsed again as plain GFM, with a warning, so that one stray `<` or `{` in prose
//! does not lose the page.
//!
//! Nesting is bounded before and after parsing (more than [`MAX_NESTING`] levels is an error at its place):
//! markdown-rs takes time quadratic in the depth of block quotes and lists, and every front-end walks the tree
//! recursively.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;

use markdown::mdast::Node;
use markdown::message::Message;
use markdown::{Constructs, ParseOptions};

use crate::derive::openapi::text::{too_deep_yaml, MAX_NESTING};
use crate::diagnostic::{Diagnostics, Location, SourceFile};

/// A parsed page: its tree, and whether it was read as MDX.
#[derive(Debug)]
pub struct Page {
    pub root: Node,
    pub is_mdx: bool,
}

/// Parses `file` as MDX, falling back to GFM. `None` only if even GFM fails (an error is recorded).
pub fn parse_page(file: &SourceFile, diags: &mut Diagnostics) -> Option<Page> {
    if let Some(line) = too_deep_containers(&file.text) {
        diags.error_at(
            &file.location(line, 1),
            format!("block quotes or lists nest more than {MAX_NESTING} levels deep here; the page is not read"),
        );
        return None;
    }
    // markdown-rs ends a table at its second body row when the rows have no leading pipe (GitHub and the GFM
    // spec read them all): such rows get a pipe, and positions are given back in the file's terms below.
    let piped = piped_table_rows(&file.text);
    let mut text: Option<String> = piped.as_ref().map(|(text, _)| text.clone());
    let mut page = match &text {
        Some(text) => parse_unbounded(&SourceFile::new(file.path.clone(), text.as_str()), diags)?,
        None => parse_unbounded(file, diags)?,
    };
    // Generated SDK pages sometimes leave a stray fence (```` ``` ```` right after a closed code block): it
    // opens a block that swallows the sections after it, up to the next fence line or the end of the page.
    // A reader sees the sections; so does this one, with each stray line read as blank (one at a time: the
    // page's fences pair up again after each).
    for _ in 0..MAX_FENCE_REPAIRS {
        let current = text.as_deref().unwrap_or(&file.text);
        let Some(line) = stray_fence_over_markdown(current, &page.root) else { break };
        // Spaces in place of the fence: a blank line, with every offset after it unchanged.
        let repaired: String = current
            .split_inclusive('\n')
            .enumerate()
            .map(|(index, text)| {
                if index + 1 == line {
                    text.chars().map(|c| if c == '\n' || c == '\r' { c } else { ' ' }).collect()
                } else {
                    text.to_owned()
                }
            })
            .collect();
        let again = parse_unbounded(&SourceFile::new(file.path.clone(), repaired.as_str()), &mut Diagnostics::new());
        let Some(again) = again else { break };
        diags.warning_at(
            &file.location(line, 1),
            "this code fence opens right after another closes and what it holds is markdown (headings, tables); the stray fence is read as a blank line",
        );
        dismantle(std::mem::replace(&mut page.root, again.root));
        text = Some(repaired);
    }
    if let Some((_, pipes)) = &piped {
        restore_positions(&mut page.root, pipes, 0);
    }
    if let Some(location) = too_deep_node(file, &page.root) {
        diags.error_at(
            &location,
            format!("the page nests more than {MAX_NESTING} levels deep here (components, lists or quotes); the page is not read"),
        );
        dismantle(page.root);
        return None;
    }
    clear_deep_frontmatter(file, &mut page.root, diags);
    tables_from_components(&mut page.root);
    Some(page)
}

/// Tables written as components, `<Table>` with `<thead>`, `<tbody>`, `<tr>`, `<th>` and `<td>` inside (ReadMe's
/// MDX writes every table so; some MDX pages write HTML tables, which MDX reads as components too), become
/// GFM table nodes, so every reader reads them as the tables they are. A component without rows stays.
fn tables_from_components(node: &mut Node) {
    let Some(children) = node.children_mut() else { return };
    for child in children.iter_mut() {
        if let Node::MdxJsxFlowElement(element) = child {
            if matches!(element.name.as_deref(), Some("Table" | "table")) {
                let mut rows = Vec::new();
                table_rows_of(&element.children, &mut rows);
                if !rows.is_empty() {
                    let columns = rows.iter().map(|row| row.children().map_or(0, Vec::len)).max().unwrap_or(0);
                    *child = Node::Table(markdown::mdast::Table {
                        children: rows,
                        position: element.position.clone(),
                        align: vec![markdown::mdast::AlignKind::None; columns],
                    });
                    continue;
                }
            }
        }
        tables_from_components(child);
    }
}

/// The `<tr>` elements among `nodes` (through `<thead>`, `<tbody>` and paragraphs), as table rows.
fn table_rows_of(nodes: &[Node], rows: &mut Vec<Node>) {
    for node in nodes {
        let (name, children, position) = match node {
            Node::MdxJsxFlowElement(e) => (e.name.as_deref(), &e.children, &e.position),
            Node::MdxJsxTextElement(e) => (e.name.as_deref(), &e.children, &e.position),
            Node::Paragraph(p) => (None, &p.children, &p.position),
            _ => continue,
        };
        match name {
            Some("tr") => {
                let cells: Vec<Node> = children
                    .iter()
                    .filter_map(|cell| match cell {
                        Node::MdxJsxFlowElement(e) if matches!(e.name.as_deref(), Some("td" | "th")) => {
                            Some(table_cell(&e.children, &e.position))
                        }
                        Node::MdxJsxTextElement(e) if matches!(e.name.as_deref(), Some("td" | "th")) => {
                            Some(table_cell(&e.children, &e.position))
                        }
                        _ => None,
                    })
                    .collect();
                if !cells.is_empty() {
                    rows.push(Node::TableRow(markdown::mdast::TableRow {
                        children: cells,
                        position: position.clone(),
                    }));
                }
            }
            _ => table_rows_of(children, rows),
        }
    }
}

/// A cell of inline content: the cell's paragraphs run together, a space between them.
fn table_cell(children: &[Node], position: &Option<markdown::unist::Position>) -> Node {
    let mut inline: Vec<Node> = Vec::new();
    for child in children {
        let parts = match child {
            Node::Paragraph(paragraph) => paragraph.children.clone(),
            Node::MdxJsxFlowElement(_) | Node::List(_) | Node::Code(_) | Node::Table(_) => continue,
            other => vec![other.clone()],
        };
        if !inline.is_empty() && !parts.is_empty() {
            inline.push(Node::Text(markdown::mdast::Text { value: " ".to_owned(), position: None }));
        }
        inline.extend(parts);
    }
    Node::TableCell(markdown::mdast::TableCell { children: inline, position: position.clone() })
}

/// A pipe put in at the start of a table row: its offset in the file, and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pipe {
    offset: usize,
    line: usize,
}

/// Table body rows without a leading pipe, given one (`a | b` → `|a | b`), outside code fences: the text
/// and the pipes put in. A list item (`- `, `* `), a block quote, a heading or a fence ends a table (GFM)
/// and is left alone. `None` when no row needs it.
fn piped_table_rows(text: &str) -> Option<(String, Vec<Pipe>)> {
    let mut pipes: Vec<Pipe> = Vec::new();
    let mut offset = 0;
    let mut in_table = false;
    let mut fence: Option<char> = None;
    let mut previous = "";
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        if let Some(marker) = fence {
            if trimmed.len() >= 3 && trimmed.chars().all(|c| c == marker) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = trimmed.chars().next();
            in_table = false;
        } else if trimmed.is_empty() || !trimmed.contains('|') {
            in_table = false;
        } else if is_delimiter_row(trimmed) && previous.contains('|') {
            in_table = true;
        } else if in_table && !trimmed.starts_with('|') && indent < 4 && !ends_a_table(trimmed) {
            pipes.push(Pipe { offset: offset + indent, line: index + 1 });
        }
        previous = trimmed;
        offset += line.len();
    }
    if pipes.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + pipes.len());
    let mut from = 0;
    for pipe in &pipes {
        out.push_str(&text[from..pipe.offset]);
        out.push('|');
        from = pipe.offset;
    }
    out.push_str(&text[from..]);
    Some((out, pipes))
}

/// A line that starts another block and so ends a table: a list item, a block quote, a heading.
fn ends_a_table(line: &str) -> bool {
    let list = ["- ", "* ", "+ "].iter().any(|marker| line.starts_with(marker));
    let ordered = line.split_once(['.', ')']).is_some_and(|(number, rest)| {
        !number.is_empty() && number.len() <= 9 && number.chars().all(|c| c.is_ascii_digit()) && rest.starts_with(' ')
    });
    list || ordered || line.starts_with('>') || line.starts_with('#')
}

/// Puts the positions of a tree parsed from the text [`piped_table_rows`] made back in the file's terms:
/// an offset moves back by the pipes before it, and a column after a pipe on its own line moves back by one.
fn restore_positions(node: &mut Node, pipes: &[Pipe], depth: usize) {
    if depth > MAX_NESTING * 4 {
        return;
    }
    if let Some(position) = node.position_mut() {
        for point in [&mut position.start, &mut position.end] {
            // The k-th pipe stands at `offset + k` in the text that was parsed.
            let before = pipes.iter().enumerate().take_while(|(k, pipe)| pipe.offset + k < point.offset).count();
            if before > 0 {
                point.offset -= before;
                if pipes[before - 1].line == point.line {
                    point.column = point.column.saturating_sub(1).max(1);
                }
            }
        }
    }
    if let Some(children) = node.children_mut() {
        for child in children {
            restore_positions(child, pipes, depth + 1);
        }
    }
}

/// A table's delimiter row: `--- | :---: | ---:`, with or without outer pipes.
fn is_delimiter_row(line: &str) -> bool {
    let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
    cells.len() >= 2
        && cells.iter().all(|cell| {
            let cell = cell.trim_matches(':');
            !cell.is_empty() && cell.chars().all(|c| c == '-')
        })
}

/// At most this many stray fences are repaired on one page (each costs a parse).
const MAX_FENCE_REPAIRS: usize = 64;

/// The line of the first top-level fence without a language that opens right after a closing fence line (or
/// runs, unclosed, to the end of the page) and whose content is markdown: headings and tables.
fn stray_fence_over_markdown(text: &str, root: &Node) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    for node in root.children()? {
        let Node::Code(code) = node else { continue };
        if code.lang.is_some() {
            continue;
        }
        let Some(position) = code.position.as_ref() else { continue };
        let start = position.start.line;
        let after_fence = start >= 2 && lines.get(start - 2).is_some_and(|prev| is_bare_fence(prev));
        let end = position.end.offset.min(text.len());
        let unclosed = text[end..].trim().is_empty() && !text[..end].trim_end().ends_with("```");
        let headings = code.value.lines().filter(|line| line.starts_with('#') && line.contains("# ")).count();
        let tables = code.value.lines().filter(|line| line.trim_start().starts_with('|')).count();
        let markdown = headings >= 1 && tables >= 1 && (headings >= 2 || after_fence);
        if markdown && (after_fence || unclosed) {
            return Some(start);
        }
    }
    None
}

fn is_bare_fence(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && (line.chars().all(|c| c == '`') || line.chars().all(|c| c == '~'))
}

fn parse_unbounded(file: &SourceFile, diags: &mut Diagnostics) -> Option<Page> {
    let mdx = ParseOptions {
        constructs: Constructs { frontmatter: true, gfm_table: true, gfm_strikethrough: true, ..Constructs::mdx() },
        ..ParseOptions::mdx()
    };
    let mdx_error = match to_mdast_guarded(&file.text, &mdx) {
        Ok(root) => return Some(Page { root, is_mdx: true }),
        Err(message) => message,
    };
    let gfm = ParseOptions { constructs: Constructs { frontmatter: true, ..Constructs::gfm() }, ..ParseOptions::gfm() };
    match to_mdast_guarded(&file.text, &gfm) {
        Ok(root) => {
            let wants_mdx = file.path.ends_with(".mdx") || has_jsx_like_text(&root);
            if wants_mdx {
                let location = message_location(file, &mdx_error);
                diags.warning_at(
                    &location,
                    format!(
                        "not valid MDX ({}); read as plain markdown, so components on this page are text",
                        mdx_error.reason
                    ),
                );
            }
            Some(Page { root, is_mdx: false })
        }
        Err(message) => {
            diags.error_at(&message_location(file, &message), format!("cannot parse markdown: {}", message.reason));
            None
        }
    }
}

thread_local! {
    static IN_MARKDOWN_PARSER: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside markdown-rs, whose panics (it has known ones: "Cannot push to non-parent" on
/// some unclosed JSX, found by the property tests) are caught and reported as a parse failure. A process-wide
/// panic hook (the CLI's, a fuzz target's) uses this to stay quiet about them.
pub fn in_markdown_parser() -> bool {
    IN_MARKDOWN_PARSER.with(Cell::get)
}

/// `markdown::to_mdast`, with a panic inside it turned into a parse failure without a place.
fn to_mdast_guarded(text: &str, options: &ParseOptions) -> Result<Node, Message> {
    IN_MARKDOWN_PARSER.with(|flag| flag.set(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| markdown::to_mdast(text, options)));
    IN_MARKDOWN_PARSER.with(|flag| flag.set(false));
    result.unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Message {
            place: None,
            reason: format!("the markdown parser failed on this page: {detail}"),
            rule_id: Box::new("parser-panic".to_owned()),
            source: Box::new("docgen".to_owned()),
        })
    })
}

/// The first line whose container prefix (block quote markers, list markers, and indentation, every two
/// columns of which may be one more list level) is deeper than [`MAX_NESTING`]. An upper bound, cheap.
fn too_deep_containers(text: &str) -> Option<usize> {
    text.lines().position(|line| container_depth(line) > MAX_NESTING).map(|index| index + 1)
}

fn container_depth(line: &str) -> usize {
    let bytes = line.as_bytes();
    let (mut markers, mut columns, mut index) = (0usize, 0usize, 0usize);
    let blank_after = |index: usize| bytes.get(index).is_none_or(|b| matches!(b, b' ' | b'\t'));
    loop {
        while let Some(byte @ (b' ' | b'\t')) = bytes.get(index) {
            columns += if *byte == b'\t' { 4 } else { 1 };
            index += 1;
        }
        match bytes.get(index) {
            Some(b'>') => index += 1,
            Some(b'-' | b'+' | b'*') if blank_after(index + 1) => index += 1,
            Some(b'0'..=b'9') => {
                let digits = bytes[index..].iter().take_while(|b| b.is_ascii_digit()).count();
                let after = index + digits;
                if digits <= 9 && matches!(bytes.get(after), Some(b'.' | b')')) && blank_after(after + 1) {
                    index = after + 1;
                } else {
                    break;
                }
            }
            None if markers == 0 => return 0, // a blank line nests nothing
            _ => break,
        }
        markers += 1;
        if bytes.get(index) == Some(&b' ') {
            index += 1; // the space a marker takes is not indentation
        }
    }
    markers + columns / 2
}

/// The place of the first node deeper than [`MAX_NESTING`], found without recursion.
fn too_deep_node(file: &SourceFile, root: &Node) -> Option<Location> {
    let mut stack: Vec<(&Node, usize)> = vec![(root, 0)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            return Some(node_location(file, node));
        }
        for child in node.children().into_iter().flatten() {
            stack.push((child, depth + 1));
        }
    }
    None
}

/// Drops a tree without recursion (a derived `Drop` would recurse once per level).
fn dismantle(root: Node) {
    let mut stack = vec![root];
    while let Some(mut node) = stack.pop() {
        if let Some(children) = node.children_mut() {
            stack.append(children);
        }
    }
}

/// Frontmatter YAML too deep to parse safely is dropped with a warning, so that no front-end parses it.
fn clear_deep_frontmatter(file: &SourceFile, root: &mut Node, diags: &mut Diagnostics) {
    for node in root.children_mut().into_iter().flatten() {
        if let Node::Yaml(yaml) = node {
            if let Some((line, column)) = too_deep_yaml(&yaml.value) {
                let first_line = yaml.position.as_ref().map_or(1, |p| p.start.line + 1);
                diags.warning_at(
                    &file.location(first_line + line - 1, column),
                    format!("the frontmatter nests more than {MAX_NESTING} levels deep; it is ignored"),
                );
                yaml.value.clear();
            }
        }
    }
}

fn has_jsx_like_text(root: &Node) -> bool {
    let mut found = false;
    walk(root, &mut |node| {
        if let Node::Html(html) = node {
            found |= html.value.trim_start().starts_with('<');
        }
    });
    found
}

fn message_location(file: &SourceFile, message: &Message) -> Location {
    match message.place.as_deref() {
        Some(markdown::message::Place::Point(point)) => file.location_of_offset(point.offset),
        Some(markdown::message::Place::Position(position)) => file.location_of_offset(position.start.offset),
        None => file.start(),
    }
}

/// The place where a node starts (the file start when the node has no position).
pub fn node_location(file: &SourceFile, node: &Node) -> Location {
    let Some(position) = node.position() else { return file.start() };
    // The parser's line, and the column counted in characters from the line's start: counting lines from the
    // start of the file for every node would make a page with many nodes quadratic.
    let mut offset = position.start.offset.min(file.text.len());
    while !file.text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &file.text[..offset];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |index| index + 1);
    file.location(position.start.line, before[line_start..].chars().count() + 1)
}

/// Pre-order walk over every node of a tree.
pub fn walk<'a>(node: &'a Node, visit: &mut dyn FnMut(&'a Node)) {
    visit(node);
    if let Some(children) = node.children() {
        for child in children {
            walk(child, visit);
        }
    }
}

/// The plain text of a node and its descendants (text, inline code, …), without markup.
pub fn plain_text(node: &Node) -> String {
    let mut out = String::new();
    collect_text(node, &mut out);
    out
}

fn collect_text(node: &Node, out: &mut String) {
    match node {
        Node::Text(text) => out.push_str(&text.value),
        Node::InlineCode(code) => out.push_str(&code.value),
        Node::Code(code) => out.push_str(&code.value),
        Node::Break(_) => out.push('\n'),
        _ => {
            if let Some(children) = node.children() {
                for (index, child) in children.iter().enumerate() {
                    if index > 0 && matches!(child, Node::Paragraph(_)) {
                        out.push_str("\n\n");
                    }
                    collect_text(child, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_without_a_leading_pipe_stay_rows() {
        let text = "Name | Type | Notes\n---- | ---- | ----\n**id** | **String** | \nsize | [**Size**](Size.md) | [optional]\n`code` | x | y\n- a list\n\n```\n**a** | b\n```\n";
        let (repaired, pipes) = piped_table_rows(text).expect("three rows to repair");
        assert_eq!(pipes.len(), 3);
        assert!(repaired.contains("\n|**id** | **String**"), "{repaired}");
        assert!(repaired.contains("\n|size |"), "{repaired}");
        assert!(repaired.contains("\n- a list"), "a list item ends the table: {repaired}");
        assert!(repaired.contains("```\n**a** | b\n```"), "a code block is left alone: {repaired}");
        let file = SourceFile::new("m.md", text);
        let page = parse_page(&file, &mut Diagnostics::new()).expect("parses");
        let Some(Node::Table(table)) = page.root.children().and_then(|c| c.first()) else { panic!("a table") };
        assert_eq!(table.children.len(), 4, "the header and the three rows");
        // Positions are the file's: the third row's first cell starts at its line's first column.
        let row = &table.children[3];
        let start = &row.position().expect("a position").start;
        assert_eq!((start.line, start.column, start.offset), (5, 1, text.find("`code`").expect("the row")));
        let cell = &row.children().expect("cells")[1];
        let at = cell.position().expect("a position").start.offset;
        assert_eq!(&text[at..at + 4], "| x ", "the second cell in the file's offsets");
        assert_eq!(piped_table_rows("| a | b |\n| - | - |\n| **x** | y |\n"), None, "piped rows need nothing");
    }

    #[test]
    fn container_depth_counts_markers_and_indentation() {
        assert_eq!(container_depth("plain text"), 0);
        assert_eq!(container_depth("> > - 1. item"), 4);
        assert_eq!(container_depth("      - deep"), 4, "three list levels of indentation, then a marker");
        assert_eq!(container_depth("-not a marker"), 0);
        assert_eq!(container_depth("        "), 0, "a blank line nests nothing");
        assert_eq!(too_deep_containers(&format!("ok\n{}x\n", "> ".repeat(129))), Some(2));
        assert_eq!(too_deep_containers(&format!("ok\n{}x\n", "> ".repeat(100))), None);
    }

    #[test]
    fn deep_trees_are_refused_and_shallow_ones_read() {
        let deep = format!("<A>\n{}</A>\n", "<B>\n".repeat(200) + &"</B>\n".repeat(200));
        let mut diags = Diagnostics::new();
        assert!(parse_page(&SourceFile::new("specs/deep.mdx", deep), &mut diags).is_none());
        assert!(diags.to_string().contains("error: the page nests more than 128 levels deep"), "{diags}");
        let shallow = "<A>\n".repeat(20) + &"</A>\n".repeat(20);
        let mut diags = Diagnostics::new();
        assert!(parse_page(&SourceFile::new("specs/ok.mdx", shallow), &mut diags).is_some(), "{diags}");
    }

    #[test]
    fn a_markdown_parser_panic_is_a_located_failure() {
        // markdown-rs 1.0.0 panics ("Cannot push to non-parent") on this MDX; found by tests/no_panic.rs.
        let text =
            "a<ParamField body=\"name\" type=\"string | null\">\n---\napi: 'GET /v1/things/{id}'\ntitle: Things\n---\n";
        let mut diags = Diagnostics::new();
        let page = parse_page(&SourceFile::new("specs/p.mdx", text), &mut diags);
        assert!(!in_markdown_parser());
        let page = page.expect("read as plain markdown");
        assert!(!page.is_mdx);
        assert!(
            diags
                .to_string()
                .starts_with("specs/p.mdx:1:1: warning: not valid MDX (the markdown parser failed on this page: "),
            "{diags}"
        );
    }

    #[test]
    fn node_locations_count_characters_from_the_line_start() {
        let file = SourceFile::new("specs/p.md", "# Tïtle\n\nçà `code` here\n");
        let mut diags = Diagnostics::new();
        let page = parse_page(&file, &mut diags).expect("parses");
        let mut found = None;
        walk(&page.root, &mut |node| {
            if matches!(node, Node::InlineCode(_)) {
                found = Some(node_location(&file, node));
            }
        });
        assert_eq!(found.as_ref().map(|l| l.to_string()).as_deref(), Some("specs/p.md:3:4"));
        assert_eq!(found, Some(file.location_of_offset(file.text.find('`').unwrap_or(0))));
    }
}
