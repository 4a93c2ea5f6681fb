//! `cargo xtask`: the project's tasks (`cargo xtask --help` lists them).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use docgen::diagnostic::Diagnostics;
use xtask::codegen::{self, Failure, Mode};

/// Counts live and peak heap bytes for `cargo xtask bench`'s per-stage figures.
#[global_allocator]
static ALLOCATOR: xtask::heap::Counting = xtask::heap::Counting;

/// The project's tasks.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate generated/ from specs/specs.toml (writes only changed files).
    Codegen {
        /// Write nothing; exit 1 if generated/ is stale, 2 if an input has errors.
        #[arg(long, conflicts_with = "list")]
        check: bool,
        /// Print one line per endpoint: module, method, path, request, response, trait method.
        #[arg(long)]
        list: bool,
    },
    /// Generate every document of a folder and type-check the output.
    ///
    /// Generates every document of DIR (default ../shared/corpus/apis-guru) on all its operations, each in
    /// a child process; type-checks the modules (cargo workspace target/corpus, one crate per module); print
    /// `STATUS<TAB>file<TAB>detail` per document, then the totals. Exits 1 if any document panicked, does not
    /// compile or has warnings.
    Corpus(xtask::corpus::Args),
    /// Score the reader on real documentation pages against their truth.
    ///
    /// Derives the pages of a documentation corpus (default ../shared/docs-corpus) and scores them against
    /// their truth: operations, facts, endpoints found and invented.
    Fidelity(xtask::fidelity::Args),
    /// Serve a module's example-backed service until interrupted, one log line per request.
    Mock {
        /// The spec's module (its `specs.toml` name).
        module: String,
        /// The mock server's own options (`--addr 127.0.0.1:PORT`, `--credential VALUE`, …).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "OPTIONS")]
        options: Vec<String>,
    },
    /// Release build: generation time and peak memory against the parse floor on ../shared/bench/.
    Bench(xtask::bench::Args),
    /// The release process `bench` re-runs itself as.
    #[command(name = xtask::bench::RELEASE_COMMAND, hide = true)]
    BenchRelease(xtask::bench::Args),
    /// A child of `bench-release`: measures generation of one spec.
    #[command(name = xtask::bench::CHILD_COMMAND, hide = true)]
    BenchOne {
        file: PathBuf,
        iterations: usize,
        /// The parts of the module to write (default: all).
        #[arg(long, value_delimiter = ',')]
        emit: Vec<String>,
    },
    /// A child of `bench-release`: measures the parse floor of one spec.
    #[command(name = xtask::bench::FLOOR_COMMAND, hide = true)]
    BenchFloor { file: PathBuf, iterations: usize },
    /// A child of `corpus`: generates one document.
    #[command(name = xtask::corpus::CHILD_COMMAND, hide = true)]
    CorpusDocument { file: PathBuf, module: String, out: PathBuf },
}

fn main() -> ExitCode {
    // The floor's child measures with the allocator as it comes (see `bench::FLOOR_COMMAND`).
    if std::env::args().nth(1).as_deref() != Some(xtask::bench::FLOOR_COMMAND) {
        docgen::tune_allocator();
    }
    match Cli::parse().task {
        Task::Codegen { check: true, .. } => run_codegen(Mode::Check),
        Task::Codegen { list: true, .. } => run_list(),
        Task::Codegen { .. } => run_codegen(Mode::Write),
        Task::Corpus(args) => xtask::corpus::main(args),
        Task::Fidelity(args) => xtask::fidelity::main(args),
        Task::Mock { module, options } => run_mock(&module, &options),
        Task::Bench(args) => {
            let argv: Vec<_> = std::env::args_os().skip(2).collect();
            xtask::bench::main(args, &argv)
        }
        Task::BenchRelease(args) => xtask::bench::release_main(args),
        Task::BenchOne { file, iterations, emit } => {
            let parts = if emit.is_empty() {
                Ok(docgen::ir::Parts::ALL)
            } else {
                docgen::ir::Parts::from_names(emit.iter().map(String::as_str))
            };
            match parts {
                Ok(parts) => xtask::bench::child_main(&file, iterations, parts),
                Err((_, message)) => {
                    eprintln!("error: --emit: {message}");
                    ExitCode::from(2)
                }
            }
        }
        Task::BenchFloor { file, iterations } => xtask::bench::floor_main(&file, iterations),
        Task::CorpusDocument { file, module, out } => xtask::corpus::document_main(file, module, out),
    }
}

/// Shows diagnostics on stderr: as rustc does on a terminal, one line each otherwise.
fn report(diags: &Diagnostics) {
    let root = xtask::project_root();
    let format = docgen::diagnostic::MessageFormat::for_stderr();
    let mut source = |path: &str| std::fs::read_to_string(root.join(path)).ok().map(std::sync::Arc::from);
    eprint!("{}", diags.render(format, &mut source));
}

fn run_codegen(mode: Mode) -> ExitCode {
    let root = xtask::project_root();
    let generation = match codegen::generate(&root) {
        Ok(generation) => generation,
        Err(failure) => return report_failure(failure),
    };
    report(&generation.diagnostics);
    let changes = match codegen::ensure_files(&root, &generation.files, mode) {
        Ok(changes) => changes,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match mode {
        Mode::Write => {
            for (path, _) in &changes.updated {
                println!("updated {path}");
            }
            for path in &changes.removed {
                println!("removed {path}");
            }
            if changes.is_empty() {
                println!("generated/ is up to date ({} files)", generation.files.len());
            }
            ExitCode::SUCCESS
        }
        Mode::Check if changes.is_empty() => {
            println!("generated/ is up to date ({} files)", generation.files.len());
            ExitCode::SUCCESS
        }
        Mode::Check => {
            eprintln!("{}", changes.stale_report(codegen::GENERATED_DIR, docgen::render::DEFAULT_GENERATOR));
            ExitCode::from(1)
        }
    }
}

/// Builds and runs the `mock-server` binary of the tests package, so that xtask itself stays free of the
/// server stack (it is built before every `cargo xtask codegen`).
fn run_mock(module: &str, options: &[String]) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(xtask::project_root())
        .args(["run", "--quiet", "--package", "docgen-tests", "--bin", "mock-server", "--", module])
        .args(options)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(status.code().and_then(|c| u8::try_from(c).ok()).unwrap_or(1)),
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_list() -> ExitCode {
    match codegen::generate(&xtask::project_root()) {
        Ok(generation) => {
            for line in codegen::list(&generation) {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(failure),
    }
}

fn report_failure(failure: Failure) -> ExitCode {
    match failure {
        Failure::Input(diags) => {
            report(&diags);
            eprintln!("error: {} error(s) in the input documents; nothing was written", diags.error_count());
            ExitCode::from(2)
        }
        Failure::Other(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
