//! The example-backed services steered by `Prefer` (Prism's conventions), over real HTTP on 127.0.0.1,
//! through raw requests and through the generated clients. Exact codes and named examples, which no bundled
//! spec documents, are tested on a fixture in `tests/served.rs` (`mock_prefer_test.rs`).

use docgen::ir::{Operation, ResponseCase, Status};
use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;
use vendor_apis::{azure_ai_foundry, botpress_chat, wassist};

async fn mock_url(module: &str) -> String {
    let router = vendor_apis::mock_router(module, vendor_apis::runtime::Config::default()).expect("mock router");
    docgen_tests::serve(router).await
}

/// The mock body the generator chose for the response of `status` (`200`, `4XX`, `default`) of `module`'s
/// only operation, and its schema in the derived OpenAPI.
fn documented(module: &str, status: &str) -> (Value, ReferenceOr<openapiv3::Schema>, openapiv3::OpenAPI) {
    let generation = docgen_tests::generation();
    let openapi = docgen_tests::derived_document(&generation, module);
    let spec = generation.specs.into_iter().find(|s| s.module == module).expect("module");
    let op = &spec.api.operations[0];
    let case = op.responses.iter().find(|case| status_key(case.status) == status).expect("the status is documented");
    let mock = serde_json::from_str(case.mock.as_deref().expect("a JSON body")).expect("JSON");
    let schema = response_schema(&openapi, op, case).expect("a schema");
    (mock, schema, openapi)
}

fn status_key(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(range) => format!("{range}XX"),
        Status::Default => "default".to_owned(),
    }
}

/// The schema of a response case's body in the derived OpenAPI.
fn response_schema(openapi: &openapiv3::OpenAPI, op: &Operation, case: &ResponseCase) -> Option<ReferenceOr<Schema>> {
    let item = openapi.paths.paths.get(&op.endpoint.path)?.as_item()?;
    let operation = item.iter().find(|(method, _)| *method == op.endpoint.method.lower())?.1;
    let response = match case.status {
        Status::Default => operation.responses.default.as_ref(),
        _ => {
            operation.responses.responses.iter().find(|(code, _)| code.to_string() == status_key(case.status))?.1.into()
        }
    }?;
    response.as_item()?.content.get(case.content_type.as_deref()?)?.schema.clone()
}

fn json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

async fn get(url: &str, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut request = docgen_tests::client().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

fn azure_client(base: &str, prefer: &str) -> azure_ai_foundry::Client {
    azure_ai_foundry::Client::new(base).expect("client").with_header("Prefer", prefer).expect("header")
}

#[tokio::test]
async fn a_code_in_a_documented_range_answers_that_range_with_that_status() {
    let base = mock_url("azure_ai_foundry").await;
    let request = azure_ai_foundry::ListConversationsRequest::default();
    let (client_error, _, _) = documented("azure_ai_foundry", "4XX");
    match azure_client(&base, "code=404").list_conversations(request.clone()).await.expect("answer") {
        azure_ai_foundry::ListConversationsResponse::RequestError { status, body } => {
            assert_eq!(status, 404);
            assert_eq!(json(&body), client_error);
        }
        other => panic!("expected the 4XX variant, got {other:?}"),
    }
    let (server_error, _, _) = documented("azure_ai_foundry", "5XX");
    match azure_client(&base, "code=503").list_conversations(request.clone()).await.expect("answer") {
        azure_ai_foundry::ListConversationsResponse::ServerError { status, body } => {
            assert_eq!(status, 503);
            assert_eq!(json(&body), server_error);
        }
        other => panic!("expected the 5XX variant, got {other:?}"),
    }
    // No preference: the success response, as before.
    let plain = azure_ai_foundry::Client::new(&base).expect("client");
    let answer = plain.list_conversations(request).await.expect("answer");
    assert!(matches!(answer, azure_ai_foundry::ListConversationsResponse::Ok(_)), "{answer:?}");
}

#[tokio::test]
async fn a_code_only_default_covers_answers_default_with_that_status() {
    let base = mock_url("botpress_chat").await;
    let (default_body, _, _) = documented("botpress_chat", "default");
    let client = botpress_chat::Client::new(&base).expect("client").with_header("Prefer", "code=503").expect("header");
    let request = botpress_chat::ListConversationsRequest::new().x_user_key("k");
    match client.list_conversations(request).await.expect("answer") {
        botpress_chat::ListConversationsResponse::Default { status, body } => {
            assert_eq!(status, 503);
            assert_eq!(json(&body), default_body);
        }
        other => panic!("expected the default variant, got {other:?}"),
    }
}

#[tokio::test]
async fn an_undocumented_code_is_a_400_naming_the_documented_ones() {
    let base = mock_url("azure_ai_foundry").await;
    let (status, body) = get(&format!("{base}/openai/v1/conversations"), &[("prefer", "code=302")]).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["details"][0]["name"], "Prefer", "{body}");
    let problem = body["details"][0]["problem"].as_str().expect("a problem");
    assert!(problem.contains("302") && problem.contains("documented: 200, 4XX, 5XX"), "{problem}");

    let base = mock_url("wassist").await;
    let client = wassist::Client::new(&base)
        .expect("client")
        .with_api_key_auth("k")
        .with_header("Prefer", "code=404")
        .expect("header");
    let request = wassist::ApiV1ConversationsListRequest::new();
    let error = client.api_v1_conversations_list(request).await.expect_err("a 400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let body: Value = serde_json::from_slice(error.body().expect("a body")).expect("JSON");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("documented: 200")), "{body}");
}

#[tokio::test]
async fn the_router_validates_the_request_before_the_preference() {
    let base = mock_url("botpress_chat").await;
    // `x-user-key` is required: the router's own 400 names it, whatever `Prefer` asks.
    let (status, body) = get(&format!("{base}/conversations"), &[("prefer", "code=999")]).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["details"][0]["name"], "x-user-key", "{body}");
}

/// The bodies of `count` dynamic answers of the Botpress mock, with `prefer`, from one fresh router.
async fn dynamic_bodies(prefer: &str, count: usize) -> Vec<Value> {
    let base = mock_url("botpress_chat").await;
    let client = botpress_chat::Client::new(&base).expect("client").with_header("Prefer", prefer).expect("header");
    let mut bodies = Vec::new();
    for _ in 0..count {
        let request = botpress_chat::ListConversationsRequest::new().x_user_key("k");
        // Decoding into the generated type is part of the test: the client fails on a body that does not fit.
        match client.list_conversations(request).await.expect("a body of the generated type") {
            botpress_chat::ListConversationsResponse::Ok(body) => bodies.push(json(&body)),
            other => panic!("expected Ok, got {other:?}"),
        }
    }
    bodies
}

#[tokio::test]
async fn dynamic_answers_are_valid_fresh_and_reproducible() {
    let (example, schema, openapi) = documented("botpress_chat", "200");
    let mut seeded = Vec::new();
    for seed in 1..=4 {
        seeded.push(dynamic_bodies(&format!("dynamic=true, seed={seed}"), 2).await);
    }
    for bodies in &seeded {
        assert_eq!(bodies[0], bodies[1], "the same seed gives the same answer");
        assert_ne!(bodies[0], example, "a dynamic answer is built, not the example");
        assert_eq!(docgen::lower::sample::check(&openapi, &schema, &bodies[0]), Ok(()), "{}", bodies[0]);
    }
    let distinct: std::collections::BTreeSet<String> = seeded.iter().map(|b| b[0].to_string()).collect();
    assert_eq!(distinct.len(), seeded.len(), "each seed builds its own answer: {distinct:#?}");

    // Without a seed, every request gets a new value, and a fresh router replays the same sequence.
    let first = dynamic_bodies("dynamic=true", 3).await;
    assert_ne!(first[0], first[1]);
    assert_eq!(first, dynamic_bodies("dynamic=true", 3).await);
    for body in &first {
        assert_eq!(docgen::lower::sample::check(&openapi, &schema, body), Ok(()), "{body}");
    }
}

#[test]
fn dynamic_values_of_every_construct_are_valid_against_their_schema() {
    let mut checked = 0;
    for path in crate::constructs::fixture_paths() {
        let (spec, _) = crate::constructs::generate(&path);
        for op in &spec.api.operations {
            for case in &op.responses {
                let Some(shape) = &case.dynamic else { continue };
                let Some(schema) = response_schema(&spec.openapi, op, case) else { continue };
                // A schema no value satisfies (`allOf` of an object and a string) has no valid sample either.
                let sample =
                    docgen::lower::sample::sample(&spec.openapi, &schema, docgen::lower::sample::Direction::Response);
                if docgen::lower::sample::check(&spec.openapi, &schema, &sample).is_err() {
                    continue;
                }
                for seed in 0..16 {
                    let value = vendor_apis::runtime::mock::build(shape, seed).expect("the shape is JSON");
                    let checked_value = docgen::lower::sample::check(&spec.openapi, &schema, &value);
                    assert_eq!(
                        checked_value,
                        Ok(()),
                        "{} {} {:?} seed {seed}: {value}",
                        op.endpoint.method,
                        op.endpoint.path,
                        case.status
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 16 * 25, "{checked}");
}
