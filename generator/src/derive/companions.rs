//! The documents a page names as parts of itself, found among the documents given with it: the JSON props
//! files docusaurus-openapi-docs writes beside a page (`{...require("./x.ParamsDetails.json")}`), the spec a
//! ReadMe reference page's `api.file` names.
//!
//! The library reads no files: a folder given as input brings the files beside its pages, and a page whose
//! companion is not among the documents says so at the line that names it.

use crate::diagnostic::SourceFile;

/// The data documents (JSON, YAML) given with the pages, looked up by the path a page names.
#[derive(Default)]
pub struct Companions<'a> {
    files: Vec<&'a SourceFile>,
}

impl<'a> Companions<'a> {
    pub fn new(files: Vec<&'a SourceFile>) -> Companions<'a> {
        Companions { files }
    }

    /// The document at `relative` from the page's folder (`./x.json`, `../specs/x.json`).
    pub fn beside(&self, page: &SourceFile, relative: &str) -> Option<&'a SourceFile> {
        let wanted = beside_path(&page.path, relative)?;
        self.files.iter().copied().find(|file| normalised(&file.path).as_deref() == Some(wanted.as_str()))
    }

    /// The document at `relative` from the page's folder or the nearest folder above it that holds it (ReadMe
    /// names a spec relative to the project's `reference/` folder, pages sit in folders below it).
    pub fn above(&self, page: &SourceFile, relative: &str) -> Option<&'a SourceFile> {
        let mut folder = parent(&page.path);
        loop {
            if let Some(wanted) = normalised(&join(folder, relative)) {
                let found = self.files.iter().copied().find(|file| normalised(&file.path).as_ref() == Some(&wanted));
                if found.is_some() {
                    return found;
                }
            }
            if folder.is_empty() {
                return None;
            }
            folder = parent(folder);
        }
    }
}

/// The path of `relative` from the folder of `page`, normalised.
pub fn beside_path(page: &str, relative: &str) -> Option<String> {
    normalised(&join(parent(page), relative))
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

fn join(folder: &str, relative: &str) -> String {
    if folder.is_empty() || relative.starts_with('/') {
        relative.to_owned()
    } else {
        format!("{folder}/{relative}")
    }
}

/// A `/`-separated path without `.` segments and with `..` applied; `None` when `..` climbs above the start.
fn normalised(path: &str) -> Option<String> {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none_or(|popped| popped == "..") {
                    return None;
                }
            }
            _ => segments.push(segment),
        }
    }
    Some(segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_companion_is_found_beside_its_page_or_above_it() {
        let page = SourceFile::new("docs/api/pets/get-pet.api.mdx", "");
        let props = SourceFile::new("docs/api/pets/get-pet.ParamsDetails.json", "{}");
        let spec = SourceFile::new("docs/api/oas.json", "{}");
        let companions = Companions::new(vec![&props, &spec]);
        assert_eq!(companions.beside(&page, "./get-pet.ParamsDetails.json").map(|f| &f.path), Some(&props.path));
        assert_eq!(companions.beside(&page, "../oas.json").map(|f| &f.path), Some(&spec.path));
        assert!(companions.beside(&page, "oas.json").is_none());
        assert_eq!(companions.above(&page, "oas.json").map(|f| &f.path), Some(&spec.path));
        assert!(companions.above(&page, "other.json").is_none());
    }
}
