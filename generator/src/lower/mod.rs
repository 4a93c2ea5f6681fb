//! Lower: the normalised OpenAPI document → the IR of one spec. This file owns the entry and the lowering
//! state; `schema`, `merge` and `operation` lower their parts, and [`crate::passes`] finish the types.
//!
//! Names come from [`crate::naming`] only. Operation-derived names (`<Op>Request`, `<Op>Response`, the
//! trait) are claimed first, so a schema that happens to have one of those names gives way (`…Body`).
//!
//! Schemas become Rust by what they allow, decided once every type is known ([`crate::passes::run`]): a
//! union is internally tagged, adjacently tagged or untagged (most specific variant first); `allOf` is one
//! merged struct; `anyOf: [X, null]` is an optional X; integer enums are enums; a default Rust can write fills
//! an absent property; `readOnly`/`writeOnly` make a property optional in the direction it is absent from.
//! What cannot be represented degrades to a wider type with a located warning.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::diagnostic::{Diagnostics, SourceFile};
use crate::ir::*;
use crate::naming::{self, Scope};
use crate::oas;
use crate::source_map::SourceMap;

mod merge;
mod operation;
pub mod pagination;
pub mod sample;
mod schema;

/// What the lowering needs to know about the spec besides its document.
pub struct SpecInfo<'a> {
    pub module: &'a str,
    pub title: &'a str,
    pub file: &'a SourceFile,
    /// The inputs as given, named in the generated files (one path, or several, or patterns).
    pub source: &'a str,
    /// Places of the input document's nodes. Operation pointers are the same in the normalised document;
    /// a hoisted schema has a new name, so its problems are placed at its nearest ancestor that has a place.
    pub source_map: &'a SourceMap,
    /// The parts of the module that will be written: the mock's values (answers, named examples, dynamic
    /// shapes) are built only when the mock is.
    pub parts: Parts,
}

/// Where the values lowering builds from schemas (mock bodies, request examples) are built. The IR and the
/// diagnostics are the same either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampling {
    /// On a thread of their own while lowering goes on (here, when no thread can be started).
    Elsewhere,
    /// On the lowering thread.
    Here,
}

/// Lowers a normalised document. Unsupported constructs degrade to a documented fallback type with a
/// warning; nothing here fails.
pub fn lower(api: &OpenAPI, spec: &SpecInfo<'_>, diags: &mut Diagnostics) -> Api {
    let sampling = if crate::threads::second_core() { Sampling::Elsewhere } else { Sampling::Here };
    lower_with_sampling(api, spec, diags, sampling)
}

/// [`lower`], with the samples built where `sampling` says.
pub fn lower_with_sampling(api: &OpenAPI, spec: &SpecInfo<'_>, diags: &mut Diagnostics, sampling: Sampling) -> Api {
    match sampling {
        Sampling::Here => lower_with(api, spec, diags, None),
        Sampling::Elsewhere => lower_sampling_elsewhere(api, spec, diags),
    }
}

/// [`lower`] with the samples built on a thread of their own.
fn lower_sampling_elsewhere(api: &OpenAPI, spec: &SpecInfo<'_>, diags: &mut Diagnostics) -> Api {
    std::thread::scope(|scope| {
        let (sender, jobs) = std::sync::mpsc::channel::<SampleJob<'_>>();
        let worker = std::thread::Builder::new()
            .name("samples".to_owned())
            .spawn_scoped(scope, move || jobs.into_iter().map(|job| job.run(api)).collect::<Vec<_>>());
        match worker {
            Ok(worker) => lower_with(api, spec, diags, Some((sender, worker))),
            Err(_) => lower_with(api, spec, diags, None),
        }
    })
}

/// The thread that builds sample values ([`SampleJob`]) while lowering goes on, and the way to it.
type SampleWorker<'a, 'scope> =
    (std::sync::mpsc::Sender<SampleJob<'a>>, std::thread::ScopedJoinHandle<'scope, Vec<(SampleSlot, Sampled)>>);

/// A value built from a schema ([`sample::sample`]) because the document gives no valid example: a third of
/// lowering on documents with many responses, and needed only in the finished IR, so it is built on
/// another thread (where there is one) and put in its place at the end.
struct SampleJob<'a> {
    schema: &'a ReferenceOr<Schema>,
    direction: sample::Direction,
    slot: SampleSlot,
}

/// Where a sample goes: an operation's (by index) mock body of a response case, or its request example.
#[derive(Debug, Clone, Copy)]
enum SampleSlot {
    Mock { operation: usize, case: usize },
    RequestExample { operation: usize },
}

enum Sampled {
    /// A mock body, as the IR keeps it (pretty JSON text).
    Text(String),
    Value(serde_json::Value),
}

impl SampleJob<'_> {
    fn run(self, api: &OpenAPI) -> (SampleSlot, Sampled) {
        let value = sample::sample(api, self.schema, self.direction);
        let sampled = match self.slot {
            SampleSlot::Mock { .. } => Sampled::Text(mock_text(&value)),
            SampleSlot::RequestExample { .. } => Sampled::Value(value),
        };
        (self.slot, sampled)
    }
}

fn mock_text(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned())
}

fn lower_with<'a>(
    api: &'a OpenAPI,
    spec: &'a SpecInfo<'a>,
    diags: &mut Diagnostics,
    worker: Option<SampleWorker<'a, '_>>,
) -> Api {
    let (sender, worker) = worker.unzip();
    let mut lowerer = Lowerer::new(api, spec, diags, sender);
    let trait_name = lowerer.module_scope.claim(format!("{}Api", naming::type_name(spec.module)));
    for reserved in ["router", "runtime", "server"] {
        lowerer.module_scope.try_claim(reserved);
    }
    let planned = lowerer.plan_operations();
    lowerer.name_components();
    let operations: Vec<Operation> = planned
        .into_iter()
        .enumerate()
        .map(|(index, (endpoint, op, names))| {
            lowerer.operation_index = index;
            lowerer.operation(endpoint, op, names)
        })
        .collect();
    lowerer.samples = None;
    let mut types: Vec<TypeDef> = lowerer.components();
    for (pointer, message) in crate::passes::run(&mut types, &operations, &mut lowerer.module_scope) {
        lowerer.warn(&pointer, message);
    }
    let mut operations = operations;
    for (pointer, message) in crate::passes::deep_objects::check_deep_objects(&mut operations, &types) {
        lowerer.warn(&pointer, message);
    }
    for op in &mut operations {
        lowerer.pagination(op, &types);
    }
    let credential_setters = crate::passes::client_names::client_names(&mut operations);
    if let Some(worker) = worker {
        // A sampler that panicked is a bug; its panic is passed on as if it had happened here.
        let samples = worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        for (slot, sampled) in samples {
            place_sample(&mut operations, slot, sampled);
        }
    }
    Api {
        module: spec.module.to_owned(),
        title: spec.title.to_owned(),
        source: spec.source.to_owned(),
        description: api.info.description.clone().filter(|d| !d.trim().is_empty()),
        trait_name,
        types,
        operations,
        credential_setters,
        target: crate::ir::Target::Crate,
        parts: spec.parts,
    }
}

fn place_sample(operations: &mut [Operation], slot: SampleSlot, sampled: Sampled) {
    match (slot, sampled) {
        (SampleSlot::Mock { operation, case }, Sampled::Text(text)) => {
            if let Some(case) = operations.get_mut(operation).and_then(|op| op.responses.get_mut(case)) {
                case.mock = Some(text);
            }
        }
        (SampleSlot::RequestExample { operation }, Sampled::Value(value)) => {
            if let Some(body) = operations.get_mut(operation).and_then(|op| op.body.as_mut()) {
                body.example = Some(value);
            }
        }
        _ => unreachable!("a mock is text and a request example a value (SampleJob::run)"),
    }
}

/// The most properties `allOf` merging copies into structs over a whole document. Each schema that extends
/// another holds all of its properties, so a chain of extensions copies a number that grows with the square
/// of its length: 2,000 links made 2 million fields and 900 MB. Real documents copy far fewer: the most among
/// the corpus and the bench specs is 878 (shipengine.com), OpenAI's spec 385.
const MERGED_PROPERTIES: usize = 100_000;

struct Lowerer<'a, 'd> {
    api: &'a OpenAPI,
    spec: &'a SpecInfo<'a>,
    diags: &'d mut Diagnostics,
    module_scope: Scope,
    method_scope: Scope,
    /// components.schemas key → Rust type name.
    names: BTreeMap<String, String>,
    /// Where values built from schemas are sent to be built on another thread; `None`: built here.
    samples: Option<std::sync::mpsc::Sender<SampleJob<'a>>>,
    /// The index of the operation being lowered, for [`SampleSlot`]s.
    operation_index: usize,
    /// How many more properties `allOf` merging may copy into the structs it makes ([`MERGED_PROPERTIES`]).
    merge_budget: usize,
    /// The dynamic shape of each referenced response schema, built once: vendors answer every operation's
    /// errors with the same `$ref` (Stripe: one `Error` schema for 468 operations).
    shapes: BTreeMap<String, String>,
}

impl<'a, 'd> Lowerer<'a, 'd> {
    fn new(
        api: &'a OpenAPI,
        spec: &'a SpecInfo<'a>,
        diags: &'d mut Diagnostics,
        samples: Option<std::sync::mpsc::Sender<SampleJob<'a>>>,
    ) -> Self {
        Lowerer {
            api,
            spec,
            diags,
            module_scope: Scope::new(),
            method_scope: Scope::new(),
            names: BTreeMap::new(),
            samples,
            operation_index: 0,
            merge_budget: MERGED_PROPERTIES,
            shapes: BTreeMap::new(),
        }
    }

    fn schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        self.api.components.iter().flat_map(|c| c.schemas.iter())
    }

    fn origin(&self, pointer: String, extensions: Option<&indexmap::IndexMap<String, serde_json::Value>>) -> Origin {
        let source_line =
            extensions.and_then(|e| e.get("x-source")).and_then(|v| v.as_str()).and_then(|s| s.rsplit_once(':'));
        // `x-source` names the page a node came from: a spec read from several pages has several.
        let file = source_line.map_or_else(|| self.spec.file.path.clone(), |(file, _)| file.to_owned());
        let source_line = source_line.and_then(|(_, line)| line.parse().ok());
        Origin { file, pointer, source_line }
    }

    /// Reads the operation's `x-pagination` (written by `normalise::pagination::describe`) against the
    /// types.
    fn pagination(&mut self, op: &mut Operation, types: &[TypeDef]) {
        let value = oas::find_operation(self.api, &op.endpoint.path, op.endpoint.method)
            .and_then(|oa| oa.extensions.get(oas::PAGINATION_EXTENSION));
        let Some(value) = value else { return };
        match pagination::resolve_ir(op, value, types) {
            Ok(pagination) => op.pagination = pagination,
            Err(message) => {
                let pointer = format!("{}/{}", op.origin.pointer, oas::PAGINATION_EXTENSION);
                self.warn(&pointer, format!("{message}; the client gets no paging method for this operation"));
            }
        }
    }

    fn warn(&mut self, pointer: &str, message: String) {
        let location = self.spec.source_map.locate(pointer);
        self.diags.warning_at(&location, format!("at `{pointer}`: {message}"));
    }
}
