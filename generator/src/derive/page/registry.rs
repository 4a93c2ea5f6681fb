//! The types the pages define, by every key the pages use to point at them: link target, anchor, name.

use std::collections::HashMap;

use super::blocks::{self, BlockKind, PageModel};
use super::scope::ModelSection;
/// Model names by every key the pages use to point at them.
#[derive(Default)]
pub(super) struct Registry {
    keys: HashMap<String, String>,
    pub(super) names: HashMap<(usize, usize), String>,
}

/// A key for lookups: lower-case letters and digits only.
fn key_of(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).flat_map(|c| c.to_lowercase()).collect()
}

impl Registry {
    pub(super) fn add(&mut self, model: &ModelSection, page: &PageModel<'_>) {
        let name = model.name.clone();
        let mut keys = vec![key_of(&name)];
        if let BlockKind::Heading { anchors, text, .. } = &page.blocks[page.sections[model.section].block].kind {
            keys.extend(anchors.iter().map(|a| key_of(a)));
            keys.push(key_of(&blocks::slug(text)));
        }
        let first_heading =
            page.sections.iter().position(|s| s.depth == page.sections.iter().map(|x| x.depth).min().unwrap_or(1));
        if first_heading == Some(model.section) {
            keys.push(key_of(&page.stem));
        }
        for key in keys {
            if !key.is_empty() {
                self.keys.entry(key).or_insert_with(|| name.clone());
            }
        }
        self.names.insert((model.page, model.section), name);
    }

    pub(super) fn name_of(&self, model: &ModelSection) -> String {
        self.names.get(&(model.page, model.section)).cloned().unwrap_or_else(|| model.name.clone())
    }

    /// The model a type name (with the links of its cell) points at.
    pub(super) fn resolve(&self, name: &str, links: &[(String, String)]) -> Option<&String> {
        let plain = name.trim_matches(['*', '`']);
        for (text, target) in links {
            let text = text.trim_matches(['*', '`', '[', ']']);
            if text == plain || text.ends_with(plain) || text.contains(plain) {
                if let Some(found) = self.resolve_target(target) {
                    return Some(found);
                }
            }
        }
        let last = plain.rsplit('.').next().unwrap_or(plain);
        self.keys.get(&key_of(last)).or_else(|| self.keys.get(&key_of(plain)))
    }

    fn resolve_target(&self, target: &str) -> Option<&String> {
        if target.starts_with("http") {
            return None;
        }
        let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
        if !fragment.is_empty() {
            if let Some(found) = self.keys.get(&key_of(fragment)) {
                return Some(found);
            }
        }
        let stem = file.rsplit('/').next().unwrap_or(file);
        let stem = stem.split('.').next().unwrap_or(stem);
        (!stem.is_empty()).then(|| self.keys.get(&key_of(stem))).flatten()
    }
}
