//! `cargo xtask`: the project's tasks. `cargo xtask codegen [--check | --list]`.

use std::process::ExitCode;

use xtask::codegen::{self, Failure, Mode};

const USAGE: &str = "usage: cargo xtask codegen [--check | --list]

  codegen           regenerate generated/ from specs/specs.toml (writes only changed files)
  codegen --check   write nothing; exit 1 if generated/ is stale, 2 if an input has errors
  codegen --list    print one line per endpoint: module, method, path, request, response, trait method";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => run_codegen(Mode::Write),
        ["codegen", "--check"] => run_codegen(Mode::Check),
        ["codegen", "--list"] => run_list(),
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
            eprintln!("generated/ is stale:");
            for (path, diff) in &changes.updated {
                eprintln!("  stale: {path}");
                for line in diff.lines() {
                    eprintln!("    {line}");
                }
            }
            for path in &changes.removed {
                eprintln!("  no longer generated: {path}");
            }
            eprintln!("run `cargo xtask codegen` to bring it in step");
            ExitCode::from(1)
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
