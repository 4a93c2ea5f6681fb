//! The derive readers on the workspace's real pages and documents: the seed pages in `specs/`, the fixtures
//! of `tests/fixtures/`, the bench spec and the apis.guru corpus in `../shared`. The readers' own rules are
//! unit tests beside them, on small pages written for each rule.

use docgen::derive::page::markdown_tree::{parse_page, Page};
use docgen::diagnostic::{Diagnostics, SourceFile};

/// Every fixture of `tests/fixtures/<folder>` is recognised by a single-operation reader and derives without
/// panicking: a document with one operation that carries `x-source`, or an error saying why not; every
/// diagnostic has a place in the fixture.
fn every_fixture_derives_or_says_why_not(
    folder: &str,
    recognise: fn(&Page) -> bool,
    derive: fn(&SourceFile, &Page, &mut Diagnostics) -> Option<openapiv3::OpenAPI>,
) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(folder);
    let mut entries: Vec<_> = std::fs::read_dir(&root).expect("fixture folder").flatten().map(|e| e.path()).collect();
    entries.sort();
    assert!(entries.len() >= 6, "{entries:?}");
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("fixture reads");
        let name = format!("tests/fixtures/{folder}/{}", path.file_name().unwrap().to_string_lossy());
        let file = SourceFile::new(name.clone(), text);
        let mut diags = Diagnostics::new();
        let page = parse_page(&file, &mut diags).expect("page parses");
        assert!(recognise(&page), "{name} is not recognised");
        let api = derive(&file, &page, &mut diags);
        assert_eq!(api.is_none(), diags.has_errors(), "{name}: {diags}");
        assert!(diags.iter().all(|d| d.position.is_some() && d.file == name), "{name}: {diags}");
        if let Some(api) = api {
            let (_, _, operation) = api.operations().next().expect("one operation");
            assert!(operation.extensions.contains_key("x-source"), "{name}");
        }
    }
}

/// The bundled seed `specs/<name>`, recognised by a single-operation reader and derived: the document as
/// JSON (or `None`) and the diagnostics, placed in `specs/<name>`.
fn derive_seed(
    name: &str,
    recognise: fn(&Page) -> bool,
    derive: fn(&SourceFile, &Page, &mut Diagnostics) -> Option<openapiv3::OpenAPI>,
) -> (Option<serde_json::Value>, Diagnostics) {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs").join(name))
        .expect("the seed is bundled");
    let file = SourceFile::new(format!("specs/{name}"), text);
    let mut diags = Diagnostics::new();
    let page = parse_page(&file, &mut diags).expect("page parses");
    assert!(recognise(&page), "not recognised");
    let api = derive(&file, &page, &mut diags);
    (api.map(|api| serde_json::to_value(api).expect("serialises")), diags)
}

mod reference_tables {
    use docgen::derive::page::markdown_tree::parse_page;
    use docgen::derive::reference_tables::derive;
    use docgen::diagnostic::{Diagnostics, SourceFile};
    use serde_json::Value;

    const SEED: &str = include_str!("../../specs/azure-ai-foundry.list-conversations.md");

    /// Derives `text` as the page `path`: the document as JSON (for pointer lookups) and the rendered diagnostics.
    fn derive_text(path: &str, text: &str) -> (Option<Value>, Vec<String>) {
        let file = SourceFile::new(path, text);
        let mut diags = Diagnostics::new();
        let api = parse_page(&file, &mut diags).and_then(|page| derive(&file, &page, &mut diags));
        let json = api.map(|api| serde_json::to_value(api).expect("an OpenAPI model always serialises"));
        (json, diags.sorted().iter().map(ToString::to_string).collect())
    }

    fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
        value.pointer(pointer).unwrap_or(&Value::Null)
    }

    #[test]
    fn seed_page_yields_the_operation_and_every_parameter() {
        let (api, _) = derive_text("specs/azure.md", SEED);
        let api = api.expect("the seed derives");
        assert_eq!(at(&api, "/openapi"), "3.0.3");
        assert_eq!(at(&api, "/info/title"), "List conversations");
        let op = at(&api, "/paths/~1openai~1v1~1conversations/get");
        assert_eq!(at(op, "/operationId"), "listConversations");
        assert_eq!(at(op, "/x-source"), "specs/azure.md:3");
        let params = at(op, "/parameters").as_array().expect("parameters");
        let names: Vec<(&str, &str)> =
            params.iter().map(|p| (p["name"].as_str().unwrap_or(""), p["in"].as_str().unwrap_or(""))).collect();
        assert_eq!(
            names,
            [
                ("limit", "query"),
                ("order", "query"),
                ("after", "query"),
                ("before", "query"),
                ("agent_name", "query"),
                ("agent_id", "query"),
                ("x-ms-user-isolation-key", "header")
            ]
        );
        assert_eq!(params[0]["schema"], serde_json::json!({"type": "integer", "default": 20}));
        assert!(!params[0]["description"].as_str().unwrap_or("").contains("Default"), "markers leave the description");
        assert_eq!(params[1]["schema"]["$ref"], "#/components/schemas/PageOrder");
        assert_eq!(params[0]["x-source"], "specs/azure.md:13");
    }

    #[test]
    fn seed_page_yields_named_types_recursion_statuses_and_one_warning() {
        let (api, warnings) = derive_text("specs/azure.md", SEED);
        let api = api.expect("the seed derives");
        let schemas = at(&api, "/components/schemas");
        assert_eq!(at(schemas, "/PageOrder/enum"), &serde_json::json!(["asc", "desc"]));
        let resource = at(schemas, "/ConversationResource");
        assert_eq!(at(resource, "/properties/object/enum"), &serde_json::json!(["conversation"]));
        assert_eq!(at(resource, "/properties/object/default"), "conversation");
        assert_eq!(at(resource, "/properties/created_at/format"), "unixtime");
        assert_eq!(at(resource, "/description"), &Value::Null, "prose under a field heading describes the field");
        let error = at(schemas, "/Error");
        assert_eq!(at(error, "/properties/details/items/$ref"), "#/components/schemas/Error");
        assert_eq!(at(error, "/properties/code/nullable"), true);
        assert_eq!(at(error, "/required"), &serde_json::json!(["code", "message"]));
        assert_eq!(at(schemas, "/Metadata/additionalProperties"), true);
        let responses = at(&api, "/paths/~1openai~1v1~1conversations/get/responses");
        for status in ["200", "4XX", "5XX"] {
            assert!(responses.get(status).is_some(), "status {status} missing");
        }
        let body = at(responses, "/200/content/application~1json/schema");
        assert_eq!(at(body, "/properties/data/items/$ref"), "#/components/schemas/ConversationResource");
        assert_eq!(at(body, "/required"), &serde_json::json!(["data", "has_more"]));
        assert_eq!(
            at(responses, "/4XX/content/application~1json/schema/properties/error/$ref"),
            "#/components/schemas/Error"
        );
        // The identical second `OpenAI.Error` is the same type: the only warning is the undefined `OpenAI.Metadata`.
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(
            warnings[0].contains("OpenAI.Metadata") && warnings[0].starts_with("specs/azure.md:51:"),
            "{warnings:#?}"
        );
    }
}

mod example_pages {
    use docgen::derive::example_pages::{derive, recognise};

    #[test]
    fn vectara_seed_is_a_post_with_request_and_response_schemas() {
        let (api, diags) = super::derive_seed("vectara.list-conversations.md", recognise, derive);
        let api = api.expect("a document");
        assert!(!diags.has_errors(), "{diags}");
        let rendered = diags.to_string();
        assert!(
            rendered
                .contains("specs/vectara.list-conversations.md:43:19: warning: the request example: trailing comma"),
            "{rendered}"
        );
        assert!(
            rendered
                .contains("specs/vectara.list-conversations.md:82:19: warning: the request example: trailing comma"),
            "{rendered}"
        );
        assert!(rendered.contains("POST is assumed"), "{rendered}");
        assert_eq!(diags.iter().count(), 3, "{rendered}");
        assert_eq!(api["info"]["title"], "List Conversations API Definition");
        let operation = &api["paths"]["/v1/list-conversations"]["post"];
        assert_eq!(operation["operationId"], "listConversations");
        assert_eq!(operation["x-source"], "specs/vectara.list-conversations.md:75");
        assert!(api.get("servers").is_none(), "the host is a placeholder: {api}");
        let request = &operation["requestBody"]["content"]["application/json"];
        let num_results = &request["schema"]["properties"]["num_results"];
        assert_eq!(num_results["type"], "string", "the example gives a string");
        assert_eq!(num_results["default"], "5");
        assert_eq!(num_results["x-source"], "specs/vectara.list-conversations.md:35");
        assert!(num_results["description"].as_str().unwrap().starts_with("Specifies the maximum number"));
        assert_eq!(request["schema"]["required"], serde_json::json!(["page_key"]), "num_results has a default");
        assert_eq!(request["example"]["num_results"], "5", "identical examples count once");
        let response = &operation["responses"]["200"]["content"]["application/json"];
        let schema = &response["schema"];
        assert_eq!(schema["properties"]["conversation"]["items"]["properties"]["epoch_secs"]["type"], "integer");
        assert_eq!(schema["properties"]["status"]["properties"]["code"]["type"], "integer");
        assert_eq!(schema["required"], serde_json::json!(["conversation", "status", "page_key"]));
        assert_eq!(response["examples"].as_object().map(|m| m.len()), Some(2));
    }

    /// Every fixture of this front-end derives without panicking: a document, or an error saying why not;
    /// every diagnostic has a place. (The snapshot harness in `tests/` checks the documents themselves.)
    #[test]
    fn every_fixture_derives_or_says_why_not() {
        super::every_fixture_derives_or_says_why_not("example_pages", recognise, derive);
    }
}

mod mdx_components {
    use docgen::derive::mdx_components::{derive, recognise};

    #[test]
    fn trillet_seed_reads_as_an_array_of_conversations() {
        let (api, diags) = super::derive_seed("trillet.get-v1-api-conversations.mdx", recognise, derive);
        let api = api.expect("a document");
        assert!(!diags.has_errors(), "{diags}");
        assert!(diags.is_empty(), "the seed is clean: {diags}");
        let operation = &api["paths"]["/v1/api/conversations"]["get"];
        assert_eq!(operation["operationId"], "getAllConversations");
        assert_eq!(api["info"]["title"], "Get All Conversations");
        assert_eq!(api["info"]["version"], "0.0.0");
        assert_eq!(operation["x-source"], "specs/trillet.get-v1-api-conversations.mdx:4");
        let header = &operation["parameters"][0];
        assert_eq!(header["in"], "header");
        assert_eq!(header["name"], "x-workspace-id");
        assert_eq!(header["required"], true);
        assert_eq!(header["schema"]["type"], "string");
        assert_eq!(header["description"], "Workspace identifier for the API.");
        assert_eq!(header["x-source"], "specs/trillet.get-v1-api-conversations.mdx:11");
        let media = &operation["responses"]["200"]["content"]["application/json"];
        let body = &media["schema"];
        assert_eq!(body["type"], "array");
        let item = &body["items"];
        assert_eq!(item["type"], "object");
        assert!(item.get("required").is_none(), "documented fields without `required` are optional: {item}");
        assert_eq!(item["properties"]["_id"]["description"], "The unique identifier for the conversation.");
        let customer = &item["properties"]["customer"];
        assert_eq!(customer["properties"]["email"]["type"], "string");
        assert_eq!(customer["properties"]["email"]["x-source"], "specs/trillet.get-v1-api-conversations.mdx:42");
        let message = &item["properties"]["messages"]["items"];
        assert_eq!(message["type"], "object");
        assert_eq!(message["properties"]["sent"]["type"], "boolean");
        assert_eq!(message["required"].as_array().map(Vec::len), Some(7), "example-only fields present everywhere");
        assert_eq!(message["properties"]["direction"]["x-source"], "specs/trillet.get-v1-api-conversations.mdx:78");
        assert!(media["example"].is_array());
    }

    /// Every fixture of this front-end derives without panicking: a document, or an error saying why not;
    /// every diagnostic has a place. (The snapshot harness in `tests/` checks the documents themselves.)
    #[test]
    fn every_fixture_derives_or_says_why_not() {
        super::every_fixture_derives_or_says_why_not("mdx_components", recognise, derive);
    }
}

mod parallel_parse {
    use docgen::derive::openapi::parallel_parse::{parse_json, parse_value};
    use openapiv3::OpenAPI;
    use serde::Deserialize;
    use serde_json::Value;

    /// Every construct fixture (as JSON), and hand-made documents with the parts the split must put back.
    fn documents() -> Vec<(String, String)> {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/constructs");
        let mut documents: Vec<(String, String)> = std::fs::read_dir(&folder)
            .expect("the construct fixtures")
            .map(|entry| entry.expect("an entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
            .map(|path| {
                let value: serde_json::Value =
                    serde_yaml::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("YAML");
                (path.display().to_string(), value.to_string())
            })
            .collect();
        documents.sort();
        let operation = r#"{"responses": {"200": {"description": "ok"}}}"#;
        let paths: Vec<String> = (0..6).map(|i| format!(r#""/p{i}": {{"get": {operation}}}"#)).collect();
        documents.extend([
            // Extensions at the top and among the paths, a path item by reference, a key with an escape.
            (
                "extensions".to_owned(),
                format!(
                    r##"{{"x-top": 1, "openapi": "3.0.3", "info": {{"title": "t", "version": "1"}},
                    "paths": {{{}, "x-paths": [1], "/r": {{"$ref": "#/x"}}, "/q\"uote": {{}}, {}, "x-last": 2}},
                    "components": {{"schemas": {{"A": {{"type": "string"}}}}}}, "x-end": {{"a": null}}}}"##,
                    paths[..3].join(","),
                    paths[3..].join(",")
                ),
            ),
            // No components; components `null`; no paths.
            (
                "no components".to_owned(),
                format!(
                    r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{{}}}}}"#,
                    paths.join(",")
                ),
            ),
            (
                "null components".to_owned(),
                r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": null}"#
                    .to_owned(),
            ),
            ("no paths".to_owned(), r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}}"#.to_owned()),
            // Schemas that outweigh the paths (the value route splits them), among other components.
            (
                "schemas outweigh paths".to_owned(),
                format!(
                    r##"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{{}}},
                    "components": {{"responses": {{"R": {{"description": "r"}}}}, "schemas": {{{}}}, "x-c": true}}}}"##,
                    paths[0],
                    (0..8)
                        .map(|i| format!(r##""S{i}": {{"type": "object", "properties": {{"a": {{"$ref": "#/components/schemas/S{}"}}, "b": {{"type": "array", "items": {{"type": "string"}}}}}}}}"##, (i + 1) % 8))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            ),
        ]);
        documents
    }

    /// Over [`documents`]: what `split` reads equals what `whole` reads (written out, so that order counts too:
    /// `IndexMap`'s equality ignores it), and at least 20 are read in parts.
    fn split_equals_whole(
        split: impl Fn(&str) -> Option<OpenAPI>,
        whole: impl Fn(&str) -> Result<OpenAPI, serde_json::Error>,
    ) {
        let mut read_in_parts = 0;
        for (name, text) in documents() {
            match (split(&text), whole(&text)) {
                (Some(parts), Ok(whole)) => {
                    let written = |api: &OpenAPI| serde_json::to_string(api).expect("writable");
                    assert_eq!(written(&parts), written(&whole), "{name}");
                    read_in_parts += 1;
                }
                (None, _) => {}
                (Some(_), Err(error)) => panic!("{name}: the split read took what the whole read rejects: {error}"),
            }
        }
        assert!(read_in_parts >= 20, "only {read_in_parts} documents were read in parts");
    }

    #[test]
    fn the_split_parse_equals_the_whole_parse() {
        split_equals_whole(parse_json, |text| serde_json::from_str::<OpenAPI>(text));
    }

    #[test]
    fn the_split_read_of_a_value_equals_the_whole_read() {
        let value = |text: &str| serde_json::from_str::<Value>(text).expect("JSON");
        split_equals_whole(|text| parse_value(&value(text)), |text| OpenAPI::deserialize(&value(text)));
        for text in [
            "[]",
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": []}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": 1}}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": []}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t"}, "paths": {}}"#,
        ] {
            assert_eq!(parse_value(&serde_json::from_str(text).expect("JSON")), None, "{text}");
        }
    }
}

mod yaml_value {
    use std::path::{Path, PathBuf};

    use docgen::derive::openapi::loose_value::serde_yaml_value;
    use docgen::derive::openapi::yaml_value::read;
    use docgen::diagnostic::SourceFile;
    use docgen::source_map::Embedding;
    use docgen::source_map::{push_escaped, SourceMap, YamlIndexer};
    use serde_json::Value;

    /// A value as JSON text: `Value`'s `==` does not compare the order of a map's keys.
    fn written(value: &Value) -> String {
        serde_json::to_string(value).expect("a value writes")
    }

    /// Every pointer of a value, in document order.
    fn pointers(value: &Value, at: &mut String, out: &mut Vec<String>) {
        out.push(at.clone());
        let len = at.len();
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    at.push('/');
                    push_escaped(at, key);
                    pointers(child, at, out);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    at.push_str(&format!("/{index}"));
                    pointers(child, at, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// The value equals serde_yaml's, and the index built on the way places every node where the index
    /// built on its own does.
    fn check_document(name: &str, text: &str) {
        let mut index = YamlIndexer::new();
        let value = read(text, &mut index).unwrap_or_else(|| panic!("{name}: not read"));
        let reference = serde_yaml_value(text).unwrap_or_else(|e| panic!("{name}: serde_yaml: {e}"));
        assert!(written(&value) == written(&reference), "{name}: the values differ");
        let file = SourceFile::new(name, text);
        let embedding = Embedding { first_line: 1, column_shift: 0 };
        let installed = SourceMap::of_text_indexed(&file, text, embedding, false);
        installed.install(index);
        let own = SourceMap::of_text_indexed(&file, text, embedding, false);
        let mut all = Vec::new();
        pointers(&value, &mut String::new(), &mut all);
        for pointer in &all {
            assert_eq!(installed.locate(pointer), own.locate(pointer), "{name}: {pointer}");
        }
    }

    fn files(folder: &Path, extension: &str) -> Vec<PathBuf> {
        let entries = std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
        let mut files: Vec<PathBuf> = entries
            .map(|entry| entry.expect("a folder entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == extension))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn reads_every_yaml_document_as_serde_yaml_does_and_indexes_it_alike() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut documents = files(&root.join("tests/fixtures/constructs"), "yaml");
        documents.extend(files(&root.join("generator/tests/fixtures"), "yaml"));
        documents.push(root.join("../shared/bench/openai_openapi.yaml"));
        for path in &documents {
            let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            check_document(&path.display().to_string(), &text);
        }
        assert!(documents.len() > 20, "{documents:?}");
    }

    /// The corpus's JSON documents, written as YAML by serde_yaml and by our writer (plain, quoted and block
    /// scalars of every kind of text the documents hold).
    #[test]
    fn reads_the_corpus_written_as_yaml_as_serde_yaml_does() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/apis-guru");
        let mut read = 0;
        for path in files(&corpus, "json") {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // Large documents add time, not kinds of text.
            if text.len() > 150_000 {
                continue;
            }
            let value: Value = serde_json::from_str(&text).expect("corpus documents are JSON");
            let name = path.display().to_string();
            check_document(&name, &serde_yaml::to_string(&value).expect("serde_yaml writes it"));
            read += 1;
        }
        assert!(read > 80, "{read} documents");
    }
}
