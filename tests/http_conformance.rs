//! Every listed endpoint of all five specs, served by its example-backed service (`<module>::mock`) through
//! the generated router over real HTTP on 127.0.0.1. Requests are built from the IR of the same generation
//! run, so a new endpoint in `specs/specs.toml` is covered without editing this file:
//! - the happy path (every parameter set) answers the documented example (or the schema-built value where
//!   the document has none), with its documented status;
//! - each kind of bad request gets its status and a JSON error naming what was wrong: a missing required
//!   parameter (400), a value of the wrong type (400), missing credentials (401), an unknown path (404), a
//!   wrong method (405 with `Allow`), and for bodies malformed JSON (400 with line and column), a wrong
//!   content type (415) and a body over the limit (413);
//! - a panicking service answers 500 without internals, and the next request succeeds.

use docgen::ir::{Api, BodyKind, CredentialKind, Operation, Param, ParamLocation, Primitive, TypeKind, TypeRef};
use docgen::WrittenSpec;
use serde_json::Value;

struct Endpoint {
    module: String,
    api: Api,
    index: usize,
}

impl Endpoint {
    fn op(&self) -> &Operation {
        &self.api.operations[self.index]
    }
    fn label(&self) -> String {
        format!("{}: {} {}", self.module, self.op().endpoint.method, self.op().endpoint.path)
    }
}

fn endpoints() -> Vec<Endpoint> {
    let generation = docgen_tests::generation();
    let specs: &[WrittenSpec] = &generation.specs;
    let endpoints: Vec<Endpoint> = specs
        .iter()
        .flat_map(|spec| {
            (0..spec.api.operations.len()).map(|index| Endpoint {
                module: spec.module.clone(),
                api: spec.api.clone(),
                index,
            })
        })
        .collect();
    let modules: std::collections::BTreeSet<&str> = endpoints.iter().map(|e| e.module.as_str()).collect();
    assert_eq!(modules.len(), vendor_apis::MODULES.len(), "every module has endpoints");
    endpoints
}

/// A text value valid for a parameter: the first enum value, a number inside the bounds, a string of the
/// minimum length.
fn valid_text(api: &Api, param: &Param) -> String {
    let item = match &param.ty {
        TypeRef::Vec(item) => item.as_ref(),
        other => other,
    };
    let c = &param.constraints;
    match item {
        TypeRef::Named(name) => match api.types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => e.variants[0].wire.clone(),
            _ => "x".repeat(c.min_length.unwrap_or(1).max(1)),
        },
        TypeRef::Primitive(
            Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64 | Primitive::F32 | Primitive::F64,
        ) => {
            let low = c.minimum.unwrap_or(0.0).max(0.0);
            let value = c.maximum.map_or(low + 1.0, |max| ((low + max) / 2.0).floor().max(low));
            format!("{}", value as i64)
        }
        TypeRef::Primitive(Primitive::Bool) => "true".to_owned(),
        TypeRef::Primitive(Primitive::DateTime) => "2024-01-01T00:00:00Z".to_owned(),
        TypeRef::Primitive(Primitive::Date) => "2024-01-01".to_owned(),
        TypeRef::Primitive(Primitive::Uuid) => "00000000-0000-4000-8000-000000000000".to_owned(),
        _ => "x".repeat(c.min_length.unwrap_or(3).max(1)),
    }
}

/// A text value no parser of the parameter's type accepts, if the type is narrower than text.
fn invalid_text(api: &Api, param: &Param) -> Option<String> {
    let item = match &param.ty {
        TypeRef::Vec(item) => item.as_ref(),
        other => other,
    };
    match item {
        TypeRef::Named(name) => match api.types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => Some("not-a-documented-value".to_owned()),
            _ => None,
        },
        TypeRef::Primitive(
            Primitive::I32
            | Primitive::I64
            | Primitive::U32
            | Primitive::U64
            | Primitive::F32
            | Primitive::F64
            | Primitive::Bool
            | Primitive::DateTime
            | Primitive::Date
            | Primitive::Uuid,
        ) => Some("not-a-value".to_owned()),
        TypeRef::Primitive(Primitive::String) => {
            param.constraints.max_length.map(|max| "x".repeat(max + 1)).or_else(|| match param.constraints.min_length {
                Some(min) if min > 0 => Some("x".repeat(min - 1)),
                _ => None,
            })
        }
        _ => None,
    }
}

/// Parts of a request, so that tests can leave one out or change one.
#[derive(Clone)]
struct Parts {
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<(String, Vec<u8>)>,
}

fn valid_parts(endpoint: &Endpoint) -> Parts {
    let op = endpoint.op();
    let mut parts = Parts { path: op.endpoint.path.clone(), query: Vec::new(), headers: Vec::new(), body: None };
    let mut cookies = Vec::new();
    for param in &op.params {
        let value = valid_text(&endpoint.api, param);
        match param.location {
            ParamLocation::Path => parts.path = parts.path.replace(&format!("{{{}}}", param.wire), &value),
            ParamLocation::Query => parts.query.push((param.wire.clone(), value)),
            ParamLocation::Header => parts.headers.push((param.wire.clone(), value)),
            ParamLocation::Cookie => cookies.push(format!("{}={value}", param.wire)),
        }
    }
    for credential in &op.credentials {
        match &credential.kind {
            CredentialKind::Header(name) => parts.headers.push((name.clone(), "test-key".to_owned())),
            CredentialKind::Query(name) => parts.query.push((name.clone(), "test-key".to_owned())),
            CredentialKind::Cookie(name) => cookies.push(format!("{name}=test-key")),
            CredentialKind::Bearer => parts.headers.push(("authorization".to_owned(), "Bearer test-token".to_owned())),
            CredentialKind::Basic => parts.headers.push(("authorization".to_owned(), "Basic dXNlcjpwYXNz".to_owned())),
        }
    }
    if !cookies.is_empty() {
        parts.headers.push(("cookie".to_owned(), cookies.join("; ")));
    }
    if let Some(body) = &op.body {
        let bytes = match body.kind {
            BodyKind::Json => serde_json::to_vec(body.example.as_ref().expect("JSON bodies carry an example"))
                .expect("serialize the body example"),
            BodyKind::Text | BodyKind::Bytes => b"text".to_vec(),
        };
        parts.body = Some((body.content_type.clone(), bytes));
    }
    parts
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    json: Value,
}

async fn send(base: &str, method: &str, parts: &Parts) -> Answer {
    let client = docgen_tests::client();
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = client.request(method, format!("{base}{}", parts.path)).query(&parts.query);
    for (name, value) in &parts.headers {
        request = request.header(name, value);
    }
    if let Some((content_type, bytes)) = &parts.body {
        request = request.header("content-type", content_type).body(bytes.clone());
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("read the body");
    let json = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            panic!("status {status}: the body is not JSON ({e}): {}", String::from_utf8_lossy(&bytes))
        })
    };
    Answer { status, headers, json }
}

async fn mock_base(module: &str) -> String {
    let router =
        vendor_apis::mock_router(module, vendor_apis::runtime::Config::default()).expect("a mock router per module");
    docgen_tests::serve(router).await
}

/// A router error: the status and a JSON body naming what was wrong.
#[track_caller]
fn assert_error(label: &str, answer: &Answer, status: u16, error: &str) {
    assert_eq!(answer.status, status, "{label}: {}", answer.json);
    assert_eq!(answer.json["error"], error, "{label}: {}", answer.json);
    assert!(answer.json["message"].as_str().is_some_and(|m| !m.is_empty()), "{label}: {}", answer.json);
    assert!(
        answer.headers.get("content-type").is_some_and(|v| v == "application/json"),
        "{label}: {:?}",
        answer.headers
    );
}

#[tokio::test]
async fn happy_path_answers_the_documented_example() {
    for endpoint in endpoints() {
        let label = endpoint.label();
        let op = endpoint.op();
        let base = mock_base(&endpoint.module).await;
        let answer = send(&base, op.endpoint.method.as_str(), &valid_parts(&endpoint)).await;
        let case = docgen::emit::mock::success_case(op).expect("a success response");
        let expected_status = match case.status {
            docgen::ir::Status::Code(code) => code,
            docgen::ir::Status::Range(range) => range * 100,
            docgen::ir::Status::Default => 200,
        };
        assert_eq!(answer.status, expected_status, "{label}: {}", answer.json);
        let mock = case.mock.as_deref().expect("JSON success bodies have a mock value");
        let mock: serde_json::Value = serde_json::from_str(mock).expect("the mock value is JSON");
        assert_eq!(answer.json, mock, "{label}");
        // Where the page documents an example, it is what comes back.
        if let Some(example) = &case.example {
            assert_eq!(&answer.json, example, "{label}: the documented example");
        }
    }
}

#[tokio::test]
async fn unknown_path_and_wrong_method() {
    for endpoint in endpoints() {
        let label = endpoint.label();
        let op = endpoint.op();
        let base = mock_base(&endpoint.module).await;
        let mut parts = valid_parts(&endpoint);
        let answer =
            send(&base, op.endpoint.method.as_str(), &Parts { path: "/no/such/path".to_owned(), ..parts.clone() })
                .await;
        assert_error(&label, &answer, 404, "not_found");

        let served: Vec<&str> = endpoint
            .api
            .operations
            .iter()
            .filter(|o| o.endpoint.path == op.endpoint.path)
            .map(|o| o.endpoint.method.as_str())
            .collect();
        let other =
            ["DELETE", "PATCH", "PUT", "POST", "GET"].into_iter().find(|m| !served.contains(m)).expect("a method");
        parts.body = None;
        let answer = send(&base, other, &parts).await;
        assert_error(&label, &answer, 405, "method_not_allowed");
        let allow = answer.headers.get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        for method in served {
            assert!(allow.split(',').any(|m| m.trim() == method), "{label}: Allow `{allow}` lacks {method}");
        }
    }
}

#[tokio::test]
async fn missing_and_malformed_parameters_and_credentials() {
    let mut checked = 0;
    for endpoint in endpoints() {
        let label = endpoint.label();
        let op = endpoint.op();
        let base = mock_base(&endpoint.module).await;
        let valid = valid_parts(&endpoint);
        for param in &op.params {
            let without = |parts: &Parts| {
                let mut parts = parts.clone();
                match param.location {
                    ParamLocation::Query => parts.query.retain(|(k, _)| k != &param.wire),
                    ParamLocation::Header => parts.headers.retain(|(k, _)| k != &param.wire),
                    _ => {}
                }
                parts
            };
            if param.required && matches!(param.location, ParamLocation::Query | ParamLocation::Header) {
                let answer = send(&base, op.endpoint.method.as_str(), &without(&valid)).await;
                assert_error(&label, &answer, 400, "bad_request");
                assert_eq!(answer.json["details"][0]["name"], param.wire.as_str(), "{label}: {}", answer.json);
                checked += 1;
            }
            if let Some(bad) = invalid_text(&endpoint.api, param) {
                let mut parts = without(&valid);
                match param.location {
                    ParamLocation::Query => parts.query.push((param.wire.clone(), bad)),
                    ParamLocation::Header => parts.headers.push((param.wire.clone(), bad)),
                    _ => continue,
                }
                let answer = send(&base, op.endpoint.method.as_str(), &parts).await;
                assert_error(&label, &answer, 400, "bad_request");
                let named = answer.json["details"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|d| d["name"] == param.wire.as_str()));
                assert!(named, "{label}: {} is not named in {}", param.wire, answer.json);
                checked += 1;
            }
        }
        if !op.security.is_empty() {
            let mut parts = valid.clone();
            for credential in &op.credentials {
                match &credential.kind {
                    CredentialKind::Header(name) => parts.headers.retain(|(k, _)| k != name),
                    CredentialKind::Query(name) => parts.query.retain(|(k, _)| k != name),
                    CredentialKind::Cookie(_) => parts.headers.retain(|(k, _)| k != "cookie"),
                    CredentialKind::Bearer | CredentialKind::Basic => {
                        parts.headers.retain(|(k, _)| k != "authorization")
                    }
                }
            }
            let answer = send(&base, op.endpoint.method.as_str(), &parts).await;
            assert_error(&label, &answer, 401, "unauthorized");
            checked += 1;
        }
    }
    // Botpress's and Trillet's required headers, Wassist's key and enums, Azure's bounded `limit`, …
    assert!(checked >= 8, "only {checked} bad requests were built; the specs have more parameters than that");
}

#[tokio::test]
async fn bad_bodies() {
    let mut bodies = 0;
    for endpoint in endpoints() {
        let op = endpoint.op();
        let Some(body) = &op.body else { continue };
        bodies += 1;
        let label = endpoint.label();
        let base = mock_base(&endpoint.module).await;
        let valid = valid_parts(&endpoint);
        let with_body = |content_type: &str, bytes: Vec<u8>| Parts {
            body: Some((content_type.to_owned(), bytes)),
            ..valid.clone()
        };

        if body.kind == BodyKind::Json {
            let answer = send(
                &base,
                op.endpoint.method.as_str(),
                &with_body(&body.content_type, b"{\n  \"a\": 1,\n  oops\n}".to_vec()),
            )
            .await;
            assert_error(&label, &answer, 400, "bad_request");
            let problem = answer.json["details"][0]["problem"].as_str().unwrap_or_default().to_owned();
            assert!(problem.contains("line 3 column 3"), "{label}: `{problem}` gives no line/column");
            assert_eq!(answer.json["details"][0]["in"], "body");
        }

        let answer =
            send(&base, op.endpoint.method.as_str(), &with_body("application/x-unheard-of", b"{}".to_vec())).await;
        assert_error(&label, &answer, 415, "unsupported_media_type");

        let mut big = vec![b' '; vendor_apis::runtime::BODY_LIMIT + 1];
        big[0] = b'{';
        let answer = send(&base, op.endpoint.method.as_str(), &with_body(&body.content_type, big)).await;
        assert_error(&label, &answer, 413, "payload_too_large");
    }
    assert!(bodies >= 1, "Vectara's list-conversations takes a body");
}

#[tokio::test]
async fn body_limit_is_configurable() {
    use vendor_apis::runtime::Config;
    use vendor_apis::vectara;
    let small = Config::default().with_body_limit(64);
    let base = docgen_tests::serve(vectara::router_with(vectara::mock::ExampleService, small)).await;
    let client = docgen_tests::client();
    let body = serde_json::json!({"page_key": "k", "num_results": 5, "metadata_filter": "x".repeat(100)});
    let response = client.post(format!("{base}/v1/list-conversations")).json(&body).send().await.expect("answer");
    assert_eq!(response.status().as_u16(), 413);
    let json: Value = response.json().await.expect("JSON error");
    assert_eq!(json["message"], "the request body is larger than 64 bytes");
}

#[tokio::test]
async fn a_credential_check_rejects_invalid_credentials() {
    let mut secured = 0;
    for endpoint in endpoints() {
        let op = endpoint.op();
        if op.security.is_empty() {
            continue;
        }
        secured += 1;
        let label = endpoint.label();
        let config = vendor_apis::runtime::Config::default()
            .with_credential_check(|_scheme, given| given == "test-key" || given == "test-token");
        let router = vendor_apis::mock_router(&endpoint.module, config).expect("mock router");
        let base = docgen_tests::serve(router).await;
        let valid = valid_parts(&endpoint);
        let answer = send(&base, op.endpoint.method.as_str(), &valid).await;
        assert!((200..300).contains(&answer.status), "{label}: {} {}", answer.status, answer.json);
        let mut wrong = valid.clone();
        for (_, value) in wrong.headers.iter_mut().chain(wrong.query.iter_mut()) {
            *value = value.replace("test-key", "wrong-key").replace("test-token", "wrong-token");
        }
        let answer = send(&base, op.endpoint.method.as_str(), &wrong).await;
        assert_error(&label, &answer, 401, "unauthorized");
        assert!(answer.json["message"].as_str().is_some_and(|m| m.contains("invalid credentials")), "{}", answer.json);
    }
    assert!(secured >= 1, "Wassist's operation requires an API key");
}

/// Each module's trait, implemented by a service that panics on its first call and then answers like the
/// example-backed one.
macro_rules! panics_once {
    ($($module:ident :: $trait_:ident { $method:ident($request:ident) -> $response:ident })*) => {
        $(
            impl vendor_apis::$module::$trait_ for PanicsOnce {
                async fn $method(&self, request: vendor_apis::$module::$request) -> vendor_apis::$module::$response {
                    if !self.0.swap(true, std::sync::atomic::Ordering::SeqCst) {
                        panic!("secret internal detail");
                    }
                    vendor_apis::$module::$trait_::$method(&vendor_apis::$module::mock::ExampleService, request).await
                }
            }
        )*
        fn panicking_router(module: &str) -> axum::Router {
            match module {
                $(stringify!($module) => vendor_apis::$module::router(PanicsOnce::default()),)*
                other => panic!("no panicking service for {other}; add it to `panics_once!`"),
            }
        }
    };
}

#[derive(Default)]
struct PanicsOnce(std::sync::atomic::AtomicBool);

panics_once! {
    azure_ai_foundry::AzureAiFoundryApi { list_conversations(ListConversationsRequest) -> ListConversationsResponse }
    botpress_chat::BotpressChatApi { list_conversations(ListConversationsRequest) -> ListConversationsResponse }
    trillet::TrilletApi { get_all_conversations(GetAllConversationsRequest) -> GetAllConversationsResponse }
    vectara::VectaraApi { list_conversations(ListConversationsRequest) -> ListConversationsResponse }
    wassist::WassistApi { api_v1_conversations_list(ApiV1ConversationsListRequest) -> ApiV1ConversationsListResponse }
}

#[tokio::test]
async fn a_panicking_service_answers_500_and_the_server_goes_on() {
    for endpoint in endpoints() {
        let label = endpoint.label();
        let op = endpoint.op();
        let base = docgen_tests::serve(panicking_router(&endpoint.module)).await;
        let parts = valid_parts(&endpoint);
        let answer = send(&base, op.endpoint.method.as_str(), &parts).await;
        assert_error(&label, &answer, 500, "internal_error");
        assert!(!answer.json.to_string().contains("secret"), "{label}: the 500 leaks the panic: {}", answer.json);
        let answer = send(&base, op.endpoint.method.as_str(), &parts).await;
        assert!((200..300).contains(&answer.status), "{label}: after the panic: {} {}", answer.status, answer.json);
    }
}
