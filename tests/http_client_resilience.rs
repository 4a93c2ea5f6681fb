//! The generated client against servers that misbehave as real vendors do, over HTTP on 127.0.0.1:
//! - retries (`Client::with_retry`): 503 with `Retry-After: 1` twice, then 200, is three requests and a
//!   success; a POST is sent once unless the policy says otherwise; a 429 whose `Retry-After` is an HTTP
//!   date waits for it (up to the policy's `max_delay`); a refused connection is tried again; without a
//!   policy, every call is one request;
//! - lenient reading: `null` in an optional property the document does not mark nullable, and an enum
//!   value the document does not list, decode in the client — while the router, reading the same types,
//!   still refuses a value outside its enum with 400.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use vendor_apis::runtime::client::{ClientError, RetryPolicy};
use vendor_apis::{azure_ai_foundry, vectara};

/// A page of Azure's `GET /openai/v1/conversations` as a vendor that moved on from its document answers:
/// `first_id` is `null` (the document says string, not nullable) and `object` has a value the document's
/// enum does not list.
const DRIFTED_PAGE: &str = r#"{"data": [{"id": "c1", "object": "brand_new_value", "metadata": {}, "created_at": 1}],
    "first_id": null, "last_id": "c1", "has_more": false}"#;

/// What one request to a [`scripted`] server gets: a status, extra headers, a body.
type Reply = (StatusCode, Vec<(header::HeaderName, String)>, &'static str);

/// A server that answers any method on any path with `replies` in turn (the last one again once they run
/// out), and the count of requests it received.
async fn scripted(replies: Vec<Reply>) -> (String, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let replies = Arc::new(replies);
    let router = axum::Router::new().fallback(move || {
        let (seen, replies) = (seen.clone(), replies.clone());
        async move {
            let index = seen.fetch_add(1, Ordering::SeqCst).min(replies.len() - 1);
            let (status, extra, body) = replies[index].clone();
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            for (name, value) in extra {
                headers.insert(name, HeaderValue::from_str(&value).expect("header value"));
            }
            (status, headers, body).into_response()
        }
    });
    (docgen_tests::serve(router).await, count)
}

const BUSY: &str = r#"{"error": {"message": "busy"}}"#;

fn unavailable(retry_after: &str) -> Reply {
    (StatusCode::SERVICE_UNAVAILABLE, vec![(header::RETRY_AFTER, retry_after.to_owned())], BUSY)
}

fn page() -> Reply {
    (StatusCode::OK, Vec::new(), DRIFTED_PAGE)
}

/// A policy whose own waits are short, for the cases where the server names no wait.
fn quick_policy() -> RetryPolicy {
    RetryPolicy::default().jitter(false).initial_delay(Duration::from_millis(20))
}

#[tokio::test]
async fn a_get_is_retried_after_503_with_retry_after_until_it_succeeds() {
    let (url, count) = scripted(vec![unavailable("1"), unavailable("1"), page()]).await;
    let client = azure_ai_foundry::Client::new(&url).expect("client").with_retry(quick_policy());
    let started = Instant::now();
    let response = client.list_conversations(azure_ai_foundry::ListConversationsRequest::new()).await;
    assert!(matches!(response, Ok(azure_ai_foundry::ListConversationsResponse::Ok(_))), "{response:?}");
    assert_eq!(count.load(Ordering::SeqCst), 3);
    // `Retry-After: 1` twice is two seconds of waiting, not the policy's 20 ms and 40 ms.
    assert!(started.elapsed() >= Duration::from_secs(2), "{:?}", started.elapsed());
}

#[tokio::test]
async fn the_last_503_is_the_operations_documented_variant_when_attempts_run_out() {
    let (url, count) = scripted(vec![unavailable("0")]).await;
    let client = azure_ai_foundry::Client::new(&url).expect("client").with_retry(quick_policy().max_attempts(2));
    let response = client.list_conversations(azure_ai_foundry::ListConversationsRequest::new()).await;
    match response {
        Ok(azure_ai_foundry::ListConversationsResponse::ServerError { status, body }) => {
            assert_eq!(status.as_u16(), 503);
            assert_eq!(body.error.message, "busy");
        }
        other => panic!("expected the 5XX variant, got {other:?}"),
    }
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

fn vectara_request() -> vectara::ListConversationsRequest {
    vectara::ListConversationsRequest::new(vectara::ListConversationsRequestBody {
        num_results: 5,
        page_key: String::new(),
    })
}

#[tokio::test]
async fn a_post_is_sent_once_unless_the_policy_allows_it() {
    let (url, count) = scripted(vec![unavailable("0")]).await;
    let client = vectara::Client::new(&url).expect("client").with_retry(quick_policy());
    let error = client.list_conversations(vectara_request()).await.expect_err("503 is not documented");
    assert!(matches!(error, ClientError::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(count.load(Ordering::SeqCst), 1, "a POST is not repeated on its own");

    let (url, count) = scripted(vec![unavailable("0")]).await;
    let client = vectara::Client::new(&url).expect("client").with_retry(quick_policy().retry_non_idempotent(true));
    let error = client.list_conversations(vectara_request()).await.expect_err("503 every time");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(count.load(Ordering::SeqCst), 3, "the policy's three attempts");
}

/// An HTTP date (IMF-fixdate) `seconds` from now.
fn http_date_in(seconds: u64) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs() + seconds;
    let date = chrono::DateTime::from_timestamp(i64::try_from(now).expect("i64"), 0).expect("a date");
    date.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[tokio::test]
async fn a_429_with_an_http_date_waits_for_it_up_to_max_delay() {
    let too_many = (StatusCode::TOO_MANY_REQUESTS, vec![(header::RETRY_AFTER, http_date_in(30))], BUSY);
    let (url, count) = scripted(vec![too_many, page()]).await;
    // Without the date the policy would wait nothing; with it, 30 s capped at `max_delay`.
    let policy = quick_policy().initial_delay(Duration::ZERO).max_delay(Duration::from_millis(400));
    let client = azure_ai_foundry::Client::new(&url).expect("client").with_retry(policy);
    let started = Instant::now();
    let response = client.list_conversations(azure_ai_foundry::ListConversationsRequest::new()).await;
    let waited = started.elapsed();
    assert!(matches!(response, Ok(azure_ai_foundry::ListConversationsResponse::Ok(_))), "{response:?}");
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert!(waited >= Duration::from_millis(400) && waited < Duration::from_secs(10), "{waited:?}");
}

#[tokio::test]
async fn a_refused_connection_is_tried_again() {
    // A port nobody listens on, until a server binds it shortly after the first attempt.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let listener = tokio::net::TcpListener::bind(address).await.expect("rebind");
        let router = axum::Router::new().fallback(move || {
            seen.fetch_add(1, Ordering::SeqCst);
            async { ([(header::CONTENT_TYPE, "application/json")], DRIFTED_PAGE) }
        });
        axum::serve(listener, router).await.expect("serve");
    });
    let url = format!("http://{address}");
    let policy = quick_policy().initial_delay(Duration::from_millis(300)).max_attempts(4);
    let client = azure_ai_foundry::Client::new(&url).expect("client").with_retry(policy);
    let response = client.list_conversations(azure_ai_foundry::ListConversationsRequest::new()).await;
    assert!(matches!(response, Ok(azure_ai_foundry::ListConversationsResponse::Ok(_))), "{response:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1, "only the retry reached the server");

    // Without a policy the same refusal is the call's error.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let client = azure_ai_foundry::Client::new(&url).expect("client");
    let error =
        client.list_conversations(azure_ai_foundry::ListConversationsRequest::new()).await.expect_err("refused");
    assert!(error.is_connect(), "{error:?}");
}

#[tokio::test]
async fn without_a_policy_every_call_is_one_request() {
    let (url, count) = scripted(vec![unavailable("0"), page()]).await;
    let client = azure_ai_foundry::Client::new(&url).expect("client");
    let response = client.list_conversations(azure_ai_foundry::ListConversationsRequest::new()).await;
    assert!(
        matches!(&response, Ok(azure_ai_foundry::ListConversationsResponse::ServerError { status, .. }) if status.as_u16() == 503),
        "{response:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_client_reads_null_optionals_and_unknown_enum_values() {
    let (url, _) = scripted(vec![page()]).await;
    let client = azure_ai_foundry::Client::new(&url).expect("client");
    let response = client.list_conversations(azure_ai_foundry::ListConversationsRequest::new()).await;
    let Ok(azure_ai_foundry::ListConversationsResponse::Ok(page)) = response else {
        panic!("expected a page, got {response:?}")
    };
    assert_eq!(page.first_id, None);
    assert_eq!(page.last_id.as_deref(), Some("c1"));
    let object = &page.data[0].object;
    assert_eq!(*object, azure_ai_foundry::ConversationResourceObject::Unknown("brand_new_value".to_owned()));
    assert_eq!(object.as_str(), "brand_new_value");
    // Written back as received.
    assert_eq!(serde_json::to_value(object).expect("serializes"), "brand_new_value");

    // The same types read strictly anywhere else (the router reads bodies this way).
    let strict = serde_json::from_str::<azure_ai_foundry::ListConversationsOkResponse>(DRIFTED_PAGE);
    assert!(strict.is_err(), "{strict:?}");
    let unknown = serde_json::from_str::<azure_ai_foundry::ConversationResourceObject>(r#""brand_new_value""#);
    assert!(unknown.expect_err("strict").to_string().contains("unknown variant `brand_new_value`"));
    assert!("brand_new_value".parse::<azure_ai_foundry::ConversationResourceObject>().is_err());
}

#[tokio::test]
async fn the_router_refuses_an_enum_value_it_does_not_list() {
    let router = vendor_apis::mock_router("azure_ai_foundry", vendor_apis::runtime::Config::default()).expect("mock");
    let url = docgen_tests::serve(router).await;
    let http = docgen_tests::client();
    let refused =
        http.get(format!("{url}/openai/v1/conversations?order=brand_new_value")).send().await.expect("answer");
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = refused.json().await.expect("JSON error body");
    assert_eq!(body["details"][0]["name"], "order", "{body}");
    let accepted = http.get(format!("{url}/openai/v1/conversations?order=asc")).send().await.expect("answer");
    assert_eq!(accepted.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_response_property_known_only_from_an_example_may_be_absent() {
    // Vectara's page states no requiredness; its example has `conversation`, `status` and `page_key`.
    let (url, _) = scripted(vec![(StatusCode::OK, Vec::new(), r#"{"status": {"code": 0}}"#)]).await;
    let client = vectara::Client::new(&url).expect("client");
    let response = client.list_conversations(vectara_request()).await;
    let Ok(vectara::ListConversationsResponse::Ok(page)) = response else {
        panic!("expected a page, got {response:?}")
    };
    assert_eq!((page.conversation, page.page_key), (None, None));
    assert_eq!(page.status.and_then(|status| status.code), Some(0));
}
