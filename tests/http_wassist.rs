//! The generated Wassist router over real HTTP on 127.0.0.1: query parameters of every type, an enum,
//! and the `X-API-Key` security scheme.

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use vendor_apis::runtime::Nullable;
use vendor_apis::wassist::{
    router, ApiV1ConversationsListRequest, ApiV1ConversationsListResponse, ApiV1ConversationsListStatus,
    PaginatedConversationList, WassistApi,
};

#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<ApiV1ConversationsListRequest>>>,
}

fn list() -> PaginatedConversationList {
    serde_json::from_value(json!({
        "count": 1,
        "previous": "http://api.example.org/accounts/?offset=200&limit=100",
        "results": [{
            "id": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "contact": {"phoneNumber": "+15550100", "name": null},
            "activeAgent": "agent", "chatWindowRemainingTime": "23h", "lastMessage": "hi",
            "isHumanTakeover": "false", "active": "true"
        }]
    }))
    .expect("fixture matches the generated type")
}

impl WassistApi for Recorder {
    async fn api_v1_conversations_list(
        &self,
        request: ApiV1ConversationsListRequest,
    ) -> ApiV1ConversationsListResponse {
        self.seen.lock().expect("lock").push(request);
        ApiV1ConversationsListResponse::Ok(list())
    }
}

async fn start() -> (String, Recorder) {
    let service = Recorder::default();
    let base = docgen_tests::serve(router(service.clone())).await;
    (base, service)
}

const PATH: &str = "/api/v1/conversations/";

#[tokio::test]
async fn happy_path_with_every_parameter() {
    let (base, service) = start().await;
    let query = "agent=3f2504e0-4f89-11d3-9a0c-0305e82c3301&contact=ann&hasUnread=true\
                 &lastMessageAfter=2024-01-01T00:00:00Z&lastMessageBefore=2024-02-01T12:30:00%2B01:00\
                 &limit=50&offset=100&status=closed";
    let response = docgen_tests::client()
        .get(format!("{base}{PATH}?{query}"))
        .header("X-API-Key", "secret")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let body: PaginatedConversationList = response.json().await.expect("body is the generated type");
    assert_eq!(body, list());
    let seen = service.seen.lock().expect("lock")[0].clone();
    assert_eq!(seen.agent.map(|u| u.to_string()).as_deref(), Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
    assert_eq!(seen.contact.as_deref(), Some("ann"));
    assert_eq!(seen.has_unread, Some(true));
    assert_eq!(seen.last_message_after.map(|t| t.to_rfc3339()).as_deref(), Some("2024-01-01T00:00:00+00:00"));
    assert_eq!(seen.last_message_before.map(|t| t.to_rfc3339()).as_deref(), Some("2024-02-01T11:30:00+00:00"));
    assert_eq!((seen.limit, seen.offset), (Some(50), Some(100)));
    assert_eq!(seen.status, Some(ApiV1ConversationsListStatus::Closed));
    assert_eq!(seen.api_key_auth.as_deref(), Some("secret"), "the router fills in the credential it read");
}

#[tokio::test]
async fn missing_api_key_is_401() {
    let (base, service) = start().await;
    let response = docgen_tests::client().get(format!("{base}{PATH}")).send().await.expect("request");
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.expect("JSON error body");
    assert_eq!(body["error"], "unauthorized");
    assert!(body["message"].as_str().unwrap_or("").contains("X-API-Key"), "{body}");
    assert!(service.seen.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn bad_values_are_400_naming_every_parameter() {
    let (base, service) = start().await;
    let response = docgen_tests::client()
        .get(format!("{base}{PATH}?limit=ten&status=open&agent=not-a-uuid&hasUnread=maybe&contact="))
        .header("X-API-Key", "secret")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("JSON error body");
    let names: Vec<&str> =
        body["details"].as_array().expect("details").iter().filter_map(|d| d["name"].as_str()).collect();
    assert_eq!(names, ["agent", "contact", "hasUnread", "limit", "status"]);
    let status_problem = body["details"][4]["problem"].as_str().unwrap_or("");
    assert!(status_problem.contains("active, closed"), "{status_problem}");
    let contact_problem = body["details"][1]["problem"].as_str().unwrap_or("");
    assert!(contact_problem.contains("length 0"), "minLength 1 is enforced: {contact_problem}");
    assert!(service.seen.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn responses_serialize_required_nulls_and_skip_absent_optionals() {
    let (base, _) = start().await;
    let response =
        docgen_tests::client().get(format!("{base}{PATH}")).header("X-API-Key", "k").send().await.expect("request");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["results"][0]["contact"]["name"], Value::Null, "required nullable keeps its null");
    assert!(body.get("next").is_none(), "an absent optional is skipped: {body}");
    // `next` is optional and nullable: `null` is written, and read back as `null`, not as absent.
    let last_page = PaginatedConversationList { next: Nullable::Null, ..list() };
    let written = serde_json::to_value(&last_page).expect("writes");
    assert_eq!(written.get("next"), Some(&Value::Null), "{written}");
    let read: PaginatedConversationList = serde_json::from_value(written).expect("reads");
    assert_eq!(read.next, Nullable::Null);
    assert_eq!(list().next, Nullable::Absent);
}
