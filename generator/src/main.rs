//! `docgen`: the generator's CLI for users' own documents (markdown, MDX, plain OpenAPI YAML/JSON).
//!
//! Diagnostics go to stderr: on a terminal as rustc shows them (the source line with a caret under the place, a
//! summary count at the end), otherwise, or with `--message-format short`, one line each as
//! `path:line:col: error|warning: message`. Exit codes: 0 success, 1 errors in the input, 2 usage errors (or a
//! file that cannot be read or written).

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use docgen::diagnostic::{Diagnostics, MessageFormat, SourceFile};
use docgen::ir::Parts;
use docgen::project::{generate_documents_with, SpecOptions, SpecRequest};

/// Typed Rust (serde types, an axum server stub, a reqwest client) from API documentation: OpenAPI
/// YAML/JSON, or markdown/MDX pages that describe an API.
#[derive(Parser)]
#[command(name = "docgen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How diagnostics are shown (default: `human` when stderr is a terminal, else `short`).
    #[arg(long, global = true, value_name = "FORMAT")]
    message_format: Option<Format>,
}

/// The values of `--message-format`.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// The source line with a caret under the place, and a summary count at the end.
    Human,
    /// One line each: `path:line:col: severity: message`.
    Short,
}

/// The format chosen for this run (set once, in `main`).
static MESSAGE_FORMAT: std::sync::OnceLock<MessageFormat> = std::sync::OnceLock::new();

#[derive(Subcommand)]
enum Command {
    /// Print the derived, normalised OpenAPI (YAML).
    Openapi {
        /// The documents of one API: OpenAPI files, pages, or folders of them (read together, in order).
        #[arg(required = true, value_name = "DOCUMENT")]
        documents: Vec<String>,
        #[command(flatten)]
        options: Options,
    },
    /// Write the Rust module: types, server stub, mock and client, or the parts `--emit` names (stdout without
    /// `-o`).
    Rust {
        /// The documents of one API: OpenAPI files, pages, or folders of them (read together, in order).
        #[arg(required = true, value_name = "DOCUMENT")]
        documents: Vec<String>,
        /// The module's name (default: from the first document's file name).
        #[arg(long, value_name = "NAME")]
        module: Option<String>,
        /// The file to write.
        #[arg(short, long, value_name = "OUT")]
        out: Option<String>,
        /// The parts of the module to write, comma-separated (default: all). The types always are; `mock`
        /// needs `server`.
        #[arg(long, value_name = "PARTS", value_delimiter = ',', value_parser = Parts::NAMES)]
        emit: Vec<String>,
        #[command(flatten)]
        options: Options,
    },
    /// Print the `runtime` module the generated code refers to (`crate::runtime`).
    Runtime {
        /// The module tree's form (`docgen codegen --module-tree`): no features, everything compiled.
        #[arg(long)]
        module_tree: bool,
    },
    /// Write a starter manifest for your documents: one spec listing every endpoint they document.
    Init {
        /// The documents of one API: OpenAPI files, pages, or folders of them (read together, in order).
        #[arg(required = true, value_name = "DOCUMENT")]
        documents: Vec<String>,
        /// The spec's module name (default: from the API's title).
        #[arg(long, value_name = "NAME")]
        module: Option<String>,
        /// The manifest to write (it must not exist); documents are listed relative to its folder.
        #[arg(long, value_name = "PATH", default_value = "specs.toml")]
        manifest: String,
    },
    /// Generate a crate (or, with `--module-tree`, a module tree for your own crate) from a manifest, writing
    /// only what changed (`--check`: write nothing, exit 1 if stale).
    Codegen {
        /// The manifest (`[[spec]]` tables), relative to the current folder.
        #[arg(long, value_name = "PATH", default_value = MANIFEST)]
        manifest: String,
        /// The generated crate's folder, relative to the current folder (with `--module-tree`, the module
        /// tree's: `src/vendor`).
        #[arg(long, value_name = "DIR", default_value = "generated")]
        out: String,
        /// The generated crate's package name (default: the folder's name).
        #[arg(long, value_name = "NAME", conflicts_with = "module_tree")]
        crate_name: Option<String>,
        /// Write a module tree for your own crate instead of a crate: `<out>/mod.rs`, `runtime.rs`, a
        /// module per spec and `openapi/<module>.yaml`; mount it with `mod <folder>;` (everything is
        /// compiled: no features).
        #[arg(long, requires = "out")]
        module_tree: bool,
        /// Write nothing; list each stale file with a diff and exit 1 if any.
        #[arg(long)]
        check: bool,
    },
}

/// What corrects the derived document, and how strictly it is judged.
#[derive(Args)]
struct Options {
    /// An OpenAPI Overlay 1.0 document (YAML or JSON) applied to the derived OpenAPI before it is normalised;
    /// repeat it to apply several, in order.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<String>,
    /// Treat every warning as an error (exit 1, nothing written).
    #[arg(long)]
    strict: bool,
}

/// The pipeline's stack. Inputs are bounded in depth (128 levels of YAML/JSON or markdown nesting), but schemas
/// reach each other through `$ref` chains of any length, and unoptimised builds use large frames. Only the
/// pages touched are committed, so a large reservation costs nothing.
const PIPELINE_STACK: usize = 256 * 1024 * 1024;

#[global_allocator]
static ALLOCATOR: docgen::Allocator = mimalloc::MiMalloc;

fn main() -> ExitCode {
    docgen::tune_allocator();
    // Usage errors exit with 2 (clap's convention), `--help` and `--version` with 0.
    let cli = Cli::parse();
    let command = cli.command;
    let _ = MESSAGE_FORMAT.set(message_format(cli.message_format));
    // markdown-rs has known panics, which the library catches and reports as diagnostics; keep them off stderr.
    let report_panic = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !docgen::derive::page::markdown_tree::in_markdown_parser() {
            report_panic(info);
        }
    }));
    let pipeline =
        std::thread::Builder::new().name("docgen".to_owned()).stack_size(PIPELINE_STACK).spawn(|| run(command));
    match pipeline.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => ExitCode::from(101), // the panic message is already on stderr
        Err(error) => {
            eprintln!("error: cannot start the pipeline thread: {error}");
            ExitCode::from(2)
        }
    }
}

/// `--message-format`, else what stderr is: a terminal gets the human form, coloured unless `NO_COLOR` is set.
fn message_format(chosen: Option<Format>) -> MessageFormat {
    match (chosen, MessageFormat::for_stderr()) {
        (Some(Format::Short), _) => MessageFormat::Short,
        (Some(Format::Human), MessageFormat::Short) => MessageFormat::Human { color: false },
        (_, detected) => detected,
    }
}

/// Shows the diagnostics on stderr in the run's format, each source line read from the file it names.
fn report(diags: &Diagnostics) {
    let format = *MESSAGE_FORMAT.get_or_init(|| MessageFormat::Short);
    let mut source = |path: &str| std::fs::read_to_string(path).ok().map(std::sync::Arc::from);
    eprint!("{}", diags.render(format, &mut source));
}

fn run(command: Command) -> ExitCode {
    match command {
        Command::Runtime { module_tree } => {
            let text = if module_tree {
                docgen::project::runtime_source_for("docgen runtime --module-tree", docgen::ir::Target::ModuleTree)
            } else {
                docgen::project::runtime_source()
            };
            print!("{text}");
            ExitCode::SUCCESS
        }
        Command::Openapi { documents, options } => {
            with_spec(&documents, None, &options, Parts::ALL, "docgen openapi", docgen::project::openapi_source)
                .map_or_else(|code| code, |text| emit(text, None))
        }
        Command::Rust { documents, module, out, emit: parts, options } => {
            let parts = if parts.is_empty() {
                Parts::ALL
            } else {
                match Parts::from_names(parts.iter().map(String::as_str)) {
                    Ok(parts) => parts,
                    Err((_, message)) => {
                        eprintln!("error: --emit: {message}");
                        return ExitCode::from(2);
                    }
                }
            };
            with_spec(&documents, module, &options, parts, "docgen rust", docgen::project::module_source)
                .map_or_else(|code| code, |text| emit(text, out.as_deref()))
        }
        Command::Init { documents, module, manifest } => init(&documents, module, &manifest),
        Command::Codegen { manifest, out, crate_name, module_tree, check } => {
            codegen(manifest, out, crate_name, module_tree, check)
        }
    }
}

/// `docgen init`: derives the documents as one spec and writes a manifest listing every endpoint.
fn init(inputs: &[String], module: Option<String>, manifest: &str) -> ExitCode {
    let manifest_path = std::path::Path::new(manifest);
    if manifest_path.exists() {
        eprintln!("error: {manifest} exists; `docgen init` writes a new manifest and never overwrites one");
        return ExitCode::from(2);
    }
    let folder = manifest_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut listed = Vec::new();
    for input in inputs {
        match relative_to(folder, input) {
            Some(relative) => listed.push(relative),
            None => {
                eprintln!("error: {input} is not inside {}, the manifest's folder", folder.display());
                return ExitCode::from(2);
            }
        }
    }
    let mut spec = None;
    let options = Options { overlays: Vec::new(), strict: false };
    let result = with_spec(inputs, module.clone(), &options, Parts::ALL, "docgen init", |output| {
        spec = Some((output.openapi.info.title.clone(), docgen::project::all_endpoints_of(output)));
        Ok(String::new())
    });
    if let Err(code) = result {
        return code;
    }
    let Some((title, endpoints)) = spec else { return ExitCode::from(1) };
    let title = if title.trim().is_empty() { "API".to_owned() } else { title };
    let module = module.unwrap_or_else(|| {
        let from_title = docgen::naming::value_name(&title).trim_start_matches("r#").to_owned();
        if from_title.is_empty() || from_title == "runtime" {
            default_module(&inputs[0])
        } else {
            from_title
        }
    });
    let text = docgen::manifest::starter_manifest(&module, &title, &listed, &endpoints);
    match std::fs::write(manifest_path, text) {
        Ok(()) => {
            println!(
                "wrote {manifest}: spec `{module}` with {} endpoints; next: docgen codegen --manifest {manifest}",
                endpoints.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {manifest}: {error}");
            ExitCode::from(2)
        }
    }
}

/// `input` relative to `folder`, with `/` separators (`None` when it is outside it).
fn relative_to(folder: &std::path::Path, input: &str) -> Option<String> {
    let folder = std::fs::canonicalize(folder).ok()?;
    let input = std::fs::canonicalize(input).ok()?;
    let relative = input.strip_prefix(&folder).ok()?;
    let text = relative.to_string_lossy().replace('\\', "/");
    Some(if std::path::Path::new(&input).is_dir() { format!("{text}/") } else { text })
}

/// `docgen codegen`'s default manifest.
const MANIFEST: &str = "specs.toml";

/// `docgen codegen`: the crate (or module tree) of a manifest, through the one writer.
fn codegen(manifest: String, out: String, crate_name: Option<String>, module_tree: bool, check: bool) -> ExitCode {
    use docgen::codegen::{ensure_files, generate, Failure, Layout, Mode};
    use docgen::ir::Target;
    let out = out.trim_end_matches('/').to_owned();
    if module_tree {
        // The paths are named in every file's first line, and the tree is the user's crate's: both are
        // relative to the current folder (a header never names an absolute path).
        for (option, path) in [("--out", &out), ("--manifest", &manifest)] {
            if std::path::Path::new(path).is_absolute() || path.is_empty() {
                eprintln!("error: {option} {path:?}: give a path relative to the current folder");
                return ExitCode::from(2);
            }
        }
    }
    let crate_name = crate_name.unwrap_or_else(|| {
        let name = out.trim_end_matches('/').rsplit('/').next().unwrap_or("generated").to_owned();
        if name.is_empty() || name == "." {
            "generated".to_owned()
        } else {
            name
        }
    });
    // A module tree's files name the options that write it again (its folder is never the default).
    let (command, target) = if module_tree {
        let mut command = format!("docgen codegen --module-tree --out {out}");
        if manifest != MANIFEST {
            command.push_str(&format!(" --manifest {manifest}"));
        }
        (command, Target::ModuleTree)
    } else {
        ("docgen codegen".to_owned(), Target::Crate)
    };
    let layout = Layout { manifest, out, crate_name, command, target };
    let root = std::path::Path::new(".");
    let generation = match generate(root, &layout) {
        Ok(generation) => generation,
        Err(Failure::Input(diags)) => {
            report(&diags);
            eprintln!("error: {} error(s) in the input documents; nothing was written", diags.error_count());
            return ExitCode::from(1);
        }
        Err(Failure::Other(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    report(&generation.diagnostics);
    let mode = if check { Mode::Check } else { Mode::Write };
    let changes = match ensure_files(root, &layout, &generation.files, mode) {
        Ok(changes) => changes,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    if changes.is_empty() {
        println!("{}/ is up to date ({} files)", layout.out, generation.files.len());
        return ExitCode::SUCCESS;
    }
    if !check {
        for (path, _) in &changes.updated {
            println!("updated {path}");
        }
        for path in &changes.removed {
            println!("removed {path}");
        }
        if module_tree {
            let folder = layout.out.rsplit('/').next().unwrap_or(&layout.out);
            println!(
                "mount it with `mod {folder};` in your crate, whose Cargo.toml needs:\n[dependencies]\n{}",
                docgen::project::module_tree_dependencies().trim_end()
            );
        }
        return ExitCode::SUCCESS;
    }
    eprintln!("{}", changes.stale_report(&layout.out, &layout.command));
    ExitCode::from(1)
}

fn emit(text: String, out: Option<&str>) -> ExitCode {
    match out {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: cannot write {path}: {error}");
                ExitCode::from(2)
            }
        },
    }
}

fn with_spec(
    inputs: &[String],
    module: Option<String>,
    options: &Options,
    parts: Parts,
    command: &str,
    render: impl FnOnce(&docgen::SpecOutput) -> Result<String, String>,
) -> Result<String, ExitCode> {
    let mut diags = Diagnostics::new();
    let mut documents = Vec::new();
    for path in expand_inputs(inputs)? {
        if let Some(document) = read_text(path, "document", &mut diags)? {
            documents.push(document);
        }
    }
    let mut overlays = Vec::new();
    for path in &options.overlays {
        if let Some(overlay) = read_text(path.clone(), "overlay", &mut diags)? {
            overlays.push(overlay);
        }
    }
    if diags.has_errors() {
        return Err(finish(&diags));
    }
    let module = module.unwrap_or_else(|| default_module(&inputs[0]));
    let source = inputs.join(", ");
    let request =
        SpecRequest { module: &module, title: &module, source: Some(&source), endpoints: None, pagination: &[] };
    let options = SpecOptions { overlays: &overlays, strict: options.strict, generated_by: Some(command), parts };
    let spec = match generate_documents_with(&request, &options, &documents, &mut diags, &mut |_| {}) {
        Some(spec) if !diags.has_errors() => spec,
        _ => return Err(finish(&diags)),
    };
    report(&diags);
    // The documents are not needed to write the files (the diagnostics are out).
    drop(documents);
    render(&spec).map_err(|message| {
        eprintln!("error: {message}");
        ExitCode::from(1)
    })
}

/// A file's text; `None` (with an error) when it is not UTF-8, exit 2 when it cannot be read.
fn read_text(path: String, what: &str, diags: &mut Diagnostics) -> Result<Option<SourceFile>, ExitCode> {
    let bytes = std::fs::read(&path).map_err(|error| {
        eprintln!("error: cannot read {path}: {error}");
        ExitCode::from(2)
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(SourceFile::new(path, text))),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let prefix = SourceFile::new(path, String::from_utf8_lossy(&bytes[..valid]).into_owned());
            diags.error_at(
                &prefix.location_of_offset(valid),
                format!(
                    "the {what} is not UTF-8 text (binary file?): byte 0x{:02x} cannot start a character",
                    bytes[valid]
                ),
            );
            Ok(None)
        }
    }
}

/// The files the inputs name, in order: a file as it is, a folder as every document under it (sorted).
fn expand_inputs(inputs: &[String]) -> Result<Vec<String>, ExitCode> {
    let mut paths = Vec::new();
    for input in inputs {
        let path = std::path::Path::new(input);
        if path.is_dir() {
            let found = docgen::codegen::documents_in(path, input);
            if found.is_empty() {
                eprintln!("error: the folder {input} holds no document (.md, .mdx, .txt, .yaml, .yml, .json)");
                return Err(ExitCode::from(2));
            }
            paths.extend(found);
        } else {
            paths.push(input.clone());
        }
    }
    Ok(paths)
}

fn finish(diags: &Diagnostics) -> ExitCode {
    report(diags);
    ExitCode::from(1)
}

fn default_module(path: &str) -> String {
    let stem = std::path::Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let stem = stem.split('.').next().unwrap_or(stem);
    docgen::naming::value_name(stem).trim_start_matches("r#").to_owned()
}
