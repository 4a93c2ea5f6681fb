//! How well the documentation readers read real pages: `cargo xtask fidelity` over `../shared/docs-corpus`
//! (real vendor pages with truth derived from the vendors' own OpenAPI). Every case's and page's line and the
//! per-family and overall totals are a reviewed snapshot, so a change in what the readers find shows in review; the floors below are the
//! goals already reached, so a regression fails even if the snapshot is accepted carelessly.

#[test]
fn fidelity_on_the_docs_corpus_is_as_reviewed() {
    let root = docgen_tests::root();
    let corpus = root.join(xtask::fidelity::DEFAULT_DIR);
    assert!(
        corpus.is_dir(),
        "the docs corpus is missing: expected {} (CI has ../shared beside the clone)",
        corpus.display()
    );
    let report = xtask::fidelity::run(&corpus, None).expect("the corpus reads");
    assert!(report.cases.iter().all(|case| !case.panicked), "a reader panicked on a page");
    assert!(report.multis.iter().all(|multi| !multi.panicked), "a reader panicked on a page");
    let rendered = report.render(false);
    let documented: usize = report.multis.iter().map(|m| m.documented).sum();
    let found: usize = report.multis.iter().map(|m| m.found).sum();
    let derived: usize = report.multis.iter().map(|m| m.derived).sum();
    let real: usize = report.multis.iter().map(|m| m.real).sum();
    assert!(found * 100 >= documented * 95, "multi-endpoint recall fell below 95%: {found}/{documented}");
    assert!(real * 100 >= derived * 95, "precision fell below 95%: {real}/{derived}");
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("fidelity", rendered);
    });
}
