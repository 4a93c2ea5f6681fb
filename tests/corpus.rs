//! The real-world corpus (`../shared/corpus/apis-guru`: 115 public OpenAPI documents) through
//! `cargo xtask corpus`, end to end: every document's status line and the totals are a reviewed snapshot,
//! so a new panic, a module that stops compiling or gains a warning, or a document newly diagnosed shows
//! in review.
//!
//! Slow by nature: generation takes seconds, but the type check of the whole output (hundreds of thousands
//! of generated lines, in `target/corpus-crate`) takes minutes, more when a module fails (see the README).

use std::process::Command;

#[test]
fn corpus_statuses_are_as_reviewed() {
    let root = docgen_tests::root();
    let corpus = root.join(xtask::corpus::DEFAULT_DIR);
    assert!(
        corpus.is_dir(),
        "the shared corpus is missing: expected {} (CI has ../shared beside the clone)",
        corpus.display()
    );
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "xtask", "--", "corpus"])
        .current_dir(&root)
        .output()
        .expect("run cargo xtask corpus");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "`cargo xtask corpus` did not finish its run ({}):\n{stderr}",
        output.status
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.last().is_some_and(|line| line.starts_with("totals: ")), "no totals:\n{stdout}\n{stderr}");
    let failures = lines
        .iter()
        .filter(|line| ["panicked\t", "not-compiling\t", "not-clean\t", "crate\t"].iter().any(|s| line.starts_with(s)))
        .count();
    assert_eq!(output.status.success(), failures == 0, "the exit code says whether anything failed:\n{stdout}");
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("corpus", stdout);
    });
}
