//! Load benchmark (not a test): the generated Botpress router with a trivial service, beside a hand-written
//! axum handler returning the same body, under the same load on loopback. Prints requests per second for
//! both and their ratio.
//!
//! `cargo bench -p docgen-tests --bench router_load [-- --seconds S --rounds N --connections C]`
//!
//! Each side gets its own server runtime with one worker thread; the load comes from a second runtime with
//! one thread and `C` keep-alive HTTP/1 connections, each sending the next request when the previous answer
//! arrived. Rounds alternate between the two servers so that drift on a shared machine hits both alike; the
//! figures are medians over rounds.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use vendor_apis::botpress_chat::{self, BotpressChatApi, ListConversationsRequest, ListConversationsResponse};

/// The body both servers answer with.
fn page() -> botpress_chat::ListConversationsResponseBody {
    serde_json::from_value(serde_json::json!({
        "conversations": [
            {"id": "conv_1", "createdAt": "2024-12-01T08:45:00Z", "updatedAt": "2024-12-01T09:00:00Z"},
            {"id": "conv_2", "createdAt": "2024-12-02T08:45:00Z", "updatedAt": "2024-12-02T09:00:00Z"}
        ],
        "meta": {"nextToken": "token-2"}
    }))
    .expect("the page fits the generated type")
}

#[derive(Clone)]
struct Trivial(botpress_chat::ListConversationsResponseBody);

impl BotpressChatApi for Trivial {
    async fn list_conversations(&self, _request: ListConversationsRequest) -> ListConversationsResponse {
        ListConversationsResponse::Ok(self.0.clone())
    }
}

/// What one would write by hand: check the key header, answer the page as JSON.
async fn hand_written(
    axum::extract::State(page): axum::extract::State<Arc<botpress_chat::ListConversationsResponseBody>>,
    headers: HeaderMap,
) -> Response {
    if !headers.contains_key("x-user-key") {
        return (StatusCode::BAD_REQUEST, "missing x-user-key").into_response();
    }
    axum::Json(page.as_ref().clone()).into_response()
}

struct Options {
    seconds: f64,
    rounds: usize,
    connections: usize,
}

fn options() -> Options {
    let mut options = Options { seconds: 2.0, rounds: 5, connections: 32 };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.parse::<f64>().ok());
        match (args[i].as_str(), value) {
            ("--seconds", Some(v)) => options.seconds = v,
            ("--rounds", Some(v)) => options.rounds = v as usize,
            ("--connections", Some(v)) => options.connections = v as usize,
            // `cargo bench` passes `--bench`; ignore what is not ours.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    options
}

/// Starts `router` on its own single-threaded runtime (on its own OS thread); the bound address.
fn start(router: axum::Router) -> SocketAddr {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            sender.send(listener.local_addr().expect("address")).expect("report address");
            axum::serve(listener, router).await.expect("serve");
        });
    });
    receiver.recv().expect("server started")
}

/// Requests per second against `address` for `seconds`, with `connections` keep-alive connections.
async fn load(address: SocketAddr, connections: usize, seconds: f64) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let stop = stop.clone();
        let done = done.clone();
        tasks.push(tokio::spawn(async move {
            let stream = tokio::net::TcpStream::connect(address).await.expect("connect");
            stream.set_nodelay(true).expect("nodelay");
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.expect("handshake");
            tokio::spawn(connection);
            while !stop.load(Ordering::Relaxed) {
                let request = hyper::Request::get("/conversations?nextToken=abc")
                    .header("host", "127.0.0.1")
                    .header("x-user-key", "key")
                    .body(Empty::<Bytes>::new())
                    .expect("request");
                let response = sender.send_request(request).await.expect("response");
                assert_eq!(response.status(), 200);
                let body = response.into_body().collect().await.expect("body").to_bytes();
                assert!(body.len() > 100);
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    // Warm up, then count.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = done.load(Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    let count = done.load(Ordering::Relaxed) - before;
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.expect("load task");
    }
    count as f64 / elapsed
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

fn main() {
    let options = options();
    let page = page();
    let generated = start(botpress_chat::router(Trivial(page.clone())));
    let hand =
        start(axum::Router::new().route("/conversations", axum::routing::get(hand_written)).with_state(Arc::new(page)));
    let client = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("client runtime");
    let (mut generated_rps, mut hand_rps) = (Vec::new(), Vec::new());
    println!(
        "router_load: {} rounds × {} s, {} connections, GET /conversations (Botpress), 1 server thread each",
        options.rounds, options.seconds, options.connections
    );
    for round in 0..options.rounds {
        // Alternate which side goes first.
        let order = if round % 2 == 0 { [true, false] } else { [false, true] };
        for is_generated in order {
            let address = if is_generated { generated } else { hand };
            let rps = client.block_on(load(address, options.connections, options.seconds));
            if is_generated {
                generated_rps.push(rps);
            } else {
                hand_rps.push(rps);
            }
        }
        println!(
            "  round {}: generated {:>9.0} req/s   hand-written {:>9.0} req/s",
            round + 1,
            generated_rps[round],
            hand_rps[round]
        );
    }
    let (generated_median, hand_median) = (median(&mut generated_rps), median(&mut hand_rps));
    println!("generated router:     {generated_median:>9.0} req/s (median)");
    println!("hand-written handler: {hand_median:>9.0} req/s (median)");
    println!("ratio generated/hand-written: {:.3}", generated_median / hand_median);
}
