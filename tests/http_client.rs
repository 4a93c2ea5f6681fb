//! The generated clients over real HTTP on 127.0.0.1:
//! - every listed endpoint of all five specs, client against the spec's example-backed mock server: the
//!   documented example (or schema-built value) comes back typed, equal to what the generator chose;
//! - a paging test per pattern (a `nextToken` in the query fed from `meta.nextToken`; a `page_key` in the
//!   body; `after` fed from `last_id` while `has_more`; `limit`/`offset` with a `next` link) against a service
//!   that serves several pages: every item arrives once, in order, and the stream stops; page size and item
//!   limit are honoured;
//! - documented error statuses decode into their variants; an undocumented status and a body that does not
//!   match keep status, headers and raw body in the error; connection refused and timeouts are clear errors.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use vendor_apis::runtime::client::{ClientError, PageError, PageOptions};
use vendor_apis::{azure_ai_foundry, botpress_chat, trillet, vectara, wassist};

/// The success body the generator chose for the mock of `module`'s operation `fn_name`.
fn mock_body(module: &str, fn_name: &str) -> Value {
    let generation = docgen_tests::generation();
    let spec = generation.specs.iter().find(|s| s.module == module).expect("module");
    let op = spec.api.operations.iter().find(|op| op.fn_name == fn_name).expect("operation");
    let case = docgen::emit::mock::success_case(op).expect("a success response");
    let text = case.mock.as_deref().expect("JSON success bodies have a mock value");
    serde_json::from_str(text).expect("the mock value is JSON")
}

/// The endpoints this file calls through their client; a new endpoint in `specs/specs.toml` fails
/// `every_listed_endpoint_is_called_through_its_client` until it is added here.
const CALLED: &[(&str, &str)] = &[
    ("azure_ai_foundry", "list_conversations"),
    ("botpress_chat", "list_conversations"),
    ("trillet", "get_all_conversations"),
    ("vectara", "list_conversations"),
    ("wassist", "api_v1_conversations_list"),
];

#[test]
fn every_listed_endpoint_is_called_through_its_client() {
    let generation = docgen_tests::generation();
    let listed: BTreeSet<(String, String)> = generation
        .specs
        .iter()
        .flat_map(|spec| spec.api.operations.iter().map(|op| (spec.module.clone(), op.client_fn.clone())))
        .collect();
    let called: BTreeSet<(String, String)> = CALLED.iter().map(|(m, f)| (m.to_string(), f.to_string())).collect();
    assert_eq!(listed, called);
}

async fn mock_url(module: &str) -> String {
    let router = vendor_apis::mock_router(module, vendor_apis::runtime::Config::default()).expect("mock router");
    docgen_tests::serve(router).await
}

fn json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

#[tokio::test]
async fn botpress_client_gets_the_mock_example() {
    let client = botpress_chat::Client::new(&mock_url("botpress_chat").await).expect("client");
    let request = botpress_chat::ListConversationsRequest::new().x_user_key("user-key").next_token("t1");
    match client.list_conversations(request).await.expect("answer") {
        botpress_chat::ListConversationsResponse::Ok(body) => {
            assert_eq!(json(&body), mock_body("botpress_chat", "list_conversations"))
        }
        other => panic!("expected Ok, got {other:?}"),
    }
}

#[tokio::test]
async fn wassist_client_gets_the_mock_example_with_the_client_credential() {
    let url = mock_url("wassist").await;
    let client = wassist::Client::new(&url).expect("client").with_api_key_auth("k1");
    let request = wassist::ApiV1ConversationsListRequest::new()
        .agent(uuid::Uuid::nil())
        .contact("+1 555")
        .has_unread(true)
        .last_message_after("2024-01-02T03:04:05Z".parse().expect("date-time"))
        .limit(10)
        .offset(0)
        .status(wassist::ApiV1ConversationsListStatus::Active);
    let wassist::ApiV1ConversationsListResponse::Ok(body) =
        client.api_v1_conversations_list(request.clone()).await.expect("answer");
    assert_eq!(json(&body), mock_body("wassist", "api_v1_conversations_list"));

    // Without any credential the router's own 401 is not a documented outcome of the operation: the error
    // keeps status, headers and body.
    let anonymous = wassist::Client::new(&url).expect("client");
    let error = anonymous.api_v1_conversations_list(request).await.expect_err("401");
    assert!(matches!(error, ClientError::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        error.headers().and_then(|h| h.get("content-type")).map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
    let body: Value = serde_json::from_slice(error.body().expect("body")).expect("JSON error body");
    assert_eq!(body["error"], "unauthorized");
    assert!(error.to_string().starts_with("undocumented status 401 Unauthorized; body: {"), "{error}");
}

#[tokio::test]
async fn the_request_credential_wins_over_the_client_credential() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let config = vendor_apis::runtime::Config::default().with_credential_check(move |scheme, key| {
        record.lock().expect("lock").push(format!("{scheme}={key}"));
        key == "right"
    });
    let url = docgen_tests::serve(wassist::mock::router_with(config)).await;
    let client = wassist::Client::new(&url).expect("client").with_api_key_auth("wrong");
    let request = wassist::ApiV1ConversationsListRequest::new().api_key_auth("right");
    assert!(client.api_v1_conversations_list(request).await.is_ok());
    let refused =
        client.api_v1_conversations_list(wassist::ApiV1ConversationsListRequest::new()).await.expect_err("refused");
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(*seen.lock().expect("lock"), ["ApiKeyAuth=right", "ApiKeyAuth=wrong"]);
}

#[tokio::test]
async fn trillet_client_gets_the_mock_example_with_a_default_header() {
    // The required `x-workspace-id` left out of the request is sent from the client's default headers.
    let client = trillet::Client::new(&mock_url("trillet").await)
        .expect("client")
        .with_header("x-workspace-id", "ws-1")
        .expect("header");
    let request = trillet::GetAllConversationsRequest::new();
    let trillet::GetAllConversationsResponse::Ok(body) = client.get_all_conversations(request).await.expect("answer");
    assert_eq!(json(&body), mock_body("trillet", "get_all_conversations"));

    let bare = trillet::Client::new(&mock_url("trillet").await).expect("client");
    let error = bare.get_all_conversations(trillet::GetAllConversationsRequest::new()).await;
    assert_eq!(error.expect_err("400").status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn vectara_client_gets_the_mock_example() {
    let client = vectara::Client::new(&mock_url("vectara").await).expect("client");
    let request = vectara::ListConversationsRequest::new(vectara::ListConversationsRequestBody {
        num_results: 5,
        page_key: String::new(),
    });
    let vectara::ListConversationsResponse::Ok(body) = client.list_conversations(request).await.expect("answer");
    assert_eq!(json(&body), mock_body("vectara", "list_conversations"));
}

fn azure_request() -> azure_ai_foundry::ListConversationsRequest {
    // Every field of this request may be absent: a caller names only what it sends.
    azure_ai_foundry::ListConversationsRequest::new()
        .limit(20)
        .order(azure_ai_foundry::PageOrder::Desc)
        .agent_name("agent one")
        .x_ms_user_isolation_key("isolation")
}

#[tokio::test]
async fn azure_client_gets_the_mock_example() {
    let client = azure_ai_foundry::Client::new(&mock_url("azure_ai_foundry").await).expect("client");
    match client.list_conversations(azure_request()).await.expect("answer") {
        azure_ai_foundry::ListConversationsResponse::Ok(body) => {
            assert_eq!(json(&body), mock_body("azure_ai_foundry", "list_conversations"))
        }
        other => panic!("expected Ok, got {other:?}"),
    }
}

/// Items `0..count` as ids `c0`, `c1`, …
fn ids(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("c{i}")).collect()
}

/// What a paging service was asked: one entry per request.
type Log = Arc<Mutex<Vec<String>>>;

/// Botpress: `nextToken` in the query, the next one in `meta.nextToken`; pages of 3.
struct BotpressPages {
    items: Vec<String>,
    log: Log,
}

impl botpress_chat::BotpressChatApi for BotpressPages {
    async fn list_conversations(
        &self,
        request: botpress_chat::ListConversationsRequest,
    ) -> botpress_chat::ListConversationsResponse {
        self.log.lock().expect("lock").push(format!("{:?}", request.next_token));
        let start: usize =
            request.next_token.as_deref().map_or(0, |t| t.trim_start_matches('t').parse().expect("token"));
        let end = (start + 3).min(self.items.len());
        let time: chrono::DateTime<chrono::Utc> = "2024-01-01T00:00:00Z".parse().expect("time");
        botpress_chat::ListConversationsResponse::Ok(botpress_chat::ListConversationsResponseBody {
            conversations: self.items[start..end]
                .iter()
                .map(|id| botpress_chat::ListConversationsResponseConversationsItem {
                    id: id.clone(),
                    created_at: time,
                    updated_at: time,
                })
                .collect(),
            meta: botpress_chat::ListConversationsResponseMeta {
                next_token: (end < self.items.len()).then(|| format!("t{end}")),
            },
        })
    }
}

#[tokio::test]
async fn botpress_pages_by_next_token() {
    let log = Log::default();
    let url = docgen_tests::serve(botpress_chat::router(BotpressPages { items: ids(7), log: log.clone() })).await;
    let client = botpress_chat::Client::new(&url).expect("client");
    let request = botpress_chat::ListConversationsRequest::new().x_user_key("k");
    let items: Vec<String> = client
        .list_conversations_stream(request.clone(), PageOptions::default())
        .map(|item| item.expect("item").id)
        .collect()
        .await;
    assert_eq!(items, ids(7));
    assert_eq!(*log.lock().expect("lock"), ["None", "Some(\"t3\")", "Some(\"t6\")"]);

    // A limit stops the stream, and no page beyond the one holding the last wanted item is fetched.
    log.lock().expect("lock").clear();
    let limited: Vec<String> = client
        .list_conversations_stream(request, PageOptions::default().limit(4))
        .map(|item| item.expect("item").id)
        .collect()
        .await;
    assert_eq!(limited, ids(4));
    assert_eq!(log.lock().expect("lock").len(), 2);
}

/// A server that hands back the cursor it was sent would repeat a page forever: the stream says so.
struct StuckCursor;

impl botpress_chat::BotpressChatApi for StuckCursor {
    async fn list_conversations(
        &self,
        _request: botpress_chat::ListConversationsRequest,
    ) -> botpress_chat::ListConversationsResponse {
        let time: chrono::DateTime<chrono::Utc> = "2024-01-01T00:00:00Z".parse().expect("time");
        botpress_chat::ListConversationsResponse::Ok(botpress_chat::ListConversationsResponseBody {
            conversations: vec![botpress_chat::ListConversationsResponseConversationsItem {
                id: "same".to_owned(),
                created_at: time,
                updated_at: time,
            }],
            meta: botpress_chat::ListConversationsResponseMeta { next_token: Some("t".to_owned()) },
        })
    }
}

#[tokio::test]
async fn a_cursor_handed_back_unchanged_ends_the_stream_with_an_error() {
    let url = docgen_tests::serve(botpress_chat::router(StuckCursor)).await;
    let client = botpress_chat::Client::new(&url).expect("client");
    let request = botpress_chat::ListConversationsRequest::new().x_user_key("k");
    let results: Vec<_> = client.list_conversations_stream(request, PageOptions::default()).collect().await;
    // The second page's item is the server's answer to a new cursor, so it is yielded; then the error.
    assert_eq!(results.len(), 3, "two pages of one item, then the error: {results:?}");
    match &results[2] {
        Err(PageError::Client(error @ ClientError::Paging { .. })) => {
            assert_eq!(error.to_string(), "paging stopped: the server answered cursor `t` with the same cursor")
        }
        other => panic!("expected a paging error, got {other:?}"),
    }
}

/// Vectara: `page_key` in the JSON body, the next one in the page's `page_key` (empty on the last page);
/// the page size is the body's `num_results` (an integer: `specs/vectara.overlay.yaml` corrects the page's
/// quoted example).
struct VectaraPages {
    items: Vec<String>,
    log: Log,
}

impl vectara::VectaraApi for VectaraPages {
    async fn list_conversations(
        &self,
        request: vectara::ListConversationsRequest,
    ) -> vectara::ListConversationsResponse {
        let body = request.body;
        self.log.lock().expect("lock").push(format!("{}@{}", body.num_results, body.page_key));
        let size = usize::try_from(body.num_results).expect("num_results");
        let start: usize = if body.page_key.is_empty() { 0 } else { body.page_key.parse().expect("page key") };
        let end = (start + size).min(self.items.len());
        // The page's properties are known only from the document's example: optional in a response.
        vectara::ListConversationsResponse::Ok(vectara::ListConversationsResponseBody {
            conversation: Some(
                self.items[start..end]
                    .iter()
                    .map(|id| vectara::ListConversationsResponseConversationItem {
                        id: Some(id.clone()),
                        conversation_id: Some(id.clone()),
                        enabled: Some(true),
                        ..Default::default()
                    })
                    .collect(),
            ),
            status: Some(vectara::ListConversationsResponseStatus::default()),
            page_key: Some(if end < self.items.len() { end.to_string() } else { String::new() }),
        })
    }
}

#[tokio::test]
async fn vectara_pages_by_body_page_key() {
    let log = Log::default();
    let url = docgen_tests::serve(vectara::router(VectaraPages { items: ids(5), log: log.clone() })).await;
    let client = vectara::Client::new(&url).expect("client");
    let request = vectara::ListConversationsRequest::new(vectara::ListConversationsRequestBody {
        num_results: 5,
        page_key: String::new(),
    });
    let items: Vec<String> = client
        .list_conversations_stream(request, PageOptions::default().page_size(2))
        .map(|item| item.expect("item").id.expect("id"))
        .collect()
        .await;
    assert_eq!(items, ids(5));
    assert_eq!(*log.lock().expect("lock"), ["2@", "2@2", "2@4"]);
}

/// Azure (OpenAI style): `after` in the query fed from the page's `last_id`, while `has_more`; `limit`.
struct AzurePages {
    items: Vec<String>,
    log: Log,
}

impl azure_ai_foundry::AzureAiFoundryApi for AzurePages {
    async fn list_conversations(
        &self,
        request: azure_ai_foundry::ListConversationsRequest,
    ) -> azure_ai_foundry::ListConversationsResponse {
        self.log.lock().expect("lock").push(format!("{:?}/{:?}", request.limit, request.after));
        if request.after.as_deref() == Some("fail") {
            return azure_ai_foundry::ListConversationsResponse::ServerError {
                status: http::StatusCode::SERVICE_UNAVAILABLE,
                body: azure_ai_foundry::ListConversationsErrorResponse {
                    error: azure_ai_foundry::Error {
                        code: Some("busy".to_owned()),
                        message: "try later".to_owned(),
                        param: vendor_apis::runtime::Nullable::Absent,
                        r#type: None,
                        details: None,
                        additional_info: None,
                        debug_info: None,
                    },
                },
            };
        }
        let start = match &request.after {
            Some(after) => self.items.iter().position(|id| id == after).expect("known id") + 1,
            None => 0,
        };
        let size = usize::try_from(request.limit.unwrap_or(20)).expect("limit");
        let end = (start + size).min(self.items.len());
        let page = &self.items[start..end];
        azure_ai_foundry::ListConversationsResponse::Ok(azure_ai_foundry::ListConversationsOkResponse {
            data: page
                .iter()
                .map(|id| azure_ai_foundry::ConversationResource {
                    id: id.clone(),
                    object: azure_ai_foundry::ConversationResourceObject::Conversation,
                    metadata: azure_ai_foundry::Metadata(serde_json::Map::new()),
                    created_at: 0,
                })
                .collect(),
            first_id: page.first().cloned(),
            last_id: page.last().cloned(),
            has_more: end < self.items.len(),
        })
    }
}

#[tokio::test]
async fn azure_pages_after_last_id_while_has_more() {
    let log = Log::default();
    let url = docgen_tests::serve(azure_ai_foundry::router(AzurePages { items: ids(6), log: log.clone() })).await;
    let client = azure_ai_foundry::Client::new(&url).expect("client");
    let request = azure_ai_foundry::ListConversationsRequest { limit: None, after: None, ..azure_request() };
    let items: Vec<String> = client
        .list_conversations_stream(request, PageOptions::default().page_size(4))
        .map(|item| item.expect("item").id)
        .collect()
        .await;
    assert_eq!(items, ids(6));
    assert_eq!(*log.lock().expect("lock"), ["Some(4)/None", "Some(4)/Some(\"c3\")"]);
}

#[tokio::test]
async fn a_documented_error_ends_the_stream_with_its_variant() {
    let log = Log::default();
    let url = docgen_tests::serve(azure_ai_foundry::router(AzurePages { items: ids(3), log })).await;
    let client = azure_ai_foundry::Client::new(&url).expect("client");
    let request = azure_ai_foundry::ListConversationsRequest { after: Some("fail".to_owned()), ..azure_request() };
    // The plain method decodes the 503 into its `5XX` variant …
    match client.list_conversations(request.clone()).await.expect("documented") {
        azure_ai_foundry::ListConversationsResponse::ServerError { status, body } => {
            assert_eq!(status.as_u16(), 503);
            assert_eq!(body.error.message, "try later");
        }
        other => panic!("expected ServerError, got {other:?}"),
    }
    // … and the stream yields it as the outcome that ended paging.
    let results: Vec<_> = client.list_conversations_stream(request, PageOptions::default()).collect().await;
    assert_eq!(results.len(), 1);
    assert!(
        matches!(&results[0], Err(PageError::Response(azure_ai_foundry::ListConversationsResponse::ServerError { status, .. })) if status.as_u16() == 503),
        "{results:?}"
    );
}

/// Wassist (Django REST style): `limit`/`offset`, a `next` link that is `null` on the last page.
struct WassistPages {
    items: Vec<String>,
    log: Log,
}

impl wassist::WassistApi for WassistPages {
    async fn api_v1_conversations_list(
        &self,
        request: wassist::ApiV1ConversationsListRequest,
    ) -> wassist::ApiV1ConversationsListResponse {
        self.log.lock().expect("lock").push(format!("{:?}+{:?}", request.offset, request.limit));
        let start = usize::try_from(request.offset.unwrap_or(0)).expect("offset");
        let size = usize::try_from(request.limit.unwrap_or(2)).expect("limit");
        let end = (start + size).min(self.items.len());
        let link =
            |offset: usize| format!("https://api.example.com/api/v1/conversations/?offset={offset}&limit={size}");
        wassist::ApiV1ConversationsListResponse::Ok(wassist::PaginatedConversationList {
            count: i64::try_from(self.items.len()).expect("count"),
            // As Wassist does: `"next": null` on the last page, not an absent link.
            next: (end < self.items.len()).then(|| link(end)).into(),
            previous: (start > 0).then(|| link(start.saturating_sub(size))).into(),
            results: self.items[start..end]
                .iter()
                .map(|id| wassist::Conversation {
                    id: uuid::Uuid::nil(),
                    contact: wassist::ConversationContact { phone_number: id.clone(), name: None },
                    active_agent: String::new(),
                    chat_window_remaining_time: String::new(),
                    last_message: String::new(),
                    is_human_takeover: String::new(),
                    active: String::new(),
                })
                .collect(),
        })
    }
}

#[tokio::test]
async fn wassist_pages_by_offset_until_next_is_null() {
    let log = Log::default();
    let url = docgen_tests::serve(wassist::router(WassistPages { items: ids(5), log: log.clone() })).await;
    let client = wassist::Client::new(&url).expect("client").with_api_key_auth("k");
    // The server's default page size (2) is used when the options leave it.
    let items: Vec<String> = client
        .api_v1_conversations_list_stream(wassist::ApiV1ConversationsListRequest::new(), PageOptions::default())
        .map(|item| item.expect("item").contact.phone_number)
        .collect()
        .await;
    assert_eq!(items, ids(5));
    assert_eq!(*log.lock().expect("lock"), ["None+None", "Some(2)+None", "Some(4)+None"]);

    log.lock().expect("lock").clear();
    let items: Vec<String> = client
        .api_v1_conversations_list_stream(
            wassist::ApiV1ConversationsListRequest::new(),
            PageOptions::default().page_size(3),
        )
        .map(|item| item.expect("item").contact.phone_number)
        .collect()
        .await;
    assert_eq!(items, ids(5));
    assert_eq!(*log.lock().expect("lock"), ["None+Some(3)", "Some(3)+Some(3)"]);
}

#[tokio::test]
async fn a_body_that_does_not_match_keeps_status_headers_and_body() {
    let router = axum::Router::new().route(
        "/api/v1/conversations/",
        axum::routing::get(|| async { ([("x-trace", "t-1")], axum::Json(serde_json::json!({ "count": "many" }))) }),
    );
    let url = docgen_tests::serve(router).await;
    let client = wassist::Client::new(&url).expect("client").with_api_key_auth("k");
    let error =
        client.api_v1_conversations_list(wassist::ApiV1ConversationsListRequest::new()).await.expect_err("decode");
    assert!(matches!(error, ClientError::Decode { .. }), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.headers().and_then(|h| h.get("x-trace")).map(|v| v.as_bytes()), Some(&b"t-1"[..]));
    assert_eq!(error.body(), Some(&br#"{"count":"many"}"#[..]));
    let text = error.to_string();
    assert!(
        text.starts_with("status 200 OK: the answer does not match the document: the JSON body: invalid type"),
        "{text}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_clear_error() {
    // A port that was just free: bound, then released.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client = trillet::Client::new(&format!("http://{address}")).expect("client");
    let request = trillet::GetAllConversationsRequest::new().x_workspace_id("w");
    let error = client.get_all_conversations(request).await.expect_err("refused");
    assert!(error.is_connect(), "{error:?}");
    let text = error.to_string();
    assert!(text.starts_with(&format!("GET http://{address}/v1/api/conversations: cannot connect: ")), "{text}");
    assert!(text.to_lowercase().contains("refused"), "{text}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    // Accepts connections and keeps them open without answering.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client =
        trillet::Client::new(&format!("http://{address}")).expect("client").with_timeout(Duration::from_millis(300));
    let request = trillet::GetAllConversationsRequest::new().x_workspace_id("w");
    let error = client.get_all_conversations(request).await.expect_err("timeout");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.to_string(), format!("GET http://{address}/v1/api/conversations: timed out"));
}

#[test]
fn a_base_url_that_cannot_carry_paths_is_refused() {
    let error = trillet::Client::new("mailto:someone@example.com").expect_err("not a base");
    assert_eq!(error.to_string(), "invalid request: base URL `mailto:someone@example.com` cannot carry a path");
    let error = trillet::Client::new("not a url").expect_err("not a URL");
    assert!(error.to_string().starts_with("invalid request: base URL `not a url`: "), "{error}");
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept_and_path_values_are_encoded() {
    let router = axum::Router::new().route(
        "/prefix/v1/api/conversations",
        axum::routing::get(|headers: http::HeaderMap| async move {
            let workspace = headers.get("x-workspace-id").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            axum::Json(serde_json::json!([{ "_id": workspace }]))
        }),
    );
    let url = docgen_tests::serve(router).await;
    let client = trillet::Client::new(&format!("{url}/prefix/")).expect("client");
    let request = trillet::GetAllConversationsRequest::new().x_workspace_id("ws-9");
    let trillet::GetAllConversationsResponse::Ok(items) = client.get_all_conversations(request).await.expect("answer");
    assert_eq!(items[0].id.as_deref(), Some("ws-9"));
    assert_eq!(vendor_apis::runtime::client::path_value(&"a b/ü?".to_owned()), "a%20b%2F%C3%BC%3F");
}
