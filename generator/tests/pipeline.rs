//! The pipeline over the construct fixtures (`tests/fixtures/constructs`), through the library's public API:
//! lowering builds the same IR wherever it builds samples, strict entries turn warnings into errors, and every
//! module written parses as Rust.

mod support;

use std::path::{Path, PathBuf};

use docgen::lower::{self, Sampling, SpecInfo};
use docgen::project::{self, SpecRequest};
use docgen::{Diagnostics, Severity, SourceFile};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/constructs")
}

/// The construct fixtures, in name order.
fn fixture_paths() -> Vec<PathBuf> {
    let mut paths: Vec<_> =
        std::fs::read_dir(fixtures()).expect("the construct fixtures").flatten().map(|e| e.path()).collect();
    paths.sort();
    paths
}

/// Samples built on another thread land where they would have been built here: mock bodies in their
/// response cases, request examples in their bodies, with the same diagnostics.
#[test]
fn samples_built_elsewhere_are_put_in_their_places() {
    let (mut mocks, mut examples) = (0, 0);
    for path in fixture_paths() {
        let document = SourceFile::new(path.display().to_string(), std::fs::read_to_string(&path).expect("read"));
        let mut diags = Diagnostics::new();
        let Some(derived) = docgen::derive::derive_openapi(&document, &mut diags) else { continue };
        let endpoints = project::all_endpoints(&derived.openapi, &document);
        let source_map = derived.source_map;
        let Some(api) = docgen::normalise::normalise(derived.openapi, &endpoints, &document, &source_map, &mut diags)
        else {
            continue;
        };
        let spec = SpecInfo {
            module: "fixture",
            title: "Fixture",
            file: &document,
            source: &document.path,
            source_map: &source_map,
            parts: docgen::ir::Parts::ALL,
        };
        let (mut here, mut elsewhere) = (diags.clone(), diags);
        let inline = lower::lower_with_sampling(&api, &spec, &mut here, Sampling::Here);
        let threaded = lower::lower_with_sampling(&api, &spec, &mut elsewhere, Sampling::Elsewhere);
        assert!(inline == threaded, "{}: the IRs differ", path.display());
        assert_eq!(here.to_string(), elsewhere.to_string(), "{}", path.display());
        let operations = &threaded.operations;
        mocks += operations.iter().flat_map(|op| &op.responses).filter(|case| case.mock.is_some()).count();
        examples += operations.iter().filter(|op| op.body.as_ref().is_some_and(|b| b.example.is_some())).count();
    }
    assert!(mocks >= 20 && examples >= 4, "{mocks} mock bodies and {examples} request examples");
}

/// A manifest entry with `strict = true` is not generated while any warning is about it; every warning
/// is an error then. Without it, the same entry generates with warnings.
#[test]
fn a_strict_entry_turns_warnings_into_errors() {
    let path = fixtures().join("dangling_refs.yaml");
    let document = SourceFile::new("dangling_refs.yaml", std::fs::read_to_string(path).expect("the fixture"));
    let manifest =
        "[[spec]]\nmodule = \"d\"\ntitle = \"D\"\ndocument = \"dangling_refs.yaml\"\nendpoints = [\"POST /notes\"]\n";
    for strict in [false, true] {
        let text = if strict { format!("{manifest}strict = true\n") } else { manifest.to_owned() };
        let mut diags = Diagnostics::new();
        let entries = docgen::manifest::parse_manifest(&SourceFile::new("specs.toml", text), &mut diags);
        let spec = docgen::generate_entry(&entries[0], std::slice::from_ref(&document), "specs", &mut diags);
        let severities: Vec<_> = diags.iter().map(|d| d.severity).collect();
        assert_eq!(severities.len(), 2, "{diags}");
        if strict {
            assert!(spec.is_none());
            assert!(severities.iter().all(|s| *s == Severity::Error), "{diags}");
        } else {
            assert!(spec.is_some());
            assert!(!diags.has_errors(), "{diags}");
        }
    }
}

/// Every module render writes is a Rust file. Each construct fixture's module, and each operation's
/// excerpt, is parsed by `syn`; and the module is the same when formatted on two threads
/// ([`project::spec_sources`]).
#[test]
fn emitted_modules_parse_as_rust_files() {
    let mut modules = 0;
    for path in fixture_paths() {
        let text = std::fs::read_to_string(&path).expect("a fixture");
        let document = SourceFile::new(path.display().to_string(), text);
        let request =
            SpecRequest { module: "fixture", title: "Fixture", source: None, endpoints: None, pagination: &[] };
        let mut diags = Diagnostics::new();
        let Some(spec) = project::generate_spec_observed(&request, &document, &mut diags, &mut |_| {}) else {
            continue;
        };
        let module = project::module_source(&spec).expect("renders");
        if let Err(error) = syn::parse_file(&module) {
            panic!("{}: the module does not parse: {error}", path.display());
        }
        // Formatted on two threads, the texts are the same.
        let openapi = project::openapi_source(&spec).expect("renders");
        let (spec, texts) = project::spec_sources(spec).expect("renders");
        assert!(texts.module == module, "{}: the module written in parts differs", path.display());
        assert_eq!(texts.openapi, openapi, "{}", path.display());
        for index in 0..spec.api.operations.len() {
            let excerpt = project::endpoint_excerpt(&spec.api, index).expect("an excerpt");
            assert!(syn::parse_file(&excerpt).is_ok(), "{}: excerpt {index} does not parse", path.display());
        }
        modules += 1;
    }
    assert!(modules >= 15, "only {modules} construct fixtures generated a module");
}

/// Normalising: discriminator mappings and alias loops reported where they are written.
mod normalising {
    use docgen::normalise::normalise;
    use openapiv3::OpenAPI;

    use super::support::{derived_with_endpoints, Diagnostics, SourceFile};

    /// Normalises `document` (JSON) with every operation listed.
    fn normalised(document: String) -> (Option<OpenAPI>, Diagnostics) {
        let file = SourceFile::new("chain.json".to_owned(), document);
        let mut diags = Diagnostics::new();
        let (derived, endpoints) = derived_with_endpoints(&file, &mut diags);
        let api = normalise(derived.openapi.clone(), &endpoints, &file, &derived.source_map, &mut diags);
        (api, diags)
    }

    /// A discriminator mapping entry that names no schema of the document is reported where it is written,
    /// in a component and in an inline schema alike; entries naming defined schemas are not.
    #[test]
    fn a_discriminator_mapping_to_an_undefined_schema_is_reported() {
        let text = r##"openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  pet: {$ref: "#/components/schemas/Pet"}
                  shape:
                    oneOf: [{$ref: "#/components/schemas/Dog"}]
                    discriminator: {propertyName: kind, mapping: {dog: Dog, circle: Circle}}
components:
  schemas:
    Pet:
      type: object
      properties: {petType: {type: string}}
      discriminator:
        propertyName: petType
        mapping:
          dog: "#/components/schemas/Dog"
          cat: "#/components/schemas/Cat"
    Dog:
      allOf: [{$ref: "#/components/schemas/Pet"}]
"##;
        let file = SourceFile::new("mapping.yaml", text);
        let mut diags = Diagnostics::new();
        let (derived, endpoints) = derived_with_endpoints(&file, &mut diags);
        normalise(derived.openapi, &endpoints, &file, &derived.source_map, &mut diags).expect("normalises");
        let found: Vec<String> =
            diags.sorted().iter().map(|d| format!("{}:{:?}: {}", d.file, d.position, d.message)).collect();
        let inline = "/paths/~1x/get/responses/200/content/application~1json/schema/properties/shape";
        assert_eq!(
            found,
            [
                format!("mapping.yaml:Some((17, 77)): at `{inline}/discriminator/mapping/circle`: the discriminator maps `circle` to `Circle`, which this document does not define; the mapping entry cannot be used"),
                "mapping.yaml:Some((27, 11)): at `/components/schemas/Pet/discriminator/mapping/cat`: the discriminator maps `cat` to `#/components/schemas/Cat`, which this document does not define; the mapping entry cannot be used".to_owned(),
            ]
        );
    }

    #[test]
    fn an_alias_loop_is_an_error_at_each_reference_into_it() {
        let document = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "a": {"$ref": "#/components/schemas/A"},
                    "b": {"$ref": "#/components/schemas/B"},
                    "c": {"$ref": "#/components/schemas/C"},
                    "ok": {"$ref": "#/components/schemas/D"}}}}}}}}}},
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/A"},
                "C": {"$ref": "#/components/schemas/A"},
                "D": {"$ref": "#/components/schemas/E"},
                "E": {"type": "string"}}},
        });
        let (api, diags) = normalised(document.to_string());
        assert!(api.is_none());
        let messages: Vec<String> = diags.sorted().iter().map(|d| d.message.clone()).collect();
        let cycles = messages.iter().filter(|m| m.contains("cycle of references that never reaches a schema")).count();
        // Each reference into the loop is an error where it is, also the one reaching it through `C`.
        assert_eq!(cycles, 3, "{messages:#?}");
        assert_eq!(messages.len(), 3, "{messages:#?}");
    }
}

/// Pagination: recognised in the document, stated by the manifest, or described wrongly (a located warning).
mod pagination {
    use docgen::diagnostic::Location;
    use docgen::endpoint::{Endpoint, Method};
    use docgen::ir::{PageStyle, Primitive, TypeRef};
    use docgen::manifest::{PageStyleName, PaginationOverride, PaginationSpec};
    use docgen::oas::PAGINATION_EXTENSION as EXTENSION;

    use super::support::{document_spec, Diagnostics, SourceFile, SpecOutput};

    fn generate(yaml: &str, overrides: &[PaginationOverride]) -> (Option<SpecOutput>, Diagnostics) {
        let document = SourceFile::new("api.yaml".to_owned(), yaml.to_owned());
        let mut diags = Diagnostics::new();
        let spec = document_spec(&document, overrides, &mut diags);
        (spec, diags)
    }

    fn extension(spec: &SpecOutput) -> Option<PaginationSpec> {
        let op = spec.openapi.paths.paths.get("/items")?.as_item()?.get.as_ref()?;
        op.extensions.get(EXTENSION).map(|v| serde_json::from_value(v.clone()).expect("an x-pagination we wrote"))
    }

    /// A list operation: `params` are query parameters `name: type`, `page` the success body's properties.
    fn document(params: &[(&str, &str)], page: &str, extra: &str) -> String {
        let params: String = params
            .iter()
            .map(|(name, ty)| format!("        - {{name: {name}, in: query, schema: {{type: {ty}}}}}\n"))
            .collect();
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /items:\n    get:\n      operationId: listItems\n{extra}      parameters:\n{params}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items]\n                properties:\n{page}"
        )
    }

    const ITEMS: &str = "                  items: {type: array, items: {type: string}}\n";

    #[test]
    fn recognises_a_cursor_nested_in_the_page() {
        let page = format!("{ITEMS}                  meta:\n                    type: object\n                    properties:\n                      nextToken: {{type: string}}\n");
        let (spec, diags) = generate(&document(&[("nextToken", "string")], &page, ""), &[]);
        let spec = spec.expect("generates");
        assert!(diags.is_empty(), "{diags}");
        let stated = extension(&spec).expect("recognised");
        assert_eq!(stated.style, PageStyleName::Cursor);
        assert_eq!(stated.items.as_deref(), Some("/items"));
        assert_eq!(stated.cursor.as_deref(), Some("query.nextToken"));
        assert_eq!(stated.cursor_from.as_deref(), Some("/meta/nextToken"));
        assert_eq!(stated.source.as_deref(), Some("recognised"));
        let pagination = spec.api.operations[0].pagination.as_ref().expect("in the IR");
        assert_eq!(pagination.stream_fn, "list_items_stream");
        assert_eq!(pagination.items.ty, TypeRef::Primitive(Primitive::String));
        let PageStyle::Cursor { from, .. } = &pagination.style else { panic!("cursor") };
        assert_eq!(
            from.steps.iter().map(|s| (s.field.as_str(), s.optional)).collect::<Vec<_>>(),
            [("meta", true), ("next_token", true)]
        );
    }

    #[test]
    fn an_after_cursor_needs_has_more() {
        let page = format!("{ITEMS}                  last_id: {{type: string}}\n");
        let (spec, _) = generate(&document(&[("after", "string"), ("limit", "integer")], &page, ""), &[]);
        assert_eq!(extension(&spec.expect("generates")), None, "a last id alone does not say more pages follow");

        let page = format!("{page}                  has_more: {{type: boolean}}\n");
        let (spec, _) = generate(&document(&[("after", "string"), ("limit", "integer")], &page, ""), &[]);
        let stated = extension(&spec.expect("generates")).expect("recognised");
        assert_eq!(stated.cursor_from.as_deref(), Some("/last_id"));
        assert_eq!(stated.has_more.as_deref(), Some("/has_more"));
        assert_eq!(stated.page_size.as_deref(), Some("query.limit"));
    }

    #[test]
    fn recognises_offsets_and_leaves_plain_lists_alone() {
        let page = format!("{ITEMS}                  next: {{type: string, nullable: true}}\n");
        let (spec, _) = generate(&document(&[("offset", "integer"), ("limit", "integer")], &page, ""), &[]);
        let stated = extension(&spec.expect("generates")).expect("recognised");
        assert_eq!(
            (stated.style, stated.offset.as_deref(), stated.next.as_deref()),
            (PageStyleName::Offset, Some("query.offset"), Some("/next"))
        );

        // An offset without a page size, a link or `has_more` gives nothing to stop on but an empty page.
        let (spec, _) = generate(&document(&[("offset", "integer")], ITEMS, ""), &[]);
        assert_eq!(extension(&spec.expect("generates")), None);
        // A cursor-like parameter with nothing in the page to feed it.
        let (spec, _) = generate(&document(&[("cursor", "string")], ITEMS, ""), &[]);
        assert_eq!(extension(&spec.expect("generates")), None);
    }

    fn stated(style: PageStyleName) -> PaginationSpec {
        PaginationSpec {
            style,
            items: None,
            cursor: None,
            cursor_from: None,
            offset: None,
            next: None,
            has_more: None,
            page_size: None,
            source: None,
        }
    }

    fn at(spec: PaginationSpec, path: &str) -> PaginationOverride {
        PaginationOverride {
            endpoint: Endpoint::new(Method::Get, path),
            spec,
            location: Location::new("specs/specs.toml", 9, 1),
        }
    }

    #[test]
    fn the_manifest_states_overrides_or_switches_off() {
        let page = format!("{ITEMS}                  marker: {{type: string}}\n");
        let doc = document(&[("from", "string"), ("size", "integer")], &page, "");
        let (spec, _) = generate(&doc, &[]);
        assert_eq!(extension(&spec.expect("generates")), None, "silent document, unusual names");

        let manifest = PaginationSpec {
            items: Some("/items".to_owned()),
            cursor: Some("query.from".to_owned()),
            cursor_from: Some("/marker".to_owned()),
            page_size: Some("query.size".to_owned()),
            ..stated(PageStyleName::Cursor)
        };
        let (spec, diags) = generate(&doc, &[at(manifest.clone(), "/items")]);
        assert!(diags.is_empty(), "{diags}");
        let spec = spec.expect("generates");
        assert_eq!(extension(&spec), Some(PaginationSpec { source: Some("specs.toml".to_owned()), ..manifest }));
        assert_eq!(spec.api.operations[0].pagination.as_ref().map(|p| p.source.as_str()), Some("specs.toml"));

        let recognised = document(
            &[("nextToken", "string")],
            &format!("{ITEMS}                  nextToken: {{type: string}}\n"),
            "",
        );
        let (spec, _) = generate(&recognised, &[at(stated(PageStyleName::None), "/items")]);
        let spec = spec.expect("generates");
        assert_eq!(extension(&spec), None);
        assert_eq!(spec.api.operations[0].pagination, None);

        let (_, diags) = generate(&recognised, &[at(stated(PageStyleName::None), "/elsewhere")]);
        assert_eq!(
            diags.to_string().trim(),
            "specs/specs.toml:9:1: error: pagination for `GET /elsewhere`: the spec lists no such endpoint"
        );
    }

    #[test]
    fn a_description_that_does_not_fit_the_types_is_a_located_warning() {
        let extra = "      x-pagination: {style: offset, items: /items, offset: query.page}\n";
        let (spec, diags) = generate(&document(&[("page", "string")], ITEMS, extra), &[]);
        let spec = spec.expect("generates");
        assert_eq!(extension(&spec).and_then(|s| s.source), Some("document".to_owned()));
        assert_eq!(spec.api.operations[0].pagination, None);
        let rendered = diags.to_string();
        assert!(
            rendered.contains(
                "api.yaml:7:7: warning: at `/paths/~1items/get/x-pagination`: `offset` must be an integer, not String;"
            ),
            "{rendered}"
        );
        assert!(rendered.contains("the client gets no paging method"), "{rendered}");

        let extra = "      x-pagination: {style: cursor, items: /nothing}\n";
        let (_, diags) = generate(&document(&[("q", "string")], ITEMS, extra), &[]);
        assert!(diags.to_string().contains("`/nothing`: the page has no property `nothing`"), "{diags}");
    }
}

/// The OpenAPI document written beside the code: the router's own answers, parameters and bodies as the
/// router reads them, integer widths.
mod openapi_document {
    use serde_json::json;

    use super::support::{document_spec, Diagnostics, SourceFile};

    fn derived(yaml: &str) -> openapiv3::OpenAPI {
        let document = SourceFile::new("api.yaml".to_owned(), yaml.to_owned());
        let mut diags = Diagnostics::new();
        document_spec(&document, &[], &mut diags).expect("generates").openapi
    }

    const DOCUMENT: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
paths:
  /a:
    get:
      operationId: plain
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: integer}}}}
    post:
      operationId: withBody
      security: [{key: []}]
      parameters:
        - {in: query, name: n, schema: {type: integer, minimum: 0, maximum: 18446744073709551615}}
      requestBody:
        content: {application/json: {schema: {type: object, properties: {count: {type: integer}}}}}
      responses:
        '400': {description: the vendor's own, content: {text/plain: {schema: {type: string}}}}
        '201': {description: made}
"#;

    fn statuses(api: &openapiv3::OpenAPI, method: &str) -> Vec<(String, Option<String>)> {
        let item = api.paths.paths["/a"].as_item().expect("path");
        let op = if method == "get" { item.get.as_ref() } else { item.post.as_ref() }.expect("operation");
        op.responses
            .responses
            .iter()
            .map(|(status, response)| {
                let reference = match response {
                    openapiv3::ReferenceOr::Reference { reference } => Some(reference.clone()),
                    openapiv3::ReferenceOr::Item(_) => None,
                };
                (status.to_string(), reference)
            })
            .collect()
    }

    #[test]
    fn router_answers_are_documented_where_the_router_gives_them() {
        let api = derived(DOCUMENT);
        // No parameters, body or security: only a panicking service can make the router answer.
        assert_eq!(
            statuses(&api, "get"),
            [
                ("200".to_owned(), None),
                ("500".to_owned(), Some("#/components/responses/docgen.InternalError".to_owned()))
            ]
        );
        let refs = |s: &str| Some(format!("#/components/responses/docgen.{s}"));
        assert_eq!(
            statuses(&api, "post"),
            [
                ("201".to_owned(), None),
                ("400".to_owned(), None), // the vendor declares 400 itself: its declaration stays
                ("401".to_owned(), refs("Unauthorized")),
                ("413".to_owned(), refs("PayloadTooLarge")),
                ("415".to_owned(), refs("UnsupportedMediaType")),
                ("500".to_owned(), refs("InternalError")),
            ]
        );
        let responses = &api.components.as_ref().expect("components").responses;
        let names: Vec<&str> = responses.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["docgen.InternalError", "docgen.PayloadTooLarge", "docgen.Unauthorized", "docgen.UnsupportedMediaType"]
        );
        let answer = responses["docgen.Unauthorized"].as_item().expect("inline");
        assert_eq!(answer.extensions.get(docgen::oas::ROUTER_EXTENSION), Some(&serde_json::json!(true)));
        assert!(answer.content["application/json"].schema.is_some());
    }

    #[test]
    fn router_answers_never_become_response_variants() {
        let document = SourceFile::new("api.yaml".to_owned(), DOCUMENT.to_owned());
        let mut diags = Diagnostics::new();
        let spec = document_spec(&document, &[], &mut diags).expect("generates");
        let variants: Vec<Vec<&str>> =
            spec.api.operations.iter().map(|op| op.responses.iter().map(|r| r.variant.as_str()).collect()).collect();
        assert_eq!(variants, [vec!["Ok"], vec!["Created", "BadRequest"]]);
    }

    #[test]
    fn parameters_and_bodies_are_documented_as_the_router_reads_them() {
        let api = derived(
            r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      operationId: a
      parameters:
        - {in: query, name: filter, style: deepObject, schema: {$ref: '#/components/schemas/Filter'}}
        - {in: query, name: free, style: deepObject, schema: {type: object}}
        - {in: query, name: form, schema: {$ref: '#/components/schemas/Filter'}}
        - {in: query, name: many, style: deepObject, schema: {type: array, items: {type: string}}}
        - {in: header, name: list, schema: {type: array, items: {type: string}}}
      requestBody:
        content:
          application/xml: {schema: {type: string}}
          application/json: {schema: {$ref: '#/components/schemas/Filter'}}
      responses:
        '204': {description: ok}
components:
  schemas:
    Filter:
      type: object
      properties:
        status: {type: string}
"##,
        );
        let operation = api.paths.paths["/a"].as_item().and_then(|item| item.post.as_ref()).expect("operation");
        let text = |index: usize| serde_json::to_value(operation.parameters[index].as_item().expect("inline")).unwrap();
        // The struct refuses other properties, on a copy: the body of the same type does not.
        let filter = text(0);
        assert_eq!(filter["schema"]["additionalProperties"], json!(false), "{filter}");
        assert_eq!(filter["schema"]["properties"]["status"]["type"], json!("string"), "{filter}");
        let components = &api.components.as_ref().expect("components").schemas;
        assert!(serde_json::to_value(&components["Filter"]).unwrap().get("additionalProperties").is_none());
        // A free-form object's values are read as text.
        assert_eq!(text(1)["schema"]["additionalProperties"], json!({"type": "string"}));
        // An object in form style, and a list in a header, are read as text.
        for index in [2, 4] {
            let parameter = text(index);
            assert_eq!(parameter["schema"]["type"], json!("string"), "{parameter}");
        }
        // `deepObject` on a list: repeated pairs, as `form` writes them.
        assert_eq!((&text(3)["style"], text(3).get("explode")), (&json!("form"), None));
        let body = operation.request_body.as_ref().and_then(|b| b.as_item()).expect("body");
        assert_eq!(body.content.keys().collect::<Vec<_>>(), ["application/json"]);
    }

    #[test]
    fn integers_without_a_format_say_how_wide_they_are() {
        let text = serde_yaml::to_string(&derived(DOCUMENT)).expect("yaml");
        // The response's, the query parameter's and the body property's integers are all `i64` (a maximum
        // beyond i64 is clamped, with a warning, before typed parsing).
        assert_eq!(text.matches("format: int64").count(), 3, "{text}");
        assert_eq!(text.matches("type: integer").count(), 3, "{text}");
    }
}
