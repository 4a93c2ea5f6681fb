//! The derived OpenAPI is a product other tools consume, so it must say everything the code came from:
//! feeding each committed `generated/openapi/<module>.yaml` back through the pipeline, as a plain OpenAPI
//! document with the spec's own endpoints and pagination, gives the same Rust module.

use docgen_tests::support::{self, module_source};

/// The module without its first line, which names the documents it was generated from.
fn body(module: &str) -> &str {
    module.split_once('\n').map_or("", |(_, rest)| rest)
}

#[test]
fn each_derived_openapi_document_generates_the_same_rust() {
    let entries = support::manifest_entries();
    let generation = docgen_tests::generation();
    assert_eq!(entries.len(), generation.specs.len());
    for (entry, original) in entries.iter().zip(&generation.specs) {
        let path = format!("generated/openapi/{}.yaml", entry.module);
        let mut reread = entry.clone();
        reread.overlays.clear(); // the derived document already carries them
        reread.strict = false;
        let (again, diags) = support::entry_spec(&reread, &[support::document(&path)]);
        let again = again.unwrap_or_else(|| panic!("{path} does not generate:\n{diags}"));
        assert!(!diags.has_errors(), "{path}:\n{diags}");
        let written = format!("src/{}.rs", original.module);
        let first = &generation.files.iter().find(|file| file.path == written).expect("the module's file").contents;
        let second = module_source(&again).expect("render");
        let (first, second) = (body(first), body(&second));
        if first != second {
            let (a, b): (Vec<&str>, Vec<&str>) = (first.lines().collect(), second.lines().collect());
            let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
            let show = |lines: &[&str]| lines[at.saturating_sub(3)..(at + 5).min(lines.len())].join("\n");
            panic!(
                "{path} does not generate the module it came from; first difference at line {}:\n--- from the \
                 documents\n{}\n--- from {path}\n{}",
                at + 2,
                show(&a),
                show(&b)
            );
        }
    }
}
