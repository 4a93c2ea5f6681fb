//! Each operation's scope, the largest section around its declaration that declares no other endpoint,
//! and the sections outside every scope that define a type.

use std::collections::HashMap;

use super::blocks::{BlockKind, PageModel};
use super::declare::{Declaration, How};
use super::document::endpoint_key;
use super::fields::{self, Role, Table};
use super::schema::literal_union;
use crate::diagnostic::{Diagnostics, Location};
/// An operation and the blocks of its page that document it.
#[derive(Debug, Clone)]
pub(super) struct Scope {
    pub(super) page: usize,
    pub(super) method: &'static str,
    pub(super) path: String,
    /// Block ranges `[start, end)`.
    pub(super) ranges: Vec<(usize, usize)>,
    /// The section that holds it, for its summary and operationId.
    pub(super) section: Option<usize>,
    pub(super) origin: Location,
    pub(super) query: Option<String>,
    /// The operationId a declaration states.
    pub(super) operation_id: Option<String>,
    /// A concrete path an example sends (`/orgs/acme_123/items` for `/orgs/{org_id}/items`): its segments
    /// are examples of the path parameters.
    pub(super) example_path: Option<String>,
}

/// The scopes of a page's declarations.
pub(super) fn scopes(
    page: &PageModel<'_>,
    page_index: usize,
    declarations: &[Declaration],
    diags: &mut Diagnostics,
) -> Vec<Scope> {
    // Where each declaration is at home: its section, or the section a table row links to.
    let homes: Vec<(Option<usize>, usize)> = declarations
        .iter()
        .map(|d| {
            if let Some(section) = d.anchor.as_deref().and_then(|a| page.section_by_anchor(a)) {
                return (Some(section), page.sections[section].block);
            }
            (page.section_of(d.block), d.block)
        })
        .collect();
    let keys: Vec<String> = declarations.iter().map(|d| endpoint_key(d.method, &d.path)).collect();
    // A concrete path (`/orgs/acme/items`) that another declaration templates (`/orgs/{org}/items`) is that one.
    let keys: Vec<String> = keys
        .iter()
        .zip(declarations)
        .map(|(key, declaration)| {
            if key.contains("{}") || declaration.how != How::Code {
                return key.clone();
            }
            keys.iter()
                .find(|other| other.contains("{}") && concrete_matches(key, other))
                .cloned()
                .unwrap_or_else(|| key.clone())
        })
        .collect();
    // An example that sends another method to the path its section's heading or line declares is that
    // operation: the declaration is the page's statement, the example its illustration (and sometimes wrong).
    let keys: Vec<String> = keys
        .iter()
        .zip(declarations)
        .map(|(key, declaration)| {
            if declaration.how != How::Code {
                return key.clone();
            }
            let path = key.split_once(' ').map_or("", |(_, path)| path);
            let stated = (0..declarations.len()).find(|&j| {
                matches!(declarations[j].how, How::Heading | How::Line)
                    && homes[j].0.is_some_and(|h| {
                        page.sections[h].block <= declaration.block && declaration.block < page.sections[h].end
                    })
                    && keys[j].split_once(' ').is_some_and(|(_, other)| other == path)
            });
            match stated {
                Some(j) if keys[j] != *key => {
                    diags.warning_at(
                        &declaration.location,
                        format!(
                            "this example sends `{} {}` where its section documents `{} {}`; the section is read",
                            declaration.method, declaration.path, declarations[j].method, declarations[j].path
                        ),
                    );
                    keys[j].clone()
                }
                _ => key.clone(),
            }
        })
        .collect();
    let mut out: Vec<Scope> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // Declarations in the order of their strength, so the scope and spelling come from the best one.
    let mut order: Vec<usize> = (0..declarations.len()).collect();
    order.sort_by_key(|&i| (declarations[i].how, i));
    for i in order {
        let declaration = &declarations[i];
        let (home, position) = homes[i];
        let others = |start: usize, end: usize| {
            (0..declarations.len()).any(|j| {
                keys[j] != keys[i] && {
                    let (_, p) = homes[j];
                    p >= start && p < end && !(declarations[j].how == How::LinkedRow && homes[j].0.is_some())
                        || declarations[j].block >= start
                            && declarations[j].block < end
                            && declarations[j].how != How::LinkedRow
                }
            })
        };
        let range = if declaration.how == How::Row
            && home.is_some_and(|h| others(page.sections[h].block, page.sections[h].end))
        {
            // A row of an index of endpoints: the operation exists; the row is all this place says of it.
            (declaration.block, declaration.block + 1)
        } else if declaration.how == How::Code && by_key.contains_key(&keys[i]) {
            // An example of an operation declared elsewhere: its own section at most, never the sections
            // around it (a stray example at the end of a page does not take the types defined there).
            match home {
                Some(h) if !others(page.sections[h].block, page.sections[h].end) => {
                    (page.sections[h].block, page.sections[h].end)
                }
                _ => (declaration.block, declaration.block + 1),
            }
        } else {
            let mut section = home;
            let (mut start, mut end) = match home {
                Some(h) => (page.sections[h].block, page.sections[h].end),
                None => (0, page.blocks.len()),
            };
            // Climb while the parent declares nothing else.
            while let Some(h) = section {
                let Some(parent) = page.sections[h].parent else { break };
                let (ps, pe) = (page.sections[parent].block, page.sections[parent].end);
                if others(ps, pe) {
                    break;
                }
                section = Some(parent);
                (start, end) = (ps, pe);
            }
            if section.is_none() || others(start, end) {
                // Several endpoints share this section: from this declaration to the next other one.
                let next = (0..declarations.len())
                    .filter(|&j| keys[j] != keys[i] && homes[j].1 > position && homes[j].1 < end)
                    .map(|j| homes[j].1)
                    .min()
                    .unwrap_or(end);
                let previous = (0..declarations.len())
                    .filter(|&j| keys[j] != keys[i] && homes[j].1 < position && homes[j].1 >= start)
                    .map(|j| homes[j].1 + 1)
                    .max()
                    .unwrap_or(start);
                start = previous.max(if section.is_some() { start } else { 0 });
                end = next;
            } else if let Some(h) = section {
                // Sections after it at its own level whose headings say what they hold (`### Response`
                // after `### GET /v1/channels`, as Slate pages put them) and that declare nothing are its.
                let depth = page.sections[h].depth;
                while let Some(next) = page.sections.iter().position(|s| s.block == end && s.depth == depth) {
                    let labelled = !matches!(fields::role_of(page.heading(next)), Role::Neutral | Role::Ignore);
                    let (ns, ne) = (page.sections[next].block, page.sections[next].end);
                    if !labelled {
                        break;
                    }
                    // Up to the next declaration (a Slate page shows the next operation's samples first).
                    let other = (0..declarations.len())
                        .filter(|&j| keys[j] != keys[i] && homes[j].1 > ns && homes[j].1 < ne)
                        .map(|j| homes[j].1)
                        .min();
                    end = other.unwrap_or(ne);
                    if other.is_some() {
                        break;
                    }
                }
            }
            (start, end)
        };
        match by_key.get(&keys[i]) {
            Some(&existing) => {
                let scope: &mut Scope = &mut out[existing];
                if !scope.ranges.iter().any(|&(s, e)| s <= range.0 && range.1 <= e) {
                    scope.ranges.push(range);
                }
                if scope.query.is_none() {
                    scope.query = declaration.query.clone();
                }
                if scope.operation_id.is_none() {
                    scope.operation_id = declaration.operation_id.clone();
                }
                if scope.example_path.is_none() && !declaration.path.contains('{') && scope.path.contains('{') {
                    scope.example_path = Some(declaration.path.clone());
                }
            }
            None => {
                by_key.insert(keys[i].clone(), out.len());
                let section = page.section_of(range.0).or(home);
                out.push(Scope {
                    page: page_index,
                    method: declaration.method,
                    path: declaration.path.clone(),
                    ranges: vec![range],
                    section,
                    origin: declaration.location.clone(),
                    query: declaration.query.clone(),
                    operation_id: declaration.operation_id.clone(),
                    example_path: None,
                });
            }
        }
    }
    out.sort_by_key(|scope| scope.ranges.first().map_or(0, |r| r.0));
    out
}

/// Whether a concrete endpoint key fits a templated one segment by segment.
fn concrete_matches(concrete: &str, templated: &str) -> bool {
    let (Some((m1, p1)), Some((m2, p2))) = (concrete.split_once(' '), templated.split_once(' ')) else { return false };
    let a: Vec<&str> = p1.split('/').collect();
    let b: Vec<&str> = p2.split('/').collect();
    m1 == m2 && a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x == y || *y == "{}" && !x.is_empty())
}

/// A section that defines a type.
#[derive(Debug, Clone)]
pub(super) struct ModelSection {
    pub(super) page: usize,
    pub(super) section: usize,
    pub(super) name: String,
}

/// Sections outside every operation's scope whose heading is a type name and which state fields or values.
pub(super) fn model_sections(page: &PageModel<'_>, page_index: usize, scopes: &[Scope]) -> Vec<ModelSection> {
    let mut out = Vec::new();
    for (index, section) in page.sections.iter().enumerate() {
        let inside = scopes.iter().any(|s| s.ranges.iter().any(|&(a, b)| section.block >= a && section.block < b));
        // A section that holds operations (an API page's title) is not a type.
        let holds = scopes.iter().any(|s| s.ranges.iter().any(|&(a, _)| a > section.block && a < section.end));
        if inside || holds {
            continue;
        }
        let heading = page.heading(index).trim().trim_matches(['*', '`']);
        let name =
            heading.strip_prefix("Schema:").or_else(|| heading.strip_suffix(" object")).unwrap_or(heading).trim();
        let name = name.rsplit('.').next().unwrap_or(name);
        // `Custom Field`: a type named in words, each capitalised (the pages write `CustomField` elsewhere).
        let words: Vec<&str> = name.split_whitespace().collect();
        let joined;
        let name = if (2..=3).contains(&words.len())
            && words.iter().all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        {
            joined = words.concat();
            joined.as_str()
        } else {
            name
        };
        if name.is_empty()
            || is_part_heading(name)
            || name.len() > 80
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            || name.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !name.contains('_') && section.depth > 1
        {
            continue;
        }
        let has_fields = (section.block + 1..section.end).any(|b| match &page.blocks[b].kind {
            BlockKind::Table(table) => match fields::read_table(page.file, table) {
                Table::Fields(rows) => !rows.is_empty(),
                Table::Values(_) => true,
                _ => false,
            },
            BlockKind::Code(code) => literal_union(&code.value).is_some(),
            _ => false,
        });
        if has_fields {
            out.push(ModelSection { page: page_index, section: index, name: name.to_owned() });
        }
    }
    out
}

/// A sub-heading that names a part of the type above it (`## Properties`), not a type.
fn is_part_heading(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "properties"
            | "fields"
            | "attributes"
            | "members"
            | "parameters"
            | "schema"
            | "example"
            | "examples"
            | "values"
            | "enum"
            | "enums"
            | "description"
            | "definition"
            | "structure"
            | "object"
            | "type"
    )
}
