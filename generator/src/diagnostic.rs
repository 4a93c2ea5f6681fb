//! Diagnostics: every problem found in an input document, with its place, collected and shown together.
//!
//! Nothing in the generator panics on user input; it records a [`Diagnostic`] in a [`Diagnostics`]
//! sink and carries on where it can, so that a user sees every problem of a document in one run.

use std::fmt;

/// How bad a problem is: an error stops generation for its spec, a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in an input file. Lines and columns are 1-based, columns count characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// One problem of one input, with its place when the problem has one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in.
    pub file: String,
    /// Line and column in `file`, when the problem has a place.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

/// The sink every stage writes its problems to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

/// A text that diagnostics can point into: its display path and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path shown in diagnostics and `x-source` (relative to the repository, `/`-separated).
    pub path: String,
    /// Shared, so that work on another thread (the source map's index) needs no copy of it.
    pub text: std::sync::Arc<str>,
}

impl Location {
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Location {
        Location { file: file.into(), line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl Diagnostic {
    pub fn location(&self) -> Option<Location> {
        self.position.map(|(line, column)| Location::new(self.file.clone(), line, column))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {severity}: {}", self.file, self.message),
            None => write!(f, "{}: {severity}: {}", self.file, self.message),
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.items {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// An error at a place in a file.
    pub fn error_at(&mut self, location: &Location, message: impl Into<String>) {
        self.push(Severity::Error, &location.file, Some((location.line, location.column)), message);
    }

    /// A warning at a place in a file.
    pub fn warning_at(&mut self, location: &Location, message: impl Into<String>) {
        self.push(Severity::Warning, &location.file, Some((location.line, location.column)), message);
    }

    /// An error about a whole file (it has no better place, e.g. the file is empty).
    pub fn error_in(&mut self, file: &str, message: impl Into<String>) {
        self.push(Severity::Error, file, None, message);
    }

    /// A warning about a whole file.
    pub fn warning_in(&mut self, file: &str, message: impl Into<String>) {
        self.push(Severity::Warning, file, None, message);
    }

    pub fn push(
        &mut self,
        severity: Severity,
        file: &str,
        position: Option<(usize, usize)>,
        message: impl Into<String>,
    ) {
        self.items.push(Diagnostic { severity, file: file.to_owned(), position, message: message.into() });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Strict mode: every warning becomes an error (its message says so).
    pub fn deny_warnings(&mut self) {
        for diagnostic in &mut self.items {
            if diagnostic.severity == Severity::Warning {
                diagnostic.severity = Severity::Error;
                diagnostic.message.push_str(" (a warning, an error in strict mode)");
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics in a stable order: by file, then place, errors before warnings.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (&a.file, a.position, a.severity, &a.message).cmp(&(&b.file, b.position, b.severity, &b.message))
        });
        items.dedup();
        items
    }
}

/// How diagnostics are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageFormat {
    /// One line each, `path:line:col: severity: message`: for tools, tests and output that is not a terminal.
    Short,
    /// As rustc shows them: the message, the source line with a caret under the place, and a summary count at
    /// the end; `color` styles the severities.
    Human { color: bool },
}

impl MessageFormat {
    /// The format for stderr as it is: a terminal gets the human form, coloured unless `NO_COLOR` is set;
    /// anything else (a pipe, a file, a test) the short form.
    pub fn for_stderr() -> MessageFormat {
        use std::io::IsTerminal;
        if std::io::stderr().is_terminal() {
            MessageFormat::Human { color: std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()) }
        } else {
            MessageFormat::Short
        }
    }
}

impl Diagnostics {
    /// The diagnostics in their stable order ([`Diagnostics::sorted`]), shown in `format`. `source` gives a
    /// file's text by its display path; a diagnostic whose line cannot be shown (no place, or no text) is shown
    /// without a snippet.
    pub fn render(&self, format: MessageFormat, source: &mut dyn FnMut(&str) -> Option<std::sync::Arc<str>>) -> String {
        let sorted = self.sorted();
        let color = match format {
            MessageFormat::Short => return sorted.iter().map(|d| format!("{d}\n")).collect(),
            MessageFormat::Human { color } => color,
        };
        let renderer = if color { annotate_snippets::Renderer::styled() } else { annotate_snippets::Renderer::plain() };
        let mut texts: std::collections::BTreeMap<String, Option<std::sync::Arc<str>>> = Default::default();
        let mut out = String::new();
        for diagnostic in &sorted {
            let text = texts.entry(diagnostic.file.clone()).or_insert_with(|| source(&diagnostic.file)).clone();
            out.push_str(&human(diagnostic, text.as_deref(), &renderer));
            out.push_str("\n\n");
        }
        let errors = sorted.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = sorted.len() - errors;
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let summary = match (errors, warnings) {
            (0, 0) => return out,
            (0, w) => format!("{} emitted", count(w, "warning")),
            (e, 0) => format!("{} emitted", count(e, "error")),
            (e, w) => format!("{}, {} emitted", count(e, "error"), count(w, "warning")),
        };
        let level = if errors > 0 { annotate_snippets::Level::ERROR } else { annotate_snippets::Level::WARNING };
        out.push_str(&renderer.render(&[annotate_snippets::Group::with_title(level.primary_title(summary))]));
        out.push('\n');
        out
    }
}

/// One diagnostic as rustc shows it: its severity and message, then its place; when the place is in a text at
/// hand, that line with the word at the place underlined.
fn human(diagnostic: &Diagnostic, text: Option<&str>, renderer: &annotate_snippets::Renderer) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Origin, Snippet};
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let group = Group::with_title(level.primary_title(diagnostic.message.as_str()));
    let file = diagnostic.file.as_str();
    let group = match diagnostic.position {
        None => group.element(Origin::path(file)),
        Some((line, column)) => match text.and_then(|text| text.split('\n').nth(line.saturating_sub(1))) {
            Some(source) => {
                let source = source.strip_suffix('\r').unwrap_or(source);
                let start = source.char_indices().nth(column.saturating_sub(1)).map_or(source.len(), |(i, _)| i);
                let word = source[start..].find(char::is_whitespace).unwrap_or(source.len() - start);
                let end = start + word.max(source[start..].chars().next().map_or(0, char::len_utf8));
                let span = AnnotationKind::Primary.span(start..end);
                group.element(Snippet::source(source).line_start(line).path(file).annotation(span))
            }
            None => group.element(Origin::path(file).line(line).char_column(column)),
        },
    };
    renderer.render(&[group])
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile { path: path.into(), text: std::sync::Arc::from(text.into()) }
    }

    /// The place of a byte offset of the text (clamped to the text, rounded down to a char boundary).
    pub fn location_of_offset(&self, offset: usize) -> Location {
        let (line, column) = line_column(&self.text, offset);
        Location::new(self.path.clone(), line, column)
    }

    /// A place given as line and column.
    pub fn location(&self, line: usize, column: usize) -> Location {
        Location::new(self.path.clone(), line, column)
    }

    /// The place of the file as a whole (line 1, column 1).
    pub fn start(&self) -> Location {
        Location::new(self.path.clone(), 1, 1)
    }
}

/// 1-based line and character column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one_and_counts_characters() {
        let text = "ab\nçd\nx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 5), (2, 2));
        assert_eq!(line_column(text, 4), (2, 1), "inside a char rounds down");
        assert_eq!(line_column(text, 100), (3, 2), "past the end clamps");
    }

    #[test]
    fn diagnostics_render_as_path_line_col() {
        let mut diags = Diagnostics::new();
        diags.error_at(&Location::new("specs/a.md", 3, 7), "bad thing");
        diags.warning_in("specs/b.md", "odd thing");
        let text = diags.to_string();
        assert_eq!(text, "specs/a.md:3:7: error: bad thing\nspecs/b.md: warning: odd thing\n");
        assert!(diags.has_errors());
        assert_eq!(diags.error_count(), 1);
    }

    #[test]
    fn human_format_shows_the_line_with_a_caret_and_a_summary() {
        let mut diags = Diagnostics::new();
        diags.error_at(&Location::new("specs/a.md", 2, 7), "unknown type `Strng`");
        diags.warning_in("specs/b.md", "no endpoint found");
        let mut source = |path: &str| (path == "specs/a.md").then(|| std::sync::Arc::from("# A\n| x | Strng | y |\n"));
        let text = diags.render(MessageFormat::Human { color: false }, &mut source);
        assert!(text.contains("error: unknown type `Strng`\n --> specs/a.md:2:7\n"), "{text}");
        assert!(text.contains("2 | | x | Strng | y |\n  |       ^^^^^\n"), "{text}");
        assert!(text.contains("warning: no endpoint found\n--> specs/b.md\n"), "{text}");
        assert!(text.ends_with("error: 1 error, 1 warning emitted\n"), "{text}");
        let short = diags.render(MessageFormat::Short, &mut source);
        assert_eq!(short, diags.sorted().iter().map(|d| format!("{d}\n")).collect::<String>());
    }
}
