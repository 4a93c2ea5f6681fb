//! `cargo xtask bench [--iterations N] [--compile] [--scaling] [FILE...]`: generation time against the parse
//! floor on large real specs (default: every file of `../shared/bench/`), in a release build.
//!
//! The dev-profile xtask re-runs itself as `cargo run --release -p xtask -- bench-release …`; that process
//! measures each spec in a child process of its own (`bench-one`), so that each spec's peak memory is its
//! own, and its parse floor in another (`bench-floor`), where the allocator is left as it comes (see
//! [`FLOOR_COMMAND`]). A child prints one JSON line; the parent prints the table and one
//! `ratio generate/parse-floor: X` line per spec.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use docgen::diagnostic::{Diagnostics, SourceFile};
use docgen::ir::Parts;
use serde_json::{json, Value};

pub const RELEASE_COMMAND: &str = "bench-release";
pub const CHILD_COMMAND: &str = "bench-one";
/// The child that measures the parse floor. It alone runs with the allocator as it comes: the binaries'
/// [`docgen::tune_allocator`] slows the floor more than generation, which would flatter the ratio.
pub const FLOOR_COMMAND: &str = "bench-floor";

/// `cargo xtask bench`'s options (also those of the release process it re-runs as).
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Specs to measure (default: every file of ../shared/bench/).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Runs per measurement; medians with min and max are printed.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    iterations: u32,
    /// Also time `cargo check` of each generated module in a scratch crate, once its dependencies are built,
    /// and again after touching it.
    #[arg(long)]
    compile: bool,
    /// Also generate 1x, 2x and 4x synthetic copies of the first spec (schemas and paths renamed) and print
    /// the growth exponent.
    #[arg(long)]
    scaling: bool,
    /// Only generate synthetic documents that each push one construct (operations, a wide union, colliding
    /// names, long cycles …) to 1x, 2x and 4x a base size, and print each one's exponent.
    #[arg(long)]
    stress: bool,
    /// The peer generator measured beside docgen on each spec, in the same rounds (default: `openapi-to-rust`
    /// when it is on PATH; install it with `cargo install openapi-to-rust --version 0.23.0 --locked`).
    #[arg(long, value_name = "PROGRAM")]
    peer: Option<PathBuf>,
    /// Measure docgen alone.
    #[arg(long, conflicts_with = "peer")]
    no_peer: bool,
}

struct Options {
    iterations: usize,
    compile: bool,
    scaling: bool,
    stress: bool,
    files: Vec<PathBuf>,
    peer: Option<PathBuf>,
}

fn options_of(args: Args) -> Result<Options, String> {
    let mut options = Options {
        iterations: args.iterations as usize,
        compile: args.compile,
        scaling: args.scaling,
        stress: args.stress,
        files: args.files,
        peer: if args.no_peer { None } else { args.peer.or_else(|| on_path(PEER)) },
    };
    if options.files.is_empty() {
        let dir = crate::project_root().join("../shared/bench");
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")))
            .collect();
        files.sort();
        options.files = files;
    }
    Ok(options)
}

/// `cargo xtask bench …` in the dev build: re-run in release.
/// `argv` is the command line after `bench`, passed on as it is.
pub fn main(args: Args, argv: &[std::ffi::OsString]) -> ExitCode {
    if let Err(message) = options_of(args) {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(crate::project_root())
        .args(["run", "--release", "--quiet", "--package", "xtask", "--", RELEASE_COMMAND])
        .args(argv)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The release process: one child per spec, then the table.
pub fn release_main(args: Args) -> ExitCode {
    let options = match options_of(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    if cfg!(debug_assertions) {
        eprintln!("warning: this is not a release build; figures are not comparable");
    }
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("error: cannot find the running executable");
        return ExitCode::FAILURE;
    };
    if options.stress {
        return match stress(&exe, options.iterations) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: stress: {message}");
                ExitCode::FAILURE
            }
        };
    }
    match &options.peer {
        Some(peer) => println!("peer: {} (its types and async client, in the same rounds)", peer.display()),
        None => println!("peer: none ({PEER} is not on PATH; `cargo install {PEER} --version 0.23.0 --locked`)"),
    }
    let mut rows = Vec::new();
    for file in &options.files {
        match measure_in_child(&exe, file, options.iterations, options.peer.as_deref()) {
            Ok(row) => rows.push(row),
            Err(message) => {
                let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("?");
                let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
                rows.push(json!({"name": name, "size": size, "failed": message}));
            }
        }
    }
    print_table(&rows);
    if options.compile {
        for row in &rows {
            match compile_times(row) {
                Ok((first, touched, items)) => println!(
                    "cargo check {}: {:.2} s, after touching it {:.2} s ({items})",
                    row["name"].as_str().unwrap_or("?"),
                    first.as_secs_f64(),
                    touched.as_secs_f64()
                ),
                Err(message) => println!("cargo check {}: {message}", row["name"].as_str().unwrap_or("?")),
            }
        }
    }
    if options.scaling {
        if let Some(first) = options.files.first() {
            if let Err(message) = scaling(&exe, first, options.iterations) {
                eprintln!("error: scaling: {message}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// How many times the floor's child and generation's child take turns for one spec: a machine's load changes
/// over seconds, so each gets its share of the quiet and busy moments, and the ratio compares like with like.
const ROUNDS: usize = 3;

/// One spec's row: [`ROUNDS`] turns of the floor's child and generation's child, `iterations` timed runs in
/// all for each (at least one a turn); medians, minimums and shares over all runs, peak memory the most of
/// any generation child.
fn measure_in_child(exe: &Path, file: &Path, iterations: usize, peer: Option<&Path>) -> Result<Value, String> {
    let per_round = iterations.div_ceil(ROUNDS);
    let run = |command: &str, extra: &[&str]| -> Result<Value, String> {
        let output = Command::new(exe)
            .arg(command)
            .arg(file)
            .arg(per_round.to_string())
            .args(extra)
            .output()
            .map_err(|e| format!("cannot start the measuring process: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout.lines().last().unwrap_or_default();
        serde_json::from_str(line).map_err(|_| {
            format!("the measuring process failed ({}):\n{}", output.status, String::from_utf8_lossy(&output.stderr))
        })
    };
    let samples = |row: &Value, key: &str| -> Vec<f64> {
        row[key].as_array().map(|all| all.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
    };
    let (mut floors, mut generations, mut stage_sums) = (Vec::new(), Vec::new(), [0.0f64; STAGE_COUNT]);
    let (mut peer_times, mut peer_peak_kb, mut peer_failure) = (Vec::new(), 0u64, None);
    let (mut scoped_times, mut scoped_peak_kb) = (Vec::new(), 0u64);
    let mut row: Option<Value> = None;
    for _ in 0..ROUNDS {
        if let (Some(peer), None) = (peer, &peer_failure) {
            for _ in 0..per_round {
                match run_peer(peer, file) {
                    Ok((elapsed, peak_kb)) => {
                        peer_times.push(elapsed);
                        peer_peak_kb = peer_peak_kb.max(peak_kb);
                    }
                    Err(message) => peer_failure = Some(message),
                }
            }
        }
        let floor = run(FLOOR_COMMAND, &[])?;
        floors.extend(samples(&floor, "floor_samples"));
        if peer.is_some() {
            // docgen writing what the peer writes: the types and the client (and the derived OpenAPI).
            let scoped = run(CHILD_COMMAND, &["--emit", PEER_SCOPE])?;
            if let Some(failed) = scoped.get("failed") {
                return Err(format!("docgen with --emit {PEER_SCOPE}: {failed}"));
            }
            scoped_times.extend(samples(&scoped, "generate_samples"));
            scoped_peak_kb = scoped_peak_kb.max(scoped["peak_kb"].as_u64().unwrap_or(0));
        }
        let generation = run(CHILD_COMMAND, &[])?;
        if generation.get("failed").is_some() {
            return Ok(generation);
        }
        generations.extend(samples(&generation, "generate_samples"));
        for (sum, stage) in stage_sums.iter_mut().zip(STAGES) {
            *sum += generation["stage_seconds"][stage].as_f64().unwrap_or(0.0);
        }
        let peak = |row: &Value| row["peak_kb"].as_u64().unwrap_or(0);
        let mut merged = match row.take() {
            Some(first) if peak(&first) >= peak(&generation) => first,
            _ => generation,
        };
        if let (Some(merged), Some(floor)) = (merged.as_object_mut(), floor.as_object()) {
            merged.insert("floor_kind".to_owned(), floor["floor_kind"].clone());
        }
        row = Some(merged);
    }
    let mut row = row.ok_or("no rounds")?;
    let all: f64 = stage_sums.iter().sum();
    let shares: serde_json::Map<String, Value> =
        STAGES.iter().zip(stage_sums).map(|(stage, sum)| ((*stage).to_owned(), json!(sum / all.max(1e-12)))).collect();
    if let Some(fields) = row.as_object_mut() {
        fields.insert("floor".to_owned(), stats(&floors));
        fields.insert("generate".to_owned(), stats(&generations));
        fields.insert("shares".to_owned(), Value::Object(shares));
        if let Some(message) = peer_failure {
            fields.insert("peer_failed".to_owned(), json!(message));
        } else if !peer_times.is_empty() {
            fields.insert("peer".to_owned(), stats(&peer_times));
            fields.insert("peer_peak_kb".to_owned(), json!(peer_peak_kb));
            fields.insert("scoped".to_owned(), stats(&scoped_times));
            fields.insert("scoped_peak_kb".to_owned(), json!(scoped_peak_kb));
        }
    }
    Ok(row)
}

/// The peer generator of the comparison.
const PEER: &str = "openapi-to-rust";

/// What the peer writes, as docgen's parts: the types and an async client (no server, no mock).
const PEER_SCOPE: &str = "types,client";

/// `program` found in a folder of `PATH`.
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(program)).find(|path| path.is_file())
}

/// One run of the peer on `file`: its configuration (types and the async client: what it generates without
/// a list of operations to serve) in a scratch folder, then `generate`. Returns the wall time and the child's
/// peak resident memory in KiB (`wait4`'s `ru_maxrss`).
fn run_peer(peer: &Path, file: &Path) -> Result<(f64, u64), String> {
    let scratch = crate::project_root().join("target/bench-peer");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let spec = std::fs::canonicalize(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let config = format!(
        "[generator]\nspec_path = {spec:?}\noutput_dir = \"out\"\nmodule_name = \"api\"\n\n[features]\n\
         enable_async_client = true\n\n[http_client]\nbase_url = \"https://api.example.com\"\n",
        spec = spec.display().to_string()
    );
    let config_path = scratch.join("openapi-to-rust.toml");
    std::fs::write(&config_path, config).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let child = Command::new(peer)
        .arg("generate")
        .arg("--config")
        .arg(&config_path)
        .current_dir(&scratch)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", peer.display()))?;
    let pid = child.id() as libc::pid_t;
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    // SAFETY: `pid` is this process's own child, not yet waited for; `status` and `usage` are valid for writes.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed().as_secs_f64();
    if waited != pid || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        let mut stderr = String::new();
        if let Some(mut pipe) = child.stderr {
            use std::io::Read;
            let _ = pipe.read_to_string(&mut stderr);
        }
        return Err(format!("{} failed on {}: {}", peer.display(), file.display(), stderr.trim()));
    }
    Ok((elapsed, u64::try_from(usage.ru_maxrss).unwrap_or(0)))
}

/// The floor's child: measures the parse floor of one spec and prints one JSON line.
pub fn floor_main(file: &Path, iterations: usize) -> ExitCode {
    let mut floor = Vec::new();
    let mut floor_kind = "";
    // One untimed run first, as generation has (its counted run): both are timed in a warmed process.
    for run in 0..=iterations {
        match parse_floor(file) {
            Ok(_) if run == 0 => {}
            Ok((elapsed, kind)) => {
                floor.push(elapsed.as_secs_f64());
                floor_kind = kind;
            }
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{}", json!({"floor_samples": floor, "floor_kind": floor_kind}));
    ExitCode::SUCCESS
}

/// The child: measures one spec and prints one JSON line.
pub fn child_main(file: &Path, iterations: usize, parts: Parts) -> ExitCode {
    match measure(file, iterations, parts) {
        Ok(row) => {
            println!("{row}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Stage names, in pipeline order. `emit|openapi`: the module's Rust text and the derived document's YAML,
/// written at once on two threads (`project::spec_sources`), as `cargo xtask codegen` writes them.
pub const STAGES: [&str; STAGE_COUNT] = ["read", "derive", "normalise", "lower", "emit|openapi"];
const STAGE_COUNT: usize = 5;

/// One full generation, timed per stage: the module's Rust source and the derived OpenAPI, as `cargo xtask
/// codegen` writes them for a spec listing every endpoint of the document.
pub struct Timed {
    pub stages: [Duration; STAGE_COUNT],
    /// The most heap bytes live at once during each stage, counted from the start of generation (when
    /// [`crate::heap`] counts; zeros otherwise).
    pub heap_peaks: [usize; STAGE_COUNT],
    pub module: String,
    pub openapi: String,
    pub types: usize,
    pub operations: usize,
}

pub fn generate_timed(path: &Path, module: &str, parts: Parts) -> Result<Timed, String> {
    let mut stages = [Duration::ZERO; STAGE_COUNT];
    let mut heap_peaks = [0usize; STAGE_COUNT];
    crate::heap::reset_peak();
    let mut clock = Instant::now();
    let mut lap = |stage: usize, clock: &mut Instant| {
        stages[stage] += clock.elapsed();
        heap_peaks[stage] = heap_peaks[stage].max(crate::heap::peak());
        crate::heap::reset_peak();
        *clock = Instant::now();
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let document = SourceFile::new(path.display().to_string(), text);
    lap(0, &mut clock);
    let mut diags = Diagnostics::new();
    let first_error = |diags: &Diagnostics| {
        diags.sorted().into_iter().find(|d| d.severity == docgen::Severity::Error).map(|d| d.to_string())
    };
    let request =
        docgen::project::SpecRequest { module, title: module, source: None, endpoints: None, pagination: &[] };
    let options = docgen::project::SpecOptions { parts, ..Default::default() };
    let documents = std::slice::from_ref(&document);
    let spec = docgen::project::generate_documents_with(&request, &options, documents, &mut diags, &mut |stage| {
        // The pipeline's stages are among the bench's, by name.
        lap(STAGES.iter().position(|s| *s == stage).unwrap_or(STAGES.len() - 1), &mut clock);
    });
    let Some(spec) = spec else {
        return Err(format!("diagnosed: {}", first_error(&diags).unwrap_or_default()));
    };
    // As `codegen` does: a spec's documents are dropped before its files are written.
    drop(document);
    let (spec, texts) = docgen::project::spec_sources(spec)?;
    lap(4, &mut clock);
    Ok(Timed {
        stages,
        heap_peaks,
        module: texts.module,
        openapi: texts.openapi,
        types: spec.api.types.len(),
        operations: spec.api.operations.len(),
    })
}

/// The floor: read the file and deserialize it into `openapiv3::OpenAPI`, or into a plain value where
/// `openapiv3` rejects the document (OpenAI's 3.1 spec); the second element says which.
pub fn parse_floor(path: &Path) -> Result<(Duration, &'static str), String> {
    let started = Instant::now();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let yaml = path.extension().is_none_or(|e| e != "json");
    let typed = if yaml {
        serde_yaml::from_str::<openapiv3::OpenAPI>(&text).is_ok()
    } else {
        serde_json::from_str::<openapiv3::OpenAPI>(&text).is_ok()
    };
    if typed {
        return Ok((started.elapsed(), "openapiv3"));
    }
    let started = Instant::now();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    // A syntax-only pass: OpenAI's `minimum: -9223372036854776000` fits neither openapiv3 nor a YAML value.
    let parsed = if yaml {
        serde_yaml::from_str::<serde::de::IgnoredAny>(&text).map(drop).map_err(|e| e.to_string())
    } else {
        serde_json::from_str::<serde::de::IgnoredAny>(&text).map(drop).map_err(|e| e.to_string())
    };
    match parsed {
        Ok(()) => Ok((started.elapsed(), "syntax only (openapiv3 rejects the document)")),
        Err(error) => Err(format!("the file does not parse: {error}")),
    }
}

fn stats(samples: &[f64]) -> Value {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = if sorted.is_empty() {
        0.0
    } else if sorted.len().is_multiple_of(2) {
        (sorted[sorted.len() / 2 - 1] + sorted[sorted.len() / 2]) / 2.0
    } else {
        sorted[sorted.len() / 2]
    };
    json!({
        "median": median,
        "min": sorted.first().copied().unwrap_or(0.0),
        "max": sorted.last().copied().unwrap_or(0.0),
    })
}

fn measure(path: &Path, iterations: usize, parts: Parts) -> Result<Value, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?.len();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("spec").to_owned();
    // Peak memory is that of one generation in a fresh process: after repeated runs it would also count
    // the fragments of the heap that the allocator keeps from one run to the next.
    crate::heap::start();
    let first = generate_timed(path, "bench", parts);
    crate::heap::stop();
    let (peak_kb, heap_peaks) = match first {
        Ok(timed) => (peak_rss_kb(), timed.heap_peaks),
        Err(message) => return Ok(json!({"name": name, "size": size, "failed": message, "peak_kb": peak_rss_kb()})),
    };
    let mut total = Vec::new();
    let mut stage_sums = [0.0f64; STAGE_COUNT];
    let mut last = None;
    for _ in 0..iterations {
        let timed = match generate_timed(path, "bench", parts) {
            Ok(timed) => timed,
            Err(message) => {
                return Ok(json!({
                    "name": name, "size": size, "failed": message, "peak_kb": peak_kb,
                }))
            }
        };
        total.push(timed.stages.iter().map(Duration::as_secs_f64).sum::<f64>());
        for (sum, stage) in stage_sums.iter_mut().zip(timed.stages) {
            *sum += stage.as_secs_f64();
        }
        last = Some(timed);
    }
    let timed = last.ok_or("no iterations")?;
    let stage_seconds: serde_json::Map<String, Value> =
        STAGES.iter().zip(stage_sums).map(|(stage, sum)| ((*stage).to_owned(), json!(sum))).collect();
    Ok(json!({
        "name": name,
        "path": path.display().to_string(),
        "size": size,
        "generate_samples": total,
        "stage_seconds": stage_seconds,
        "peak_kb": peak_kb,
        "heap_peaks": STAGES.iter().zip(heap_peaks).map(|(stage, peak)| ((*stage).to_owned(), json!(peak))).collect::<serde_json::Map<String, Value>>(),
        "output_bytes": timed.module.len() + timed.openapi.len(),
        "types": timed.types,
        "operations": timed.operations,
        "module": timed.module,
    }))
}

/// The process's peak resident memory (Linux `VmHWM`), in KiB; 0 where it cannot be read.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmHWM:").and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

fn ms(value: &Value) -> String {
    format!(
        "{:.0} [{:.0}–{:.0}]",
        value["median"].as_f64().unwrap_or(0.0) * 1000.0,
        value["min"].as_f64().unwrap_or(0.0) * 1000.0,
        value["max"].as_f64().unwrap_or(0.0) * 1000.0
    )
}

fn print_table(rows: &[Value]) {
    println!(
        "{:<30} {:>8} {:>5} {:>6} {:>18} {:>20} {:>9} {:>9}  stage shares",
        "spec", "size MB", "ops", "types", "floor ms med[min–max]", "generate ms med[…]", "peak MB", "out KB"
    );
    for row in rows {
        let name = row["name"].as_str().unwrap_or("?");
        let size_mb = row["size"].as_f64().unwrap_or(0.0) / 1e6;
        let peak_mb = row["peak_kb"].as_f64().unwrap_or(0.0) / 1024.0;
        if let Some(failed) = row["failed"].as_str() {
            println!("{name:<30} {size_mb:>8.1} generation failed: {failed}");
            continue;
        }
        let shares = row["shares"]
            .as_object()
            .map(|s| {
                STAGES
                    .iter()
                    .map(|stage| {
                        format!("{stage} {:.0}%", s.get(*stage).and_then(Value::as_f64).unwrap_or(0.0) * 100.0)
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        println!(
            "{name:<30} {size_mb:>8.1} {:>5} {:>6} {:>21} {:>20} {peak_mb:>9.0} {:>9.0}  {shares}",
            row["operations"],
            row["types"],
            ms(&row["floor"]),
            ms(&row["generate"]),
            row["output_bytes"].as_f64().unwrap_or(0.0) / 1024.0,
        );
    }
    for row in rows {
        let name = row["name"].as_str().unwrap_or("?");
        let floor = row["floor"]["median"].as_f64().unwrap_or(0.0);
        match row["generate"]["median"].as_f64() {
            Some(generate) if floor > 0.0 => {
                let peak = row["peak_kb"].as_f64().unwrap_or(0.0) * 1024.0 / row["size"].as_f64().unwrap_or(1.0);
                let best = row["generate"]["min"].as_f64().unwrap_or(0.0) / row["floor"]["min"].as_f64().unwrap_or(1.0);
                println!(
                    "{name}: ratio generate/parse-floor: {:.2} (of the minimums: {best:.2}; floor: {}); peak memory {:.1}× the input",
                    generate / floor,
                    row["floor_kind"].as_str().unwrap_or("?"),
                    peak
                );
            }
            _ => println!("{name}: ratio generate/parse-floor: n/a (generation failed)"),
        }
        if let Some(message) = row["peer_failed"].as_str() {
            println!("{name}: {PEER}: failed: {message}");
        } else if let (Some(peer), Some(generate)) =
            (row["peer"]["median"].as_f64(), row["generate"]["median"].as_f64())
        {
            let peer_mb = row["peer_peak_kb"].as_f64().unwrap_or(0.0) / 1024.0;
            let docgen_mb = row["peak_kb"].as_f64().unwrap_or(0.0) / 1024.0;
            let scoped = row["scoped"]["median"].as_f64().unwrap_or(0.0);
            let scoped_mb = row["scoped_peak_kb"].as_f64().unwrap_or(0.0) / 1024.0;
            println!("{name}: {PEER} (types and client) {} ms, peak {peer_mb:.0} MB", ms(&row["peer"]));
            println!(
                "{name}:   docgen, the same parts (--emit {PEER_SCOPE}, and the derived OpenAPI) {} ms, peak \
                 {scoped_mb:.0} MB: {:.1}× faster, {:.2} of its memory",
                ms(&row["scoped"]),
                peer / scoped.max(1e-9),
                scoped_mb / peer_mb.max(1e-9)
            );
            println!(
                "{name}:   docgen, every part (types, server, mock, client, derived OpenAPI) {} ms, peak \
                 {docgen_mb:.0} MB: {:.1}× faster, {:.2} of its memory",
                ms(&row["generate"]),
                peer / generate.max(1e-9),
                docgen_mb / peer_mb.max(1e-9)
            );
        }
        if let Some(peaks) = row["heap_peaks"].as_object() {
            let peaks: Vec<String> = STAGES
                .iter()
                .map(|stage| format!("{stage} {:.0}", peaks.get(*stage).and_then(Value::as_f64).unwrap_or(0.0) / 1e6))
                .collect();
            println!("{name}: heap peak by stage, MB: {}", peaks.join(", "));
        }
    }
}

/// `cargo check` of one generated module in a scratch crate: once its dependencies are built, and again
/// after touching it. Returns both times and what the module is made of ([`item_counts`]).
fn compile_times(row: &Value) -> Result<(Duration, Duration, String), String> {
    let module = row["module"].as_str().ok_or("nothing was generated")?;
    let root = crate::project_root();
    let scratch = root.join("target/bench-crate");
    std::fs::create_dir_all(scratch.join("src")).map_err(|e| e.to_string())?;
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).map_err(|e| e.to_string())?;
    let manifest = manifest.replace("name = \"vendor-apis\"", "name = \"bench-crate\"") + "\n[workspace]\n";
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let _ = std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"));
    std::fs::write(scratch.join("src/runtime.rs"), docgen::project::runtime_source()).map_err(|e| e.to_string())?;
    let check = || -> Result<Duration, String> {
        let started = Instant::now();
        let output = crate::scratch_cargo("check", &scratch, &root.join("target/bench-crate-target"))
            .args(["--quiet", "--all-features"])
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first = stderr.lines().find(|l| l.starts_with("error")).unwrap_or("failed");
            return Err(format!("does not compile: {first}"));
        }
        Ok(started.elapsed())
    };
    // Dependencies first (the runtime alone), then the module.
    std::fs::write(scratch.join("src/lib.rs"), "pub mod runtime;\n").map_err(|e| e.to_string())?;
    check()?;
    std::fs::write(scratch.join("src/bench.rs"), module).map_err(|e| e.to_string())?;
    std::fs::write(scratch.join("src/lib.rs"), "pub mod runtime;\npub mod bench;\n").map_err(|e| e.to_string())?;
    let first = check()?;
    std::fs::write(scratch.join("src/bench.rs"), format!("{module}\n")).map_err(|e| e.to_string())?;
    let touched = check()?;
    Ok((first, touched, item_counts(module)))
}

/// What a generated module is made of, for the `--compile` line: its lines, and its items by kind (counted
/// from the formatted text: every line that starts an item).
fn item_counts(module: &str) -> String {
    let kinds = ["struct", "enum", "impl", "fn", "trait", "mod"];
    let mut counts = [0usize; 6];
    for line in module.lines() {
        let line = line.trim_start();
        let line = line.strip_prefix("pub(crate) ").or_else(|| line.strip_prefix("pub ")).unwrap_or(line);
        let line = line.strip_prefix("async ").unwrap_or(line);
        let keyword = line.split([' ', '<']).next().unwrap_or("");
        if let Some(index) = kinds.iter().position(|kind| *kind == keyword) {
            counts[index] += 1;
        }
    }
    let items: Vec<String> = kinds.iter().zip(counts).map(|(kind, count)| format!("{count} {kind}")).collect();
    format!("{} lines; items: {}", module.lines().count(), items.join(", "))
}

/// `copies` renamed copies of a JSON spec in one document: every schema, path and operationId gets a
/// suffix, and every `$ref` follows its schema.
pub fn replicate(document: &Value, copies: usize) -> Value {
    let mut out = document.clone();
    let schemas = document.pointer("/components/schemas").and_then(Value::as_object).cloned().unwrap_or_default();
    let paths = document.get("paths").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut all_schemas = serde_json::Map::new();
    let mut all_paths = serde_json::Map::new();
    for copy in 0..copies {
        let suffix = if copy == 0 { String::new() } else { format!("Copy{copy}") };
        let rename = |value: &Value| {
            let mut value = value.clone();
            if copy > 0 {
                rename_refs(&mut value, &suffix);
            }
            value
        };
        for (name, schema) in &schemas {
            all_schemas.insert(format!("{name}{suffix}"), rename(schema));
        }
        for (path, item) in &paths {
            let mut item = rename(item);
            if copy > 0 {
                if let Some(item) = item.as_object_mut() {
                    for operation in item.values_mut() {
                        if let Some(Value::String(id)) = operation.get_mut("operationId") {
                            id.push_str(&format!("_copy{copy}"));
                        }
                    }
                }
            }
            let path = if copy == 0 { path.clone() } else { format!("/copy{copy}{path}") };
            all_paths.insert(path, item);
        }
    }
    if let Some(target) = out.pointer_mut("/components/schemas") {
        *target = Value::Object(all_schemas);
    }
    if let Some(target) = out.get_mut("paths") {
        *target = Value::Object(all_paths);
    }
    out
}

fn rename_refs(value: &mut Value, suffix: &str) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(reference) if key == "$ref" && reference.starts_with("#/components/schemas/") => {
                        reference.push_str(suffix);
                    }
                    _ => rename_refs(child, suffix),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rename_refs(item, suffix)),
        _ => {}
    }
}

fn scaling(exe: &Path, file: &Path, iterations: usize) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let document: Value = if file.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| e.to_string())?
    } else {
        serde_yaml::from_str(&text).map_err(|e| e.to_string())?
    };
    let dir = crate::project_root().join("target/bench-scaling");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut points = Vec::new();
    for copies in [1usize, 2, 4] {
        let path = dir.join(format!("x{copies}.json"));
        let scaled = serde_json::to_string(&replicate(&document, copies)).map_err(|e| e.to_string())?;
        std::fs::write(&path, scaled).map_err(|e| e.to_string())?;
        let row = measure_in_child(exe, &path, iterations, None)?;
        if let Some(failed) = row["failed"].as_str() {
            return Err(format!("{copies}x: {failed}"));
        }
        let seconds = row["generate"]["median"].as_f64().unwrap_or(0.0);
        println!(
            "scaling {}: {copies}x ({:.1} MB, {} operations): generate {} ms",
            file.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
            row["size"].as_f64().unwrap_or(0.0) / 1e6,
            row["operations"],
            ms(&row["generate"])
        );
        points.push((copies as f64, seconds));
    }
    if let Some(exponent) = exponent(&points) {
        println!("scaling exponent (time ∝ size^k, from 1x to 4x): k = {exponent:.2}");
    }
    Ok(())
}

/// The growth exponent `k` of `time ∝ size^k` between the first and the last of `points` (size, seconds).
fn exponent(points: &[(f64, f64)]) -> Option<f64> {
    match points {
        [(x1, t1), .., (x4, t4)] if *t1 > 0.0 => Some((t4 / t1).ln() / (x4 / x1).ln()),
        _ => None,
    }
}

/// `--stress`: each [`crate::stress::SHAPES`] document at 1×, 2× and 4× its base size, measured as a spec is
/// (the parse floor's child and generation's child taking turns); one line per size, then the exponents of
/// generation and of the floor. A `k` well over 1 in generation but not in the floor is a loop to look at.
fn stress(exe: &Path, iterations: usize) -> Result<(), String> {
    let dir = crate::project_root().join("target/bench-stress");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut summary = Vec::new();
    for shape in &crate::stress::SHAPES {
        let (mut generation, mut floor) = (Vec::new(), Vec::new());
        for factor in [1usize, 2, 4] {
            let size = shape.base * factor;
            let path = dir.join(format!("x{factor}.json"));
            let text = serde_json::to_string(&(shape.build)(size)).map_err(|e| e.to_string())?;
            std::fs::write(&path, &text).map_err(|e| e.to_string())?;
            let row = measure_in_child(exe, &path, iterations, None)?;
            if let Some(failed) = row["failed"].as_str() {
                return Err(format!("{} at {size}: {failed}", shape.name));
            }
            println!(
                "stress {}: {size} ({:.2} MB): generate {} ms, floor {} ms, peak {} MB",
                shape.name,
                text.len() as f64 / 1e6,
                ms(&row["generate"]),
                ms(&row["floor"]),
                row["peak_kb"].as_u64().unwrap_or(0) / 1024
            );
            generation.push((size as f64, row["generate"]["median"].as_f64().unwrap_or(0.0)));
            floor.push((size as f64, row["floor"]["median"].as_f64().unwrap_or(0.0)));
        }
        summary.push((shape.name, exponent(&generation), exponent(&floor)));
    }
    println!("{:<42} {:>12} {:>9}", "stress shape (1x to 4x)", "k generate", "k floor");
    for (name, generate, floor) in summary {
        let show = |k: Option<f64>| k.map_or("?".to_owned(), |k| format!("{k:.2}"));
        println!("{name:<42} {:>12} {:>9}", show(generate), show(floor));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timed_pipeline_is_the_real_pipeline() {
        let path = crate::project_root().join("specs/wassist.get-api-v1-conversations.md");
        let timed = generate_timed(&path, "bench", Parts::ALL).expect("generates");
        let document = SourceFile::new(path.display().to_string(), std::fs::read_to_string(&path).expect("read"));
        let mut diags = Diagnostics::new();
        let derived = docgen::derive::derive_openapi(&document, &mut diags).expect("derives");
        let endpoints = docgen::project::all_endpoints(&derived.openapi, &document);
        let spec = docgen::project::generate_spec("bench", "bench", &endpoints, &document, &mut diags).expect("spec");
        assert_eq!(timed.module, docgen::project::module_source(&spec).expect("module"));
        assert_eq!(timed.openapi, docgen::project::openapi_source(&spec).expect("openapi"));
        assert!(timed.stages.iter().all(|s| *s > Duration::ZERO));
    }

    #[test]
    fn replicas_rename_schemas_paths_ids_and_refs() {
        let document = json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
            "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                                       "B": {"type": "string"}}}
        });
        let doubled = replicate(&document, 2);
        let schemas: Vec<&String> = doubled["components"]["schemas"].as_object().expect("schemas").keys().collect();
        assert_eq!(schemas, ["A", "B", "ACopy1", "BCopy1"]);
        assert_eq!(
            doubled["components"]["schemas"]["ACopy1"]["properties"]["b"]["$ref"],
            "#/components/schemas/BCopy1"
        );
        assert_eq!(doubled["paths"]["/copy1/a"]["get"]["operationId"], "getA_copy1");
        assert_eq!(
            doubled["paths"]["/copy1/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ACopy1"
        );
        assert_eq!(doubled["paths"]["/a"], document["paths"]["/a"]);
    }
}
