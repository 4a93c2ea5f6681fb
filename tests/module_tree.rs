//! The module tree `docgen codegen --module-tree` writes, inside a user's crate: the bundled specs written
//! (through the one writer) into `src/vendor/` of a scratch binary crate that mounts it with `mod vendor;`
//! and whose manifest has only the dependencies the tree's `mod.rs` lists. It must pass
//! `cargo clippy -D warnings` while its `main` uses a client, a server trait, a mock and the runtime.

use docgen::codegen::{ensure_files, generate, Layout, Mode};
use docgen::ir::Target;
use docgen_tests::support::ScratchCrate;

const MAIN: &str = r#"mod vendor;

struct Service;

impl vendor::wassist::WassistApi for Service {
    async fn api_v1_conversations_list(
        &self,
        _request: vendor::wassist::ApiV1ConversationsListRequest,
    ) -> vendor::wassist::ApiV1ConversationsListResponse {
        unimplemented!()
    }
}

fn main() {
    let _router: axum::Router = vendor::wassist::router(Service);
    let _client = vendor::botpress_chat::Client::new("http://127.0.0.1:1").expect("a client");
    let mocks = vendor::MODULES.iter().filter_map(|module| vendor::mock_router(module, Default::default()));
    assert_eq!(mocks.count(), vendor::MODULES.len());
    let _config: vendor::runtime::Config = vendor::runtime::Config::default();
}
"#;

#[test]
fn a_module_tree_compiles_in_a_users_crate_with_only_the_listed_dependencies() {
    let root = docgen_tests::root();
    let manifest = format!(
        "[package]\nname = \"module-tree-crate\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{}",
        docgen::project::module_tree_dependencies()
    );
    let scratch = ScratchCrate::with_cargo_toml("module-tree-crate", &manifest);
    let out = scratch.dir.join("src/vendor");
    let layout = Layout {
        manifest: "specs/specs.toml".to_owned(),
        out: out.strip_prefix(&root).expect("under the root").to_string_lossy().replace('\\', "/"),
        crate_name: String::new(),
        command: "docgen codegen --module-tree --out src/vendor --manifest specs/specs.toml".to_owned(),
        target: Target::ModuleTree,
    };
    let generation = match generate(&root, &layout) {
        Ok(generation) => generation,
        Err(failure) => panic!("the bundled specs generate: {failure:?}"),
    };
    let modules = ["azure_ai_foundry", "botpress_chat", "trillet", "vectara", "wassist"];
    let mut expected: Vec<String> = ["mod.rs", "runtime.rs"].map(str::to_owned).to_vec();
    expected.extend(modules.iter().flat_map(|m| [format!("{m}.rs"), format!("openapi/{m}.yaml")]));
    expected.sort();
    let paths: Vec<&str> = generation.files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(paths, expected);
    ensure_files(&root, &layout, &generation.files, Mode::Write).expect("the tree is written");
    scratch.write("src/main.rs", MAIN);

    let output = scratch.cargo("clippy").args(["--quiet", "--", "-D", "warnings"]).output().expect("run cargo clippy");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the module tree does not compile cleanly in a user's crate:\n{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
