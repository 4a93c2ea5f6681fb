//! How well the documentation readers read real pages: `cargo xtask fidelity` over `../shared/docs-corpus`
//! (real vendor pages with truth derived from the vendors' own OpenAPI). Every case's and page's line and the
//! per-family and overall totals are a reviewed snapshot, so a change in what the readers find shows in review; the floors below are the
//! goals already reached, so a regression fails even if the snapshot is accepted carelessly.

use docgen_tests::support::{self, openapi_source, SourceFile};

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
    // The goals reached: every operation found, every family at 80% of its facts, 90% overall.
    let missed: Vec<&str> =
        report.cases.iter().filter(|case| !case.operation_found).map(|case| case.name.as_str()).collect();
    assert!(missed.is_empty(), "operations not found: {missed:?}");
    let mut families: std::collections::BTreeMap<&str, (usize, usize)> = std::collections::BTreeMap::new();
    for case in &report.cases {
        let family = families.entry(case.family.as_str()).or_default();
        family.0 += case.matched;
        family.1 += case.total;
    }
    for (family, (matched, total)) in &families {
        assert!(matched * 100 >= total * 80, "family {family} fell below 80% of its facts: {matched}/{total}");
    }
    let (matched, total) = families.values().fold((0, 0), |(m, t), (a, b)| (m + a, t + b));
    assert!(matched * 100 >= total * 90, "facts fell below 90%: {matched}/{total}");
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("fidelity", rendered);
    });
}

/// One real page (or set of pages) per documentation family, derived through the whole pipeline: the
/// derived OpenAPI is a reviewed snapshot, so a change in how a family is read shows in review. The pages are
/// read from `../shared/docs-corpus`, never copied here.
#[test]
fn one_case_of_each_family_derives_as_reviewed() {
    let corpus = docgen_tests::root().join(xtask::fidelity::DEFAULT_DIR).join("cases");
    for (case, family) in [
        ("a02_dropboxsign_create_account", "openapi_generator"),
        ("b04_dub_list_customers", "speakeasy"),
        ("c05_bsv_arc_get_tx_status", "widdershins"),
        ("d01_tolgee_list_keys", "docusaurus_openapi_docs"),
        ("e01_upstash_qstash_get_schedule", "mintlify"),
        ("f02_t54_agent_balance", "readme"),
        ("g05_sapconcur_get_report", "hand_written"),
        ("h01_polymarket_bridge_quote", "mintlify_export"),
    ] {
        let folder = corpus.join(case);
        let manifest: toml::Table =
            std::fs::read_to_string(folder.join("case.toml")).expect("case.toml").parse().expect("case.toml is TOML");
        let pages: Vec<SourceFile> = manifest["pages"]
            .as_array()
            .expect("pages")
            .iter()
            .filter_map(|page| page.as_str())
            .map(|page| {
                let text = std::fs::read_to_string(folder.join(page)).expect("a page");
                SourceFile::new(format!("cases/{case}/{page}"), text)
            })
            .collect();
        let (spec, diags) = support::spec(&pages, family, family);
        let spec = spec.unwrap_or_else(|| panic!("{case} derives: {diags}"));
        let yaml = openapi_source(&spec).expect("the derived document is YAML");
        let warnings: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
        let text = format!("warnings:\n{}\n---\n{yaml}", warnings.join("\n"));
        insta::with_settings!({ snapshot_path => "snapshots/families", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(family, text);
        });
    }
}
