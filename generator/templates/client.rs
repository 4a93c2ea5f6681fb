
/// What every generated `Client` is built on (in a generated crate, its `client` feature): connection
/// settings, request building by parameter style, response reading that keeps status, headers and body when
/// decoding fails, and the page-by-page stream of paginated operations.
#[cfg(feature = "client")]
pub mod client {
    use std::collections::VecDeque;
    use std::fmt;
    use std::future::Future;
    use std::str::FromStr;
    use std::time::Duration;

    pub use ::http::{HeaderMap, StatusCode};
    use ::http::{HeaderName, HeaderValue};

    /// Why a call did not end in one of the operation's documented outcomes.
    #[derive(Debug)]
    #[non_exhaustive]
    pub enum ClientError {
        /// The request could not be built: a base URL that cannot carry paths, a header value HTTP cannot
        /// carry, a body that does not serialize.
        InvalidRequest { message: String },
        /// No response arrived: the connection was refused or reset, the name did not resolve, or the call
        /// took longer than the client's timeout.
        Transport { method: String, url: String, source: reqwest::Error },
        /// The server answered with a status the document does not list for this operation.
        UnexpectedStatus(Box<Answer>),
        /// A documented status whose body or headers are not what the document describes.
        Decode { answer: Box<Answer>, message: String },
        /// Paging cannot go on: the server handed back the cursor it was just sent, which would repeat the
        /// same page forever.
        Paging { message: String },
    }

    impl ClientError {
        /// The whole answer (status, headers, raw body), when there was one.
        pub fn answer(&self) -> Option<&Answer> {
            match self {
                ClientError::UnexpectedStatus(answer) | ClientError::Decode { answer, .. } => Some(answer),
                _ => None,
            }
        }

        /// The status of the answer, when there was one.
        pub fn status(&self) -> Option<StatusCode> {
            self.answer().map(|answer| answer.status)
        }

        /// The headers of the answer, when there was one.
        pub fn headers(&self) -> Option<&HeaderMap> {
            self.answer().map(|answer| &answer.headers)
        }

        /// The raw body of the answer, when there was one.
        pub fn body(&self) -> Option<&[u8]> {
            self.answer().map(|answer| answer.body.as_slice())
        }

        /// The call took longer than the timeout.
        pub fn is_timeout(&self) -> bool {
            matches!(self, ClientError::Transport { source, .. } if source.is_timeout())
        }

        /// No connection could be made (refused, unreachable, name not resolved).
        pub fn is_connect(&self) -> bool {
            matches!(self, ClientError::Transport { source, .. } if source.is_connect())
        }
    }

    /// At most this many bytes of a body are quoted in an error message.
    const QUOTED: usize = 200;

    fn quote_body(body: &[u8]) -> String {
        let text = String::from_utf8_lossy(body);
        match text.char_indices().nth(QUOTED) {
            Some((end, _)) => format!("{}…", &text[..end]),
            None => text.into_owned(),
        }
    }

    impl fmt::Display for ClientError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                ClientError::InvalidRequest { message } => write!(f, "invalid request: {message}"),
                ClientError::Transport { method, url, source } if source.is_timeout() => {
                    write!(f, "{method} {url}: timed out")
                }
                ClientError::Transport { method, url, source } if source.is_connect() => {
                    write!(f, "{method} {url}: cannot connect: {}", root_cause(source))
                }
                ClientError::Transport { method, url, source } => write!(f, "{method} {url}: {}", root_cause(source)),
                ClientError::UnexpectedStatus(answer) => {
                    write!(f, "undocumented status {}; body: {}", answer.status, quote_body(&answer.body))
                }
                ClientError::Decode { answer, message } => write!(
                    f,
                    "status {}: the answer does not match the document: {message}; body: {}",
                    answer.status,
                    quote_body(&answer.body)
                ),
                ClientError::Paging { message } => write!(f, "paging stopped: {message}"),
            }
        }
    }

    /// The innermost error's text ("Connection refused (os error 111)") rather than reqwest's outer wording.
    fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
        let mut current = error;
        while let Some(next) = current.source() {
            current = next;
        }
        current.to_string()
    }

    impl std::error::Error for ClientError {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            match self {
                ClientError::Transport { source, .. } => Some(source),
                _ => None,
            }
        }
    }

    fn invalid(message: impl Into<String>) -> ClientError {
        ClientError::InvalidRequest { message: message.into() }
    }

    /// The `reqwest::Client` a generated `Client::new` uses: reqwest's defaults. In a generated crate with its
    /// `client-rustls` feature, TLS is rustls on ring, installed as the process's rustls provider unless one
    /// is installed already; in a module tree, TLS is what the crate enables of reqwest's features (none:
    /// plain HTTP only).
    pub fn default_http() -> Result<reqwest::Client, ClientError> {
        #[cfg(feature = "client-rustls")]
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // Another thread may install one first; either provider serves.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        reqwest::Client::builder().build().map_err(|e| invalid(format!("the HTTP client: {}", root_cause(&e))))
    }

    /// When a call is sent again: an answer of 429 (Too Many Requests) or 503 (Service Unavailable), or no
    /// connection, for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) — and for the others
    /// only with [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent). The wait before attempt
    /// `n + 1` is `initial_delay × 2^(n-1)`, or the answer's `Retry-After` (seconds or an HTTP date) when
    /// it has one, and never more than `max_delay`. When attempts run out, the last answer or error is the
    /// call's: a 503 the operation documents is its variant, otherwise a [`ClientError`].
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RetryPolicy {
        max_attempts: u32,
        initial_delay: Duration,
        max_delay: Duration,
        jitter: bool,
        non_idempotent: bool,
    }

    impl Default for RetryPolicy {
        /// Three attempts, 500 ms then 1 s apart (each with jitter), at most 30 s for a `Retry-After`.
        fn default() -> Self {
            RetryPolicy {
                max_attempts: 3,
                initial_delay: Duration::from_millis(500),
                max_delay: Duration::from_secs(30),
                jitter: true,
                non_idempotent: false,
            }
        }
    }

    impl RetryPolicy {
        /// Attempts in all, the first included (at least 1: 1 is no retry).
        pub fn max_attempts(mut self, attempts: u32) -> Self {
            self.max_attempts = attempts.max(1);
            self
        }

        /// The wait before the first retry when the answer names none; it doubles with each retry.
        pub fn initial_delay(mut self, delay: Duration) -> Self {
            self.initial_delay = delay;
            self
        }

        /// The longest wait before a retry, a `Retry-After` included.
        pub fn max_delay(mut self, delay: Duration) -> Self {
            self.max_delay = delay;
            self
        }

        /// Whether a computed wait (not a `Retry-After`) is shortened by a random part of up to half of it,
        /// so that clients refused together do not come back together (on by default).
        pub fn jitter(mut self, jitter: bool) -> Self {
            self.jitter = jitter;
            self
        }

        /// Sends POST and PATCH (and other non-idempotent methods) again too: only for operations that the
        /// vendor makes safe to repeat (an idempotency key, say).
        pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
            self.non_idempotent = retry;
            self
        }

        fn applies_to(&self, method: &reqwest::Method) -> bool {
            use reqwest::Method;
            self.non_idempotent
                || [Method::GET, Method::HEAD, Method::OPTIONS, Method::PUT, Method::DELETE, Method::TRACE]
                    .contains(method)
        }

        /// The wait before attempt `attempt + 1` (`attempt` counts from 1), given the answer's `Retry-After`.
        fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
            let delay = match retry_after {
                Some(delay) => delay,
                None => {
                    let computed = self.initial_delay.saturating_mul(1u32 << (attempt - 1).min(20));
                    if self.jitter {
                        computed.saturating_sub(computed.mul_f64(random_fraction() / 2.0))
                    } else {
                        computed
                    }
                }
            };
            delay.min(self.max_delay)
        }
    }

    /// A number in `[0, 1)` from the standard library's per-process random hash keys (no dependency for it).
    fn random_fraction() -> f64 {
        use std::hash::{BuildHasher, Hasher};
        let bits = std::collections::hash_map::RandomState::new().build_hasher().finish();
        (bits >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `Retry-After` as a wait: delay-seconds, or an HTTP date (a date already past is no wait).
    fn retry_after(headers: &HeaderMap) -> Option<Duration> {
        let text = headers.get(::http::header::RETRY_AFTER)?.to_str().ok()?.trim();
        if let Ok(seconds) = text.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        let date = chrono::DateTime::parse_from_rfc2822(text).ok()?;
        let at = std::time::UNIX_EPOCH + Duration::from_secs(u64::try_from(date.timestamp()).unwrap_or(0));
        Some(at.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
    }

    /// Connection settings of a generated `Client`: the base URL, the HTTP client, headers sent on every
    /// request, credentials by security scheme, a timeout, and when to send a call again.
    #[derive(Debug, Clone)]
    pub struct Core {
        http: reqwest::Client,
        base: reqwest::Url,
        headers: HeaderMap,
        credentials: Vec<(&'static str, String)>,
        timeout: Option<Duration>,
        retry: Option<RetryPolicy>,
    }

    impl Core {
        /// Settings for `base_url` (`https://api.example.com/v1`): paths of operations are appended to its path.
        pub fn new(base_url: &str, http: reqwest::Client) -> Result<Self, ClientError> {
            let base = reqwest::Url::parse(base_url).map_err(|e| invalid(format!("base URL `{base_url}`: {e}")))?;
            if base.cannot_be_a_base() {
                return Err(invalid(format!("base URL `{base_url}` cannot carry a path")));
            }
            Ok(Core { http, base, headers: HeaderMap::new(), credentials: Vec::new(), timeout: None, retry: None })
        }

        pub fn base_url(&self) -> &reqwest::Url {
            &self.base
        }

        /// Sends `name: value` with every request, unless the request sets that header itself.
        pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), ClientError> {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid(format!("`{name}` is not a header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid(format!("header `{name}`: the value cannot be sent")))?;
            self.headers.insert(header, value);
            Ok(())
        }

        /// The credential of a security scheme, used by every operation that scheme secures when the request
        /// leaves its own credential field empty.
        pub fn set_credential(&mut self, scheme: &'static str, value: String) {
            self.credentials.retain(|(s, _)| *s != scheme);
            self.credentials.push((scheme, value));
        }

        /// A limit on every call, from sending to the end of the body.
        pub fn set_timeout(&mut self, timeout: Duration) {
            self.timeout = Some(timeout);
        }

        /// Sends calls again as `policy` says; `None` (the default) sends each call once.
        pub fn set_retry(&mut self, policy: Option<RetryPolicy>) {
            self.retry = policy;
        }

        fn credential(&self, scheme: &str) -> Option<&str> {
            self.credentials.iter().find(|(s, _)| *s == scheme).map(|(_, v)| v.as_str())
        }

        /// Sends a request and reads the whole answer.
        pub async fn send(&self, call: Call<'_>) -> Result<Answer, ClientError> {
            if let Some(error) = call.error {
                return Err(error);
            }
            let mut url = self.base.clone();
            let path = format!("{}{}", self.base.path().trim_end_matches('/'), call.path);
            url.set_path(&path);
            if !call.query.is_empty() {
                url.query_pairs_mut().extend_pairs(call.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            }
            let method = call.method.to_string();
            let shown_url = url.to_string();
            let mut headers = self.headers.clone();
            for (name, value) in call.headers {
                headers.insert(name, value);
            }
            if !call.cookies.is_empty() {
                let cookie = HeaderValue::from_str(&call.cookies.join("; ")).map_err(|_| invalid("a cookie value cannot be sent"))?;
                headers.insert(::http::header::COOKIE, cookie);
            }
            if let Some((content_type, _)) = &call.body {
                headers.insert(::http::header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            }
            let policy = self.retry.as_ref().filter(|policy| policy.applies_to(&call.method));
            let attempts = policy.map_or(1, |policy| policy.max_attempts);
            let mut attempt = 1;
            loop {
                let mut request = self.http.request(call.method.clone(), url.clone()).headers(headers.clone());
                if let Some((_, body)) = &call.body {
                    request = request.body(body.clone());
                }
                if let Some(timeout) = self.timeout {
                    request = request.timeout(timeout);
                }
                let outcome = read_answer(request).await;
                let again = match &outcome {
                    Ok(answer) if matches!(answer.status.as_u16(), 429 | 503) => Some(retry_after(&answer.headers)),
                    Err(source) if source.is_connect() => Some(None),
                    _ => None,
                };
                match (policy, again) {
                    (Some(policy), Some(wait)) if attempt < attempts => {
                        tokio::time::sleep(policy.delay(attempt, wait)).await;
                        attempt += 1;
                    }
                    _ => return outcome.map_err(|source| ClientError::Transport { method, url: shown_url, source }),
                }
            }
        }
    }

    async fn read_answer(request: reqwest::RequestBuilder) -> Result<Answer, reqwest::Error> {
        let response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        Ok(Answer { status, headers, body })
    }

    /// OpenAPI's query styles, as far as they change how a list is written.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum QueryStyle {
        /// `ids=1&ids=2`.
        FormExploded,
        /// `ids=1,2`.
        FormComma,
        /// `ids=1%202`.
        SpaceDelimited,
        /// `ids=1|2`.
        PipeDelimited,
    }

    /// One request, as a generated method builds it. Problems are kept and reported by [`Core::send`], so
    /// building never fails half-way.
    #[derive(Debug)]
    pub struct Call<'c> {
        core: &'c Core,
        method: reqwest::Method,
        path: String,
        query: Vec<(String, String)>,
        headers: Vec<(HeaderName, HeaderValue)>,
        cookies: Vec<String>,
        body: Option<(&'static str, Vec<u8>)>,
        error: Option<ClientError>,
    }

    /// Percent-encodes a path parameter's value: everything but RFC 3986's unreserved characters.
    pub fn path_value<T: fmt::Display + 'static>(value: &T) -> String {
        let text = super::text(value);
        let mut out = String::with_capacity(text.len());
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(byte));
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        out
    }

    impl<'c> Call<'c> {
        /// `path` is the operation's path with its parameters already filled in by [`path_value`].
        pub fn new(core: &'c Core, method: &str, path: String) -> Self {
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET);
            Call { core, method, path, query: Vec::new(), headers: Vec::new(), cookies: Vec::new(), body: None, error: None }
        }

        fn fail(&mut self, error: ClientError) {
            self.error.get_or_insert(error);
        }

        pub fn query<T: fmt::Display + 'static>(&mut self, name: &str, value: &T) {
            self.query.push((name.to_owned(), super::text(value)));
        }

        pub fn query_list<T: fmt::Display + 'static>(&mut self, name: &str, values: &[T], style: QueryStyle) {
            if values.is_empty() {
                return;
            }
            let separator = match style {
                QueryStyle::FormExploded => {
                    for value in values {
                        self.query(name, value);
                    }
                    return;
                }
                QueryStyle::FormComma => ",",
                QueryStyle::SpaceDelimited => " ",
                QueryStyle::PipeDelimited => "|",
            };
            let joined: Vec<String> = values.iter().map(super::text).collect();
            self.query.push((name.to_owned(), joined.join(separator)));
        }

        /// `deepObject`: `name[property]=value` for each property of an object of scalars.
        pub fn query_object<T: serde::Serialize>(&mut self, name: &str, value: &T) {
            match serde_json::to_value(value) {
                Ok(serde_json::Value::Object(properties)) => {
                    for (property, value) in properties {
                        let text = match value {
                            serde_json::Value::Null => continue,
                            serde_json::Value::String(text) => text,
                            serde_json::Value::Bool(_) | serde_json::Value::Number(_) => value.to_string(),
                            _ => {
                                self.fail(invalid(format!("query `{name}[{property}]`: a deepObject property must be a scalar")));
                                continue;
                            }
                        };
                        self.query.push((format!("{name}[{property}]"), text));
                    }
                }
                Ok(_) => self.fail(invalid(format!("query `{name}`: a deepObject parameter must be an object"))),
                Err(error) => self.fail(invalid(format!("query `{name}`: {error}"))),
            }
        }

        pub fn header<T: fmt::Display + 'static>(&mut self, name: &str, value: &T) {
            let text = super::text(value);
            match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&text)) {
                (Ok(name), Ok(value)) => self.headers.push((name, value)),
                _ => self.fail(invalid(format!("header `{name}`: the value cannot be sent"))),
            }
        }

        pub fn cookie<T: fmt::Display + 'static>(&mut self, name: &str, value: &T) {
            self.cookies.push(format!("{name}={}", super::text(value)));
        }

        /// A credential of `scheme`: the request's own when it has one, else the client's.
        pub fn credential(&mut self, scheme: &str, place: Place, own: Option<&str>) {
            let Some(value) = own.or_else(|| self.core.credential(scheme)).map(str::to_owned) else { return };
            match place {
                Place::Header(name) => self.header(name, &value),
                Place::Query(name) => self.query(name, &value),
                Place::Cookie(name) => self.cookie(name, &value),
                Place::Bearer => self.header("authorization", &format!("Bearer {value}")),
                Place::Basic => self.header("authorization", &format!("Basic {value}")),
            }
        }

        pub fn json_body<T: serde::Serialize>(&mut self, content_type: &'static str, body: &T) {
            match serde_json::to_vec(body) {
                Ok(bytes) => self.body = Some((content_type, bytes)),
                Err(error) => self.fail(invalid(format!("the body does not serialize: {error}"))),
            }
        }

        pub fn text_body(&mut self, content_type: &'static str, body: &str) {
            self.body = Some((content_type, body.as_bytes().to_vec()));
        }

        pub fn bytes_body(&mut self, content_type: &'static str, body: &[u8]) {
            self.body = Some((content_type, body.to_vec()));
        }
    }

    /// Where a credential goes.
    #[derive(Debug, Clone, Copy)]
    pub enum Place {
        Header(&'static str),
        Query(&'static str),
        Cookie(&'static str),
        Bearer,
        Basic,
    }

    /// A whole answer: status, headers and body.
    #[derive(Clone, PartialEq)]
    pub struct Answer {
        pub status: StatusCode,
        pub headers: HeaderMap,
        pub body: Vec<u8>,
    }

    /// The body shows as text (lossily), not as a list of bytes.
    impl fmt::Debug for Answer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("Answer")
                .field("status", &self.status)
                .field("headers", &self.headers)
                .field("body", &String::from_utf8_lossy(&self.body))
                .finish()
        }
    }

    impl Answer {
        fn decode_error(&self, message: String) -> ClientError {
            ClientError::Decode {
                answer: Box::new(Answer { status: self.status, headers: self.headers.clone(), body: self.body.clone() }),
                message,
            }
        }

        /// The answer, as an error for a status the operation does not document.
        pub fn unexpected(self) -> ClientError {
            ClientError::UnexpectedStatus(Box::new(self))
        }

        /// The JSON body, read [`leniently`](super::leniently): `null` in an optional property is absence,
        /// and an enum value the document does not list is kept.
        pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, ClientError> {
            super::leniently(|| serde_json::from_slice(&self.body))
                .map_err(|e| self.decode_error(format!("the JSON body: {e}")))
        }

        pub fn text(&self) -> Result<String, ClientError> {
            String::from_utf8(self.body.clone()).map_err(|_| self.decode_error("the text body is not UTF-8".to_owned()))
        }

        pub fn bytes(&self) -> Vec<u8> {
            self.body.clone()
        }

        /// A documented header; absent is `Ok(None)`.
        pub fn header<T: FromStr>(&self, name: &str) -> Result<Option<T>, ClientError>
        where
            T::Err: fmt::Display,
        {
            let Some(value) = self.headers.get(name) else { return Ok(None) };
            let text = value.to_str().map_err(|_| self.decode_error(format!("header `{name}` is not text")))?;
            text.parse().map(Some).map_err(|e| self.decode_error(format!("header `{name}`: {e}")))
        }

        /// A required documented header.
        pub fn header_required<T: FromStr>(&self, name: &str) -> Result<T, ClientError>
        where
            T::Err: fmt::Display,
        {
            self.header(name)?.ok_or_else(|| self.decode_error(format!("the required header `{name}` is missing")))
        }
    }

    /// How a paginated stream runs.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct PageOptions {
        /// Items asked for per page (the operation's page-size parameter); `None` leaves the server's default.
        pub page_size: Option<u64>,
        /// Stop after this many items in all; `None` reads to the last page.
        pub limit: Option<u64>,
    }

    impl PageOptions {
        pub fn page_size(mut self, page_size: u64) -> Self {
            self.page_size = Some(page_size);
            self
        }

        pub fn limit(mut self, limit: u64) -> Self {
            self.limit = Some(limit);
            self
        }
    }

    /// Why a paginated stream ended early: the client failed, or the server answered with a documented
    /// outcome that is not a page (an error response of the operation).
    #[derive(Debug)]
    pub enum PageError<R> {
        Client(ClientError),
        Response(R),
    }

    impl<R: fmt::Debug> fmt::Display for PageError<R> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                PageError::Client(error) => error.fmt(f),
                PageError::Response(response) => write!(f, "the server answered with a non-page outcome: {response:?}"),
            }
        }
    }

    impl<R: fmt::Debug> std::error::Error for PageError<R> {}

    impl<R> From<ClientError> for PageError<R> {
        fn from(error: ClientError) -> Self {
            PageError::Client(error)
        }
    }

    /// One page as the generated code reads it: its items, and the request for the next page if there is
    /// one — or why paging cannot go on after these items.
    pub struct Page<Q, T, R> {
        pub items: Vec<T>,
        pub next: Result<Option<Q>, PageError<R>>,
    }

    struct PagingState<Q, T, R, F> {
        next: Option<Q>,
        /// Yielded once the buffered items are.
        pending: Option<PageError<R>>,
        buffer: VecDeque<T>,
        remaining: Option<u64>,
        fetch: F,
    }

    /// The items of every page, in order: `fetch` gets one page for a request and says which request comes
    /// next. Stops after the last page, after `limit` items, or at the first error (which it yields).
    pub fn paginate<Q, T, R, F, Fut>(first: Q, limit: Option<u64>, fetch: F) -> impl futures_util::Stream<Item = Result<T, PageError<R>>>
    where
        F: FnMut(Q) -> Fut,
        Fut: Future<Output = Result<Page<Q, T, R>, PageError<R>>>,
    {
        let state = PagingState { next: Some(first), pending: None, buffer: VecDeque::new(), remaining: limit, fetch };
        futures_util::stream::unfold(state, |mut state| async move {
            loop {
                if state.remaining == Some(0) {
                    return None;
                }
                if let Some(item) = state.buffer.pop_front() {
                    state.remaining = state.remaining.map(|n| n - 1);
                    return Some((Ok(item), state));
                }
                if let Some(error) = state.pending.take() {
                    return Some((Err(error), state));
                }
                let request = state.next.take()?;
                match (state.fetch)(request).await {
                    Ok(page) => {
                        // An empty page ends the list whatever it says about more.
                        if page.items.is_empty() {
                            return None;
                        }
                        state.buffer.extend(page.items);
                        match page.next {
                            Ok(next) => state.next = next,
                            Err(error) => state.pending = Some(error),
                        }
                    }
                    Err(error) => return Some((Err(error), state)),
                }
            }
        })
    }

    /// The next cursor, unless the page has none (absent or empty) — or hands back the one it was sent.
    pub fn next_cursor(sent: Option<&str>, received: Option<&str>) -> Result<Option<String>, ClientError> {
        match received {
            None | Some("") => Ok(None),
            Some(cursor) if Some(cursor) == sent => Err(ClientError::Paging {
                message: format!("the server answered cursor `{cursor}` with the same cursor"),
            }),
            Some(cursor) => Ok(Some(cursor.to_owned())),
        }
    }

    /// A page size or offset as the request's integer type; a value too large for it is clamped.
    pub fn integer<T: TryFrom<u64> + Bounded>(value: u64) -> T {
        T::try_from(value).unwrap_or(T::MAX)
    }

    /// Integer types' largest value, for [`integer`].
    pub trait Bounded {
        const MAX: Self;
    }

    macro_rules! bounded {
        ($($t:ty),*) => { $(impl Bounded for $t { const MAX: Self = <$t>::MAX; })* };
    }
    bounded!(i8, i16, i32, i64, u8, u16, u32, u64);

    /// A request's offset or page size as a count: its decimal text read as `u64`; negative or not a
    /// number is zero.
    pub fn count<T: fmt::Display>(value: T) -> u64 {
        value.to_string().trim().parse().unwrap_or(0)
    }
}
