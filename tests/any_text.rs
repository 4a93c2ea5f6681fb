//! Any text in, compiling code out: OpenAPI documents with random text (arbitrary Unicode, control
//! characters, `*/`, `"#`, backslashes, line and paragraph separators, very long strings) in every position
//! that reaches the generated code or the derived document — titles, descriptions, summaries, enum values,
//! examples, defaults, parameter, property and schema names, paths, server URLs, tag names — go through the
//! whole pipeline. The derived document must read back as OpenAPI (`openapiv3`) holding exactly what was
//! written and generate again, and the generated modules of a sample of the cases must compile
//! under clippy `-D warnings` in one scratch crate. The cases come from a fixed seed, so every run (and CI)
//! checks the same documents.

use docgen_tests::support::{self, module_source, openapi_source, ScratchCrate, SourceFile, SpecOutput};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Map, Value};

/// Documents generated per run.
const CASES: usize = 400;
/// Of those that generate, how many are compiled (as modules of one crate, in one cargo invocation).
const COMPILED: usize = 96;

/// Pieces of text that are awkward in Rust source, YAML, JSON, markdown or rustdoc.
const NASTY: &[&str] = &[
    "*/",
    "/*",
    "\"#",
    "\"##",
    "#\"",
    "\\",
    "\\\\",
    "\\u{0}",
    "\r",
    "\r\n",
    "\n",
    "\0",
    "\u{2028}",
    "\u{2029}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\t",
    "'",
    "`",
    "```",
    "{",
    "}",
    "}}",
    "{{",
    "[",
    "]",
    "[x]",
    "<",
    ">",
    "<b>",
    "&amp;",
    "#",
    ": ",
    "- ",
    "? ",
    "&a",
    "*a",
    "!tag",
    "%",
    "%20",
    "@",
    "---",
    "...",
    " ",
    "  ",
    "ß",
    "𝔘",
    "🦀",
    "Ω",
    "é",
    "\u{301}",
    "null",
    "true",
    "~",
    "0x1",
    "1e3",
    "-",
    "_",
    "r#",
    "self",
    "Self",
    "type",
    "mod",
    "crate",
    "super",
    "$ref",
    "~1",
    "/",
    "//",
    "{id}",
    "?",
    "=",
    "&",
];

/// Random text: a few pieces, each arbitrary characters or a nasty piece; now and then very long.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(NASTY).prop_map(str::to_owned),
        2 => "\\PC{0,8}",
        2 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z0-9 ]{0,10}",
    ];
    prop_oneof![
        12 => prop::collection::vec(piece.clone(), 0..6).prop_map(|pieces| pieces.concat()),
        1 => (piece, 200usize..3000).prop_map(|(piece, count)| piece.repeat(count.max(1) / piece.len().max(1))),
    ]
}

/// A non-empty text (names: an empty name is a different, tested, case).
fn name() -> impl Strategy<Value = String> {
    text().prop_map(|text| if text.is_empty() { "n".to_owned() } else { text })
}

/// A string schema carrying text in its enum, default and example.
fn string_schema() -> impl Strategy<Value = Value> {
    (text(), prop::collection::vec(text(), 0..4), any::<bool>()).prop_map(|(description, values, with_enum)| {
        let mut schema = json!({"type": "string", "description": description});
        if let Some(first) = values.first() {
            schema["default"] = json!(first);
            schema["example"] = json!(first);
        }
        if with_enum && !values.is_empty() {
            schema["enum"] = json!(values);
        }
        schema
    })
}

/// An object schema whose property names and texts are random, with a nested object and a reference.
fn object_schema() -> impl Strategy<Value = Value> {
    (text(), prop::collection::vec((name(), string_schema(), any::<bool>()), 0..4), name()).prop_map(
        |(description, properties, nested)| {
            let required: Vec<&String> = properties.iter().filter(|(_, _, r)| *r).map(|(n, _, _)| n).collect();
            let mut map: Map<String, Value> =
                properties.iter().map(|(name, schema, _)| (name.clone(), schema.clone())).collect();
            map.insert(nested, json!({"type": "object", "properties": {"n": {"type": "integer"}}}));
            json!({"type": "object", "description": description, "required": required, "properties": map})
        },
    )
}

fn parameter() -> impl Strategy<Value = Value> {
    (prop::sample::select(&["query", "header", "cookie"][..]), name(), text(), string_schema()).prop_map(
        |(location, name, description, schema)| {
            json!({"name": name, "in": location, "description": description, "schema": schema})
        },
    )
}

fn operation(component: String) -> impl Strategy<Value = Value> {
    (
        (text(), text(), name(), prop::collection::vec(name(), 0..2)),
        prop::collection::vec(parameter(), 0..3),
        (text(), text(), prop::collection::vec((name(), text()), 0..3)),
        object_schema(),
    )
        .prop_map(move |((summary, description, operation_id, tags), parameters, response, body)| {
            let (response_description, example_text, named) = response;
            let examples: Map<String, Value> = named
                .into_iter()
                .map(|(name, text)| (name, json!({"summary": text, "value": {"note": text}})))
                .collect();
            json!({
                "summary": summary,
                "description": description,
                "operationId": operation_id,
                "tags": tags,
                "parameters": parameters,
                "requestBody": {"description": description, "content": {"application/json": {"schema": body}}},
                "responses": {
                    "200": {
                        "description": response_description,
                        "content": {"application/json": {
                            "schema": {"$ref": format!("#/components/schemas/{}", escape_pointer(&component))},
                            "example": {"note": example_text},
                            "examples": examples,
                        }},
                    },
                    "default": {"description": response_description},
                },
            })
        })
}

/// A reference's JSON pointer token (RFC 6901) in URI-fragment form.
fn escape_pointer(name: &str) -> String {
    let token = name.replace('~', "~0").replace('/', "~1");
    let mut escaped = String::new();
    for byte in token.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => escaped.push(char::from(byte)),
            _ => escaped.push_str(&format!("%{byte:02X}")),
        }
    }
    escaped
}

fn document() -> impl Strategy<Value = Value> {
    (
        (text(), text(), text(), text()),
        prop::collection::vec((name(), text()), 0..3),
        (name(), text(), string_schema()),
        (prop::collection::vec(name(), 1..3), prop::sample::select(&["get", "post", "put"][..])),
    )
        .prop_flat_map(|(info, tags, component, (segments, method))| {
            let (component_name, component_description, note) = component;
            operation(component_name.clone()).prop_map(move |operation| {
                let (title, description, server, server_description) = info.clone();
                // The path's segments are text too; a template parameter makes it a path parameter.
                let path = format!("/{}/{{id}}", segments.join("/"));
                let mut operation = operation;
                operation["parameters"].as_array_mut().expect("parameters").push(
                    json!({"name": "id", "in": "path", "required": true, "description": title, "schema": {"type": "string"}}),
                );
                let tags: Vec<Value> =
                    tags.iter().map(|(name, description)| json!({"name": name, "description": description})).collect();
                json!({
                    "openapi": "3.0.3",
                    "info": {"title": title, "description": description, "version": "1"},
                    "servers": [{"url": server, "description": server_description}],
                    "tags": tags,
                    "paths": {path: {method: operation}},
                    "components": {"schemas": {component_name.clone(): {
                        "type": "object",
                        "description": component_description,
                        "properties": {"note": note.clone()},
                    }}},
                })
            })
        })
}

/// The document through the pipeline as the CLI runs it; `None` when it does not generate (an error in the
/// document, which must then be a diagnostic: the pipeline never panics).
fn generate(path: &str, text: &str) -> Option<SpecOutput> {
    let (spec, diags) = support::spec(&[SourceFile::new(path, text)], "case", "Case");
    spec.filter(|_| !diags.has_errors())
}

/// What is wrong with the case's derived document or its regeneration, if anything.
fn check_case(spec: &SpecOutput) -> Result<(String, String), String> {
    let module = module_source(spec)?;
    let yaml = openapi_source(spec)?;
    let read: openapiv3::OpenAPI =
        serde_yaml::from_str(&yaml).map_err(|e| format!("the derived document does not read back: {e}"))?;
    let written = serde_json::to_value(&spec.openapi).map_err(|e| e.to_string())?;
    let reread = serde_json::to_value(&read).map_err(|e| e.to_string())?;
    if written != reread {
        return Err(format!("the derived document reads back different:\n{written:#}\n{reread:#}"));
    }
    let again = generate("specs/case.yaml", &yaml).ok_or("the derived document does not generate again")?;
    module_source(&again).map_err(|e| format!("the derived document's Rust does not render: {e}"))?;
    Ok((module, yaml))
}

#[test]
fn any_text_in_every_position_generates_valid_documents_and_compiling_code() {
    let started = std::time::Instant::now();
    let config = Config { failure_persistence: None, ..Config::default() };
    // A fixed seed, so CI checks the same documents every run; `DOCGEN_ANY_TEXT_SEED=n` explores others.
    let seed = std::env::var("DOCGEN_ANY_TEXT_SEED").ok().and_then(|seed| seed.parse().ok()).unwrap_or(18u8);
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]));
    let strategy = document();
    let mut failures = Vec::new();
    let mut modules = Vec::new();
    for case in 0..CASES {
        let document = strategy.new_tree(&mut runner).expect("a document").current();
        let json = serde_json::to_string_pretty(&document).expect("JSON");
        let Some(spec) = generate("specs/case.json", &json) else { continue };
        match check_case(&spec) {
            Ok((module, _)) => modules.push((case, module)),
            Err(problem) => failures.push(format!("case {case}: {problem}\n{json}")),
        }
    }
    assert!(failures.is_empty(), "{} of {CASES} cases fail; the first:\n{}", failures.len(), failures[0]);
    let generated = modules.len();
    assert!(generated * 4 >= CASES * 3, "only {generated} of {CASES} documents generate");

    let scratch = ScratchCrate::new("any-text-crate");
    for (case, module) in modules.iter().take(COMPILED) {
        scratch.add_module(&format!("case_{case}"), module);
    }
    // The features the workspace itself builds (server and client), so `--offline` finds every crate.
    let output = scratch
        .cargo("clippy")
        .args(["--offline", "--quiet", "--features", "client", "--", "-D", "warnings"])
        .output()
        .expect("run cargo clippy");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "generated code with random text does not compile cleanly:\n{stderr}");
    // Text in docs must not break rustdoc either (links, HTML, code blocks).
    let output = scratch
        .cargo("doc")
        .args(["--offline", "--quiet", "--no-deps", "--features", "client"])
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("run cargo doc");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the docs of generated code with random text do not build cleanly:\n{stderr}");
    eprintln!(
        "any text: {CASES} documents, {generated} generated and checked, {} compiled, {:.1} s",
        generated.min(COMPILED),
        started.elapsed().as_secs_f64()
    );
}
