//! Bad input through the real `docgen` binary: each case must end with exit code 1 and a clean diagnostic
//! (`path:line:col` wherever the problem has a place), within a wall-clock watchdog and an address-space cap.
//! A listed endpoint missing from its document is checked through the manifest API, which the CLI (taking
//! every operation of a document) cannot express.

mod support;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::SourceFile;

/// Generous: every case takes well under a second but one, a 10,000-schema `$ref` chain: about three in an
/// unoptimised build.
const WATCHDOG: Duration = Duration::from_secs(20);
/// "Well under 1 GB": the child's whole address space, including its 256 MiB pipeline stack reservation.
const ADDRESS_SPACE: u64 = 1_000_000_000;

struct Run {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

/// Runs `docgen rust FILE` on `contents` saved as `name`, under the watchdog and the memory cap.
fn docgen_on(name: &str, contents: &[u8]) -> Run {
    let path = support::scratch_file("bad-input", name, contents);
    let mut command = support::docgen();
    command
        .arg("rust")
        .arg(name)
        .current_dir(path.parent().expect("scratch dir"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches nothing of the parent.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: ADDRESS_SPACE, rlim_max: ADDRESS_SPACE };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("run docgen");
    let mut stderr_pipe = child.stderr.take().expect("stderr piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for docgen") {
            break status;
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name}: docgen ran longer than {WATCHDOG:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let stderr = reader.join().expect("stderr reader");
    let _ = std::fs::remove_file(&path);
    Run { code: status.code(), stderr, elapsed }
}

/// The case ends with exit code 1, no panic, and `expected` (a `path:line:col: error: …` prefix) on stderr.
fn assert_rejected(name: &str, contents: &[u8], expected: &str) {
    let run = docgen_on(name, contents);
    assert_eq!(run.code, Some(1), "{name} (after {:?}): {}", run.elapsed, run.stderr);
    assert!(run.stderr.contains(expected), "{name}: expected `{expected}` in:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked") && !run.stderr.contains("overflow"), "{name}: {}", run.stderr);
}

fn minimal_openapi(paths: &str) -> String {
    format!("openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}")
}

/// A document whose one operation answers with the schema `S0`, open at `components.schemas` for the caller
/// to add the schemas (`    S0:\n …`).
fn schemas_from_s0() -> String {
    minimal_openapi(
        "  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n",
    )
}

#[test]
fn empty_files_say_they_are_empty() {
    for name in ["empty.yaml", "empty.json", "empty.md", "blank.mdx"] {
        let contents: &[u8] = if name == "blank.mdx" { b"\n  \n\t\n" } else { b"" };
        assert_rejected(name, contents, &format!("{name}: error: the document is empty"));
    }
}

#[test]
fn binary_garbage_is_placed_at_its_first_bad_byte() {
    let mut garbage = b"openapi: 3.0.0\ninfo: ".to_vec();
    garbage.extend((0..=255u8).rev().cycle().take(4096));
    assert_rejected("garbage.yaml", &garbage, "garbage.yaml:2:7: error: the document is not UTF-8 text");
    // Valid UTF-8 that is still garbage: control characters.
    let controls: Vec<u8> = (1..32u8).filter(|b| !b"\t\n\r".contains(b)).cycle().take(2000).collect();
    assert_rejected("controls.yaml", &controls, "controls.yaml:1:1: error: invalid YAML");
    assert_rejected("controls.json", &controls, "controls.json:1:1: error: invalid JSON");
}

#[test]
fn truncated_documents_are_placed_where_they_end() {
    let yaml = "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get: {responses: {'200': {description: [";
    assert_rejected("truncated.yaml", yaml.as_bytes(), "truncated.yaml:7:45: error: invalid YAML");
    let json =
        r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {"#;
    assert_rejected("truncated.json", json.as_bytes(), "truncated.json:1:100: error: invalid JSON: EOF while parsing");
}

#[test]
fn yaml_alias_bomb_is_refused_at_its_first_alias() {
    let mut bomb = minimal_openapi("  {}\n") + "x-lol:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    let mut previous = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
        let row = vec![format!("*{previous}"); 9].join(", ");
        bomb.push_str(&format!("  {name}: &{name} [{row}]\n"));
        previous = name;
    }
    assert_rejected("bomb.yaml", bomb.as_bytes(), "bomb.yaml:7:10: error: invalid YAML: aliases (`*name`) expand");
}

#[test]
fn json_nested_100000_deep_is_refused() {
    let depth = 100_000;
    let objects = format!(
        r#"{{"openapi": "3.0.0", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "x": {}1{}}}"#,
        r#"{"a": "#.repeat(depth),
        "}".repeat(depth)
    );
    assert_rejected("deep-objects.json", objects.as_bytes(), "deep-objects.json:1:");
    assert_rejected("deep-objects.json", objects.as_bytes(), "error: invalid JSON: nested more than 128 levels deep");
    let arrays = "[".repeat(depth) + &"]".repeat(depth);
    assert_rejected("deep-arrays.json", arrays.as_bytes(), "deep-arrays.json:1:1: error:");
}

#[test]
fn yaml_nested_deep_is_refused_quickly() {
    let depth = 100_000;
    let flow = minimal_openapi("  {}\n") + "x-deep: " + &"[".repeat(depth) + &"]".repeat(depth) + "\n";
    let run_flow = docgen_on("deep-flow.yaml", flow.as_bytes());
    assert_eq!(run_flow.code, Some(1), "{}", run_flow.stderr);
    assert!(run_flow.stderr.starts_with("deep-flow.yaml:5:"), "{}", run_flow.stderr);
    assert!(run_flow.stderr.contains("error: invalid YAML: nested more than 128 levels deep"), "{}", run_flow.stderr);
    // libyaml scans flow collections in time quadratic in their depth (minutes at this depth): the guard
    // refuses the text before libyaml sees it, or the run's watchdog ends the test. No time is asserted.
    let block = minimal_openapi("  {}\n") + "x-deep:\n" + &"- ".repeat(depth) + "x\n";
    assert_rejected("deep-block.yaml", block.as_bytes(), "deep-block.yaml:6:");
    assert_rejected("deep-block.yaml", block.as_bytes(), "error: invalid YAML: nested more than 128 levels deep");
    // The same inside a markdown page's OpenAPI fence, placed in the page.
    let page = format!("# API\n\n```yaml\n{flow}```\n");
    assert_rejected(
        "deep-fence.md",
        page.as_bytes(),
        "deep-fence.md:8:264: error: invalid YAML: nested more than 128 levels deep",
    );
}

#[test]
fn markdown_nested_deep_is_refused() {
    let quotes = "# API\n\n".to_owned() + &"> ".repeat(100_000) + "text\n";
    assert_rejected("deep-quotes.md", quotes.as_bytes(), "deep-quotes.md:3:1: error: block quotes or lists nest");
    let lists: String = (0..2_000).map(|level| format!("{}- item\n", "  ".repeat(level))).collect();
    assert_rejected(
        "deep-lists.md",
        format!("# API\n\n{lists}").as_bytes(),
        "deep-lists.md:131:1: error: block quotes or lists nest",
    );
    let components =
        "---\napi: GET /x\n---\n\n".to_owned() + &"<Expandable>\n".repeat(1_000) + &"</Expandable>\n".repeat(1_000);
    assert_rejected("deep-components.mdx", components.as_bytes(), "error: the page nests more than 128 levels deep");
}

#[test]
fn unknown_ref_is_a_warning_placed_at_the_ref() {
    let text = minimal_openapi(
        "  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n",
    );
    // The document generates: the body is any JSON value (see the `dangling_refs` construct).
    let run = docgen_on("unknown-ref.yaml", text.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let expected = "unknown-ref.yaml:11:24: warning: `GET /a`: `$ref: #/components/schemas/Nope`: no schema `Nope`";
    assert!(run.stderr.contains(expected), "expected `{expected}` in:\n{}", run.stderr);
}

#[test]
fn ref_cycle_without_a_schema_is_an_error() {
    let text = minimal_openapi(
        "  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
    );
    assert_rejected("alias-cycle.yaml", text.as_bytes(), "alias-cycle.yaml:11:15: error: `GET /a`: `$ref: #/components/schemas/A` is a cycle of references that never reaches a schema");
}

#[test]
fn long_ref_chains_are_generated_not_overflowed() {
    // A `$ref` chain through properties, and one of aliases: normalise follows them with a work list (see its
    // unit test for 10,000 links on a test thread's stack); the whole pipeline must go through too.
    let links = 10_000;
    for (name, link) in [
        (
            "ref-chain.yaml",
            "      type: object\n      properties:\n        next: {$ref: '#/components/schemas/S{next}'}\n",
        ),
        ("alias-chain.yaml", "      $ref: '#/components/schemas/S{next}'\n"),
    ] {
        let mut text = schemas_from_s0();
        for index in 0..links {
            text.push_str(&format!("    S{index}:\n"));
            text.push_str(&link.replace("{next}", &(index + 1).to_string()));
        }
        text.push_str(&format!("    S{links}: {{type: string}}\n"));
        let run = docgen_on(name, text.as_bytes());
        assert_eq!(run.code, Some(0), "{name} (after {:?}): {}", run.elapsed, run.stderr);
    }
}

#[test]
fn long_cycles_of_maps_and_wrappers_are_broken() {
    // 10,000 schemas in one cycle: maps of the next (`pub type` aliases the compiler would reject), and
    // annotated references to the next (newtypes with nothing to box). Lowering finds the cycles with one
    // pass over the graph; a search from every schema took 24 s for each file in a release build, past the
    // watchdog.
    let links = 10_000;
    for (name, link, warnings) in [
        (
            "map-cycle.yaml",
            "      type: object\n      additionalProperties: {$ref: '#/components/schemas/S{next}'}\n",
            0,
        ),
        (
            "wrapper-cycle.yaml",
            "      description: a link\n      allOf: [{$ref: '#/components/schemas/S{next}'}]\n",
            links,
        ),
    ] {
        let mut text = schemas_from_s0();
        for index in 0..links {
            text.push_str(&format!("    S{index}:\n"));
            text.push_str(&link.replace("{next}", &((index + 1) % links).to_string()));
        }
        let run = docgen_on(name, text.as_bytes());
        assert_eq!(run.code, Some(0), "{name} (after {:?}): {}", run.elapsed, run.stderr);
        let wraps_itself = run.stderr.matches("only wraps itself (through other schemas); it holds any JSON").count();
        assert_eq!(wraps_itself, warnings, "{name}: {}", run.stderr.lines().next().unwrap_or_default());
    }
}

#[test]
fn a_long_chain_of_all_of_extensions_is_refused_before_it_fills_memory() {
    // S0 extends S1, which extends S2 …: each struct holds every property of the schemas after it, so the
    // properties copied grow with the square of the chain's length (2,000 links: 2 million fields, 900 MB).
    // 400 links copy 80,600 properties (generated); 500 links would copy 125,750, past the budget of
    // 100,000: an error at the schema where it runs out, not an exhausted memory.
    let chain = |links: usize| {
        let mut text = schemas_from_s0();
        for index in 0..links {
            let next = index + 1;
            text.push_str(&format!(
                "    S{index}:\n      allOf:\n        - $ref: '#/components/schemas/S{next}'\n        - properties: {{f{index}: {{type: string}}}}\n"
            ));
        }
        text.push_str(&format!("    S{links}:\n      properties: {{last: {{type: string}}}}\n"));
        text
    };
    let run = docgen_on("all-of-400.yaml", chain(400).as_bytes());
    assert_eq!(run.code, Some(0), "(after {:?}): {}", run.elapsed, run.stderr);
    let run = docgen_on("all-of-2000.yaml", chain(2000).as_bytes());
    assert_eq!(run.code, Some(1), "(after {:?}): {}", run.elapsed, run.stderr);
    let errors: Vec<&str> = run.stderr.lines().filter(|line| line.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("all-of-2000.yaml:")
            && errors[0].contains("merging `allOf` parts would copy more than 100000 properties"),
        "{}",
        errors[0]
    );
}

#[test]
fn duplicate_operation_ids_are_an_error_at_the_second() {
    let text = minimal_openapi(
        "  /a:\n    get:\n      operationId: same\n      responses: {'200': {description: ok}}\n  /b:\n    post:\n      operationId: same\n      responses: {'200': {description: ok}}\n",
    );
    assert_rejected(
        "duplicate-ids.yaml",
        text.as_bytes(),
        "duplicate-ids.yaml:10:7: error: operationId `same` of `POST /b` is already the operationId of `GET /a`; operationIds must be unique",
    );
}

#[test]
fn a_listed_endpoint_missing_from_its_document_is_placed_in_the_manifest() {
    let manifest = SourceFile::new(
        "specs/specs.toml",
        "[[spec]]\nmodule = \"shop\"\ntitle = \"Shop\"\ndocument = \"shop.yaml\"\nendpoints = [\n  \"GET /a\",\n  \"DELETE /nowhere\",\n]\n",
    );
    let (entries, diags) = support::manifest_entries(&manifest);
    assert!(!diags.has_errors(), "{diags}");
    let document = SourceFile::new(
        "specs/shop.yaml",
        minimal_openapi("  /a:\n    get:\n      responses: {'200': {description: ok}}\n"),
    );
    let (spec, diags) = support::entry_spec(&entries[0], &[document]);
    assert!(spec.is_none(), "a missing endpoint stops the spec");
    let rendered = diags.to_string();
    assert!(
        rendered.contains("specs/specs.toml:7:3: error: endpoint `DELETE /nowhere` is not defined in specs/shop.yaml (it defines: GET /a)"),
        "{rendered}"
    );
}

#[test]
fn mdx_page_with_an_unclosed_component() {
    let page = b"---\napi: GET /x\n---\n\n<ParamField query=\"a\" type=\"string\">\nNever closed.\n";
    assert_rejected(
        "unclosed.mdx",
        page,
        "unclosed.mdx:5:1: error: this API component cannot be read because the page is not valid MDX",
    );
    assert_rejected(
        "unclosed.mdx",
        page,
        "unclosed.mdx:7:1: warning: not valid MDX (Expected a closing tag for `<ParamField>` (5:1))",
    );
}

#[test]
fn page_with_no_api() {
    assert_rejected(
        "no-api.md",
        b"# Hello\n\nJust prose, no API here.\n",
        "no-api.md:1:1: error: no API found in this page",
    );
    assert_rejected(
        "no-api.mdx",
        b"---\ntitle: Hi\n---\n\n<Note>Prose.</Note>\n",
        "no-api.mdx:1:1: error: no API found in this page",
    );
}

#[test]
fn a_json_example_that_does_not_parse_is_a_warning() {
    let page = "---\napi: POST /x\n---\n\n<ParamField body=\"a\" type=\"string\">\nA.\n</ParamField>\n\n<RequestExample>\n```json\n{\"a\": \"x\",, oops}\n```\n</RequestExample>\n";
    let run = docgen_on("broken-example.mdx", page.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("broken-example.mdx:11:11: warning: the request example is not JSON (expected a quoted object key); no schema is inferred from it"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
}

#[test]
fn a_hostile_type_string_is_not_understood_rather_than_recursed_into() {
    let page = format!(
        "---\napi: GET /x\n---\n\n<ParamField query=\"a\" type=\"string{}\">\nA.\n</ParamField>\n",
        "[]".repeat(100_000)
    );
    let run = docgen_on("hostile-type.mdx", page.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("hostile-type.mdx:5:1: warning: type `string[][]"), "{}", run.stderr);
}

#[test]
fn a_page_that_makes_the_markdown_parser_panic_is_a_diagnostic() {
    // markdown-rs 1.0.0 panics on this MDX ("expected heading on stack"); found by tests/no_panic.rs. The
    // panic is caught, kept off stderr, and the page is read as plain markdown: there, `api: GET /x` and
    // `title: Things` are a setext heading that declares `GET /x`, which the page reader reads.
    let page = b"a<ParamField body=\"name\" type=\"string | null\">\n---\napi: GET /x\ntitle: Things\n---\n";
    let run = docgen_on("parser-panic.mdx", page);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let expected = "parser-panic.mdx:1:1: warning: not valid MDX (the markdown parser failed on this page: ";
    assert!(run.stderr.contains(expected), "expected `{expected}` in:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}
