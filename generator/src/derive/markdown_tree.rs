//! Parsing a markdown page into an mdast tree (markdown-rs), and the small queries front-ends share.
//!
//! Pages are parsed as MDX (JSX components, ESM, expressions) with GFM tables and YAML frontmatter; a page
//! that is not valid MDX is parsed again as plain GFM, with a warning, so that one stray `<` or `{` in prose
//! does not lose the page.

use markdown::mdast::Node;
use markdown::{Constructs, ParseOptions};

use crate::diagnostic::{Diagnostics, Location, SourceFile};

/// A parsed page: its tree, and whether it was read as MDX.
#[derive(Debug)]
pub struct Page {
    pub root: Node,
    pub is_mdx: bool,
}

/// Parses `file` as MDX, falling back to GFM. `None` only if even GFM fails (an error is recorded).
pub fn parse_page(file: &SourceFile, diags: &mut Diagnostics) -> Option<Page> {
    let mdx = ParseOptions {
        constructs: Constructs { frontmatter: true, gfm_table: true, gfm_strikethrough: true, ..Constructs::mdx() },
        ..ParseOptions::mdx()
    };
    let mdx_error = match markdown::to_mdast(&file.text, &mdx) {
        Ok(root) => return Some(Page { root, is_mdx: true }),
        Err(message) => message,
    };
    let gfm = ParseOptions { constructs: Constructs { frontmatter: true, ..Constructs::gfm() }, ..ParseOptions::gfm() };
    match markdown::to_mdast(&file.text, &gfm) {
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

fn has_jsx_like_text(root: &Node) -> bool {
    let mut found = false;
    walk(root, &mut |node| {
        if let Node::Html(html) = node {
            found |= html.value.trim_start().starts_with('<');
        }
    });
    found
}

fn message_location(file: &SourceFile, message: &markdown::message::Message) -> Location {
    match message.place.as_deref() {
        Some(markdown::message::Place::Point(point)) => file.location_of_offset(point.offset),
        Some(markdown::message::Place::Position(position)) => file.location_of_offset(position.start.offset),
        None => file.start(),
    }
}

/// The place where a node starts (the file start when the node has no position).
pub fn node_location(file: &SourceFile, node: &Node) -> Location {
    match node.position() {
        Some(position) => file.location_of_offset(position.start.offset),
        None => file.start(),
    }
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
