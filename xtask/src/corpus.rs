//! `cargo xtask corpus [DIR]`: the generator against a folder of real-world API documents.
//!
//! Every document is generated, on all of its operations, in a child process of its own (the xtask binary
//! re-run with a hidden subcommand), so a panic, stack overflow, abort or runaway time or memory in one
//! document cannot stop the run. The generated modules are then type-checked by one `cargo check` of a
//! scratch workspace (`target/corpus`, kept between runs: dependencies are built once, and a module whose
//! text did not change is not checked again), and each document gets one line,
//! `STATUS<TAB>file<TAB>detail`, in file-name order, then the totals.
//!
//! Each module is a crate of that workspace (with the runtime, as in the generated crate) rather than all
//! modules one crate: the corpus makes some 650,000 lines, which as one crate take rustc 8–10 GB and
//! up to half an hour, and rustc runs no lints once a crate has an error, so one broken module would
//! hide the warnings of all the others.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use docgen::diagnostic::{Diagnostics, Severity, SourceFile};
use docgen::project::{crate_files, generate_spec_observed, module_source, runtime_source, SpecRequest};

/// The corpus folder, relative to the repository root.
pub const DEFAULT_DIR: &str = "../shared/corpus/apis-guru";
/// The scratch workspace, relative to the repository root: `Cargo.toml`, `runtime.rs`, one crate per
/// module (`<module>/lib.rs`, `<module>/<module>.rs`), and its build output in its own `target/`.
pub const WORKSPACE_DIR: &str = "target/corpus";
/// The hidden subcommand a child process runs: `corpus-document FILE MODULE OUT`.
pub const CHILD_COMMAND: &str = "corpus-document";
/// How long one document may take to generate by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// The address space a child process may use (`ulimit -v`, KiB): far above what any document needs, far
/// below what would make the machine swap.
const CHILD_MEMORY_KIB: u64 = 4 * 1024 * 1024;
/// The start of the line a child writes to stderr when a panic ended its pipeline: `corpus-panic<TAB>
/// file:line:col<TAB>message`.
const PANIC_MARKER: &str = "corpus-panic";
/// The last panic of a child process, reported if it was not caught.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);
/// The stack of a child's pipeline thread: the CLI's (`generator/src/main.rs`), since schemas reach each
/// other through `$ref` chains of any length.
const PIPELINE_STACK: usize = 256 * 1024 * 1024;
/// Details are cut to this many characters, so that every status line stays one readable line.
const MAX_DETAIL: usize = 300;
/// The package names of the scratch crates start with this (a module may be called `type`).
const PACKAGE_PREFIX: &str = "corpus_";
/// Names a module may not take: the workspace's own files and folders, and the crate's own modules.
const RESERVED: [&str; 3] = ["lib", "runtime", "target"];
/// The document kinds the generator reads.
const EXTENSIONS: &[&str] = &["json", "yaml", "yml", "md", "mdx"];

/// What `cargo xtask corpus` runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub dir: PathBuf,
    /// Only the documents whose file name contains this.
    pub only: Option<String>,
    /// How to compile the generated modules.
    pub check: TypeCheck,
    /// Child processes at a time.
    pub jobs: usize,
    /// The time limit of one child process.
    pub timeout: Duration,
}

/// How the generated modules are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeCheck {
    /// Not at all (`--no-check`).
    Skip,
    /// `cargo check`: rustc's errors and warnings.
    Check,
    /// `cargo clippy`: also clippy's default lints, as CI runs them on `generated/` (`--clippy`).
    Clippy,
}

/// The outcome of one document, worst last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Generated; the module compiles without warnings (or was not compiled, with `--no-check`).
    Generated,
    /// The generator reported errors in the document and generated nothing.
    Diagnosed,
    /// The generator crashed: a panic, stack overflow, abort, out of memory or out of time.
    Panicked,
    /// The generated module does not compile (or does not even parse).
    NotCompiling,
    /// The generated module compiles with warnings, which break the `-D warnings` promise.
    NotClean,
}

/// One document's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The document's file name.
    pub file: String,
    pub status: Status,
    pub detail: String,
}

/// Everything a run found.
#[derive(Debug, Clone)]
pub struct Report {
    /// One per document, sorted by file name.
    pub outcomes: Vec<Outcome>,
    /// Errors and warnings that belong to no document (in `runtime.rs`, or a failure of cargo itself).
    pub crate_problems: Vec<String>,
    /// How the modules were compiled.
    pub checked: TypeCheck,
}

/// A document of the corpus.
#[derive(Debug, Clone)]
struct Document {
    file: String,
    path: PathBuf,
    module: String,
}

impl Status {
    pub const ALL: [Status; 5] =
        [Status::Generated, Status::Diagnosed, Status::Panicked, Status::NotCompiling, Status::NotClean];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Generated => "generated",
            Status::Diagnosed => "diagnosed",
            Status::Panicked => "panicked",
            Status::NotCompiling => "not-compiling",
            Status::NotClean => "not-clean",
        }
    }

    fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// Whether the document breaks the promise: code that compiles cleanly, or diagnostics saying why not.
    pub fn is_failure(self) -> bool {
        matches!(self, Status::Panicked | Status::NotCompiling | Status::NotClean)
    }
}

impl TypeCheck {
    fn cargo_subcommand(self) -> Option<&'static str> {
        match self {
            TypeCheck::Skip => None,
            TypeCheck::Check => Some("check"),
            TypeCheck::Clippy => Some("clippy"),
        }
    }
}

impl Options {
    pub fn new(dir: PathBuf) -> Options {
        let jobs = std::thread::available_parallelism().map_or(1, usize::from);
        Options { dir, only: None, check: TypeCheck::Check, jobs, timeout: DEFAULT_TIMEOUT }
    }
}

impl Report {
    pub fn count(&self, status: Status) -> usize {
        self.outcomes.iter().filter(|outcome| outcome.status == status).count()
    }

    /// `totals: generated N, diagnosed N, panicked N, not-compiling N, not-clean N`.
    pub fn totals(&self) -> String {
        let counts: Vec<String> =
            Status::ALL.iter().map(|&status| format!("{} {}", status.as_str(), self.count(status))).collect();
        let how = match self.checked {
            TypeCheck::Skip => " (not type-checked)",
            TypeCheck::Check => "",
            TypeCheck::Clippy => " (with clippy)",
        };
        format!("totals: {}{how}", counts.join(", "))
    }

    /// The output: one line per document, one per crate problem, then the totals.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .outcomes
            .iter()
            .map(|outcome| format!("{}\t{}\t{}", outcome.status.as_str(), outcome.file, outcome.detail))
            .collect();
        lines.extend(self.crate_problems.iter().map(|problem| format!("crate\t{WORKSPACE_DIR}\t{problem}")));
        lines.push(self.totals());
        lines
    }

    /// No crash, no broken output, no warning.
    pub fn is_success(&self) -> bool {
        self.crate_problems.is_empty() && !self.outcomes.iter().any(|outcome| outcome.status.is_failure())
    }
}

/// `cargo xtask corpus …`: parses the arguments, runs, prints. Exit 0 when every document generated clean
/// code or was diagnosed, 1 otherwise, 2 when the run itself failed.
pub fn main(args: Args) -> ExitCode {
    let root = crate::project_root();
    let options = args.options(&root);
    let program = match std::env::current_exe() {
        Ok(program) => program,
        Err(error) => {
            eprintln!("error: cannot find the xtask executable to re-run: {error}");
            return ExitCode::from(2);
        }
    };
    match run(&root, &options, &program) {
        Ok(report) => {
            for line in report.lines() {
                println!("{line}");
            }
            if report.is_success() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The child process, `corpus-document FILE MODULE OUT`: generates one document into OUT and prints
/// `STATUS<TAB>detail` on stdout. A panic that ends the pipeline prints a marked line on stderr instead
/// (see [`PANIC_MARKER`]); panics the library catches itself (markdown-rs's) are not reported.
pub fn document_main(file: PathBuf, module: String, out: PathBuf) -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(a panic without a message)");
        let location =
            info.location().map_or_else(String::new, |l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{location}\t{}", one_line(message)));
        }
    }));
    // The same stack as the CLI's pipeline thread, so the corpus sees what users of the CLI see.
    let pipeline = std::thread::Builder::new()
        .name("corpus-document".to_owned())
        .stack_size(PIPELINE_STACK)
        .spawn(move || generate_document(&file, &module, &out));
    match pipeline.map(std::thread::JoinHandle::join) {
        Ok(Ok(Ok((status, detail)))) => {
            println!("{}\t{}", status.as_str(), one_line(&detail));
            ExitCode::SUCCESS
        }
        Ok(Ok(Err(message))) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Ok(Err(_)) => {
            let last = LAST_PANIC.lock().ok().and_then(|mut last| last.take());
            eprintln!("{PANIC_MARKER}\t{}", last.unwrap_or_else(|| "\t(a panic without a message)".to_owned()));
            ExitCode::from(101)
        }
        Err(error) => {
            eprintln!("error: cannot start the pipeline thread: {error}");
            ExitCode::from(2)
        }
    }
}

/// Generates every document of `options.dir` (in child processes running `program`), type-checks the
/// results unless told not to, and reports.
pub fn run(root: &Path, options: &Options, program: &Path) -> Result<Report, String> {
    let documents = list_documents(&options.dir, options.only.as_deref())?;
    if documents.is_empty() {
        return Err(format!("no documents to run in {}", options.dir.display()));
    }
    let workspace = root.join(WORKSPACE_DIR);
    fs::create_dir_all(&workspace).map_err(|error| format!("cannot create {}: {error}", workspace.display()))?;

    let started = Instant::now();
    let mut outcomes = generate_all(program, &documents, &workspace, options);
    eprintln!("corpus: generated {} documents in {:.1} s", documents.len(), started.elapsed().as_secs_f64());

    let generated: Vec<&Document> = documents
        .iter()
        .zip(&outcomes)
        .filter(|(_, outcome)| outcome.status == Status::Generated)
        .map(|(document, _)| document)
        .collect();
    let modules: Vec<String> = generated.iter().map(|document| document.module.clone()).collect();
    // Written even without the check, so that `cargo check` can be run there by hand. The folders of
    // modules this run did not generate stay, outside the workspace: `--only` keeps the others' cache.
    write_workspace(root, &workspace, &modules)?;

    let mut report = Report { outcomes: Vec::new(), crate_problems: Vec::new(), checked: options.check };
    if let Some(subcommand) = options.check.cargo_subcommand() {
        let started = Instant::now();
        let findings = type_check(&workspace, &modules, subcommand)?;
        eprintln!("corpus: type-checked {} modules in {:.1} s", modules.len(), started.elapsed().as_secs_f64());
        for (document, outcome) in documents.iter().zip(outcomes.iter_mut()) {
            if let Some(error) = findings.errors.get(&document.module) {
                outcome.status = Status::NotCompiling;
                outcome.detail = error.clone();
            } else if let Some(warning) = findings.warnings.get(&document.module) {
                outcome.status = Status::NotClean;
                outcome.detail = warning.clone();
            }
        }
        report.crate_problems = findings.crate_problems;
    }
    report.outcomes = outcomes;
    Ok(report)
}

/// `cargo xtask corpus`'s options.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder of documents (default: ../shared/corpus/apis-guru).
    dir: Option<PathBuf>,
    /// Only generate; do not type-check the output.
    #[arg(long, conflicts_with = "clippy")]
    no_check: bool,
    /// Type-check with clippy (`-D warnings`) instead of `cargo check`.
    #[arg(long)]
    clippy: bool,
    /// Only the documents whose file name contains NAME.
    #[arg(long, value_name = "NAME")]
    only: Option<String>,
    /// Child processes at a time (default: the number of cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    jobs: Option<u32>,
    /// The time limit of one document's child process, in seconds (default 120).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    timeout: Option<u64>,
}

impl Args {
    fn options(self, root: &Path) -> Options {
        let mut options = Options::new(self.dir.unwrap_or_else(|| root.join(DEFAULT_DIR)));
        options.only = self.only;
        if self.no_check {
            options.check = TypeCheck::Skip;
        } else if self.clippy {
            options.check = TypeCheck::Clippy;
        }
        if let Some(jobs) = self.jobs {
            options.jobs = jobs as usize;
        }
        if let Some(secs) = self.timeout {
            options.timeout = Duration::from_secs(secs);
        }
        options
    }
}

/// The documents of `dir` (not its subfolders), sorted by file name, each with a module name of its own.
fn list_documents(dir: &Path, only: Option<&str>) -> Result<Vec<Document>, String> {
    let entries = fs::read_dir(dir).map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    let mut files: Vec<(String, PathBuf)> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .filter_map(|path| Some((path.file_name()?.to_str()?.to_owned(), path)))
        .filter(|(name, _)| is_document(name) && only.is_none_or(|only| name.contains(only)))
        .collect();
    files.sort();
    let mut taken: BTreeSet<String> = RESERVED.map(String::from).into();
    Ok(files
        .into_iter()
        .map(|(file, path)| {
            let module = module_name(&file, &mut taken);
            Document { file, path, module }
        })
        .collect())
}

fn is_document(name: &str) -> bool {
    let extension = name.rsplit_once('.').map_or("", |(_, extension)| extension);
    !name.starts_with('.') && !name.eq_ignore_ascii_case("README.md") && EXTENSIONS.contains(&extension)
}

/// `azure.com__sql-restorePoints.json` → `azure_com_sql_restore_points`, unique among `taken`.
fn module_name(file: &str, taken: &mut BTreeSet<String>) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let base = docgen::naming::value_name(stem).trim_start_matches("r#").to_owned();
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// Runs every document in a child process, `options.jobs` at a time; outcomes in document order.
fn generate_all(program: &Path, documents: &[Document], workspace: &Path, options: &Options) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<BTreeMap<usize, Outcome>> = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.clamp(1, documents.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(document) = documents.get(index) else { break };
                let started = Instant::now();
                let outcome = generate_in_child(program, document, workspace, options.timeout);
                let done = done.fetch_add(1, Ordering::Relaxed) + 1;
                eprintln!(
                    "corpus: [{done}/{}] {} {} ({:.1} s)",
                    documents.len(),
                    outcome.status.as_str(),
                    document.file,
                    started.elapsed().as_secs_f64()
                );
                if let Ok(mut results) = results.lock() {
                    results.insert(index, outcome);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    results.into_values().collect()
}

/// One document in a child process: `program corpus-document FILE MODULE MODULE/MODULE.rs`.
fn generate_in_child(program: &Path, document: &Document, workspace: &Path, timeout: Duration) -> Outcome {
    let out = workspace.join(&document.module).join(format!("{}.rs", document.module));
    let mut command = child_command(program);
    command.arg(CHILD_COMMAND).arg(&document.path).arg(&document.module).arg(&out);
    let (status, detail) = match run_with_timeout(command, timeout) {
        Ok(finished) => {
            let (status, detail) = interpret(&finished, timeout);
            if let Some(location) = panic_location(&finished.stderr) {
                eprintln!("corpus: {} panicked at {location}", document.file);
            }
            (status, detail)
        }
        Err(message) => (Status::Panicked, message),
    };
    Outcome { file: document.file.clone(), status, detail: cut(&detail) }
}

/// The child's command line; on Unix through `sh`, to cap its address space with `ulimit -v` so that a
/// runaway allocation fails (and aborts the child) instead of taking the machine's memory.
#[cfg(unix)]
fn child_command(program: &Path) -> Command {
    let mut command = Command::new("/bin/sh");
    command.arg("-c").arg(format!("ulimit -v {CHILD_MEMORY_KIB} 2>/dev/null; exec \"$0\" \"$@\"")).arg(program);
    command
}

#[cfg(not(unix))]
fn child_command(program: &Path) -> Command {
    Command::new(program)
}

/// How a child process ended: its exit status (`None` when it ran out of time and was killed) and output.
struct Finished {
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
}

fn run_with_timeout(mut command: Command, timeout: Duration) -> Result<Finished, String> {
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|error| format!("cannot start a child process: {error}"))?;
    // Drain both pipes while waiting, so a chatty child never blocks on a full pipe.
    let stdout = child.stdout.take().map(|pipe| std::thread::spawn(move || read_all(pipe)));
    let stderr = child.stderr.take().map(|pipe| std::thread::spawn(move || read_all(pipe)));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(error) => return Err(format!("cannot wait for a child process: {error}")),
        }
    };
    let joined = |reader: Option<std::thread::JoinHandle<String>>| {
        reader.and_then(|reader| reader.join().ok()).unwrap_or_default()
    };
    Ok(Finished { status, stdout: joined(stdout), stderr: joined(stderr) })
}

fn read_all(mut pipe: impl Read) -> String {
    let mut bytes = Vec::new();
    let _ = pipe.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A child's status and detail, from its result line, its panic line, or the way it died.
fn interpret(finished: &Finished, timeout: Duration) -> (Status, String) {
    if let Some(detail) = panic_detail(&finished.stderr) {
        return (Status::Panicked, detail);
    }
    let Some(exit) = finished.status else {
        return (Status::Panicked, format!("timed out after {} s", timeout.as_secs()));
    };
    if exit.success() {
        let result = finished.stdout.lines().find_map(|line| {
            let (status, detail) = line.split_once('\t')?;
            Some((Status::parse(status)?, detail.to_owned()))
        });
        if let Some(result) = result {
            return result;
        }
    }
    let stderr = &finished.stderr;
    if stderr.contains("has overflowed its stack") {
        return (Status::Panicked, "stack overflow".to_owned());
    }
    if stderr.contains("memory allocation of") {
        return (Status::Panicked, format!("out of memory (the limit is {} GiB)", CHILD_MEMORY_KIB >> 20));
    }
    let last = stderr.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("no output");
    (Status::Panicked, format!("the child process ended without a result ({exit}): {last}"))
}

/// `message (at generator/src/lower.rs)`: the place without its line number, so that editing a file does
/// not change the report; the whole place goes to stderr (see [`panic_location`]).
fn panic_detail(stderr: &str) -> Option<String> {
    let (location, message) = panic_line(stderr)?;
    let file = location.split(':').next().unwrap_or_default();
    Some(if file.is_empty() { message.to_owned() } else { format!("{message} (at {})", portable_path(file)) })
}

fn panic_location(stderr: &str) -> Option<String> {
    panic_line(stderr).map(|(location, _)| portable_path(location))
}

fn panic_line(stderr: &str) -> Option<(&str, &str)> {
    let line = stderr.lines().find_map(|line| line.strip_prefix(PANIC_MARKER)?.strip_prefix('\t'))?;
    Some(line.split_once('\t').unwrap_or(("", line)))
}

/// A source path as the same on every machine: dependencies by crate (`openapiv3-2.2.0/src/…`), the
/// standard library from `library/`.
fn portable_path(path: &str) -> String {
    if let Some((_, rest)) = path.split_once("/registry/src/") {
        return rest.split_once('/').map_or(rest, |(_, rest)| rest).to_owned();
    }
    if let Some(index) = path.find("/library/") {
        if path.starts_with("/rustc/") {
            return path[index + 1..].to_owned();
        }
    }
    path.to_owned()
}

/// The child's work: the CLI's `docgen rust FILE` on every operation of the document, into `out`.
fn generate_document(file: &Path, module: &str, out: &Path) -> Result<(Status, String), String> {
    let name = file.file_name().and_then(|name| name.to_str()).unwrap_or(module).to_owned();
    let bytes = fs::read(file).map_err(|error| format!("cannot read {}: {error}", file.display()))?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok((Status::Diagnosed, "the document is not UTF-8 text".to_owned()));
    };
    let document = SourceFile::new(name, text);
    let mut diags = Diagnostics::new();
    let request = SpecRequest { module, title: module, source: None, endpoints: None, pagination: &[] };
    let spec = match generate_spec_observed(&request, &document, &mut diags, &mut |_| {}) {
        Some(spec) if !diags.has_errors() => spec,
        _ => return Ok((Status::Diagnosed, first_error(&diags, &document.path))),
    };
    let source = match module_source(&spec) {
        Ok(source) => source,
        Err(message) => return Ok((Status::NotCompiling, format!("the generated module does not parse: {message}"))),
    };
    if let Some(folder) = out.parent() {
        fs::create_dir_all(folder).map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    }
    write_if_changed(out, &source)?;
    let warnings = diags.sorted().iter().filter(|d| d.severity == Severity::Warning).count();
    let operations = spec.api.operations.len();
    Ok((Status::Generated, format!("{}, {}", plural(operations, "operation"), plural(warnings, "warning diagnostic"))))
}

/// The first error in file order, as `line:col: message` (the file is the document's own line).
fn first_error(diags: &Diagnostics, document: &str) -> String {
    let sorted = diags.sorted();
    let Some(error) = sorted.iter().find(|d| d.severity == Severity::Error) else {
        return "no result, and no error diagnostic to say why".to_owned();
    };
    match error.position {
        Some((line, column)) if error.file == document => format!("{line}:{column}: {}", error.message),
        None if error.file == document => error.message.clone(),
        _ => error.to_string(),
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// What the type check found: each module's first error, or else its first warning, and the problems that
/// belong to no module.
#[derive(Debug, Default)]
struct Findings {
    errors: BTreeMap<String, String>,
    warnings: BTreeMap<String, String>,
    crate_problems: Vec<String>,
}

/// One compiler message: the module it belongs to (`None`: the runtime, shared by all) and its text.
struct CompilerMessage {
    module: Option<String>,
    is_error: bool,
    detail: String,
}

/// One `cargo check` (or `clippy`) of the workspace (see [`write_workspace`]), every crate even when some
/// fail.
fn type_check(workspace: &Path, modules: &[String], subcommand: &str) -> Result<Findings, String> {
    let mut findings = Findings::default();
    if modules.is_empty() {
        return Ok(findings);
    }
    let (success, messages, stderr) = cargo_check(workspace, modules, subcommand)?;
    // Every crate carries the runtime, so its problems come once per crate.
    let mut crate_problems = BTreeSet::new();
    for message in messages {
        match message.module {
            Some(module) if message.is_error => {
                findings.errors.entry(module).or_insert(message.detail);
            }
            Some(module) => {
                findings.warnings.entry(module).or_insert(message.detail);
            }
            None => {
                crate_problems.insert(message.detail);
            }
        }
    }
    findings.crate_problems = crate_problems.into_iter().collect();
    if !success && findings.errors.is_empty() && findings.crate_problems.is_empty() {
        let last = stderr.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("no output");
        findings.crate_problems.push(format!("cargo {subcommand} failed without a compiler error: {last}"));
    }
    Ok(findings)
}

/// The workspace manifest, the repository's `Cargo.lock` (the same dependency versions), the runtime, and per module a crate: the generated crate's `Cargo.toml` under
/// another name, and a `lib.rs` declaring the runtime and the module.
fn write_workspace(root: &Path, workspace: &Path, modules: &[String]) -> Result<(), String> {
    let members: String = modules.iter().map(|module| format!("    \"{module}\",\n")).collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus`: one crate per generated module.\n[workspace]\nresolver = \"2\"\nmembers = [\n{members}]\n"
    );
    write_if_changed(&workspace.join("Cargo.toml"), &manifest)?;
    let lock = root.join("Cargo.lock");
    if lock.is_file() {
        fs::copy(&lock, workspace.join("Cargo.lock")).map_err(|error| format!("cannot copy Cargo.lock: {error}"))?;
    }
    write_if_changed(&workspace.join("runtime.rs"), &runtime_source())?;
    let generated_manifest = crate_files(Vec::new())?
        .0
        .into_iter()
        .find(|file| file.path == "Cargo.toml")
        .ok_or("the generated crate has no Cargo.toml")?
        .contents;
    if !generated_manifest.contains("name = \"vendor-apis\"") {
        return Err("the generated Cargo.toml no longer says `name = \"vendor-apis\"`".to_owned());
    }
    for module in modules {
        let package =
            generated_manifest.replacen("name = \"vendor-apis\"", &format!("name = \"{PACKAGE_PREFIX}{module}\""), 1);
        let folder = workspace.join(module);
        fs::create_dir_all(&folder).map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
        // The generated manifest has a `[lib]` table of its own: the crate's root is added to it.
        let package = if package.contains("\n[lib]\n") {
            package.replacen("\n[lib]\n", "\n[lib]\npath = \"lib.rs\"\n", 1)
        } else {
            format!("{package}\n[lib]\npath = \"lib.rs\"\n")
        };
        write_if_changed(&folder.join("Cargo.toml"), &package)?;
        let lib = format!(
            "//! `{module}`, generated by `cargo xtask corpus`, beside the runtime it uses.\n\n#[path = \"../runtime.rs\"]\npub mod runtime;\npub mod {module};\n"
        );
        write_if_changed(&folder.join("lib.rs"), &lib)?;
    }
    Ok(())
}

/// `cargo check` (or `clippy`) with JSON messages: whether it succeeded, the compiler's messages, cargo's
/// stderr.
fn cargo_check(
    workspace: &Path,
    modules: &[String],
    subcommand: &str,
) -> Result<(bool, Vec<CompilerMessage>, String), String> {
    let output = crate::scratch_cargo(subcommand, workspace, &workspace.join("target"))
        .args(["--workspace", "--all-features", "--keep-going", "--message-format=json"])
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run cargo {subcommand}: {error}"))?;
    let modules: BTreeSet<&str> = modules.iter().map(String::as_str).collect();
    let messages = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|value| compiler_message(&value, &modules))
        .collect();
    Ok((output.status.success(), messages, String::from_utf8_lossy(&output.stderr).into_owned()))
}

/// A compiler error or warning with the module it belongs to (its crate's), unless its place is the shared
/// runtime. Summaries (`aborting due to …`, `N warnings emitted`) are skipped.
fn compiler_message(value: &serde_json::Value, modules: &BTreeSet<&str>) -> Option<CompilerMessage> {
    if value["reason"].as_str() != Some("compiler-message") {
        return None;
    }
    let message = &value["message"];
    let is_error = match message["level"].as_str()? {
        "error" | "error: internal compiler error" => true,
        "warning" => false,
        _ => return None,
    };
    let text = message["message"].as_str().unwrap_or_default();
    let level = if is_error { "error" } else { "warning" };
    let code = message["code"]["code"].as_str().map_or_else(String::new, |code| format!("[{code}]"));
    let module = value["manifest_path"]
        .as_str()
        .map(Path::new)
        .and_then(|manifest| manifest.parent()?.file_name()?.to_str())
        .filter(|module| modules.contains(module))
        .map(str::to_owned);
    let Some(span) = local_span(message) else {
        let summary = text.starts_with("aborting due to") || text.ends_with("emitted");
        let detail = format!("{level}{code}: {}", one_line(text));
        return (!summary).then(|| CompilerMessage { module, is_error, detail: cut(&detail) });
    };
    // `<module>/../runtime.rs` is the one runtime of every crate.
    let file = span["file_name"].as_str().unwrap_or_default();
    let file = file.rsplit_once("../").map_or(file, |(_, shared)| shared);
    let module = module.filter(|_| file != "runtime.rs");
    let source_line = span["text"][0]["text"].as_str().unwrap_or_default().trim();
    let detail = format!(
        "{file}:{}:{}: {level}{code}: {} | {source_line}",
        span["line_start"],
        span["column_start"],
        one_line(text)
    );
    Some(CompilerMessage { module, is_error, detail: cut(&detail) })
}

/// The first primary span in the workspace's own files (dependencies' are absolute paths), following macro
/// expansions out to their call site.
fn local_span(message: &serde_json::Value) -> Option<&serde_json::Value> {
    let spans = message["spans"].as_array()?;
    spans.iter().filter(|span| span["is_primary"].as_bool() == Some(true)).find_map(|span| {
        let mut span = span;
        loop {
            let file = span["file_name"].as_str().unwrap_or("/");
            if !file.starts_with('/') && !file.starts_with('<') {
                return Some(span);
            }
            span = span.get("expansion")?.get("span")?;
        }
    })
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if fs::read(path).is_ok_and(|current| current == contents.as_bytes()) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Tabs and line breaks would break the line format.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r', '\t']).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
}

fn cut(text: &str) -> String {
    let text = one_line(text);
    match text.char_indices().nth(MAX_DETAIL) {
        Some((index, _)) => format!("{}…", &text[..index]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_are_unique_identifiers() {
        let mut taken: BTreeSet<String> = RESERVED.map(String::from).into();
        assert_eq!(module_name("azure.com__sql-restorePoints.json", &mut taken), "azure_com_sql_restore_points");
        assert_eq!(module_name("azure.com__sql-restorePoints.yaml", &mut taken), "azure_com_sql_restore_points_2");
        assert_eq!(module_name("runtime.json", &mut taken), "runtime_2");
        assert_eq!(module_name("type.json", &mut taken), "type");
    }

    #[test]
    fn documents_are_api_files_only() {
        assert!(is_document("github.com.json"));
        assert!(is_document("page.mdx"));
        assert!(!is_document("README.md"));
        assert!(!is_document(".hidden.json"));
        assert!(!is_document("notes.txt"));
    }

    #[test]
    fn panic_lines_give_message_and_file() {
        let stderr = "noise\ncorpus-panic\tgenerator/src/lower.rs:10:5\tboom again\n";
        assert_eq!(panic_detail(stderr).as_deref(), Some("boom again (at generator/src/lower.rs)"));
        assert_eq!(
            portable_path("/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/openapiv3-2.2.0/src/lib.rs:3:1"),
            "openapiv3-2.2.0/src/lib.rs:3:1"
        );
        assert_eq!(portable_path("/rustc/abc/library/core/src/str/mod.rs"), "library/core/src/str/mod.rs");
    }

    #[test]
    fn compiler_messages_are_placed_in_their_module() {
        let modules: BTreeSet<&str> = ["petstore"].into();
        let message = |level: &str, text: &str, file: &str| {
            let value = serde_json::json!({
                "reason": "compiler-message",
                "manifest_path": "/work/target/corpus/petstore/Cargo.toml",
                "message": {
                    "level": level,
                    "message": text,
                    "code": {"code": "E0412"},
                    "spans": [{
                        "is_primary": true,
                        "file_name": file,
                        "line_start": 12,
                        "column_start": 14,
                        "text": [{"text": "    pub foo: Foo,"}],
                    }],
                },
            });
            compiler_message(&value, &modules)
        };
        let error = message("error", "cannot find type `Foo` in this scope", "petstore/petstore.rs").expect("kept");
        assert_eq!(error.module.as_deref(), Some("petstore"));
        assert!(error.is_error);
        assert_eq!(
            error.detail,
            "petstore/petstore.rs:12:14: error[E0412]: cannot find type `Foo` in this scope | pub foo: Foo,"
        );
        let runtime = message("warning", "unused", "petstore/../runtime.rs").expect("kept");
        assert_eq!(runtime.module, None, "the shared runtime belongs to no module");
        assert!(runtime.detail.starts_with("runtime.rs:12:14: warning"), "{}", runtime.detail);
        let summary = serde_json::json!({
            "reason": "compiler-message",
            "message": {"level": "error", "message": "aborting due to 1 previous error", "code": null, "spans": []},
        });
        assert!(compiler_message(&summary, &modules).is_none());
    }

    /// A fake generator that fails, by document, in every way a child can: none stops the run, each gets
    /// its line, and the children run under the memory limit.
    #[cfg(unix)]
    #[test]
    fn every_way_a_child_can_fail_is_one_line() {
        use std::os::unix::fs::PermissionsExt;
        const FAKE_GENERATOR: &str = r#"#!/bin/sh
case "$(basename "$2")" in
  ok.json) printf 'generated\tlimit %s KiB\n' "$(ulimit -v)" ;;
  panic.json) printf 'corpus-panic\t/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/openapiv3-2.2.0/src/lib.rs:1:2\tindex out of bounds\n' >&2; exit 101 ;;
  stack.json) echo "thread 'main' has overflowed its stack" >&2; kill -ABRT $$ ;;
  oom.json) echo "memory allocation of 8589934592 bytes failed" >&2; kill -ABRT $$ ;;
  hang.json) exec sleep 30 ;;
  silent.json) exit 3 ;;
esac
"#;
        let root = std::env::temp_dir().join(format!("xtask-corpus-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let documents = root.join("documents");
        fs::create_dir_all(&documents).expect("create a scratch folder");
        for name in ["ok.json", "panic.json", "stack.json", "oom.json", "hang.json", "silent.json", "README.md"] {
            fs::write(documents.join(name), "{}").expect("write a document");
        }
        let program = root.join("fake-generator");
        fs::write(&program, FAKE_GENERATOR).expect("write the fake generator");
        fs::set_permissions(&program, fs::Permissions::from_mode(0o755)).expect("make it executable");
        let options =
            Options { dir: documents, only: None, check: TypeCheck::Skip, jobs: 3, timeout: Duration::from_secs(2) };
        let report = run(&root, &options, &program);
        let _ = fs::remove_dir_all(&root);
        let report = report.expect("the run completes");
        assert_eq!(
            report.lines(),
            [
                "panicked\thang.json\ttimed out after 2 s",
                "generated\tok.json\tlimit 4194304 KiB",
                "panicked\toom.json\tout of memory (the limit is 4 GiB)",
                "panicked\tpanic.json\tindex out of bounds (at openapiv3-2.2.0/src/lib.rs)",
                "panicked\tsilent.json\tthe child process ended without a result (exit status: 3): no output",
                "panicked\tstack.json\tstack overflow",
                "totals: generated 1, diagnosed 0, panicked 5, not-compiling 0, not-clean 0 (not type-checked)",
            ]
        );
        assert!(!report.is_success());
    }

    #[test]
    fn details_stay_one_line_and_short() {
        assert_eq!(one_line("a\tb\nc"), "a b c");
        assert_eq!(cut(&"x".repeat(400)).chars().count(), MAX_DETAIL + 1);
    }
}
