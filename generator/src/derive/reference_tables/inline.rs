//! The inline text of a reference page's cells and headings: inline codes, descriptions with their code kept,
//! whitespace collapsed, and the field name a name cell gives.

use markdown::mdast::Node;

use crate::derive::page::markdown_tree::{plain_text, walk};

/// A name cell: its first inline code (`` `limit` ``), else its text up to the first space (`limit (deprecated)`).
pub(super) fn field_name(cell: &Node) -> String {
    if let Some(code) = inline_codes(cell).into_iter().next() {
        return code.trim().to_owned();
    }
    let text = plain_text(cell);
    text.split_whitespace().next().unwrap_or("").trim_end_matches(['*', ':']).to_owned()
}

pub(super) fn inline_codes(node: &Node) -> Vec<String> {
    let mut codes = Vec::new();
    walk(node, &mut |child| {
        if let Node::InlineCode(code) = child {
            codes.push(code.value.clone());
        }
    });
    codes
}

/// The text of inline content for descriptions: inline code keeps its backticks, other markup is dropped.
pub(super) fn render_inline(node: &Node) -> String {
    match node {
        Node::Text(text) => text.value.clone(),
        Node::InlineCode(code) => format!("`{}`", code.value),
        Node::Break(_) => " ".to_owned(),
        Node::Html(html) => html.value.clone(),
        _ => node.children().into_iter().flatten().map(render_inline).collect(),
    }
}

pub(super) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn is_single_token(text: &str) -> bool {
    !text.is_empty() && !text.contains(char::is_whitespace)
}
