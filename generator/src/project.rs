//! The whole job for a set of specs: document → derived OpenAPI → IR → tokens → text → the files of the
//! generated crate. Pure: the caller reads the inputs and writes the outputs (see `xtask`).

use openapiv3::OpenAPI;
use quote::quote;

use crate::derive::{self, FrontEnd};
use crate::diagnostic::{Diagnostics, SourceFile};
use crate::emit;
use crate::endpoint::{Endpoint, Method};
use crate::ir::{Api, Parts, Target};
use crate::lower::{self, SpecInfo};
use crate::manifest::{EndpointEntry, PaginationOverride, SpecEntry};
use crate::normalise;
use crate::render::{render_hash_commented, render_module, Work};

/// The runtime module every generated crate carries (`crate::runtime`).
const RUNTIME: &str = include_str!("../templates/runtime.rs");
/// Its `client` submodule (the `client` feature), appended to it.
const CLIENT_RUNTIME: &str = include_str!("../templates/client.rs");

/// One spec, carried through the pipeline.
#[derive(Debug, Clone)]
pub struct SpecOutput {
    pub module: String,
    pub title: String,
    pub front_end: FrontEnd,
    /// The derived OpenAPI document (written to `generated/openapi/<module>.yaml`): the normalised document
    /// lowering read, with what the generated server does ([`emit::openapi_doc::document`]).
    pub openapi: OpenAPI,
    pub api: Api,
    /// The command that writes the spec's files, named in their first line (`docgen rust`).
    pub generated_by: String,
}

impl SpecOutput {
    /// The spec without its derived document, and the document: writing the files consumes the document
    /// (the largest value of a spec) and keeps the rest.
    pub fn split(self) -> (WrittenSpec, OpenAPI) {
        let SpecOutput { module, title, front_end, openapi, api, generated_by } = self;
        (WrittenSpec { module, title, front_end, api, generated_by }, openapi)
    }
}

/// A spec whose files are written: a [`SpecOutput`] without its derived document, which is now the text of
/// `openapi/<module>.yaml`.
#[derive(Debug, Clone)]
pub struct WrittenSpec {
    pub module: String,
    pub title: String,
    pub front_end: FrontEnd,
    pub api: Api,
    pub generated_by: String,
}

/// The texts of a spec's two files: its module's Rust and its derived OpenAPI's YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecTexts {
    pub module: String,
    pub openapi: String,
}

/// A file of the generated crate, path relative to the crate's folder (`src/botpress_chat.rs`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Runs derive, normalise and lower for one spec. `None` when the document has errors (all in `diags`).
pub fn generate_spec(
    module: &str,
    title: &str,
    endpoints: &[EndpointEntry],
    document: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<SpecOutput> {
    generate_spec_with(module, title, endpoints, &[], document, diags)
}

/// [`generate_spec`] with the manifest's statements about pagination.
pub fn generate_spec_with(
    module: &str,
    title: &str,
    endpoints: &[EndpointEntry],
    pagination: &[PaginationOverride],
    document: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<SpecOutput> {
    let spec = SpecRequest { module, title, source: None, endpoints: Some(endpoints), pagination };
    generate_spec_observed(&spec, document, diags, &mut |_| {})
}

/// What to generate for one document: its module, title and endpoints (`None`: every operation; a document
/// without any is an error).
pub struct SpecRequest<'a> {
    pub module: &'a str,
    /// The inputs as the user gave them (`specs/api/*.md`), named in the generated files' headers; `None`:
    /// the documents' paths.
    pub source: Option<&'a str>,
    pub title: &'a str,
    pub endpoints: Option<&'a [EndpointEntry]>,
    pub pagination: &'a [PaginationOverride],
}

/// How a spec is generated beyond its documents: the corrections applied to the derived document, and
/// whether warnings are errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpecOptions<'a> {
    /// Overlay documents (OpenAPI Overlay 1.0), applied in order after derive, before normalise
    /// ([`crate::overlay`]).
    pub overlays: &'a [SourceFile],
    /// Strict mode: every warning about the spec is an error, and the spec is not generated.
    pub strict: bool,
    /// The command that writes the files (`docgen codegen`); `None`: [`crate::render::DEFAULT_GENERATOR`].
    pub generated_by: Option<&'a str>,
    /// The parts of the module to write (default: all).
    pub parts: Parts,
}

/// The pipeline's stages up to the IR, in order, as [`generate_spec_observed`] reports them.
pub const STAGES: [&str; 3] = ["derive", "normalise", "lower"];

/// [`generate_spec`], calling `finished(stage)` as each of [`STAGES`] ends (`cargo xtask bench` times them).
pub fn generate_spec_observed(
    spec: &SpecRequest<'_>,
    document: &SourceFile,
    diags: &mut Diagnostics,
    finished: &mut dyn FnMut(&'static str),
) -> Option<SpecOutput> {
    generate_documents_observed(spec, std::slice::from_ref(document), diags, finished)
}

/// [`generate_spec_observed`] for a spec made of several documents (an operations page and its model
/// pages, a site's pages), read together in the order given.
pub fn generate_documents_observed(
    spec: &SpecRequest<'_>,
    documents: &[SourceFile],
    diags: &mut Diagnostics,
    finished: &mut dyn FnMut(&'static str),
) -> Option<SpecOutput> {
    generate_documents_with(spec, &SpecOptions::default(), documents, diags, finished)
}

/// [`generate_documents_observed`] with overlays applied to the derived document, and in strict mode if
/// `options` say so (then every warning is an error, and `None` comes back when there is any).
pub fn generate_documents_with(
    spec: &SpecRequest<'_>,
    options: &SpecOptions<'_>,
    documents: &[SourceFile],
    diags: &mut Diagnostics,
    finished: &mut dyn FnMut(&'static str),
) -> Option<SpecOutput> {
    let named = |mut output: SpecOutput| {
        if let Some(by) = options.generated_by {
            output.generated_by = by.to_owned();
        }
        output
    };
    if !options.strict {
        return pipeline(spec, options, documents, diags, finished).map(named);
    }
    let mut own = Diagnostics::new();
    let output = pipeline(spec, options, documents, &mut own, finished);
    own.deny_warnings();
    let failed = own.has_errors();
    diags.extend(own);
    output.filter(|_| !failed).map(named)
}

fn pipeline(
    spec: &SpecRequest<'_>,
    options: &SpecOptions<'_>,
    documents: &[SourceFile],
    diags: &mut Diagnostics,
    finished: &mut dyn FnMut(&'static str),
) -> Option<SpecOutput> {
    let document = documents.first()?;
    // Overlays are read first: a broken one stops the spec before any work on its documents.
    let errors_before = diags.error_count();
    let overlays: Vec<crate::overlay::Overlay> =
        options.overlays.iter().filter_map(|overlay| crate::overlay::parse(overlay, diags)).collect();
    if diags.error_count() > errors_before {
        return None;
    }
    let derive::Derived { front_end, openapi: source, source_map } = derive::derive_documents(documents, diags)?;
    let source = crate::overlay::apply(source, &overlays, diags)?;
    let all;
    let endpoints = match spec.endpoints {
        Some(endpoints) => endpoints,
        None => {
            all = all_endpoints(&source, document);
            if all.is_empty() {
                diags.error_at(&document.start(), "the document defines no operations");
                return None;
            }
            &all
        }
    };
    finished("derive");
    // Normalising consumes the document (its schemas move into the result): one copy of them at a time.
    let mut normalised = normalise::normalise(source, endpoints, document, &source_map, diags)?;
    normalise::pagination::describe(&mut normalised, spec.pagination, diags);
    finished("normalise");
    let paths;
    let source_label = match spec.source {
        Some(label) => label,
        None => {
            paths = documents.iter().map(|d| d.path.as_str()).collect::<Vec<_>>().join(", ");
            &paths
        }
    };
    let info = SpecInfo {
        module: spec.module,
        title: spec.title,
        file: document,
        source: source_label,
        source_map: &source_map,
        parts: options.parts,
    };
    let api = lower::lower(&normalised, &info, diags);
    let openapi = emit::openapi_doc::document(normalised, &api);
    finished("lower");
    let generated_by = crate::render::DEFAULT_GENERATOR.to_owned();
    Some(SpecOutput {
        module: spec.module.to_owned(),
        title: spec.title.to_owned(),
        front_end,
        openapi,
        api,
        generated_by,
    })
}

/// [`generate_spec`] for a manifest entry, its documents read (patterns expanded, in order); the headers
/// name them as the manifest lists them, under `specs_dir`. In strict mode if the entry says so; without
/// the entry's overlays (see [`generate_entry_with`]).
pub fn generate_entry(
    entry: &SpecEntry,
    documents: &[SourceFile],
    specs_dir: &str,
    diags: &mut Diagnostics,
) -> Option<SpecOutput> {
    generate_entry_with(entry, documents, &[], specs_dir, None, diags)
}

/// [`generate_entry`] with the entry's overlays read (`overlays`, in the order the entry lists them).
pub fn generate_entry_with(
    entry: &SpecEntry,
    documents: &[SourceFile],
    overlays: &[SourceFile],
    specs_dir: &str,
    generated_by: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<SpecOutput> {
    let source = entry
        .documents
        .iter()
        .map(|d| if specs_dir.is_empty() { d.clone() } else { format!("{specs_dir}/{d}") })
        .collect::<Vec<_>>()
        .join(", ");
    let spec = SpecRequest {
        module: &entry.module,
        title: &entry.title,
        source: Some(&source),
        endpoints: Some(&entry.endpoints),
        pagination: &entry.pagination,
    };
    let options = SpecOptions { overlays, strict: entry.strict, generated_by, parts: entry.parts };
    generate_documents_with(&spec, &options, documents, diags, &mut |_| {})
}

/// Every operation a spec generated, as an endpoint list in path order (`docgen init`).
pub fn all_endpoints_of(spec: &SpecOutput) -> Vec<Endpoint> {
    let file = SourceFile::new(spec.api.source.clone(), "");
    let mut endpoints: Vec<Endpoint> = all_endpoints(&spec.openapi, &file).into_iter().map(|e| e.endpoint).collect();
    endpoints.sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
    endpoints
}

/// Every operation of a document as an endpoint list (for the CLI, which has no manifest).
pub fn all_endpoints(api: &OpenAPI, document: &SourceFile) -> Vec<EndpointEntry> {
    api.paths
        .paths
        .iter()
        .filter_map(|(path, item)| item.as_item().map(|item| (path, item)))
        .flat_map(|(path, item)| {
            item.iter().filter_map(move |(method, _)| {
                let endpoint = Endpoint::new(Method::parse(method)?, path.clone());
                Some(EndpointEntry { endpoint, location: document.start() })
            })
        })
        .collect()
}

/// The Rust source of one spec's module.
pub fn module_source(spec: &SpecOutput) -> Result<String, String> {
    let doc = module_doc(&spec.api, &spec.generated_by);
    render_module(&emit::module_nodes(&spec.api), &spec.generated_by, &spec.api.source, &doc)
}

/// The `//!` docs of a spec's module: what it holds, the command that writes it, and the API's description.
pub fn module_doc(api: &Api, generated_by: &str) -> String {
    let parts = api.parts;
    let mut pieces = vec!["typed requests and responses"];
    pieces.extend(parts.server.then_some("an axum server stub"));
    pieces.extend(parts.client.then_some("a reqwest client"));
    let mut doc = format!(
        "{}: {}.\n\nGenerated by `{}` from `{}`; do not edit by hand.",
        api.title,
        english_list(&pieces),
        generated_by,
        api.source
    );
    if let Some(description) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(description.trim());
    }
    doc
}

/// `a`, `a and b`, `a, b and c`.
fn english_list(pieces: &[&str]) -> String {
    match pieces {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The derived OpenAPI document as YAML (serde_yaml), behind the preamble.
pub fn openapi_source(spec: &SpecOutput) -> Result<String, String> {
    derived_yaml(&spec.openapi, &spec.generated_by, &spec.api.source)
}

fn derived_yaml(openapi: &OpenAPI, generated_by: &str, source: &str) -> Result<String, String> {
    // The YAML is written after the preamble, into one buffer (no copy of the document's text).
    let mut out = render_hash_commented("", generated_by, source).into_bytes();
    serde_yaml::to_writer(&mut out, openapi)
        .map_err(|e| format!("internal error: cannot write the derived OpenAPI: {e}"))?;
    String::from_utf8(out).map_err(|e| format!("internal error: the derived OpenAPI is not UTF-8: {e}"))
}

/// Stack of the thread that writes the derived OpenAPI: serde_yaml recurses through `Serialize` once per level
/// of the document (about half a kilobyte a level in unoptimised builds).
const OPENAPI_THREAD_STACK: usize = 64 * 1024 * 1024;

/// [`module_source`] and [`openapi_source`] of one spec, written at once on two threads: both format the
/// module's items (tokens, `syn`, prettyplease: most of the work), the other thread after writing the YAML;
/// they share only the read-only IR and the queue of items. The derived document is dropped as soon as its
/// YAML is written, before the items' texts pile up: it is the largest value of a spec (GitHub's: 21 MB of
/// 34 MB at the peak of writing). One after the other where no thread can be started. The texts are the
/// same either way.
pub fn spec_sources(spec: SpecOutput) -> Result<(WrittenSpec, SpecTexts), String> {
    let (written, openapi) = spec.split();
    let texts = spec_texts(&written, openapi)?;
    Ok((written, texts))
}

fn spec_texts(spec: &WrittenSpec, openapi: OpenAPI) -> Result<SpecTexts, String> {
    let yaml = |openapi: OpenAPI| derived_yaml(&openapi, &spec.generated_by, &spec.api.source);
    let nodes = emit::module_nodes(&spec.api);
    let work = Work::new(&nodes);
    // Whichever thread writes the YAML takes the document and frees it there.
    let slot = std::sync::Mutex::new(Some(openapi));
    let written = || {
        let openapi = slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        openapi.ok_or_else(|| "internal error: the derived OpenAPI was taken twice".to_owned()).and_then(yaml)
    };
    let openapi = if crate::threads::second_core() {
        std::thread::scope(|scope| {
            let builder = std::thread::Builder::new().name("openapi+items".to_owned()).stack_size(OPENAPI_THREAD_STACK);
            let worker = builder.spawn_scoped(scope, || {
                let openapi = written();
                work.help();
                openapi
            });
            work.help();
            match worker {
                Ok(worker) => {
                    worker.join().map_err(|_| "internal error: writing the derived OpenAPI panicked".to_owned())
                }
                Err(_) => Ok(written()),
            }
        })??
    } else {
        written()?
    };
    let module = work.finish(&spec.generated_by, &spec.api.source, &module_doc(&spec.api, &spec.generated_by))?;
    Ok(SpecTexts { module, openapi })
}

/// Every file of the generated crate, sorted by path. `specs` may come in any order.
pub fn crate_files(specs: Vec<SpecOutput>) -> Result<(Vec<GeneratedFile>, Vec<WrittenSpec>), String> {
    let info =
        CrateInfo { name: "vendor-apis", generated_by: crate::render::DEFAULT_GENERATOR, manifest: "specs/specs.toml" };
    crate_files_for(specs, &info)
}

/// What a generated crate is called, which command writes it, and from which manifest.
pub struct CrateInfo<'a> {
    pub name: &'a str,
    pub generated_by: &'a str,
    pub manifest: &'a str,
}

/// [`crate_files`] for any crate (a user's own, `docgen codegen`). The specs come back without their
/// derived documents, in the order given: each document is dropped once its YAML is written.
pub fn crate_files_for(
    specs: Vec<SpecOutput>,
    info: &CrateInfo<'_>,
) -> Result<(Vec<GeneratedFile>, Vec<WrittenSpec>), String> {
    let (written, documents): (Vec<WrittenSpec>, Vec<OpenAPI>) = specs.into_iter().map(SpecOutput::split).unzip();
    let manifest = cargo_toml(info).replacen("name = \"vendor-apis\"", &format!("name = \"{}\"", info.name), 1);
    let mut files = vec![
        GeneratedFile { path: "Cargo.toml".to_owned(), contents: manifest },
        GeneratedFile { path: "src/lib.rs".to_owned(), contents: root_source(&by_module(&written), info, None)? },
        GeneratedFile { path: "src/runtime.rs".to_owned(), contents: runtime_source_by(info.generated_by) },
    ];
    add_spec_files(&written, documents, "src/", &mut files)?;
    files.sort();
    Ok((files, written))
}

/// The specs sorted by module: the order the root module lists them in.
fn by_module(specs: &[WrittenSpec]) -> Vec<&WrittenSpec> {
    let mut sorted: Vec<&WrittenSpec> = specs.iter().collect();
    sorted.sort_by(|a, b| a.module.cmp(&b.module));
    sorted
}

/// Each spec's module (`<rust_folder><module>.rs`) and derived document (`openapi/<module>.yaml`), one spec
/// after the other, its document dropped once written.
fn add_spec_files(
    specs: &[WrittenSpec],
    documents: Vec<OpenAPI>,
    rust_folder: &str,
    files: &mut Vec<GeneratedFile>,
) -> Result<(), String> {
    for (spec, openapi) in specs.iter().zip(documents) {
        let texts = spec_texts(spec, openapi)?;
        files.push(GeneratedFile { path: format!("{rust_folder}{}.rs", spec.module), contents: texts.module });
        files.push(GeneratedFile { path: format!("openapi/{}.yaml", spec.module), contents: texts.openapi });
    }
    Ok(())
}

fn cargo_toml(info: &CrateInfo<'_>) -> String {
    render_hash_commented(CRATE_MANIFEST, info.generated_by, info.manifest)
}

/// The generated crate's `Cargo.toml`, behind its preamble; its `[dependencies]` are also what a module tree
/// needs ([`module_tree_dependencies`]).
const CRATE_MANIFEST: &str = r#"[package]
name = "vendor-apis"
version = "0.1.0"
edition = "2021"
publish = false

# The docs carry the vendors' text, code blocks included: they are documentation, never tests.
[lib]
doctest = false

[features]
default = ["server"]
server = ["dep:axum", "dep:form_urlencoded", "dep:tokio"]
client = ["dep:reqwest", "dep:futures-util", "dep:tokio", "tokio/time"]
# TLS for the client: reqwest's rustls with the system's certificates (rustls-platform-verifier), on ring
# (pure Rust and assembly: no cmake, unlike reqwest's default aws-lc-rs); without it the client speaks plain HTTP.
client-rustls = ["client", "reqwest/rustls-no-provider", "dep:rustls"]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
http = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
uuid = { version = "1", features = ["serde"] }
axum = { version = "0.8", default-features = false, features = ["http1", "tokio"], optional = true }
form_urlencoded = { version = "1", optional = true }
tokio = { version = "1", default-features = false, features = ["net", "rt"], optional = true }
reqwest = { version = "0.13", default-features = false, optional = true }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"], optional = true }
futures-util = { version = "0.3", default-features = false, optional = true }
"#;

/// The `[dependencies]` lines a crate needs for a module tree (`docgen codegen --module-tree`): the generated
/// crate's, at the same versions, none optional (a module tree has no features: server, mock and client
/// are all compiled), tokio with the `time` feature the client uses, and no rustls (its TLS is the user's
/// choice of reqwest features).
pub fn module_tree_dependencies() -> String {
    let section = CRATE_MANIFEST.split_once("[dependencies]\n").map_or("", |(_, rest)| rest);
    let mut out = String::new();
    for line in section.lines().filter(|line| !line.starts_with("rustls ")) {
        let line = line.replace(", optional = true", "");
        let line = if line.starts_with("tokio ") { line.replace(r#""rt"]"#, r#""rt", "time"]"#) } else { line };
        // `x = { version = "1" }` is `x = "1"`.
        let line = match line.split_once(" = { version = ") {
            Some((name, version)) if !version.contains(',') => format!("{name} = {}", version.trim_end_matches(" }")),
            _ => line,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// What a module tree is called in its files: the command that writes it, the manifest it comes from, and
/// the module the user's crate mounts it as (its folder's name, `vendor`).
pub struct TreeInfo<'a> {
    pub generated_by: &'a str,
    pub manifest: &'a str,
    pub module: &'a str,
}

/// Every file of a module tree (`docgen codegen --module-tree --out src/vendor`), sorted by path, paths
/// relative to its folder: `mod.rs` (declaring `runtime` and every spec's module), `runtime.rs`,
/// `<module>.rs`, and the derived documents, `openapi/<module>.yaml`. The user's crate mounts it with
/// `mod vendor;`. Each spec's `api.target` is [`Target::ModuleTree`].
pub fn module_tree_files(
    specs: Vec<SpecOutput>,
    info: &TreeInfo<'_>,
) -> Result<(Vec<GeneratedFile>, Vec<WrittenSpec>), String> {
    if let Some(spec) = specs.iter().find(|spec| spec.api.target != Target::ModuleTree) {
        return Err(format!("internal error: the spec `{}` is not emitted for a module tree", spec.module));
    }
    let (written, documents): (Vec<WrittenSpec>, Vec<OpenAPI>) = specs.into_iter().map(SpecOutput::split).unzip();
    let crate_info = CrateInfo { name: "", generated_by: info.generated_by, manifest: info.manifest };
    let root = root_source(&by_module(&written), &crate_info, Some(info.module))?;
    let mut files = vec![
        GeneratedFile { path: "mod.rs".to_owned(), contents: root },
        GeneratedFile {
            path: "runtime.rs".to_owned(),
            contents: runtime_source_for(info.generated_by, Target::ModuleTree),
        },
    ];
    add_spec_files(&written, documents, "", &mut files)?;
    files.sort();
    Ok((files, written))
}

/// The root of the generated code: a crate's `lib.rs`, or a module tree's `mod.rs` (`tree`: the module the
/// user's crate mounts it as; its docs list the dependencies that crate needs).
fn root_source(specs: &[&WrittenSpec], info: &CrateInfo<'_>, tree: Option<&str>) -> Result<String, String> {
    let target = if tree.is_some() { Target::ModuleTree } else { Target::Crate };
    let mut nodes = Vec::new();
    if tree.is_some() {
        // The user's crate mounts the tree privately and uses part of it: the rest is not its dead code.
        nodes.push(emit::item(|| quote! { #![allow(dead_code, unused_imports)] }));
    }
    nodes.push(emit::item(|| quote! { #[rustfmt::skip] pub mod runtime; }));
    for spec in specs {
        nodes.push(emit::item(move || {
            let doc = emit::doc_attrs(&format!("{} (`{}`).", spec.title, spec.api.source));
            let module = emit::ident(&spec.module);
            quote! { #doc #[rustfmt::skip] pub mod #module; }
        }));
    }
    nodes.push(emit::item(|| {
        let doc = emit::doc_attrs("The module of every spec, sorted.");
        let names = specs.iter().map(|spec| &spec.module);
        quote! { #doc #[rustfmt::skip] pub const MODULES: &[&str] = &[#(#names),*]; }
    }));
    nodes.push(emit::item(|| {
        let doc = emit::doc_attrs(
            "The example-backed router of a spec's module (`\"botpress_chat\"`), if there is such a module and it\n\
             has a mock (its `emit` lists `mock`, as by default): see each module's `mock`.",
        );
        let arms = specs.iter().filter(|spec| spec.api.parts.mock).map(|spec| {
            let (name, module) = (&spec.module, emit::ident(&spec.module));
            quote! { #name => Some(#module::mock::router_with(config)), }
        });
        let gate = emit::feature_gate(target, "server");
        quote! {
            #doc
            #gate
            #[rustfmt::skip]
            pub fn mock_router(module: &str, config: runtime::Config) -> Option<::axum::Router> {
                match module {
                    #(#arms)*
                    _ => None,
                }
            }
        }
    }));
    let mut doc = format!(
        "Typed Rust for the APIs of `{}`: one module per spec.\n\nGenerated by `{}`; do not edit by hand.",
        info.manifest, info.generated_by
    );
    if let Some(module) = tree {
        doc.push_str(&format!(
            "\n\nMount it with `mod {module};` in your crate, which needs these dependencies:\n\n\
             ```toml\n[dependencies]\n{}```\n\nThe clients speak plain HTTP unless the crate enables TLS in \
             reqwest (`reqwest = {{ version = \"0.13\", features = [\"rustls\"] }}`).",
            module_tree_dependencies()
        ));
    }
    render_module(&nodes, info.generated_by, info.manifest, &doc)
}

/// The `runtime` module every generated crate carries, as this repository's crate has it.
pub fn runtime_source() -> String {
    runtime_source_by(crate::render::DEFAULT_GENERATOR)
}

/// The `runtime` module, its first line naming the command `by`.
pub fn runtime_source_by(by: &str) -> String {
    runtime_source_for(by, Target::Crate)
}

/// The `runtime` module as `target` has it: in a module tree, without features (what a generated crate
/// has behind `server` or `client` is always compiled; what is behind any other feature is left out).
pub fn runtime_source_for(by: &str, target: Target) -> String {
    let text = format!(
        "// {} `{by}` from docgen's runtime templates; do not edit by hand.\n{RUNTIME}{CLIENT_RUNTIME}",
        crate::render::GENERATED_MARKER
    );
    if target.has_features() {
        text
    } else {
        without_features(&text)
    }
}

/// The runtime templates' text without `#[cfg(feature = …)]`: the attribute goes for `server` and `client`
/// (the item stays); for any other feature the item goes too (the next line, through the line that closes
/// it at the attribute's indentation when it opens a block).
fn without_features(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let Some(feature) = trimmed.strip_prefix("#[cfg(feature = \"").and_then(|rest| rest.strip_suffix("\")]"))
        else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        if matches!(feature, "server" | "client") {
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let Some(first) = lines.next() else { break };
        if first.trim_end().ends_with('{') {
            let closing = format!("{indent}}}");
            for line in lines.by_ref() {
                if line.trim_end() == closing {
                    break;
                }
            }
        }
    }
    out
}

/// The text of an endpoint's generated API surface, for review snapshots: its request struct, response
/// enum, trait method, client method (and paging stream), and every named type they reach.
pub fn endpoint_excerpt(api: &Api, operation_index: usize) -> Result<String, String> {
    let op = api.operations.get(operation_index).ok_or("no such operation")?;
    let mut reached: Vec<&str> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    for param in &op.params {
        collect_named(&param.ty, &mut stack);
    }
    if let Some(body) = &op.body {
        collect_named(&body.ty, &mut stack);
    }
    for response in &op.responses {
        if let Some((_, ty)) = &response.body {
            collect_named(ty, &mut stack);
        }
    }
    while let Some(name) = stack.pop() {
        let Some(def) = api.types.iter().find(|t| t.name == name) else { continue };
        if reached.contains(&def.name.as_str()) {
            continue;
        }
        reached.push(&def.name);
        match &def.kind {
            crate::ir::TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| collect_named(&f.ty, &mut stack));
                s.additional.iter().for_each(|t| collect_named(t, &mut stack));
            }
            crate::ir::TypeKind::Union(u) => u.variants.iter().for_each(|v| collect_named(&v.ty, &mut stack)),
            crate::ir::TypeKind::Map(t) | crate::ir::TypeKind::Newtype(t) => collect_named(t, &mut stack),
            crate::ir::TypeKind::Alias(target) => stack.push(target.clone()),
            crate::ir::TypeKind::Enum(_) => {}
        }
    }
    reached.sort();
    let mut client_methods = vec![emit::item(move || emit::client::emit_method(api, op))];
    if let Some(pagination) = &op.pagination {
        client_methods.push(emit::item(move || emit::client::emit_stream(op, pagination, api.target)));
    }
    let mut nodes = vec![
        emit::item(move || emit::types::emit_request(op)),
        emit::item(move || emit::types::emit_response(op, api.target)),
        emit::block(
            |body| {
                let trait_name = emit::ident(&api.trait_name);
                quote! { pub trait #trait_name { #body } }
            },
            vec![emit::item(move || emit::server::emit_trait_method(op))],
        ),
        emit::block(|body| quote! { impl Client { #body } }, client_methods),
    ];
    for def in api.types.iter().filter(|t| reached.contains(&t.name.as_str())) {
        nodes.push(emit::item(move || emit::types::emit_type(def, api.target)));
    }
    let doc = format!(
        "`{}` of `{}`: request, response, trait method, client methods and the types they reach.",
        op.endpoint, api.module
    );
    render_module(&nodes, crate::render::DEFAULT_GENERATOR, &api.source, &doc)
}

fn collect_named(ty: &crate::ir::TypeRef, out: &mut Vec<String>) {
    match ty {
        crate::ir::TypeRef::Named(name) => out.push(name.clone()),
        crate::ir::TypeRef::Vec(inner) | crate::ir::TypeRef::Map(inner) | crate::ir::TypeRef::Option(inner) => {
            collect_named(inner, out)
        }
        crate::ir::TypeRef::Primitive(_) => {}
    }
}

/// One line per endpoint for `cargo xtask codegen --list`:
/// `module  METHOD  /path  request-type  response-type  trait-method`, paths from the crate root.
pub fn endpoint_lines(specs: &[WrittenSpec]) -> Vec<String> {
    by_module(specs)
        .iter()
        .flat_map(|spec| {
            let api = &spec.api;
            api.operations.iter().map(move |op| {
                format!(
                    "{m}\t{}\t{}\t{m}::{}\t{m}::{}\t{m}::{}::{}",
                    op.endpoint.method,
                    op.endpoint.path,
                    op.request_type,
                    op.response_type,
                    api.trait_name,
                    op.fn_name,
                    m = api.module
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_tree_needs_the_crate_s_dependencies_none_optional() {
        let expected = r#"serde = { version = "1", features = ["derive"] }
serde_json = "1"
http = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
uuid = { version = "1", features = ["serde"] }
axum = { version = "0.8", default-features = false, features = ["http1", "tokio"] }
form_urlencoded = "1"
tokio = { version = "1", default-features = false, features = ["net", "rt", "time"] }
reqwest = { version = "0.13", default-features = false }
futures-util = { version = "0.3", default-features = false }
"#;
        assert_eq!(module_tree_dependencies(), expected);
    }

    #[test]
    fn a_module_tree_s_runtime_has_no_features() {
        let tree = runtime_source_for("docgen codegen --module-tree --out src/vendor", Target::ModuleTree);
        assert!(!tree.contains("#[cfg(feature"), "{tree}");
        assert!(tree.contains("\npub use self::server::*;\n") && tree.contains("\nmod server {\n"), "kept: server");
        assert!(tree.contains("\npub mod mock {\n") && tree.contains("\npub mod client {\n"), "kept: mock, client");
        assert!(!tree.contains("rustls::crypto"), "the `client-rustls` code goes");
        let lines = |text: &str| text.lines().count();
        let crate_runtime = runtime_source_by("docgen codegen --module-tree --out src/vendor");
        assert_eq!(lines(&crate_runtime) - lines(&tree), 4 + 5, "4 attributes, and the rustls statement with its own");
        assert!(crate_runtime.contains("#[cfg(feature = \"server\")]\nmod server {"), "a crate's keeps its features");
    }

    #[test]
    fn the_features_of_other_code_go_with_their_item() {
        let text = "a\n#[cfg(feature = \"server\")]\nmod s {\n    #[cfg(feature = \"x\")]\n    if y {\n        z();\n    }\n    #[cfg(feature = \"x\")]\n    w();\n    v();\n}\n";
        assert_eq!(without_features(text), "a\nmod s {\n    v();\n}\n");
    }
}
