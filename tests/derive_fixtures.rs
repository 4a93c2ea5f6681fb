//! Front-end fixtures: every page under `tests/fixtures/<front-end>/` is derived and normalised, and the
//! snapshot holds its diagnostics and its derived OpenAPI. A fixture must be read by the front-end its
//! folder names (or be rejected with an error), so a change in dispatch shows too.

use std::path::Path;

use docgen_tests::support::{self, FrontEnd};

fn front_end_of(folder: &str) -> FrontEnd {
    match folder {
        "mdx_components" => FrontEnd::MdxComponents,
        "example_pages" => FrontEnd::ExamplePage,
        "reference_tables" => FrontEnd::ReferenceTables,
        other => panic!("unknown fixture folder {other}"),
    }
}

fn derive_fixture(folder: &str, path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).expect("file name");
    let (normalised, diags) = support::normalised(&support::document(format!("tests/fixtures/{folder}/{name}")));
    let document = normalised.and_then(|(front_end, document)| {
        assert_eq!(front_end, front_end_of(folder), "{name} was read by the wrong front-end");
        document
    });
    let mut out = String::from("diagnostics:\n");
    for diagnostic in diags.sorted() {
        assert!(diagnostic.position.is_some(), "{name}: every front-end diagnostic has a place: {diagnostic}");
        out.push_str(&format!("  {diagnostic}\n"));
    }
    match document {
        Some(api) => {
            out.push_str("---\n");
            out.push_str(&serde_yaml::to_string(&api).expect("YAML"));
        }
        None => {
            assert!(diags.has_errors(), "{name}: no document and no error");
            out.push_str("--- no document\n");
        }
    }
    out
}

#[test]
fn front_end_fixtures() {
    let root = docgen_tests::root().join("tests/fixtures");
    let mut count = 0;
    for folder in ["example_pages", "mdx_components", "reference_tables"] {
        let mut paths: Vec<_> =
            std::fs::read_dir(root.join(folder)).expect("fixture folder").flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("stem").to_owned();
            let text = derive_fixture(folder, &path);
            insta::with_settings!({ snapshot_path => "snapshots/fixtures", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("{folder}__{stem}"), text);
            });
            count += 1;
        }
    }
    assert!(count >= 18, "fixtures found: {count}");
}
