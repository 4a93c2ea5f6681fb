//! The generated Botpress Chat router over real HTTP on 127.0.0.1.

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use vendor_apis::botpress_chat::{
    router, BotpressChatApi, ListConversationsRequest, ListConversationsResponse, ListConversationsResponseBody,
};

/// Records the request it gets; answers `default` with 503 when the token is `fail`, else 200.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<ListConversationsRequest>>>,
}

fn page() -> ListConversationsResponseBody {
    serde_json::from_value(json!({
        "conversations": [
            {"id": "c1", "createdAt": "2024-12-01T08:45:00Z", "updatedAt": "2024-12-01T09:00:00Z"}
        ],
        "meta": {"nextToken": "t2"}
    }))
    .expect("page fixture matches the generated type")
}

impl BotpressChatApi for Recorder {
    async fn list_conversations(&self, request: ListConversationsRequest) -> ListConversationsResponse {
        let fail = request.next_token.as_deref() == Some("fail");
        self.seen.lock().expect("lock").push(request);
        if fail {
            ListConversationsResponse::Default { status: axum::http::StatusCode::SERVICE_UNAVAILABLE, body: page() }
        } else {
            ListConversationsResponse::Ok(page())
        }
    }
}

async fn start() -> (String, Recorder) {
    let service = Recorder::default();
    let base = docgen_tests::serve(router(service.clone())).await;
    (base, service)
}

#[tokio::test]
async fn happy_path_with_every_parameter() {
    let (base, service) = start().await;
    let response = docgen_tests::client()
        .get(format!("{base}/conversations?nextToken=abc%20def"))
        .header("x-user-key", "user-key-1")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: ListConversationsResponseBody = response.json().await.expect("body is the generated type");
    assert_eq!(body, page());
    let seen = service.seen.lock().expect("lock").clone();
    assert_eq!(
        seen,
        vec![ListConversationsRequest { x_user_key: Some("user-key-1".into()), next_token: Some("abc def".into()) }]
    );
}

#[tokio::test]
async fn optional_query_may_be_absent() {
    let (base, service) = start().await;
    let response = docgen_tests::client()
        .get(format!("{base}/conversations"))
        .header("x-user-key", "k")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(service.seen.lock().expect("lock")[0].next_token, None);
}

#[tokio::test]
async fn missing_required_header_is_400_naming_it() {
    let (base, service) = start().await;
    let response = docgen_tests::client().get(format!("{base}/conversations")).send().await.expect("request");
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("JSON error body");
    assert_eq!(body["error"], "bad_request");
    assert_eq!(body["details"], json!([{"in": "header", "name": "x-user-key", "problem": "missing required header"}]));
    assert!(service.seen.lock().expect("lock").is_empty(), "the service is not called on bad input");
}

#[tokio::test]
async fn repeated_query_value_is_400_naming_it() {
    let (base, _) = start().await;
    let response = docgen_tests::client()
        .get(format!("{base}/conversations?nextToken=a&nextToken=b"))
        .header("x-user-key", "k")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("JSON error body");
    assert_eq!(body["details"][0]["name"], "nextToken");
    assert_eq!(body["details"][0]["in"], "query");
}

#[tokio::test]
async fn default_variant_carries_its_status() {
    let (base, _) = start().await;
    let response = docgen_tests::client()
        .get(format!("{base}/conversations?nextToken=fail"))
        .header("x-user-key", "k")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 503);
    let body: ListConversationsResponseBody = response.json().await.expect("body is the generated type");
    assert_eq!(body, page());
}

#[tokio::test]
async fn unknown_path_is_json_404() {
    let (base, _) = start().await;
    let response = docgen_tests::client().get(format!("{base}/nope")).send().await.expect("request");
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.expect("JSON error body");
    assert_eq!(body["error"], "not_found");
}
