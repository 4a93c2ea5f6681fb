//! Codegen for a repository: a manifest (`specs.toml`) and the documents beside it → the files of a
//! generated crate, or of a module tree inside the user's own crate, through one writer. `cargo xtask codegen` (this repository) and `docgen codegen` (any
//! repository) both call it; this is the library's one module that reads and writes files.
//!
//! - Write mode writes only files whose bytes change, all or none (temporary files, then renames), and
//!   removes files it generated earlier that no longer have a source. It never touches a file that lacks
//!   the do-not-edit marker.
//! - Check mode writes nothing and lists each stale file with a short diff.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostics, SourceFile};
use crate::ir::Target;
use crate::manifest::{parse_manifest, SpecEntry};
use crate::project::{
    crate_files_for, endpoint_lines, generate_entry_with, module_tree_files, CrateInfo, GeneratedFile, TreeInfo,
    WrittenSpec,
};
use crate::render::GENERATED_MARKER;

/// Where a repository keeps its manifest, documents and generated crate, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The manifest (`specs/specs.toml`); documents and overlays are relative to its folder.
    pub manifest: String,
    /// The generated crate's folder (`generated`), or the module tree's (`src/vendor`).
    pub out: String,
    /// The generated crate's package name (`vendor-apis`; unused for a module tree).
    pub crate_name: String,
    /// The command that writes the files, named in every file's first line (`docgen codegen`).
    pub command: String,
    /// What is written: a crate ([`Target::Crate`]: `Cargo.toml`, `src/lib.rs`, …) or a module tree for the
    /// user's own crate ([`Target::ModuleTree`]: `mod.rs`, `runtime.rs`, …).
    pub target: Target,
}

impl Layout {
    /// The folder the manifest's paths are relative to (`specs`; empty for a manifest at the root).
    pub fn specs_dir(&self) -> &str {
        self.manifest.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// `name` under the manifest's folder, as a path relative to the root.
    fn in_specs(&self, name: &str) -> String {
        match self.specs_dir() {
            "" => name.to_owned(),
            dir => format!("{dir}/{name}"),
        }
    }
}

/// The outcome of generating everything in memory.
pub struct Generation {
    /// The specs in manifest order; their derived documents are the `openapi/<module>.yaml` files.
    pub specs: Vec<WrittenSpec>,
    pub files: Vec<GeneratedFile>,
    /// Warnings (and, when `files` is empty, the errors).
    pub diagnostics: Diagnostics,
}

/// Why generation stopped.
#[derive(Debug)]
pub enum Failure {
    /// The input documents have errors; nothing may be written.
    Input(Diagnostics),
    /// The file system or an internal invariant failed.
    Other(String),
}

/// Generates every file of the crate in memory from the manifest under `root`.
pub fn generate(root: &Path, layout: &Layout) -> Result<Generation, Failure> {
    let manifest_text = read(root, &layout.manifest)?;
    let manifest = SourceFile::new(layout.manifest.clone(), manifest_text);
    let mut diags = Diagnostics::new();
    let entries = parse_manifest(&manifest, &mut diags);
    generate_entries(root, layout, &entries, diags)
}

/// Generates from given manifest entries (tests use this to reorder them).
pub fn generate_entries(
    root: &Path,
    layout: &Layout,
    entries: &[SpecEntry],
    mut diags: Diagnostics,
) -> Result<Generation, Failure> {
    let mut specs = Vec::new();
    for entry in entries {
        let mut documents = Vec::new();
        for path in document_paths(root, layout, entry, &mut diags) {
            match fs::read(root.join(&path)) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => documents.push(SourceFile::new(path, text)),
                    Err(_) => diags.error_in(&path, "the document is not UTF-8 text"),
                },
                Err(error) => diags.error_at(&entry.location, format!("cannot read document `{path}`: {error}")),
            }
        }
        if documents.is_empty() {
            continue;
        }
        let mut overlays = Vec::new();
        for listed in &entry.overlays {
            let path = layout.in_specs(listed);
            match fs::read(root.join(&path)) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => overlays.push(SourceFile::new(path, text)),
                    Err(_) => diags.error_in(&path, "the overlay is not UTF-8 text"),
                },
                Err(error) => diags.error_at(&entry.location, format!("cannot read overlay `{path}`: {error}")),
            }
        }
        if overlays.len() < entry.overlays.len() {
            continue;
        }
        let by = Some(layout.command.as_str());
        if let Some(mut spec) = generate_entry_with(entry, &documents, &overlays, layout.specs_dir(), by, &mut diags) {
            spec.api.target = layout.target;
            specs.push(spec);
        }
    }
    if diags.has_errors() {
        return Err(Failure::Input(diags));
    }
    let files = match layout.target {
        Target::Crate => {
            let info =
                CrateInfo { name: &layout.crate_name, generated_by: &layout.command, manifest: &layout.manifest };
            crate_files_for(specs, &info)
        }
        Target::ModuleTree => {
            let module = layout.out.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
            let info = TreeInfo { generated_by: &layout.command, manifest: &layout.manifest, module };
            module_tree_files(specs, &info)
        }
    };
    let (files, specs) = files.map_err(Failure::Other)?;
    Ok(Generation { specs, files, diagnostics: diags })
}

/// The files an entry's `documents` name, relative to `root`, in the order listed: a path as it is, a
/// folder as every document under it, a glob pattern (`api/*.md`, `models/**/*.md`) as the files it
/// matches; folders and patterns in sorted order. A pattern or folder that matches nothing is an error at
/// the entry.
pub fn document_paths(root: &Path, layout: &Layout, entry: &SpecEntry, diags: &mut Diagnostics) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for listed in &entry.documents {
        let relative = layout.in_specs(listed.trim_end_matches('/'));
        let full = root.join(&relative);
        let mut found: Vec<String> = Vec::new();
        if full.is_dir() {
            found = documents_in(&full, &relative);
        } else if listed.contains(['*', '?', '[']) {
            let pattern = format!("{}/{relative}", glob::Pattern::escape(&root.display().to_string()));
            match glob::glob(&pattern) {
                Ok(matches) => {
                    for path in matches.flatten() {
                        if let Ok(rest) = path.strip_prefix(root) {
                            if path.is_file() {
                                found.push(rest.to_string_lossy().replace('\\', "/"));
                            }
                        }
                    }
                }
                Err(error) => {
                    diags.error_at(&entry.location, format!("document pattern `{listed}`: {}", error.msg));
                    continue;
                }
            }
        } else {
            if !paths.contains(&relative) {
                paths.push(relative);
            }
            continue;
        }
        found.sort();
        if found.is_empty() {
            let dir = if layout.specs_dir().is_empty() { "." } else { layout.specs_dir() };
            diags.error_at(&entry.location, format!("documents `{listed}` match no file under `{dir}/`"));
        }
        for path in found {
            if !paths.contains(&path) {
                paths.push(path);
            }
        }
    }
    paths
}

/// Every document under a folder (pages and OpenAPI files; dotfiles skipped), named as `label/…`, sorted.
pub fn documents_in(dir: &Path, label: &str) -> Vec<String> {
    let mut found = Vec::new();
    collect_documents(dir, label.trim_end_matches('/'), &mut found);
    found.sort();
    found
}

fn collect_documents(dir: &Path, relative: &str, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let child = format!("{relative}/{name}");
        if path.is_dir() {
            collect_documents(&path, &child, out);
        } else if crate::derive::is_document_name(&name) {
            out.push(child);
        }
    }
}

/// What bringing `generated/` in step changed (write mode) or would change (check mode).
#[derive(Debug, Default)]
pub struct Changes {
    /// Files written, or stale in check mode, with a short diff.
    pub updated: Vec<(String, String)>,
    /// Files removed, or to be removed in check mode.
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.updated.is_empty() && self.removed.is_empty()
    }

    /// What check mode prints when the crate in `out` is stale: each stale file with its diff, each file no
    /// longer generated, and the command that brings it in step.
    pub fn stale_report(&self, out: &str, command: &str) -> String {
        let mut report = format!("{out}/ is stale:\n");
        for (path, diff) in &self.updated {
            report.push_str(&format!("  stale: {path}\n"));
            for line in diff.lines() {
                report.push_str(&format!("    {line}\n"));
            }
        }
        for path in &self.removed {
            report.push_str(&format!("  no longer generated: {path}\n"));
        }
        report.push_str(&format!("run `{command}` to bring it in step"));
        report
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// Brings the crate folder under `root` in step with `files` (see the module docs).
pub fn ensure_files(root: &Path, layout: &Layout, files: &[GeneratedFile], mode: Mode) -> Result<Changes, String> {
    let out = layout.out.trim_end_matches('/');
    let dir = root.join(out);
    let mut changes = Changes::default();
    let mut wanted: BTreeSet<PathBuf> = BTreeSet::new();
    let mut pending: Vec<(PathBuf, &str)> = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        wanted.insert(path.clone());
        let current = fs::read(&path).ok().map(|bytes| normalize_newlines(&String::from_utf8_lossy(&bytes)));
        let wanted_text = normalize_newlines(&file.contents);
        if current.as_deref() == Some(wanted_text.as_str()) {
            continue;
        }
        if let Some(current) = &current {
            if !is_generated(current) {
                return Err(format!(
                    "{out}/{}: exists without the `{GENERATED_MARKER}` marker; refusing to overwrite a file nobody generated",
                    file.path
                ));
            }
        }
        let diff = short_diff(current.as_deref().unwrap_or(""), &wanted_text);
        changes.updated.push((format!("{out}/{}", file.path), diff));
        pending.push((path, &file.contents));
    }
    for existing in list_files(&dir) {
        if wanted.contains(&existing) {
            continue;
        }
        let generated = fs::read_to_string(&existing).map(|text| is_generated(&text)).unwrap_or(false);
        if generated {
            changes.removed.push(display(root, &existing));
        }
    }
    if mode == Mode::Check {
        return Ok(changes);
    }
    // All or none: write every new file beside its target first, then rename them into place.
    let mut temporaries = Vec::new();
    for (path, contents) in &pending {
        let temporary =
            path.with_extension(format!("{}.codegen-tmp", path.extension().and_then(|e| e.to_str()).unwrap_or("")));
        let written = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&temporary, normalize_newlines(contents)));
        if let Err(error) = written {
            for (temporary, _) in &temporaries {
                let _ = fs::remove_file(temporary);
            }
            let _ = fs::remove_file(&temporary);
            return Err(format!("cannot write {}: {error}", display(root, path)));
        }
        temporaries.push((temporary, path.clone()));
    }
    for (temporary, path) in &temporaries {
        fs::rename(temporary, path).map_err(|error| format!("cannot write {}: {error}", display(root, path)))?;
    }
    for removed in &changes.removed {
        fs::remove_file(root.join(removed)).map_err(|error| format!("cannot remove {removed}: {error}"))?;
    }
    Ok(changes)
}

/// The `--list` lines.
pub fn list(generation: &Generation) -> Vec<String> {
    endpoint_lines(&generation.specs)
}

/// Whether a file carries the do-not-edit marker in its first line (``// @generated by `COMMAND` from INPUT; do
/// not edit by hand.``) (another tool's `@generated` file, such as a `Cargo.lock`, is not docgen's to touch).
pub fn is_generated(text: &str) -> bool {
    text.lines().next().is_some_and(|line| {
        line.contains(&format!("{GENERATED_MARKER} `")) && line.trim_end().ends_with("do not edit by hand.")
    })
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn short_diff(old: &str, new: &str) -> String {
    const MAX_LINES: usize = 24;
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff.unified_diff().context_radius(1).to_string();
    let mut lines: Vec<&str> = text.lines().collect();
    let total = lines.len();
    lines.truncate(MAX_LINES);
    let mut out = lines.join("\n");
    if total > MAX_LINES {
        out.push_str(&format!("\n… ({} more diff lines)", total - MAX_LINES));
    }
    out
}

fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn display(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn read(root: &Path, relative: &str) -> Result<String, Failure> {
    fs::read_to_string(root.join(relative)).map_err(|error| Failure::Other(format!("cannot read {relative}: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "specs/specs.toml";

    #[test]
    fn only_docgen_s_marker_makes_a_file_generated() {
        assert!(is_generated("// @generated by `docgen codegen` from specs.toml; do not edit by hand.\nfn a() {}\n"));
        assert!(is_generated("# @generated by `cargo xtask codegen` from specs/specs.toml; do not edit by hand.\n"));
        assert!(!is_generated(
            "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\n"
        ));
        assert!(!is_generated("// hand-written\n// @generated by `docgen codegen` from x; do not edit by hand.\n"));
    }

    #[test]
    fn documents_are_paths_folders_and_globs_in_order() {
        let root = std::env::temp_dir().join(format!("xtask-documents-{}", std::process::id()));
        for file in ["specs/acme/api/b.md", "specs/acme/api/a.md", "specs/acme/models/m.md", "specs/acme/models/.x.md"]
        {
            let path = root.join(file);
            fs::create_dir_all(path.parent().expect("a folder")).expect("scratch folders");
            fs::write(&path, "# x\n").expect("scratch file");
        }
        let text = "[[spec]]\nmodule = \"acme\"\ntitle = \"Acme\"\ndocuments = [\"acme/api/*.md\", \"acme/models/\", \"acme/api/a.md\"]\nendpoints = [\"GET /x\"]\n\n[[spec]]\nmodule = \"none\"\ntitle = \"None\"\ndocuments = [\"nothing/*.md\"]\nendpoints = [\"GET /x\"]\n";
        let mut diags = Diagnostics::new();
        let entries = parse_manifest(&SourceFile::new(MANIFEST, text), &mut diags);
        let layout = Layout {
            manifest: MANIFEST.to_owned(),
            out: "generated".to_owned(),
            crate_name: "x".to_owned(),
            command: "docgen codegen".to_owned(),
            target: Target::Crate,
        };
        let paths = document_paths(&root, &layout, &entries[0], &mut diags);
        assert_eq!(paths, ["specs/acme/api/a.md", "specs/acme/api/b.md", "specs/acme/models/m.md"]);
        assert!(!diags.has_errors(), "{diags}");
        assert!(document_paths(&root, &layout, &entries[1], &mut diags).is_empty());
        assert!(
            diags.to_string().contains("specs/specs.toml:7:1: error: documents `nothing/*.md` match no file"),
            "{diags}"
        );
        fs::remove_dir_all(&root).ok();
    }
}
