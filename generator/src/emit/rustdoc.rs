//! Doc text as rustdoc reads it: markdown, in which text from the documents must not make links to Rust
//! items that do not exist, HTML tags, bare URLs or Rust code blocks (each a rustdoc warning, an error under
//! `-D warnings`). The generator's own text links to items with one form only, ``[`Name`]`` or
//! ``[`Name`](path::Name)``, which is kept; everything else that rustdoc would read as markup is escaped.

/// `doc` (lines already split by `\n`) with: code spans kept; `[`, `]`, `<` and `\` escaped outside them,
/// but for the generator's own intra-doc links; bare `http(s)://` URLs made autolinks; a code fence without
/// a language marked `text` (rustdoc reads one as Rust).
pub fn markdown_safe(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len() + doc.len() / 8);
    let mut fence: Option<(char, usize)> = None;
    for (index, line) in doc.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start_matches(' ');
        let indented = line.len() - trimmed.len() <= 3;
        if let Some((mark, length)) = fence {
            out.push_str(line);
            let closing = trimmed.chars().take_while(|c| *c == mark).count();
            if indented && closing >= length && trimmed[closing..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        let mark = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'));
        let length = mark.map_or(0, |mark| trimmed.chars().take_while(|c| *c == mark).count());
        if let (true, Some(mark), true) = (indented, mark, length >= 3) {
            let info = trimmed[length..].trim();
            // rustdoc reads the info string as attributes (`json`, `rust,ignore`); any other is not a fence
            // here, its marks escaped as text.
            let attributes =
                info.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | ',' | '.' | ' '));
            if attributes {
                fence = Some((mark, length));
                out.push_str(line.trim_end());
                if info.is_empty() {
                    out.push_str("text");
                }
                continue;
            }
        }
        inline(line, &mut out);
    }
    out
}

/// A `~` outside code is escaped only where it could open a fence; elsewhere it is text.
fn escaped(c: char) -> bool {
    matches!(c, '[' | ']' | '<' | '\\' | '~')
}

/// One line outside code blocks.
fn inline(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let run = rest.chars().take_while(|c| *c == '`').count();
            let fence = &rest[..run];
            // A code span closes with a run of exactly as many backticks.
            let closing = find_run(&rest[run..], run);
            match closing {
                Some(end) => {
                    let span = run + end + run;
                    out.push_str(&rest[..span]);
                    rest = &rest[span..];
                }
                None => {
                    for _ in 0..run {
                        out.push_str("\\`");
                    }
                    rest = &rest[fence.len()..];
                }
            }
            continue;
        }
        if c == '[' {
            if let Some(link) = own_link(rest).or_else(|| url_link(rest)) {
                out.push_str(&rest[..link]);
                rest = &rest[link..];
                continue;
            }
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end =
                rest.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', ']', '*', '_']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            c if escaped(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// Where a run of exactly `length` backticks starts in `text`.
fn find_run(text: &str, length: usize) -> Option<usize> {
    let mut at = 0;
    while let Some(start) = text[at..].find('`') {
        let start = at + start;
        let run = text[start..].chars().take_while(|c| *c == '`').count();
        if run == length {
            return Some(start);
        }
        at = start + run;
    }
    None
}

/// The length of a link the generator writes at the start of `text`: ``[`Name`]``, optionally followed by
/// `(path::Name)`; names and paths are Rust paths.
fn own_link(text: &str) -> Option<usize> {
    let inner = text.strip_prefix("[`")?;
    let name = &inner[..inner.find("`]")?];
    if !is_rust_path(name) {
        return None;
    }
    let length = 2 + name.len() + 2;
    let after = &text[length..];
    let target = after.strip_prefix('(').and_then(|target| Some(&target[..target.find(')')?]));
    match target {
        Some(target) if is_rust_path(target) => Some(length + 1 + target.len() + 1),
        _ => Some(length),
    }
}

/// The length of a markdown link to a URL or an anchor at the start of `text` (`[Conversation](#schema)`,
/// `[docs](https://…)`), which rustdoc keeps as a plain link; its text holds no markup.
fn url_link(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('[')?;
    let label = &inner[..inner.find("](")?];
    if label.is_empty() || label.contains(['[', ']', '<', '>', '`', '\\']) {
        return None;
    }
    let after = &inner[label.len() + 2..];
    let target = &after[..after.find(')')?];
    let url_like = ["#", "http://", "https://", "mailto:", "/", "./", "../"].iter().any(|p| target.starts_with(p));
    let plain = !target.contains(|c: char| c.is_whitespace() || matches!(c, '(' | '<' | '>' | '`' | '\\'));
    (url_like && plain).then_some(1 + label.len() + 2 + target.len() + 1)
}

fn is_rust_path(text: &str) -> bool {
    !text.is_empty()
        && text.split("::").all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generators_links_are_kept_and_other_markup_is_escaped() {
        assert_eq!(
            markdown_safe("See [`router`] and [`Client`](crate::Client)."),
            "See [`router`] and [`Client`](crate::Client)."
        );
        assert_eq!(markdown_safe("A [x] or [`a b`] <b> and C:\\"), "A \\[x\\] or \\[`a b`\\] \\<b> and C:\\\\");
        assert_eq!(markdown_safe("`a [b] <c>` stays; ` alone"), "`a [b] <c>` stays; \\` alone");
        assert_eq!(markdown_safe("At https://x.y/a?b=1. Then"), "At <https://x.y/a?b=1>. Then");
        assert_eq!(markdown_safe("[A](#a_b) [B](https://x.y) [C](D)"), "[A](#a_b) [B](https://x.y) \\[C\\](D)");
    }

    #[test]
    fn code_blocks_are_kept_and_marked_text() {
        assert_eq!(markdown_safe("a\n```\nlet [x] = 1;\n```\n[y]"), "a\n```text\nlet [x] = 1;\n```\n\\[y\\]");
        assert_eq!(markdown_safe("```json\n{}\n"), "```json\n{}\n");
        assert_eq!(markdown_safe("```&x\n~~~'"), "\\`\\`\\`&x\n\\~\\~\\~'");
    }
}
