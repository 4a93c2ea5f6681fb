//! The readers' warnings on the real pages of `../shared/docs-corpus`: a check that compares what a page shows
//! with the generator's full data it carries must not cry wolf on pages where the two agree. Run with
//! `--nocapture` to see the count of every warning over the corpus.

mod support;

use std::path::{Path, PathBuf};

use support::SourceFile;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/docs-corpus")
}

/// Every case's pages, and every multi-endpoint page, as the sets of files the fidelity run derives together.
fn page_sets(corpus: &Path) -> Vec<Vec<SourceFile>> {
    let mut sets = Vec::new();
    for kind in ["cases", "multi"] {
        let Ok(entries) = std::fs::read_dir(corpus.join(kind)) else { continue };
        let mut folders: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        folders.sort();
        for folder in folders {
            let mut names: Vec<String> = std::fs::read_dir(&folder)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !matches!(name.as_str(), "case.toml" | "truth.json" | "source.toml" | "endpoints.txt"))
                .collect();
            names.sort();
            let label = format!("{kind}/{}", folder.file_name().unwrap_or_default().to_string_lossy());
            let files = names
                .iter()
                .filter_map(|name| {
                    let text = std::fs::read_to_string(folder.join(name)).ok()?;
                    Some(SourceFile::new(format!("{label}/{name}"), text))
                })
                .collect();
            sets.push(files);
        }
    }
    sets
}

#[test]
fn the_full_data_checks_raise_no_warning_on_the_corpus() {
    let corpus = corpus();
    if !corpus.is_dir() {
        panic!("the docs corpus is missing: expected {} (CI has ../shared beside the clone)", corpus.display());
    }
    let mut warnings = 0;
    let mut disagreements = Vec::new();
    for files in page_sets(&corpus) {
        let (_, diags) = support::derived(&files);
        for diagnostic in diags.iter() {
            warnings += 1;
            let text = diagnostic.to_string();
            if text.contains("the full data") {
                disagreements.push(text);
            }
        }
    }
    println!("corpus diagnostics: {warnings}");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
