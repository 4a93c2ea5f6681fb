//! The generated routers of the three markdown-derived specs (Trillet, Vectara, Azure AI Foundry) over real
//! HTTP on 127.0.0.1: happy paths with every parameter, missing required inputs, bad values, bodies.
//! None of these pages documents a security scheme, so there is no API-key case here (see http_wassist).

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use vendor_apis::{azure_ai_foundry, trillet, vectara};

#[derive(Clone)]
struct Recorder<T> {
    seen: Arc<Mutex<Vec<T>>>,
}

impl<T> Recorder<T> {
    fn new() -> Self {
        Recorder { seen: Arc::new(Mutex::new(Vec::new())) }
    }
    fn record(&self, request: T) {
        self.seen.lock().expect("lock").push(request);
    }
    fn count(&self) -> usize {
        self.seen.lock().expect("lock").len()
    }
}

impl<T: Clone> Recorder<T> {
    fn last(&self) -> T {
        self.seen.lock().expect("lock").last().cloned().expect("the service was called")
    }
}

// --- Trillet: a required header, an array response.

fn trillet_items() -> Vec<trillet::GetAllConversationsResponseItem> {
    serde_json::from_value(json!([{
        "_id": "675c8e368824aa5f130b94d6",
        "customer": {"name": "Test Customer Name"},
        "messages": [{"direction": "outbound", "sent": true, "message": "hi", "status": "approved",
                      "_id": "m1", "createdAt": "2024-12-01T08:45:00Z", "updatedAt": "2024-12-01T09:00:00Z"}]
    }]))
    .expect("fixture fits the generated type")
}

impl trillet::TrilletApi for Recorder<trillet::GetAllConversationsRequest> {
    async fn get_all_conversations(
        &self,
        request: trillet::GetAllConversationsRequest,
    ) -> trillet::GetAllConversationsResponse {
        self.record(request);
        trillet::GetAllConversationsResponse::Ok(trillet_items())
    }
}

#[tokio::test]
async fn trillet_happy_path_and_missing_header() {
    let service = Recorder::new();
    let base = docgen_tests::serve(trillet::router(service.clone())).await;
    let client = docgen_tests::client();
    let response = client
        .get(format!("{base}/v1/api/conversations"))
        .header("x-workspace-id", "ws-1")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let body: Vec<trillet::GetAllConversationsResponseItem> = response.json().await.expect("typed body");
    assert_eq!(body, trillet_items());
    assert_eq!(service.last().x_workspace_id.as_deref(), Some("ws-1"));

    let response = client.get(format!("{base}/v1/api/conversations")).send().await.expect("request");
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.expect("JSON error");
    assert_eq!(error["details"][0]["name"], "x-workspace-id");
    assert_eq!(service.count(), 1, "the service is not called on bad input");
}

// --- Vectara: a JSON request body.

impl vectara::VectaraApi for Recorder<vectara::ListConversationsRequest> {
    async fn list_conversations(
        &self,
        request: vectara::ListConversationsRequest,
    ) -> vectara::ListConversationsResponse {
        let page_key = request.body.page_key.clone();
        self.record(request);
        vectara::ListConversationsResponse::Ok(vectara::ListConversationsResponseBody {
            conversation: Some(Vec::new()),
            status: Some(vectara::ListConversationsResponseStatus { code: Some(0), message: Some("ok".into()) }),
            page_key: Some(page_key),
        })
    }
}

#[tokio::test]
async fn vectara_body_is_typed_and_validated() {
    let service = Recorder::new();
    let base = docgen_tests::serve(vectara::router(service.clone())).await;
    let client = docgen_tests::client();
    let url = format!("{base}/v1/list-conversations");

    let response = client.post(&url).json(&json!({"num_results": 5, "page_key": "p2"})).send().await.expect("request");
    assert_eq!(response.status(), 200);
    let body: vectara::ListConversationsResponseBody = response.json().await.expect("typed body");
    assert_eq!(body.page_key.as_deref(), Some("p2"));
    let seen = service.last();
    assert_eq!(seen.body.num_results, 5);

    let malformed = client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"page_key\": \n  oops}")
        .send()
        .await
        .expect("request");
    assert_eq!(malformed.status(), 400);
    let error: Value = malformed.json().await.expect("JSON error");
    let problem = error["details"][0]["problem"].as_str().unwrap_or("");
    assert!(problem.contains("line 2 column"), "the error says where: {problem}");

    let missing_field = client.post(&url).json(&json!({"num_results": 5})).send().await.expect("request");
    // Known only from the example, but the router still needs it in a request, as the derived OpenAPI says.
    assert_eq!(missing_field.status(), 400, "page_key is required");

    let wrong_type = client.post(&url).header("content-type", "text/plain").body("{}").send().await.expect("request");
    assert_eq!(wrong_type.status(), 415);

    let empty = client.post(&url).header("content-type", "application/json").send().await.expect("request");
    assert_eq!(empty.status(), 400);
    let error: Value = empty.json().await.expect("JSON error");
    assert_eq!(error["details"][0]["problem"], "missing required request body");

    let wrong_method = client.get(&url).send().await.expect("request");
    assert_eq!(wrong_method.status(), 405);
    assert_eq!(service.count(), 1, "the service is only called for the good request");
}

// --- Azure AI Foundry: optional query parameters with an enum and a default, 4XX/5XX ranges.

impl azure_ai_foundry::AzureAiFoundryApi for Recorder<azure_ai_foundry::ListConversationsRequest> {
    async fn list_conversations(
        &self,
        request: azure_ai_foundry::ListConversationsRequest,
    ) -> azure_ai_foundry::ListConversationsResponse {
        let fail = request.agent_name.as_deref() == Some("broken");
        self.record(request);
        if fail {
            let body = serde_json::from_value(json!({"error": {"code": null, "message": "boom"}})).expect("error body");
            return azure_ai_foundry::ListConversationsResponse::ServerError {
                status: axum::http::StatusCode::BAD_GATEWAY,
                body,
            };
        }
        let body = serde_json::from_value(json!({
            "data": [{"id": "conv_1", "object": "conversation", "metadata": {"k": "v"}, "created_at": 1700000000}],
            "first_id": "conv_1", "last_id": "conv_1", "has_more": false
        }))
        .expect("ok body");
        azure_ai_foundry::ListConversationsResponse::Ok(body)
    }
}

#[tokio::test]
async fn azure_every_parameter_bad_values_and_ranges() {
    let service = Recorder::new();
    let base = docgen_tests::serve(azure_ai_foundry::router(service.clone())).await;
    let client = docgen_tests::client();
    let url = format!("{base}/openai/v1/conversations");

    let response = client
        .get(format!("{url}?limit=10&order=desc&after=a1&before=b1&agent_name=bot&agent_id=bot:2"))
        .header("x-ms-user-isolation-key", "user-7")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let body: azure_ai_foundry::ListConversationsOkResponse = response.json().await.expect("typed body");
    assert_eq!(body.data[0].object, azure_ai_foundry::ConversationResourceObject::Conversation);
    let seen = service.last();
    assert_eq!(seen.limit, Some(10));
    assert_eq!(seen.order, Some(azure_ai_foundry::PageOrder::Desc));
    assert_eq!((seen.after.as_deref(), seen.before.as_deref()), (Some("a1"), Some("b1")));
    assert_eq!((seen.agent_name.as_deref(), seen.agent_id.as_deref()), (Some("bot"), Some("bot:2")));
    assert_eq!(seen.x_ms_user_isolation_key.as_deref(), Some("user-7"));

    let bad = client.get(format!("{url}?limit=many&order=sideways")).send().await.expect("request");
    assert_eq!(bad.status(), 400);
    let error: Value = bad.json().await.expect("JSON error");
    let names: Vec<&str> =
        error["details"].as_array().expect("details").iter().filter_map(|d| d["name"].as_str()).collect();
    assert_eq!(names, ["limit", "order"]);

    let failing = client.get(format!("{url}?agent_name=broken")).send().await.expect("request");
    assert_eq!(failing.status(), 502, "a 5XX variant answers with the status the service chose");
    let error: azure_ai_foundry::ListConversationsErrorResponse = failing.json().await.expect("typed error body");
    assert_eq!(error.error.message, "boom");
    assert_eq!(error.error.code, None);
}
