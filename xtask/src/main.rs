//! `cargo xtask`: the project's tasks. `cargo xtask codegen [--check | --list]`.

use std::process::ExitCode;

use xtask::codegen::{self, Failure, Mode};

/// Counts live and peak heap bytes for `cargo xtask bench`'s per-stage figures.
#[global_allocator]
static ALLOCATOR: xtask::heap::Counting = xtask::heap::Counting;

const USAGE: &str = "usage: cargo xtask codegen [--check | --list]

  codegen           regenerate generated/ from specs/specs.toml (writes only changed files)
  codegen --check   write nothing; exit 1 if generated/ is stale, 2 if an input has errors
  codegen --list    print one line per endpoint: module, method, path, request, response, trait method
  corpus [DIR] [--no-check] [--only NAME] [--jobs N] [--timeout SECS]
                    run the generator on every document of DIR (default ../shared/corpus/apis-guru),
                    type-check the output, print one status line per document (`corpus --help`)
  fidelity [DIR] [--verbose] [--only NAME]
                    derive the real documentation pages of DIR (default ../shared/docs-corpus) and score
                    them against their truth: operations, facts, endpoints found and invented
  mock MODULE [--addr 127.0.0.1:PORT] [--credential VALUE]
                    serve MODULE's example-backed service until interrupted, one log line per request
  bench [--iterations N] [--compile] [--scaling] [--stress] [FILE...]
                    release build: generation time against the parse floor on ../shared/bench/ (`bench --help`)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if args.first() != Some(&xtask::bench::FLOOR_COMMAND) {
        docgen::tune_allocator();
    }
    match args.as_slice() {
        ["codegen"] => run_codegen(Mode::Write),
        ["codegen", "--check"] => run_codegen(Mode::Check),
        ["codegen", "--list"] => run_list(),
        ["corpus", args @ ..] => xtask::corpus::main(args),
        ["mock", args @ ..] => run_mock(args),
        ["fidelity", args @ ..] => xtask::fidelity::main(args),
        ["bench", args @ ..] => xtask::bench::main(args),
        [xtask::bench::RELEASE_COMMAND, args @ ..] => xtask::bench::release_main(args),
        [xtask::bench::CHILD_COMMAND, args @ ..] => xtask::bench::child_main(args),
        [xtask::bench::FLOOR_COMMAND, args @ ..] => xtask::bench::floor_main(args),
        [xtask::corpus::CHILD_COMMAND, args @ ..] => xtask::corpus::document_main(args),
        ["--help" | "-h" | "help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run_codegen(mode: Mode) -> ExitCode {
    let root = xtask::project_root();
    let generation = match codegen::generate(&root) {
        Ok(generation) => generation,
        Err(failure) => return report_failure(failure),
    };
    for diagnostic in generation.diagnostics.sorted() {
        eprintln!("{diagnostic}");
    }
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
fn run_mock(args: &[&str]) -> ExitCode {
    // `mock-server` checks the rest of the arguments and prints the modules there are.
    if args.first().is_none_or(|module| module.starts_with('-')) {
        eprintln!("usage: cargo xtask mock MODULE [--addr 127.0.0.1:PORT] [--credential VALUE]");
        return ExitCode::from(2);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(xtask::project_root())
        .args(["run", "--quiet", "--package", "docgen-tests", "--bin", "mock-server", "--"])
        .args(args)
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
            for diagnostic in diags.sorted() {
                eprintln!("{diagnostic}");
            }
            eprintln!("error: {} error(s) in the input documents; nothing was written", diags.error_count());
            ExitCode::from(2)
        }
        Failure::Other(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
