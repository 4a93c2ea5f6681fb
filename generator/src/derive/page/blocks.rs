//! The page model: a parsed page as a flat run of blocks in document order, with the sections its headings
//! make.
//!
//! Markdown headings, HTML headings (`<h2 id="…">`, as widdershins and Slate write them) and anchors
//! (`<a id="…">` after a heading) all open sections; block quotes, MDX layout components (`<Tabs>`,
//! `<CodeGroup>`, `<ResponseExample>`) and list-free containers are opened up so that their tables, lists and
//! code blocks stand in the run where the page shows them, each component leaving its name as a label.

use markdown::mdast::{Code, Node};

use super::markdown_tree::{node_location, plain_text};
use crate::diagnostic::{Location, SourceFile};

/// One page, read as blocks and sections.
pub struct PageModel<'a> {
    pub file: &'a SourceFile,
    pub blocks: Vec<Block<'a>>,
    /// Headings, in order: `(block index, depth, end block index)`.
    pub sections: Vec<Section>,
    /// The page's file name without folders and extension, lower-case (`listinfo`, `templateapi`).
    pub stem: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub block: usize,
    pub depth: u8,
    pub end: usize,
    pub parent: Option<usize>,
}

pub struct Block<'a> {
    pub kind: BlockKind<'a>,
    pub location: Location,
}

pub enum BlockKind<'a> {
    Heading {
        depth: u8,
        text: String,
        anchors: Vec<String>,
    },
    Paragraph(&'a Node),
    Table(&'a Node),
    List(&'a Node),
    Code(&'a Code),
    /// Raw HTML or an HTML comment that is not a heading or an anchor.
    Html(&'a str),
    /// An MDX component's opening: its name and its attributes as text (expressions as their source).
    Component {
        name: String,
        attributes: Vec<(String, String)>,
    },
    Frontmatter(&'a str),
}

impl Block<'_> {
    pub fn heading_text(&self) -> Option<&str> {
        match &self.kind {
            BlockKind::Heading { text, .. } => Some(text),
            _ => None,
        }
    }
}

impl<'a> PageModel<'a> {
    pub fn new(file: &'a SourceFile, root: &'a Node) -> PageModel<'a> {
        let mut blocks = Vec::new();
        collect(file, root, &mut blocks, 0);
        let sections = sections_of(&blocks);
        let name = file.path.rsplit(['/', '\\']).next().unwrap_or(&file.path);
        let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
        PageModel { file, blocks, sections, stem }
    }

    /// The deepest section holding block `index` (an index into `sections`).
    pub fn section_of(&self, index: usize) -> Option<usize> {
        let position = self.sections.partition_point(|s| s.block <= index);
        let mut candidate = position.checked_sub(1);
        while let Some(section) = candidate {
            if self.sections[section].end > index {
                return Some(section);
            }
            candidate = self.sections[section].parent;
        }
        None
    }

    /// The section a heading anchor or slug names.
    pub fn section_by_anchor(&self, anchor: &str) -> Option<usize> {
        let wanted = anchor.trim_start_matches('#').to_ascii_lowercase();
        self.sections.iter().position(|section| match &self.blocks[section.block].kind {
            BlockKind::Heading { text, anchors, .. } => {
                anchors.iter().any(|a| a.eq_ignore_ascii_case(&wanted)) || slug(text) == wanted
            }
            _ => false,
        })
    }

    /// The text of a section's heading.
    pub fn heading(&self, section: usize) -> &str {
        self.blocks[self.sections[section].block].heading_text().unwrap_or_default()
    }
}

/// A heading's anchor as GitHub and most generators make it: lower-case, spaces as `-`, punctuation dropped.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.trim().chars() {
        if ch.is_alphanumeric() || ch == '_' || ch == '-' {
            out.extend(ch.to_lowercase());
        } else if ch.is_whitespace() {
            out.push('-');
        }
    }
    out
}

const MAX_DEPTH: usize = 64;

fn collect<'a>(file: &'a SourceFile, node: &'a Node, out: &mut Vec<Block<'a>>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let location = || node_location(file, node);
    match node {
        Node::Root(root) => {
            for child in &root.children {
                collect(file, child, out, depth + 1);
            }
        }
        Node::Yaml(yaml) => out.push(Block { kind: BlockKind::Frontmatter(&yaml.value), location: location() }),
        Node::Heading(heading) => out.push(Block {
            kind: BlockKind::Heading { depth: heading.depth, text: inline_text(node), anchors: Vec::new() },
            location: location(),
        }),
        Node::Paragraph(_) => {
            // An anchor or heading written as inline HTML on its own line.
            if let Some(kind) = html_block(&paragraph_html(node)) {
                push_html(out, kind, location());
            } else {
                out.push(Block { kind: BlockKind::Paragraph(node), location: location() });
            }
        }
        Node::Table(_) => out.push(Block { kind: BlockKind::Table(node), location: location() }),
        Node::List(_) => out.push(Block { kind: BlockKind::List(node), location: location() }),
        Node::Code(code) => out.push(Block { kind: BlockKind::Code(code), location: location() }),
        Node::Html(html) => match html_block(&html.value) {
            Some(kind) => push_html(out, kind, location()),
            None => out.push(Block { kind: BlockKind::Html(&html.value), location: location() }),
        },
        Node::Blockquote(quote) => {
            for child in &quote.children {
                collect(file, child, out, depth + 1);
            }
        }
        Node::MdxJsxFlowElement(element) => {
            let name = element.name.clone().unwrap_or_default();
            let attributes = element
                .attributes
                .iter()
                .filter_map(|attribute| match attribute {
                    markdown::mdast::AttributeContent::Property(property) => {
                        let value = match &property.value {
                            None => "true".to_owned(),
                            Some(markdown::mdast::AttributeValue::Literal(text)) => text.clone(),
                            Some(markdown::mdast::AttributeValue::Expression(expression)) => expression.value.clone(),
                        };
                        Some((property.name.clone(), value))
                    }
                    markdown::mdast::AttributeContent::Expression(_) => None,
                })
                .collect();
            out.push(Block { kind: BlockKind::Component { name, attributes }, location: location() });
            for child in &element.children {
                collect(file, child, out, depth + 1);
            }
        }
        _ => {}
    }
}

enum HtmlBlock {
    Heading { depth: u8, text: String, id: Option<String> },
    Anchor(String),
}

fn push_html<'a>(out: &mut Vec<Block<'a>>, kind: HtmlBlock, location: Location) {
    match kind {
        HtmlBlock::Heading { depth, text, id } => {
            out.push(Block { kind: BlockKind::Heading { depth, text, anchors: id.into_iter().collect() }, location })
        }
        HtmlBlock::Anchor(id) => {
            // An anchor right after a heading names that heading's section.
            if let Some(Block { kind: BlockKind::Heading { anchors, .. }, .. }) = out.last_mut() {
                anchors.push(id);
            }
        }
    }
}

/// The raw HTML of a paragraph made only of inline HTML and whitespace (an `<a id>` line).
fn paragraph_html(node: &Node) -> String {
    let mut html = String::new();
    for child in node.children().into_iter().flatten() {
        match child {
            Node::Html(h) => html.push_str(&h.value),
            Node::Text(t) if t.value.trim().is_empty() => {}
            _ => return String::new(),
        }
    }
    html
}

/// `<h2 id="x">Text</h2>` or `<a id="x"></a>` / `<a name="x"></a>`.
fn html_block(html: &str) -> Option<HtmlBlock> {
    let trimmed = html.trim();
    let lower = trimmed.to_ascii_lowercase();
    if lower.len() > 3 && lower.starts_with("<h") && lower.as_bytes()[2].is_ascii_digit() {
        let depth = lower.as_bytes()[2] - b'0';
        if !(1..=6).contains(&depth) || !matches!(lower.as_bytes()[3], b' ' | b'>') {
            return None;
        }
        let open_end = trimmed.find('>')?;
        let close = lower.rfind("</h")?;
        if close < open_end {
            return None;
        }
        let id = attribute(&trimmed[..open_end], "id");
        let text = strip_tags(&trimmed[open_end + 1..close]);
        return Some(HtmlBlock::Heading { depth, text: decode_entities(text.trim()), id });
    }
    if lower.starts_with("<a ") && !lower.contains("href") {
        let open_end = trimmed.find('>')?;
        let tag = &trimmed[..open_end];
        return attribute(tag, "id").or_else(|| attribute(tag, "name")).map(HtmlBlock::Anchor);
    }
    None
}

/// The value of `name="…"` (or `'…'`) in an HTML tag or comment; `name` in lower case (names match in any
/// case).
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let start = from + found;
        from = start + name.len();
        let before_ok = start == 0 || !lower.as_bytes()[start - 1].is_ascii_alphanumeric();
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            return rest.split(|c: char| c.is_whitespace() || c == '>').next().map(str::to_owned);
        }
        let end = rest[1..].find(quote)?;
        return Some(rest[1..1 + end].to_owned());
    }
    None
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The text of an inline run, with code spans, emphasis and links as their text, and MDX expressions as
/// they were written (`/users/{id}` in an `.mdx` page is a path, not an expression to run).
pub fn inline_text(node: &Node) -> String {
    let mut out = String::new();
    collect_inline(node, &mut out, 0);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`inline_text`] with the text's own line breaks kept.
pub fn inline_lines(node: &Node) -> String {
    let mut out = String::new();
    collect_inline(node, &mut out, 0);
    out
}

fn collect_inline(node: &Node, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match node {
        Node::MdxTextExpression(expression) => {
            out.push('{');
            out.push_str(&expression.value);
            out.push('}');
        }
        Node::MdxFlowExpression(expression) => {
            out.push('{');
            out.push_str(&expression.value);
            out.push('}');
        }
        Node::Text(_) | Node::InlineCode(_) | Node::Code(_) | Node::Break(_) => out.push_str(&plain_text(node)),
        Node::Html(html) => {
            // `<br>`, `<sup>` and the like separate words (`name<sup>required</sup>`); a comment does not.
            if html.value.starts_with('<') && !html.value.starts_with("<!--") {
                out.push(' ');
            }
        }
        _ => {
            // An inline component (`<sup>required</sup>` read as MDX) is a word of its own, as its HTML is.
            let element = matches!(node, Node::MdxJsxTextElement(_));
            if element {
                out.push(' ');
            }
            for child in node.children().into_iter().flatten() {
                collect_inline(child, out, depth + 1);
            }
            if element || matches!(node, Node::TableCell(_) | Node::Paragraph(_) | Node::ListItem(_)) {
                out.push(' ');
            }
        }
    }
}

/// Each heading's section: it runs to the next heading of the same or a smaller depth.
fn sections_of(blocks: &[Block<'_>]) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let BlockKind::Heading { depth, .. } = block.kind else { continue };
        while let Some(&last) = open.last() {
            if sections[last].depth >= depth {
                sections[last].end = index;
                open.pop();
            } else {
                break;
            }
        }
        sections.push(Section { block: index, depth, end: blocks.len(), parent: open.last().copied() });
        open.push(sections.len() - 1);
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_headings_and_anchors() {
        assert!(matches!(
            html_block(r#"<h2 id="opIdGetFills">Get fills</h2>"#),
            Some(HtmlBlock::Heading { depth: 2, ref text, id: Some(ref id) }) if text == "Get fills" && id == "opIdGetFills"
        ));
        assert!(
            matches!(html_block(r#"<a id="schemafill"></a>"#), Some(HtmlBlock::Anchor(ref id)) if id == "schemafill")
        );
        assert!(html_block(r#"<a href="x">y</a>"#).is_none());
        assert_eq!(slug("Get **all** the things!"), "get-all-the-things");
    }
}
