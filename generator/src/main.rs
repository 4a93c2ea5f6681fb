//! `docgen`: the generator's CLI for users' own documents (markdown, MDX, plain OpenAPI YAML/JSON).
//!
//! Diagnostics go to stderr as `path:line:col: error|warning: message`. Exit codes: 0 success, 1 errors in
//! the input, 2 usage errors (or a file that cannot be read or written).

use std::process::ExitCode;

use docgen::diagnostic::{Diagnostics, SourceFile};
use docgen::project::{generate_spec_observed, SpecRequest};

const USAGE: &str = "usage:
  docgen openapi FILE                      print the derived, normalised OpenAPI (YAML)
  docgen rust FILE [--module NAME] [-o OUT] write the Rust types and server stub (stdout without -o)

FILE is an OpenAPI YAML/JSON file or a markdown/MDX page that describes an API.
The generated module refers to `crate::runtime`; `docgen runtime` prints that module.";

/// The pipeline's stack. Inputs are bounded in depth (128 levels of YAML/JSON or markdown nesting), but schemas
/// reach each other through `$ref` chains of any length, and unoptimised builds use large frames. Only the
/// pages touched are committed, so a large reservation costs nothing.
const PIPELINE_STACK: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    docgen::tune_allocator();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse_args(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // markdown-rs has known panics, which the library catches and reports as diagnostics; keep them off stderr.
    let report_panic = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !docgen::derive::markdown_tree::in_markdown_parser() {
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

enum Command {
    OpenApi { file: String },
    Rust { file: String, module: Option<String>, out: Option<String> },
    Runtime,
    Help,
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut iter = args.iter();
    let command = iter.next().ok_or("missing command")?;
    match command.as_str() {
        "openapi" => {
            let file = iter.next().ok_or("`openapi` needs a FILE")?.clone();
            if let Some(extra) = iter.next() {
                return Err(format!("unexpected argument `{extra}`"));
            }
            Ok(Command::OpenApi { file })
        }
        "rust" => {
            let mut file = None;
            let mut module = None;
            let mut out = None;
            while let Some(arg) = iter.next() {
                match arg.as_str() {
                    "--module" => module = Some(iter.next().ok_or("`--module` needs a NAME")?.clone()),
                    "-o" | "--out" => out = Some(iter.next().ok_or("`-o` needs a path")?.clone()),
                    other if other.starts_with('-') => return Err(format!("unknown option `{other}`")),
                    other if file.is_none() => file = Some(other.to_owned()),
                    other => return Err(format!("unexpected argument `{other}`")),
                }
            }
            Ok(Command::Rust { file: file.ok_or("`rust` needs a FILE")?, module, out })
        }
        "runtime" => Ok(Command::Runtime),
        "help" | "--help" | "-h" => Ok(Command::Help),
        other => Err(format!("unknown command `{other}`")),
    }
}

fn run(command: Command) -> ExitCode {
    match command {
        Command::Help => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Command::Runtime => {
            print!("{}", docgen::project::runtime_source());
            ExitCode::SUCCESS
        }
        Command::OpenApi { file } => {
            with_spec(&file, None, docgen::project::openapi_source).map_or_else(|code| code, |text| emit(text, None))
        }
        Command::Rust { file, module, out } => with_spec(&file, module, docgen::project::module_source)
            .map_or_else(|code| code, |text| emit(text, out.as_deref())),
    }
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
    path: &str,
    module: Option<String>,
    render: impl FnOnce(&docgen::SpecOutput) -> Result<String, String>,
) -> Result<String, ExitCode> {
    let bytes = std::fs::read(path).map_err(|error| {
        eprintln!("error: cannot read {path}: {error}");
        ExitCode::from(2)
    })?;
    let mut diags = Diagnostics::new();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let prefix = SourceFile::new(path, String::from_utf8_lossy(&bytes[..valid]).into_owned());
            diags.error_at(
                &prefix.location_of_offset(valid),
                format!(
                    "the document is not UTF-8 text (binary file?): byte 0x{:02x} cannot start a character",
                    bytes[valid]
                ),
            );
            return Err(finish(&diags));
        }
    };
    let document = SourceFile::new(path, text);
    let module = module.unwrap_or_else(|| default_module(path));
    let request = SpecRequest { module: &module, title: &module, endpoints: None, pagination: &[] };
    let spec = match generate_spec_observed(&request, &document, &mut diags, &mut |_| {}) {
        Some(spec) if !diags.has_errors() => spec,
        _ => return Err(finish(&diags)),
    };
    for diagnostic in diags.sorted() {
        eprintln!("{diagnostic}");
    }
    render(&spec).map_err(|message| {
        eprintln!("error: {message}");
        ExitCode::from(1)
    })
}

fn finish(diags: &Diagnostics) -> ExitCode {
    for diagnostic in diags.sorted() {
        eprintln!("{diagnostic}");
    }
    ExitCode::from(1)
}

fn default_module(path: &str) -> String {
    let stem = std::path::Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let stem = stem.split('.').next().unwrap_or(stem);
    docgen::naming::value_name(stem).trim_start_matches("r#").to_owned()
}
