//! Helpers shared by the end-to-end tests: the repository root, generation in memory, the generator's
//! layers and a scratch crate to compile generated modules in ([`support`]), and a real HTTP server on
//! loopback.

use std::net::SocketAddr;
use std::path::PathBuf;

pub use xtask::codegen::{generate, Generation};

pub mod support;

/// The repository root.
pub fn root() -> PathBuf {
    xtask::project_root()
}

/// Generates everything from the committed manifest, failing the test with every diagnostic on errors.
pub fn generation() -> Generation {
    match generate(&root()) {
        Ok(generation) => generation,
        Err(failure) => panic!("generation failed: {failure:?}"),
    }
}

/// The derived OpenAPI of `module` as the generation wrote it (`openapi/<module>.yaml`), read back.
pub fn derived_document(generation: &Generation, module: &str) -> openapiv3::OpenAPI {
    let path = format!("openapi/{module}.yaml");
    let file = generation.files.iter().find(|file| file.path == path).unwrap_or_else(|| panic!("no {path}"));
    serde_yaml::from_str(&file.contents).unwrap_or_else(|error| panic!("{path} does not read back: {error}"))
}

/// Serves `router` on 127.0.0.1 at a free port, in the background; returns the base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.expect("bind 127.0.0.1:0");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("serve");
    });
    format!("http://{address}")
}

/// A client that never uses a proxy (tests talk to loopback only).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().expect("http client")
}

/// A scratch copy of the repository's `specs/` and `generated/` (no build output), removed on drop.
pub struct ScratchRepo {
    pub root: PathBuf,
}

impl ScratchRepo {
    pub fn new(name: &str) -> ScratchRepo {
        let root = std::env::temp_dir().join(format!("docgen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["specs", "generated"] {
            copy_dir(&crate::root().join(dir), &root.join(dir));
        }
        ScratchRepo { root }
    }
}

impl Drop for ScratchRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create scratch dir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                copy_dir(&path, &to.join(entry.file_name()));
            }
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy file");
        }
    }
}
