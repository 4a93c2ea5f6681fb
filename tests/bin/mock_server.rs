//! `mock-server MODULE [--addr 127.0.0.1:PORT]`: serves a spec's example-backed service (its `mock` module)
//! until interrupted, logging one line per request. Run it as `cargo xtask mock MODULE`.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Instant;

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;

/// Serves a spec's example-backed service until interrupted, one log line per request.
#[derive(clap::Parser)]
#[command(name = "mock-server")]
struct Cli {
    /// The spec's module.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(vendor_apis::MODULES))]
    module: String,
    /// Where to listen (port 0: a free port; the bound address is printed).
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// Accept only this credential (API key, bearer token, or the encoded part of Basic); without it, any
    /// credential that is present is accepted.
    #[arg(long, value_name = "VALUE")]
    credential: Option<String>,
}

fn main() -> ExitCode {
    let Cli { module, addr, credential } = clap::Parser::parse();
    let mut config = vendor_apis::runtime::Config::default();
    if let Some(expected) = credential {
        config = config.with_credential_check(move |_scheme, given| given == expected);
    }
    let Some(router) = vendor_apis::mock_router(&module, config) else {
        eprintln!("error: no module `{module}`; the modules are: {}", vendor_apis::MODULES.join(", "));
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(&module, addr, router)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(module: &str, addr: SocketAddr, router: axum::Router) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    println!("mock {module} listening on http://{bound}");
    let router = router.layer(middleware::from_fn(log_request));
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            println!("interrupted; shutting down");
        })
        .await
}

/// One line per request: method, path (with query), status, latency.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let target = request.uri().path_and_query().map_or_else(|| request.uri().path().to_owned(), |pq| pq.to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    println!("{method} {target} {} {:.2}ms", response.status().as_u16(), elapsed.as_secs_f64() * 1000.0);
    response
}
