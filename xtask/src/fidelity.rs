//! `cargo xtask fidelity [DIR] [--verbose]`: how well the documentation readers read real pages.
//!
//! `DIR` (default `../shared/docs-corpus`) holds real vendor pages in the format its README gives:
//! `cases/<case>/` (the pages of one operation, `case.toml`, and `truth.json`, the facts a careful reader takes
//! from them) and `multi/<name>/` (a page documenting several endpoints, with `endpoints.txt`). Each case's
//! pages go through the real derive stage together (`docgen::derive::derive_documents`), and the derived
//! OpenAPI is scored fact by fact exactly as the corpus's reference scorer (`tools/score.py`) counts: the
//! operation, each parameter (present, required, type, default, enum), the security header, each request
//! and response field (present with its type), the response's JSON body, required and nullable fields. Each
//! multi page is scored by the endpoints derived against `endpoints.txt`: recall (documented endpoints
//! found) and precision (derived endpoints the page documents). Template names and a trailing slash are
//! ignored, as the scorer does.
//!
//! Prints one line per case and per multi page (with every miss under `--verbose`), then totals per family
//! and overall. A page that panics the reader is counted as nothing found and named.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use docgen::diagnostic::{Diagnostics, SourceFile};
use serde_json::Value;

/// The corpus, relative to the repository root.
pub const DEFAULT_DIR: &str = "../shared/docs-corpus";

/// `cargo xtask fidelity`'s options.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A documentation corpus in the format of ../shared/docs-corpus/README.md (the default).
    dir: Option<PathBuf>,
    /// Print each missed fact and each missed or invented endpoint under its case.
    #[arg(short, long)]
    verbose: bool,
    /// Score only the cases and multi pages whose name contains NAME.
    #[arg(long, value_name = "NAME")]
    only: Option<String>,
}

pub fn main(args: Args) -> ExitCode {
    let dir = args.dir.unwrap_or_else(|| crate::project_root().join(DEFAULT_DIR));
    match run(&dir, args.only.as_deref()) {
        Ok(report) => {
            print!("{}", report.render(args.verbose));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The scores of one run.
#[derive(Debug, Default)]
pub struct Report {
    pub cases: Vec<CaseScore>,
    pub multis: Vec<MultiScore>,
}

/// One case: whether its operation was found, and its facts.
#[derive(Debug)]
pub struct CaseScore {
    pub name: String,
    pub family: String,
    pub operation_found: bool,
    pub matched: usize,
    pub total: usize,
    pub misses: Vec<String>,
    pub panicked: bool,
}

/// One multi-endpoint page: the documented endpoints found, and the derived ones that are real.
#[derive(Debug)]
pub struct MultiScore {
    pub name: String,
    pub family: String,
    pub documented: usize,
    pub found: usize,
    pub derived: usize,
    pub real: usize,
    pub missed: Vec<String>,
    pub invented: Vec<String>,
    pub panicked: bool,
}

/// Reads and scores every case and multi page of `dir`.
pub fn run(dir: &Path, only: Option<&str>) -> Result<Report, String> {
    let mut report = Report::default();
    for case in sorted_dirs(&dir.join("cases"))? {
        let name = file_name(&case);
        if only.is_some_and(|only| !name.contains(only)) {
            continue;
        }
        report.cases.push(score_case(&case)?);
    }
    let multi = dir.join("multi");
    if multi.is_dir() {
        for page in sorted_dirs(&multi)? {
            let name = file_name(&page);
            if only.is_some_and(|only| !name.contains(only)) {
                continue;
            }
            report.multis.push(score_multi(&page)?);
        }
    }
    Ok(report)
}

fn sorted_dirs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    let mut dirs: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).filter(|path| path.is_dir()).collect();
    dirs.sort();
    Ok(dirs)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

fn read_toml(path: &Path) -> Result<toml::Table, String> {
    read(path)?.parse::<toml::Table>().map_err(|error| format!("{}: {error}", path.display()))
}

/// The pages as source files, named as the corpus names them (`cases/<case>/<page>`), so diagnostics and
/// `x-source` never carry a machine's absolute path.
fn source_files(folder: &Path, label: &str, pages: &[String]) -> Result<Vec<SourceFile>, String> {
    pages.iter().map(|page| Ok(SourceFile::new(format!("{label}/{page}"), read(&folder.join(page))?))).collect()
}

/// Derives the pages together, as JSON; `Err(())` when the reader panicked.
fn derive(files: &[SourceFile]) -> Result<Option<Value>, ()> {
    let derived = std::panic::catch_unwind(|| {
        let mut diags = Diagnostics::new();
        docgen::derive::derive_documents(files, &mut diags)
    })
    .map_err(|_| ())?;
    Ok(derived.and_then(|derived| serde_json::to_value(&derived.openapi).ok()))
}

fn score_case(folder: &Path) -> Result<CaseScore, String> {
    let name = file_name(folder);
    let case = read_toml(&folder.join("case.toml"))?;
    let family = case.get("family").and_then(|v| v.as_str()).unwrap_or("?").to_owned();
    let pages: Vec<String> = case
        .get("pages")
        .and_then(|v| v.as_array())
        .map(|pages| pages.iter().filter_map(|p| p.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let truth: Value = serde_json::from_str(&read(&folder.join("truth.json"))?)
        .map_err(|error| format!("{}/truth.json: {error}", folder.display()))?;
    let files = source_files(folder, &format!("cases/{name}"), &pages)?;
    let (document, panicked) = match derive(&files) {
        Ok(document) => (document.unwrap_or(Value::Null), false),
        Err(()) => (Value::Null, true),
    };
    let scored = score(&document, &truth);
    Ok(CaseScore {
        name,
        family,
        operation_found: scored.operation_found,
        matched: scored.matched,
        total: scored.total,
        misses: scored.misses,
        panicked,
    })
}

fn score_multi(folder: &Path) -> Result<MultiScore, String> {
    let name = file_name(folder);
    let source = read_toml(&folder.join("source.toml"))?;
    let family = source.get("family").and_then(|v| v.as_str()).unwrap_or("?").to_owned();
    let page = source.get("file").and_then(|v| v.as_str()).ok_or("source.toml has no `file`")?.to_owned();
    let documented: Vec<(String, String)> = read(&folder.join("endpoints.txt"))?
        .lines()
        .filter_map(|line| {
            let (method, path) = line.trim().split_once(' ')?;
            Some((method.to_ascii_lowercase(), path.trim().to_owned()))
        })
        .collect();
    let files = source_files(folder, &format!("multi/{name}"), &[page])?;
    let (document, panicked) = match derive(&files) {
        Ok(document) => (document.unwrap_or(Value::Null), false),
        Err(()) => (Value::Null, true),
    };
    let derived = endpoints_of(&document);
    let documented_keys: BTreeSet<(String, String)> =
        documented.iter().map(|(method, path)| (method.clone(), path_key(path))).collect();
    let derived_keys: BTreeSet<(String, String)> =
        derived.iter().map(|(method, path)| (method.clone(), path_key(path))).collect();
    let missed: Vec<String> = documented
        .iter()
        .filter(|(method, path)| !derived_keys.contains(&(method.clone(), path_key(path))))
        .map(|(method, path)| format!("{} {path}", method.to_ascii_uppercase()))
        .collect();
    let invented: Vec<String> = derived
        .iter()
        .filter(|(method, path)| !documented_keys.contains(&(method.clone(), path_key(path))))
        .map(|(method, path)| format!("{} {path}", method.to_ascii_uppercase()))
        .collect();
    Ok(MultiScore {
        name,
        family,
        documented: documented_keys.len(),
        found: documented_keys.len() - missed.len().min(documented_keys.len()),
        derived: derived_keys.len(),
        real: derived_keys.len() - invented.len().min(derived_keys.len()),
        missed,
        invented,
        panicked,
    })
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Every `(method, path)` of a derived document, in document order.
fn endpoints_of(document: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if item.get(method).is_some() {
                    out.push((method.to_owned(), path.clone()));
                }
            }
        }
    }
    out
}

/// A path with its template names, its query and a trailing slash dropped: `/a/{x}/b/` and `/a/{y}/b` are
/// one operation's paths. A `:name` segment (a template as some pages write it) counts as a template.
pub fn path_key(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| if segment.starts_with(':') { "{}".to_owned() } else { segment.to_owned() })
        .collect();
    docgen::derive::page::path_key(&segments.join("/"))
}

/// The outcome of scoring one document against one truth file.
#[derive(Debug)]
pub struct Scored {
    pub operation_found: bool,
    pub matched: usize,
    pub total: usize,
    pub misses: Vec<String>,
}

/// Scores a derived document (as JSON) against a `truth.json`, counting as `tools/score.py` does.
pub fn score(document: &Value, truth: &Value) -> Scored {
    let doc = Doc { root: document };
    let mut misses = Vec::new();
    let mut total = 0;
    let mut fact = |ok: bool, what: String, misses: &mut Vec<String>| {
        total += 1;
        if !ok {
            misses.push(what);
        }
    };
    let method = truth["method"].as_str().unwrap_or_default().to_ascii_lowercase();
    let truth_path = truth["path"].as_str().unwrap_or_default();
    let mut found = None;
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            if path_key(path) == path_key(truth_path) {
                if let Some(operation) = item.get(&method) {
                    found = Some((operation, item));
                }
            }
        }
    }
    fact(found.is_some(), format!("operation {} {truth_path}", method.to_ascii_uppercase()), &mut misses);
    let Some((operation, path_item)) = found else {
        let params = truth["params"].as_array().map_or(0, Vec::len);
        let responses: usize = truth["responses"]
            .as_object()
            .map_or(0, |r| r.values().map(|v| v.as_object().map_or(0, |o| o.len())).sum());
        let request = truth["request"].as_object().map_or(0, |r| r.len());
        let total = 1 + params + responses + request;
        let misses = vec![format!("operation {} {truth_path}", method.to_ascii_uppercase())];
        return Scored { operation_found: false, matched: 0, total, misses };
    };

    let mut params: BTreeMap<(String, String), Value> = BTreeMap::new();
    for list in [path_item.get("parameters"), operation.get("parameters")] {
        for parameter in list.and_then(Value::as_array).into_iter().flatten() {
            let parameter = doc.resolve(parameter);
            let location = parameter.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
            params.insert((location, name), parameter.clone());
        }
    }
    let security_header = truth.get("security_header").and_then(Value::as_str).unwrap_or_default();
    for param in truth["params"].as_array().into_iter().flatten() {
        let location = param[0].as_str().unwrap_or_default();
        let name = param[1].as_str().unwrap_or_default();
        let required = param[2].as_bool().unwrap_or(false);
        let want = param[3].as_str().unwrap_or("*");
        let mut parameter = params.get(&(location.to_owned(), name.to_ascii_lowercase())).cloned();
        if parameter.is_none() && location == "header" && security_header.eq_ignore_ascii_case(name) {
            parameter = Some(serde_json::json!({"required": true, "schema": {"type": "string"}}));
        }
        fact(parameter.is_some(), format!("param {location} {name}"), &mut misses);
        let Some(parameter) = parameter else { continue };
        let stated = parameter.get("required").and_then(Value::as_bool).unwrap_or(false);
        fact(stated == required, format!("param {name} required={required}"), &mut misses);
        let (schema, _) = doc.norm(parameter.get("schema").unwrap_or(&Value::Null));
        fact(
            type_ok(&schema, want),
            format!("param {name} type {want} (got {}:{})", text(schema.get("type")), text(schema.get("format"))),
            &mut misses,
        );
        if let Some(details) = truth.get("param_details").and_then(|d| d.get(name)).and_then(Value::as_object) {
            for (key, value) in details {
                let got = schema.get(key).unwrap_or(&Value::Null);
                fact(got == value, format!("param {name} {key}={value} (got {got})"), &mut misses);
            }
        }
    }
    if !security_header.is_empty() {
        let schemes = document.pointer("/components/securitySchemes").and_then(Value::as_object);
        let ok = schemes.into_iter().flatten().any(|(_, scheme)| {
            scheme.get("in").and_then(Value::as_str) == Some("header")
                && scheme.get("name").and_then(Value::as_str).is_some_and(|n| n.eq_ignore_ascii_case(security_header))
        });
        fact(ok, format!("security scheme header {security_header}"), &mut misses);
    }
    if let Some(request) = truth.get("request").and_then(Value::as_object) {
        let body = doc.resolve(operation.get("requestBody").unwrap_or(&Value::Null));
        let media = json_media(body.get("content"));
        for (path, want) in request {
            let found = media.and_then(|media| doc.walk(media.get("schema").unwrap_or(&Value::Null), path));
            let want = want.as_str().unwrap_or("*");
            let ok = found.as_ref().is_some_and(|(schema, _, _)| type_ok(schema, want));
            let shown = if path.is_empty() { "<root>" } else { path };
            fact(ok, format!("request {shown}: {want}"), &mut misses);
        }
    }
    let responses: BTreeMap<String, &Value> = operation
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(status, response)| (status.to_ascii_uppercase(), response))
        .collect();
    for (status, fields) in truth["responses"].as_object().into_iter().flatten() {
        let response = responses.get(&status.to_ascii_uppercase()).map(|r| doc.resolve(r)).unwrap_or(Value::Null);
        let media = json_media(response.get("content"));
        fact(media.is_some(), format!("response {status} application/json"), &mut misses);
        let schema = media.and_then(|media| media.get("schema")).unwrap_or(&Value::Null);
        for (path, want) in fields.as_object().into_iter().flatten() {
            let found = media.and_then(|_| doc.walk(schema, path));
            let want = want.as_str().unwrap_or("*");
            let ok = found.as_ref().is_some_and(|(schema, _, _)| type_ok(schema, want));
            let shown = if path.is_empty() { "<root>" } else { path };
            let got = match &found {
                Some((schema, _, _)) => format!(" (got {}:{})", text(schema.get("type")), text(schema.get("format"))),
                None => String::new(),
            };
            fact(ok, format!("response {status} {shown}: {want}{got}"), &mut misses);
        }
        for path in truth.pointer(&format!("/required/{status}")).and_then(Value::as_array).into_iter().flatten() {
            let path = path.as_str().unwrap_or_default();
            let found = media.and_then(|_| doc.walk(schema, path));
            fact(
                found.is_some_and(|(_, _, required)| required),
                format!("response {status} {path} required"),
                &mut misses,
            );
        }
        for path in truth.pointer(&format!("/nullable/{status}")).and_then(Value::as_array).into_iter().flatten() {
            let path = path.as_str().unwrap_or_default();
            let found = media.and_then(|_| doc.walk(schema, path));
            fact(
                found.is_some_and(|(_, nullable, _)| nullable),
                format!("response {status} {path} nullable"),
                &mut misses,
            );
        }
    }
    Scored { operation_found: true, matched: total - misses.len(), total, misses }
}

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "None".to_owned(),
        Some(other) => other.to_string(),
    }
}

/// The JSON media entry of a content map: `application/json` (with parameters), any `+json` type, or `*/*`.
fn json_media(content: Option<&Value>) -> Option<&Value> {
    let content = content?.as_object()?;
    if let Some(media) = content.get("application/json") {
        return Some(media);
    }
    content.iter().find_map(|(key, media)| {
        let base = key.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        (base == "application/json" || base.ends_with("+json") || base == "*/*").then_some(media)
    })
}

/// Whether a schema has the wanted type (`string`, `string:date-time`, `*` for presence only).
fn type_ok(schema: &Value, want: &str) -> bool {
    if want == "*" {
        return true;
    }
    let (base, format) = want.split_once(':').unwrap_or((want, ""));
    let mut kind = schema.get("type").and_then(Value::as_str);
    if kind.is_none()
        && base == "object"
        && (schema.get("properties").is_some() || schema.get("additionalProperties").is_some())
    {
        kind = Some("object");
    }
    kind == Some(base) && (format.is_empty() || schema.get("format").and_then(Value::as_str) == Some(format))
}

/// `$ref` resolution, `allOf` merging and nullability, as the reference scorer reads a schema.
struct Doc<'a> {
    root: &'a Value,
}

impl Doc<'_> {
    fn resolve(&self, value: &Value) -> Value {
        let mut current = value.clone();
        for _ in 0..50 {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else { break };
            let Some(pointer) = reference.strip_prefix('#') else { return Value::Object(Default::default()) };
            current = self.root.pointer(pointer).cloned().unwrap_or(Value::Object(Default::default()));
        }
        if current.is_object() {
            current
        } else {
            Value::Object(Default::default())
        }
    }

    /// The schema with references resolved, `allOf` merged, a null branch or type removed; and whether it
    /// may be null.
    fn norm(&self, value: &Value) -> (Value, bool) {
        let mut schema = self.resolve(value);
        let mut nullable = schema.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        if let Some(types) = schema.get("type").and_then(Value::as_array).cloned() {
            nullable |= types.iter().any(|t| t == "null");
            let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
            let kind = if rest.len() == 1 { rest[0].clone() } else { Value::Array(rest) };
            schema["type"] = kind;
        }
        for key in ["anyOf", "oneOf"] {
            let Some(alternatives) = schema.get(key).and_then(Value::as_array).cloned() else { continue };
            let non_null: Vec<&Value> = alternatives
                .iter()
                .filter(|alternative| self.resolve(alternative).get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            if non_null.len() < alternatives.len() {
                nullable = true;
            }
            if non_null.len() == 1 {
                let (inner, inner_nullable) = self.norm(non_null[0]);
                let mut merged = inner;
                if let (Some(merged), Some(outer)) = (merged.as_object_mut(), schema.as_object()) {
                    for (k, v) in outer {
                        if k != key && k != "type" {
                            merged.insert(k.clone(), v.clone());
                        }
                    }
                }
                schema = merged;
                nullable |= inner_nullable;
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array).cloned() {
            let mut merged = schema.as_object().cloned().unwrap_or_default();
            merged.remove("allOf");
            let mut properties = merged.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
            let mut required = merged.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
            for part in &parts {
                let (part, _) = self.norm(part);
                let Some(part) = part.as_object() else { continue };
                if let Some(props) = part.get("properties").and_then(Value::as_object) {
                    for (k, v) in props {
                        properties.insert(k.clone(), v.clone());
                    }
                }
                if let Some(names) = part.get("required").and_then(Value::as_array) {
                    required.extend(names.iter().cloned());
                }
                for (k, v) in part {
                    if k != "properties" && k != "required" {
                        merged.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
            }
            merged.insert("properties".into(), Value::Object(properties));
            merged.insert("required".into(), Value::Array(required));
            schema = Value::Object(merged);
        }
        if schema.get("type").is_none() && schema.get("properties").is_some() {
            schema["type"] = Value::String("object".into());
        }
        (schema, nullable)
    }

    /// The schema at a field path (`''`, `a.b`, `a[]`, `[].x`): the schema, whether it may be null, whether
    /// its parent requires it.
    fn walk(&self, schema: &Value, path: &str) -> Option<(Value, bool, bool)> {
        let (mut schema, mut nullable) = self.norm(schema);
        let mut required = true;
        let mut tokens = Vec::new();
        let mut buffer = String::new();
        for ch in path.chars() {
            match ch {
                '.' | '[' => {
                    if !buffer.is_empty() {
                        tokens.push(std::mem::take(&mut buffer));
                    }
                }
                ']' => tokens.push("[]".to_owned()),
                _ => buffer.push(ch),
            }
        }
        if !buffer.is_empty() {
            tokens.push(buffer);
        }
        for token in tokens {
            if token == "[]" {
                if schema.get("type").and_then(Value::as_str) != Some("array") && schema.get("items").is_none() {
                    return None;
                }
                let items = schema.get("items").cloned().unwrap_or(Value::Object(Default::default()));
                (schema, nullable) = self.norm(&items);
                required = true;
            } else {
                let property = schema.get("properties").and_then(|p| p.get(&token)).cloned()?;
                required = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|names| names.iter().any(|n| n.as_str() == Some(token.as_str())));
                (schema, nullable) = self.norm(&property);
            }
        }
        Some((schema, nullable, required))
    }
}

impl Report {
    /// The report as printed: a line per case and multi page, then totals per family and overall.
    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        #[derive(Default)]
        struct Totals {
            cases: usize,
            operations: usize,
            matched: usize,
            total: usize,
            documented: usize,
            found: usize,
            derived: usize,
            real: usize,
        }
        let mut families: BTreeMap<&str, Totals> = BTreeMap::new();
        let mut overall = Totals::default();
        for case in &self.cases {
            let _ = writeln!(
                out,
                "case\t{}\t{}\t{}\tfacts {}/{}{}",
                case.name,
                case.family,
                if case.operation_found { "operation found" } else { "operation MISSED" },
                case.matched,
                case.total,
                if case.panicked { "\tPANICKED" } else { "" }
            );
            if verbose {
                for miss in &case.misses {
                    let _ = writeln!(out, "  miss: {miss}");
                }
            }
            for totals in [families.entry(&case.family).or_default(), &mut overall] {
                totals.cases += 1;
                totals.operations += usize::from(case.operation_found);
                totals.matched += case.matched;
                totals.total += case.total;
            }
        }
        for multi in &self.multis {
            let _ = writeln!(
                out,
                "multi\t{}\t{}\tfound {}/{}\treal {}/{}{}",
                multi.name,
                multi.family,
                multi.found,
                multi.documented,
                multi.real,
                multi.derived,
                if multi.panicked { "\tPANICKED" } else { "" }
            );
            if verbose {
                for missed in &multi.missed {
                    let _ = writeln!(out, "  missed: {missed}");
                }
                for invented in &multi.invented {
                    let _ = writeln!(out, "  not documented: {invented}");
                }
            }
            for totals in [families.entry(&multi.family).or_default(), &mut overall] {
                totals.documented += multi.documented;
                totals.found += multi.found;
                totals.derived += multi.derived;
                totals.real += multi.real;
            }
        }
        let percent = |part: usize, whole: usize| {
            if whole == 0 {
                "-".to_owned()
            } else {
                format!("{:.1}%", 100.0 * part as f64 / whole as f64)
            }
        };
        let line = |out: &mut String, label: &str, t: &Totals| {
            let _ = writeln!(
                out,
                "{label}\toperations {}/{}\tfacts {}/{} ({})\tendpoints found {}/{} ({})\treal {}/{} ({})",
                t.operations,
                t.cases,
                t.matched,
                t.total,
                percent(t.matched, t.total),
                t.found,
                t.documented,
                percent(t.found, t.documented),
                t.real,
                t.derived,
                percent(t.real, t.derived),
            );
        };
        for (family, totals) in &families {
            line(&mut out, &format!("family {family}"), totals);
        }
        line(&mut out, "totals", &overall);
        out
    }
}
