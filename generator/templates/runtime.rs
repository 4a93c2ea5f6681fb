//! Support code shared by the generated modules: enum parse errors, and the parameter extraction,
//! validation and response writing that every generated router uses (in a generated crate, behind its
//! `server` feature).

use std::fmt;

/// A string that is not one of an enum's documented values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariant {
    /// The Rust enum.
    pub type_name: &'static str,
    /// The value that was given.
    pub value: String,
    /// The values the document allows.
    pub expected: &'static [&'static str],
}

impl UnknownVariant {
    pub fn new(type_name: &'static str, value: &str, expected: &'static [&'static str]) -> Self {
        UnknownVariant { type_name, value: value.to_owned(), expected }
    }
}

impl fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not one of: {}", self.value, self.expected.join(", "))
    }
}

impl std::error::Error for UnknownVariant {}

/// An HTTP status from a documented code. Codes in documents are three digits, so this never fails;
/// an impossible code would answer 500 rather than panic.
pub fn status(code: u16) -> ::http::StatusCode {
    ::http::StatusCode::from_u16(code).unwrap_or(::http::StatusCode::INTERNAL_SERVER_ERROR)
}

/// A value as a parameter or header carries it: RFC 3339 for date-times, `Display` otherwise.
pub fn text<T: fmt::Display + 'static>(value: &T) -> String {
    match (value as &dyn std::any::Any).downcast_ref::<chrono::DateTime<chrono::Utc>>() {
        Some(time) => time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        None => value.to_string(),
    }
}

/// An optional property that may be `null`: absent (not written), `null`, or a value. `null` and absence stay
/// apart, so a PATCH body can say "clear" (`Null`) as well as "leave as it is" (`Absent`). One type for
/// every such field (`#[serde(default, skip_serializing_if = "Nullable::is_absent")]`), with no code of its
/// own per field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    Absent,
    Null,
    Value(T),
}

/// Absent (whatever the value's type).
impl<T> Default for Nullable<T> {
    fn default() -> Self {
        Nullable::Absent
    }
}

impl<T> Nullable<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one (absent and `null` are both `None`).
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value as its `Deref` target (`&str` for a `String`), if there is one.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.as_ref().map(|value| &**value)
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

/// `None` is `null`, `Some` a value.
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    /// A present property: `null` or a value (an absent one is the field's default, `Absent`).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

std::thread_local! {
    /// Whether the deserializers on this thread read as the client does (see [`leniently`]).
    static LENIENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` (a synchronous deserialization) the way a client reads a vendor's answer: `null` in an
/// optional property is absence, and a string enum keeps a value the document does not list in its
/// `Unknown` variant. Outside it (the router, any direct `serde_json::from_*`) both are refused. A
/// thread-local flag rather than a second set of types, so the server and the client share one type per
/// schema; deserialization never awaits, so the flag cannot leak into other work on the thread.
pub fn leniently<T>(read: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            LENIENT.with(|lenient| lenient.set(self.0));
        }
    }
    let _restore = Restore(LENIENT.with(|lenient| lenient.replace(true)));
    read()
}

fn lenient() -> bool {
    LENIENT.with(std::cell::Cell::get)
}

/// Reads an optional property that is present: its value, never `null` (serde reads `null` into an
/// `Option` as `None`, which would accept `null` for a property whose schema does not allow it) — except
/// inside [`leniently`], where `null` is absence, as vendors write it.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    if lenient() {
        <Option<T> as serde::Deserialize>::deserialize(deserializer)
    } else {
        T::deserialize(deserializer).map(Some)
    }
}

/// Reads a string enum's value: its index among `wires` (the enum's values, in the order of its `ALL`). Any
/// other string is serde's `unknown variant` error, as serde's derive words it; anything but a string is
/// refused (serde's derive also took `{"value": null}`). One function for every enum, so the generated
/// module does not carry a derived deserializer per enum.
pub fn variant_index<'de, D>(deserializer: D, wires: &'static [&'static str]) -> Result<usize, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Variant(&'static [&'static str]);

    impl serde::de::Visitor<'_> for Variant {
        type Value = usize;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "one of {}", self.0.join(", "))
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<usize, E> {
            self.0.iter().position(|wire| *wire == value).ok_or_else(|| E::unknown_variant(value, self.0))
        }
    }

    deserializer.deserialize_str(Variant(wires))
}

/// Reads a string enum's value as [`variant_index`] does, except that inside [`leniently`] a string that is
/// not one of `wires` comes back as `Err(value)`, for the enum's `Unknown` variant.
pub fn enum_value<'de, D>(deserializer: D, wires: &'static [&'static str]) -> Result<Result<usize, String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    if !lenient() {
        return variant_index(deserializer, wires).map(Ok);
    }
    let value = <String as serde::Deserialize>::deserialize(deserializer)?;
    Ok(wires.iter().position(|wire| *wire == value).ok_or(value))
}

#[cfg(feature = "server")]
pub use self::server::*;

#[cfg(feature = "server")]
mod server {
    use std::collections::BTreeMap;
    use std::str::FromStr;

    use axum::body::Body;
    use axum::extract::FromRequestParts;
    use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
    use axum::response::Response;
    use serde::Serialize;

    /// An early answer to a request (boxed: a `Response` is large, and rejections are the rare path).
    pub type Rejection = Box<Response>;

    /// Largest request body a generated router reads unless configured otherwise.
    pub const BODY_LIMIT: usize = 1024 * 1024;

    /// Decides whether a credential is valid: `(security scheme name, credential)`; see
    /// [`Config::with_credential_check`].
    pub type CredentialCheck = std::sync::Arc<dyn Fn(&str, &str) -> bool + Send + Sync>;

    /// How a generated router behaves; `Config::default()` is what `router()` uses.
    #[derive(Clone)]
    #[non_exhaustive]
    pub struct Config {
        /// Largest request body read, in bytes; a larger one is answered with 413.
        pub body_limit: usize,
        /// Checks every credential the request presents; `None` (the default) accepts any that is present.
        pub credential_check: Option<CredentialCheck>,
    }

    impl Default for Config {
        fn default() -> Self {
            Config { body_limit: BODY_LIMIT, credential_check: None }
        }
    }

    impl std::fmt::Debug for Config {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Config")
                .field("body_limit", &self.body_limit)
                .field("credential_check", &self.credential_check.as_ref().map(|_| "…"))
                .finish()
        }
    }

    impl Config {
        /// The same configuration with another body limit.
        pub fn with_body_limit(mut self, body_limit: usize) -> Self {
            self.body_limit = body_limit;
            self
        }

        /// The same configuration, answering 401 to a request whose credential `check(scheme, credential)`
        /// rejects (the scheme is the security scheme's name in the document; the credential is the API
        /// key, or the token of `Authorization: Bearer`, or the encoded part of `Authorization: Basic`).
        pub fn with_credential_check(mut self, check: impl Fn(&str, &str) -> bool + Send + Sync + 'static) -> Self {
            self.credential_check = Some(std::sync::Arc::new(check));
            self
        }

        /// The first presented credential the check rejects, as a 401.
        pub fn reject_credentials(&self, presented: &[(&str, Option<&str>)]) -> Option<Response> {
            let check = self.credential_check.as_ref()?;
            let (scheme, _) = presented.iter().find(|(scheme, value)| value.is_some_and(|v| !check(scheme, v)))?;
            Some(error_response(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                format!("invalid credentials for security scheme `{scheme}`"),
                Vec::new(),
            ))
        }
    }

    /// The state of a generated router: the service and its configuration.
    #[derive(Debug)]
    pub struct Shared<S> {
        pub service: S,
        pub config: Config,
    }

    /// Calls the service and turns its answer into a response; a panic while creating or running the
    /// service's future becomes a 500 that names no internals (the panic itself goes to the panic hook, as
    /// usual), and the server goes on serving.
    pub async fn guarded<F, Fut>(call: F) -> Response
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future,
        Fut::Output: axum::response::IntoResponse,
    {
        use std::panic::{catch_unwind, AssertUnwindSafe};
        use std::task::Poll;
        let Ok(future) = catch_unwind(AssertUnwindSafe(call)) else { return internal_error() };
        let mut future = std::pin::pin!(future);
        let outcome = std::future::poll_fn(|cx| match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        })
        .await;
        match outcome {
            Ok(output) => axum::response::IntoResponse::into_response(output),
            Err(()) => internal_error(),
        }
    }

    /// 405 for a method the path does not serve (axum adds the `Allow` header).
    pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
        error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("`{}` does not serve {method}", uri.path()),
            Vec::new(),
        )
    }

    /// A response header's text: RFC 3339 for date-times, `Display` otherwise.
    pub fn header_text<T: std::fmt::Display + 'static>(value: &T) -> String {
        super::text(value)
    }

    /// Adds typed headers to a response; a value that cannot be a header (a line break in it) makes the
    /// whole answer a 500 rather than a response missing a documented header.
    pub fn with_headers<const N: usize>(mut response: Response, headers: [(&str, Option<String>); N]) -> Response {
        for (name, value) in headers {
            let Some(value) = value else { continue };
            match (axum::http::HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value)) {
                (Ok(name), Ok(value)) => {
                    response.headers_mut().insert(name, value);
                }
                _ => return internal_error(),
            }
        }
        response
    }

    /// The body of an example-backed answer. The generator checked the example against the schema, so
    /// failing here is a generator bug; the panic becomes a 500 through [`guarded`].
    pub fn mock_json<T: serde::de::DeserializeOwned>(json: &str) -> T {
        match serde_json::from_str(json) {
            Ok(value) => value,
            Err(error) => panic!("the example does not fit its generated type: {error}"),
        }
    }

    /// A header value of an example-backed answer (see [`mock_json`]).
    pub fn mock_text<T: FromStr>(text: &str) -> T
    where
        T::Err: std::fmt::Display,
    {
        match text.parse() {
            Ok(value) => value,
            Err(error) => panic!("the example header `{text}` does not fit its generated type: {error}"),
        }
    }

    /// Serves `router` on an ephemeral port of 127.0.0.1 in a background task; the bound address.
    pub async fn spawn(router: axum::Router) -> std::io::Result<std::net::SocketAddr> {
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(address)
    }

    /// The JSON body of every error the router answers by itself.
    #[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
    pub struct ErrorBody {
        /// A stable machine-readable code: `bad_request`, `unauthorized`, `not_found`, ….
        pub error: String,
        /// A sentence for humans.
        pub message: String,
        /// One entry per offending input.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub details: Vec<ErrorDetail>,
    }

    /// One offending input of a request.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
    pub struct ErrorDetail {
        /// `query`, `header`, `path`, `cookie` or `body`.
        #[serde(rename = "in")]
        pub location: String,
        /// The parameter's name as documented.
        pub name: String,
        pub problem: String,
    }

    /// A JSON error response.
    pub fn error_response(status: StatusCode, error: &str, message: String, details: Vec<ErrorDetail>) -> Response {
        let body = ErrorBody { error: error.to_owned(), message, details };
        json_response(status, "application/json", &body)
    }

    /// 401: the operation's credentials are missing.
    pub fn unauthorized(expected: &str) -> Response {
        error_response(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            format!("missing credentials: expected {expected}"),
            Vec::new(),
        )
    }

    /// 404 for a path no operation serves.
    pub async fn not_found(uri: axum::http::Uri) -> Response {
        error_response(StatusCode::NOT_FOUND, "not_found", format!("no operation at `{}`", uri.path()), Vec::new())
    }

    /// 500 without internals.
    pub fn internal_error() -> Response {
        error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "the server failed to answer".to_owned(),
            Vec::new(),
        )
    }

    pub fn json_response<T: Serialize>(status: StatusCode, content_type: &str, body: &T) -> Response {
        match serde_json::to_vec(body) {
            Ok(bytes) => with_content_type(status, content_type, "application/json", Body::from(bytes)),
            Err(_) => {
                let fallback = r#"{"error":"internal_error","message":"the response could not be serialized"}"#;
                with_content_type(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "application/json",
                    "application/json",
                    Body::from(fallback),
                )
            }
        }
    }

    pub fn text_response(status: StatusCode, content_type: &str, body: String) -> Response {
        with_content_type(status, content_type, "text/plain; charset=utf-8", Body::from(body))
    }

    pub fn bytes_response(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
        with_content_type(status, content_type, "application/octet-stream", Body::from(body))
    }

    pub fn empty_response(status: StatusCode) -> Response {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = status;
        response
    }

    /// A documented content type that is a range (`*/*`, `text/*`) names no type the answer can have: the
    /// body's own kind (`fallback`) is sent instead.
    fn with_content_type(status: StatusCode, content_type: &str, fallback: &'static str, body: Body) -> Response {
        let mut response = Response::new(body);
        *response.status_mut() = status;
        let value = match content_type.contains('*') {
            true => HeaderValue::from_static(fallback),
            false => HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static(fallback)),
        };
        response.headers_mut().insert(header::CONTENT_TYPE, value);
        response
    }

    /// How a list parameter is written in the query string (OpenAPI `style` and `explode`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ListStyle {
        /// `form`, exploded (the default): one `name=item` pair per item (`ids=1&ids=2`); a comma is part of
        /// its item.
        FormExploded,
        /// `form`, `explode: false`: one pair, the items separated by commas (`ids=1,2`).
        FormComma,
        /// `spaceDelimited`: one pair, the items separated by spaces (`ids=1%202`, `ids=1+2`).
        SpaceDelimited,
        /// `pipeDelimited`: one pair, the items separated by `|` (`ids=1|2`).
        PipeDelimited,
    }

    /// Reads one property of a `deepObject` parameter from its text into the JSON value its type
    /// deserializes from; `Err` says what is wrong with the text.
    pub type DeepValue = fn(&str) -> Result<serde_json::Value, String>;

    /// A property of a `deepObject` parameter, as the generated router declares it.
    #[derive(Debug, Clone, Copy)]
    pub struct DeepProperty {
        /// The property's name as documented (`status` in `filter[status]=open`).
        pub name: &'static str,
        pub required: bool,
        pub read: DeepValue,
    }

    /// A single value of type `T` ([`FromStr`]) as the JSON value it serializes to.
    pub fn deep_value<T: FromStr + Serialize>(raw: &str) -> Result<serde_json::Value, String>
    where
        T::Err: std::fmt::Display,
    {
        let value = raw.parse::<T>().map_err(|error| format!("invalid value `{raw}`: {error}"))?;
        match serde_json::to_value(&value) {
            // A number JSON cannot hold (`NaN`, `inf`).
            Ok(serde_json::Value::Null) | Err(_) => Err(format!("invalid value `{raw}`: not a JSON value")),
            Ok(json) => Ok(json),
        }
    }

    /// [`deep_value`] of a property that may be `null`: the text `null` is JSON `null`.
    pub fn deep_nullable<T: FromStr + Serialize>(raw: &str) -> Result<serde_json::Value, String>
    where
        T::Err: std::fmt::Display,
    {
        if raw == "null" {
            return Ok(serde_json::Value::Null);
        }
        deep_value::<T>(raw)
    }

    /// A property of any JSON value (a free-form object's): its text, as a JSON string.
    pub fn deep_text(raw: &str) -> Result<serde_json::Value, String> {
        Ok(serde_json::Value::String(raw.to_owned()))
    }

    /// The decoded `name=value` pairs of a query string, in order.
    #[derive(Debug, Default)]
    pub struct QueryPairs {
        pairs: Vec<(String, String)>,
    }

    impl QueryPairs {
        pub fn parse(query: Option<&str>) -> Self {
            let pairs = form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect();
            QueryPairs { pairs }
        }

        fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
            self.pairs.iter().filter(move |(key, _)| key == name).map(|(_, value)| value.as_str())
        }
    }

    /// The path parameters axum matched, by name.
    #[derive(Debug, Default)]
    pub struct PathParams {
        params: BTreeMap<String, String>,
    }

    impl PathParams {
        pub async fn from_parts(parts: &mut axum::http::request::Parts) -> Self {
            let params = match axum::extract::RawPathParams::from_request_parts(parts, &()).await {
                Ok(raw) => raw.iter().map(|(key, value)| (key.to_owned(), value.to_owned())).collect(),
                Err(_) => BTreeMap::new(),
            };
            PathParams { params }
        }
    }

    /// Numbers the router can range-check.
    pub trait Numeric: Copy {
        fn as_f64(self) -> f64;
    }

    macro_rules! numeric {
        ($($t:ty),*) => { $(impl Numeric for $t { fn as_f64(self) -> f64 { self as f64 } })* };
    }
    numeric!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

    /// Collects every problem with a request's parameters, so that one 400 names them all.
    #[derive(Debug, Default)]
    pub struct RequestErrors {
        details: Vec<ErrorDetail>,
    }

    impl RequestErrors {
        fn push(&mut self, location: &str, name: &str, problem: String) {
            self.details.push(ErrorDetail { location: location.to_owned(), name: name.to_owned(), problem });
        }

        fn parse<T: FromStr>(&mut self, location: &str, name: &str, raw: &str) -> Option<T>
        where
            T::Err: std::fmt::Display,
        {
            match raw.parse::<T>() {
                Ok(value) => Some(value),
                Err(error) => {
                    self.push(location, name, format!("invalid value `{raw}`: {error}"));
                    None
                }
            }
        }

        fn single<'a>(
            &mut self,
            location: &str,
            name: &str,
            mut values: impl Iterator<Item = &'a str>,
        ) -> Option<&'a str> {
            let first = values.next()?;
            if values.next().is_some() {
                self.push(location, name, "given more than once".to_owned());
                return None;
            }
            Some(first)
        }

        pub fn query_optional<T: FromStr>(&mut self, query: &QueryPairs, name: &str) -> Option<T>
        where
            T::Err: std::fmt::Display,
        {
            let raw = self.single("query", name, query.all(name))?;
            self.parse("query", name, raw)
        }

        pub fn query_required<T: FromStr>(&mut self, query: &QueryPairs, name: &str) -> Option<T>
        where
            T::Err: std::fmt::Display,
        {
            if query.all(name).next().is_none() {
                self.push("query", name, "missing required query parameter".to_owned());
                return None;
            }
            self.query_optional(query, name)
        }

        /// A list parameter written in `style`. Each item is parsed, each bad one named; a delimited list
        /// given more than once is refused rather than merged.
        pub fn query_list<T: FromStr>(&mut self, query: &QueryPairs, name: &str, style: ListStyle) -> Vec<T>
        where
            T::Err: std::fmt::Display,
        {
            let delimiter = match style {
                ListStyle::FormExploded => {
                    let mut items = Vec::new();
                    for raw in query.all(name) {
                        match raw.parse::<T>() {
                            Ok(item) => items.push(item),
                            Err(error) => {
                                let hint = if raw.contains(',') { "; each item is a pair of its own" } else { "" };
                                self.push("query", name, format!("invalid value `{raw}`: {error}{hint}"));
                            }
                        }
                    }
                    return items;
                }
                ListStyle::FormComma => ',',
                ListStyle::SpaceDelimited => ' ',
                ListStyle::PipeDelimited => '|',
            };
            let mut values = query.all(name);
            let Some(raw) = values.next() else { return Vec::new() };
            if values.next().is_some() {
                let problem =
                    format!("given more than once: the list is one value, its items separated by `{delimiter}`");
                self.push("query", name, problem);
                return Vec::new();
            }
            if raw.is_empty() {
                return Vec::new();
            }
            raw.split(delimiter).filter_map(|item| self.parse("query", name, item)).collect()
        }

        pub fn query_list_required<T: FromStr>(&mut self, query: &QueryPairs, name: &str, style: ListStyle) -> Vec<T>
        where
            T::Err: std::fmt::Display,
        {
            if query.all(name).next().is_none() {
                self.push("query", name, "missing required query parameter".to_owned());
            }
            self.query_list(query, name, style)
        }

        /// A `deepObject` parameter: its `name[property]=value` pairs, read into `T` through JSON. Each
        /// unknown, repeated, missing or invalid property is a problem of its own, named `name[property]`.
        /// `additional` reads the properties `properties` does not name; without it they are unknown.
        pub fn query_deep_object<T: serde::de::DeserializeOwned>(
            &mut self,
            query: &QueryPairs,
            name: &str,
            required: bool,
            properties: &[DeepProperty],
            additional: Option<DeepValue>,
        ) -> Option<T> {
            let errors_before = self.details.len();
            let mut object = serde_json::Map::new();
            let mut seen = std::collections::BTreeSet::new();
            let (mut present, mut bare) = (false, false);
            for (key, raw) in &query.pairs {
                if key == name {
                    bare = true;
                    let problem = format!("a `deepObject` parameter is sent as `{name}[property]=value` pairs");
                    self.push("query", name, problem);
                    continue;
                }
                let Some(inside) = key.strip_prefix(name).and_then(|rest| rest.strip_prefix('[')) else { continue };
                present = true;
                // The property is all between the brackets: a map's keys may hold brackets themselves.
                let Some(property) = inside.strip_suffix(']') else {
                    let problem = "not a property: expected `name[property]=value`".to_owned();
                    self.push("query", &format!("{name}[{inside}"), problem);
                    continue;
                };
                let label = format!("{name}[{property}]");
                let read = match properties.iter().find(|p| p.name == property) {
                    Some(declared) => declared.read,
                    None => match additional {
                        Some(read) => read,
                        None => {
                            self.push("query", &label, "unknown property".to_owned());
                            continue;
                        }
                    },
                };
                if !seen.insert(property) {
                    self.push("query", &label, "given more than once".to_owned());
                    continue;
                }
                match read(raw) {
                    Ok(value) => {
                        object.insert(property.to_owned(), value);
                    }
                    Err(problem) => self.push("query", &label, problem),
                }
            }
            if !present {
                if required && !bare {
                    self.push("query", name, "missing required query parameter".to_owned());
                }
                return None;
            }
            for property in properties.iter().filter(|p| p.required && !seen.contains(p.name)) {
                self.push("query", &format!("{name}[{}]", property.name), "missing required property".to_owned());
            }
            if self.details.len() > errors_before {
                return None;
            }
            match serde_json::from_value(serde_json::Value::Object(object)) {
                Ok(value) => Some(value),
                Err(error) => {
                    self.push("query", name, error.to_string());
                    None
                }
            }
        }

        pub fn header_optional<T: FromStr>(&mut self, headers: &HeaderMap, name: &str) -> Option<T>
        where
            T::Err: std::fmt::Display,
        {
            let mut values = headers.get_all(name).iter();
            let value = values.next()?;
            if values.next().is_some() {
                self.push("header", name, "given more than once".to_owned());
                return None;
            }
            match value.to_str() {
                Ok(raw) => self.parse("header", name, raw),
                Err(_) => {
                    self.push("header", name, "not visible ASCII text".to_owned());
                    None
                }
            }
        }

        pub fn header_required<T: FromStr>(&mut self, headers: &HeaderMap, name: &str) -> Option<T>
        where
            T::Err: std::fmt::Display,
        {
            if !headers.contains_key(name) {
                self.push("header", name, "missing required header".to_owned());
                return None;
            }
            self.header_optional(headers, name)
        }

        pub fn path_required<T: FromStr>(&mut self, path: &PathParams, name: &str) -> Option<T>
        where
            T::Err: std::fmt::Display,
        {
            match path.params.get(name) {
                Some(raw) => self.parse("path", name, raw),
                None => {
                    self.push("path", name, "missing path parameter".to_owned());
                    None
                }
            }
        }

        pub fn cookie_optional<T: FromStr>(&mut self, headers: &HeaderMap, name: &str) -> Option<T>
        where
            T::Err: std::fmt::Display,
        {
            let raw = cookie(headers, name)?;
            self.parse("cookie", name, &raw)
        }

        pub fn cookie_required<T: FromStr>(&mut self, headers: &HeaderMap, name: &str) -> Option<T>
        where
            T::Err: std::fmt::Display,
        {
            if cookie(headers, name).is_none() {
                self.push("cookie", name, "missing required cookie".to_owned());
                return None;
            }
            self.cookie_optional(headers, name)
        }

        pub fn check_length<T: std::fmt::Display>(
            &mut self,
            location: &str,
            name: &str,
            value: &T,
            min: Option<usize>,
            max: Option<usize>,
        ) {
            let length = value.to_string().chars().count();
            if min.is_some_and(|min| length < min) || max.is_some_and(|max| length > max) {
                let bounds = bounds_text(min.map(|v| v.to_string()), max.map(|v| v.to_string()));
                self.push(location, name, format!("length {length} is outside {bounds}"));
            }
        }

        pub fn check_range<T: Numeric + std::fmt::Display>(
            &mut self,
            location: &str,
            name: &str,
            value: &T,
            min: Option<f64>,
            max: Option<f64>,
        ) {
            let number = value.as_f64();
            if min.is_some_and(|min| number < min) || max.is_some_and(|max| number > max) {
                let bounds = bounds_text(min.map(|v| v.to_string()), max.map(|v| v.to_string()));
                self.push(location, name, format!("{value} is outside {bounds}"));
            }
        }

        /// The 400 response naming every problem, if there was any.
        pub fn into_response(self) -> Option<Response> {
            if self.details.is_empty() {
                return None;
            }
            let names: Vec<String> = self.details.iter().map(|d| format!("{} `{}`", d.location, d.name)).collect();
            let message = format!("invalid request: {}", names.join(", "));
            Some(error_response(StatusCode::BAD_REQUEST, "bad_request", message, self.details))
        }
    }

    fn bounds_text(min: Option<String>, max: Option<String>) -> String {
        match (min, max) {
            (Some(min), Some(max)) => format!("[{min}, {max}]"),
            (Some(min), None) => format!("[{min}, …)"),
            (None, Some(max)) => format!("(…, {max}]"),
            (None, None) => "its bounds".to_owned(),
        }
    }

    fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_owned())
    }

    /// An API key sent in a header; `None` when absent or empty.
    pub fn credential_header(headers: &HeaderMap, name: &str) -> Option<String> {
        headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
    }

    /// An API key sent as a query parameter.
    pub fn credential_query(query: Option<&str>, name: &str) -> Option<String> {
        QueryPairs::parse(query).all(name).next().filter(|v| !v.is_empty()).map(str::to_owned)
    }

    /// An API key sent as a cookie.
    pub fn credential_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
        cookie(headers, name).filter(|v| !v.is_empty())
    }

    /// The credentials of an `Authorization: <scheme> <credentials>` header.
    pub fn credential_authorization(headers: &HeaderMap, scheme: &str) -> Option<String> {
        let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        let (given, credentials) = value.trim().split_once(' ')?;
        (given.eq_ignore_ascii_case(scheme) && !credentials.trim().is_empty()).then(|| credentials.trim().to_owned())
    }

    /// Whether the request's `Content-Type` is the documented one: the same type (`+json` for JSON), within a
    /// documented range (`text/*`), or anything (`*/*`, which also takes a body without a `Content-Type`).
    fn content_type_matches(headers: &HeaderMap, expected: &str) -> bool {
        let essence = |value: &str| value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let expected = essence(expected);
        let Some(given) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
            return expected == "*/*";
        };
        let given = essence(given);
        let in_range =
            expected.strip_suffix("/*").is_some_and(|kind| kind == "*" || given.split('/').next() == Some(kind));
        given == expected || (expected == "application/json" && given.ends_with("+json")) || in_range
    }

    /// The body's bytes. An empty body is no body, except that of a text or bytes body whose `Content-Type`
    /// says it is one (`empty_is_a_value`): the empty text.
    async fn read_body(
        headers: &HeaderMap,
        body: Body,
        content_type: &str,
        required: bool,
        empty_is_a_value: bool,
        limit: usize,
    ) -> Result<Option<axum::body::Bytes>, Rejection> {
        let bytes = match axum::body::to_bytes(body, limit).await {
            Ok(bytes) => bytes,
            Err(_) => {
                let message = format!("the request body is larger than {limit} bytes");
                return Err(Box::new(error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    message,
                    Vec::new(),
                )));
            }
        };
        let declared = headers.contains_key(header::CONTENT_TYPE) && content_type_matches(headers, content_type);
        if bytes.is_empty() && !(empty_is_a_value && declared) {
            if required {
                let detail = ErrorDetail {
                    location: "body".to_owned(),
                    name: "body".to_owned(),
                    problem: "missing required request body".to_owned(),
                };
                return Err(Box::new(error_response(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    "invalid request: body".to_owned(),
                    vec![detail],
                )));
            }
            return Ok(None);
        }
        if !content_type_matches(headers, content_type) {
            let message = format!("expected a `{content_type}` request body");
            return Err(Box::new(error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                message,
                Vec::new(),
            )));
        }
        Ok(Some(bytes))
    }

    fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Rejection> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        match from_json_to_end(&mut deserializer) {
            Ok(value) => Ok(value),
            Err(error) => {
                let problem = format!("{error}");
                let detail = ErrorDetail { location: "body".to_owned(), name: "body".to_owned(), problem };
                Err(Box::new(error_response(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    "invalid request body".to_owned(),
                    vec![detail],
                )))
            }
        }
    }

    fn from_json_to_end<T: serde::de::DeserializeOwned>(
        deserializer: &mut serde_json::Deserializer<serde_json::de::SliceRead<'_>>,
    ) -> Result<T, serde_json::Error> {
        let value = T::deserialize(&mut *deserializer)?;
        deserializer.end()?;
        Ok(value)
    }

    pub async fn json_body_required<T: serde::de::DeserializeOwned>(
        headers: &HeaderMap,
        body: Body,
        content_type: &str,
        limit: usize,
    ) -> Result<T, Rejection> {
        match read_body(headers, body, content_type, true, false, limit).await? {
            Some(bytes) => parse_json(&bytes),
            None => Err(Box::new(internal_error())),
        }
    }

    pub async fn json_body_optional<T: serde::de::DeserializeOwned>(
        headers: &HeaderMap,
        body: Body,
        content_type: &str,
        limit: usize,
    ) -> Result<Option<T>, Rejection> {
        match read_body(headers, body, content_type, false, false, limit).await? {
            Some(bytes) => parse_json(&bytes).map(Some),
            None => Ok(None),
        }
    }

    fn utf8(bytes: axum::body::Bytes) -> Result<String, Rejection> {
        String::from_utf8(bytes.to_vec()).map_err(|_| {
            let detail = ErrorDetail {
                location: "body".to_owned(),
                name: "body".to_owned(),
                problem: "not UTF-8 text".to_owned(),
            };
            Box::new(error_response(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "invalid request body".to_owned(),
                vec![detail],
            ))
        })
    }

    pub async fn text_body_required(
        headers: &HeaderMap,
        body: Body,
        content_type: &str,
        limit: usize,
    ) -> Result<String, Rejection> {
        match read_body(headers, body, content_type, true, true, limit).await? {
            Some(bytes) => utf8(bytes),
            None => Err(Box::new(internal_error())),
        }
    }

    pub async fn text_body_optional(
        headers: &HeaderMap,
        body: Body,
        content_type: &str,
        limit: usize,
    ) -> Result<Option<String>, Rejection> {
        match read_body(headers, body, content_type, false, true, limit).await? {
            Some(bytes) => utf8(bytes).map(Some),
            None => Ok(None),
        }
    }

    pub async fn bytes_body_required(
        headers: &HeaderMap,
        body: Body,
        content_type: &str,
        limit: usize,
    ) -> Result<Vec<u8>, Rejection> {
        match read_body(headers, body, content_type, true, true, limit).await? {
            Some(bytes) => Ok(bytes.to_vec()),
            None => Err(Box::new(internal_error())),
        }
    }

    pub async fn bytes_body_optional(
        headers: &HeaderMap,
        body: Body,
        content_type: &str,
        limit: usize,
    ) -> Result<Option<Vec<u8>>, Rejection> {
        Ok(read_body(headers, body, content_type, false, true, limit).await?.map(|bytes| bytes.to_vec()))
    }
}

/// What the example-backed services (each module's `mock`) answer, steered by the request's `Prefer` header
/// as Prism reads it: `code=404` (the documented response of that status, or of the range or `default`
/// that covers it), `example=NAME` (a named example of that response), `dynamic=true` (a value built afresh
/// from the schema; `seed=N` makes it reproducible, else the seed comes from the method, the path and query,
/// and the count of requests the router has served). The router validates the request first; a preference
/// the operation cannot meet is a 400 naming what it documents.
#[cfg(feature = "server")]
pub mod mock {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use axum::extract::{Request, State};
    use axum::http::StatusCode;
    use axum::middleware::Next;
    use axum::response::Response;
    use serde_json::Value;

    /// A documented status of an operation, as the mock matches `Prefer: code=`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Status {
        Code(u16),
        /// `4XX` is `Range(4)`.
        Range(u16),
        Default,
    }

    /// A documented response: its status and the names of its examples.
    #[derive(Debug, Clone, Copy)]
    pub struct Case {
        pub status: Status,
        pub examples: &'static [&'static str],
    }

    /// The response chosen for a request: its index among the operation's cases, the status to send, and
    /// which body.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Answer {
        pub case: usize,
        pub status: u16,
        pub body: Pick,
    }

    /// Which body an answer carries.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Pick {
        /// The documented example (or the value built from the schema).
        First,
        /// The named example at this index.
        Named(usize),
        /// A value built afresh with this seed.
        Dynamic(u64),
    }

    /// The `Prefer` header of the request being answered.
    #[derive(Debug, Clone, Default)]
    struct Preference {
        code: Option<Result<u16, String>>,
        example: Option<String>,
        dynamic: bool,
        seed: u64,
        /// Why the preference cannot be met, once the service has looked (the layer answers 400).
        refusal: Arc<Mutex<Option<String>>>,
    }

    tokio::task_local! {
        static PREFERENCE: Preference;
    }

    /// `router` with the `Prefer` header read for the example-backed service: the layer every module's
    /// `mock::router` puts around the spec's router.
    pub fn steered(router: axum::Router) -> axum::Router {
        router.layer(axum::middleware::from_fn_with_state(Arc::new(AtomicU64::new(0)), steer))
    }

    async fn steer(State(served): State<Arc<AtomicU64>>, request: Request, next: Next) -> Response {
        let count = served.fetch_add(1, Ordering::Relaxed);
        let text: Vec<&str> =
            request.headers().get_all("prefer").iter().filter_map(|value| value.to_str().ok()).collect();
        let fallback_seed = {
            let uri = request.uri();
            let target = uri.path_and_query().map_or(uri.path(), |target| target.as_str());
            fnv(&[request.method().as_str().as_bytes(), target.as_bytes(), &count.to_le_bytes()])
        };
        let preference = parse(&text.join(","), fallback_seed);
        let refusal = preference.refusal.clone();
        let response = PREFERENCE.scope(preference, next.run(request)).await;
        let refused = refusal.lock().map(|mut refusal| refusal.take()).unwrap_or(None);
        match refused {
            Some(problem) => super::error_response(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("the `Prefer` header asks for what the operation does not document: {problem}"),
                vec![super::ErrorDetail { location: "header".to_owned(), name: "Prefer".to_owned(), problem }],
            ),
            None => response,
        }
    }

    /// Reads `code=…, example=…, dynamic=…, seed=…` (any order, `,` or `;` between, values optionally
    /// quoted); other preferences are ignored, as Prism does.
    fn parse(text: &str, fallback_seed: u64) -> Preference {
        let mut preference = Preference { seed: fallback_seed, ..Preference::default() };
        for token in text.split([',', ';']) {
            let Some((key, value)) = token.split_once('=') else { continue };
            let value = value.trim().trim_matches('"');
            match key.trim().to_ascii_lowercase().as_str() {
                "code" => preference.code = Some(value.parse().map_err(|_| value.to_owned())),
                "example" => preference.example = Some(value.to_owned()),
                "dynamic" => preference.dynamic = value.eq_ignore_ascii_case("true"),
                "seed" => preference.seed = value.parse().unwrap_or_else(|_| fnv(&[value.as_bytes()])),
                _ => {}
            }
        }
        preference
    }

    /// FNV-1a over the parts: a seed that is the same on every platform and run.
    fn fnv(parts: &[&[u8]]) -> u64 {
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        for byte in parts.iter().flat_map(|part| part.iter()) {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
        hash
    }

    /// The answer to the current request among an operation's documented `cases`; `success` (an index
    /// into them) when nothing is preferred, or outside a steered router. A preference that cannot be met
    /// is recorded for the layer, which answers 400 instead of this answer.
    pub fn choose(cases: &[Case], success: usize) -> Answer {
        let default = Answer { case: success, status: status_of(cases[success].status, None), body: Pick::First };
        PREFERENCE.try_with(|preference| meet(preference, cases, success)).unwrap_or(Ok(default)).unwrap_or_else(
            |problem| {
                let _ = PREFERENCE.try_with(|preference| {
                    if let Ok(mut refusal) = preference.refusal.lock() {
                        *refusal = Some(problem);
                    }
                });
                default
            },
        )
    }

    fn meet(preference: &Preference, cases: &[Case], success: usize) -> Result<Answer, String> {
        let (case, code) = match &preference.code {
            None => (success, None),
            Some(Err(text)) => return Err(format!("`code={text}` is not a status code; {}", documented(cases))),
            Some(Ok(code)) => {
                let covering = |wanted: Status| cases.iter().position(|case| case.status == wanted);
                let case = covering(Status::Code(*code))
                    .or_else(|| covering(Status::Range(code / 100)))
                    .or_else(|| covering(Status::Default))
                    .ok_or_else(|| format!("no response for status {code}; {}", documented(cases)))?;
                (case, Some(*code))
            }
        };
        let status = status_of(cases[case].status, code);
        let body = match (&preference.example, preference.dynamic) {
            (Some(name), _) => match cases[case].examples.iter().position(|example| example == name) {
                Some(index) => Pick::Named(index),
                None => {
                    let names = cases[case].examples.join(", ");
                    let offered = if names.is_empty() { "none".to_owned() } else { names };
                    return Err(format!("no example `{name}` for status {status}; documented examples: {offered}"));
                }
            },
            (None, true) => Pick::Dynamic(preference.seed),
            (None, false) => Pick::First,
        };
        Ok(Answer { case, status, body })
    }

    /// The status an answer of `case` is sent with: its own code, else the one asked for, else the first of
    /// its range (200 for `default`).
    fn status_of(case: Status, asked: Option<u16>) -> u16 {
        match (case, asked) {
            (Status::Code(code), _) => code,
            (_, Some(code)) => code,
            (Status::Range(range), None) => range * 100,
            (Status::Default, None) => 200,
        }
    }

    fn documented(cases: &[Case]) -> String {
        let statuses: Vec<String> = cases
            .iter()
            .map(|case| match case.status {
                Status::Code(code) => code.to_string(),
                Status::Range(range) => format!("{range}XX"),
                Status::Default => "default".to_owned(),
            })
            .collect();
        format!("documented: {}", statuses.join(", "))
    }

    /// The JSON body of an answer: the documented example (`first`), a named one, or a value built from
    /// `shape`. A built value that does not fit the generated type is a generator bug, like an example
    /// that does not (see [`mock_json`](super::mock_json)): the panic becomes a 500.
    pub fn json_body<T: serde::de::DeserializeOwned>(
        answer: &Answer,
        first: &str,
        examples: &[&str],
        shape: &str,
    ) -> T {
        match answer.body {
            Pick::Named(index) if index < examples.len() => super::mock_json(examples[index]),
            Pick::Dynamic(seed) => match build(shape, seed).map(serde_json::from_value) {
                Some(Ok(value)) => value,
                Some(Err(error)) => panic!("the built value does not fit its generated type: {error}"),
                None => panic!("the shape is not JSON"),
            },
            _ => super::mock_json(first),
        }
    }

    /// A value built from `shape` (JSON written by the generator's `sample::shape`) with `seed`: the same
    /// value for the same seed, everywhere. `None` when `shape` is not JSON.
    pub fn build(shape: &str, seed: u64) -> Option<Value> {
        let shape: Value = serde_json::from_str(shape).ok()?;
        Some(dynamic(&shape, &mut Rng::new(seed)))
    }

    /// xorshift64*: small, fast, and the same sequence everywhere for a seed.
    struct Rng(u64);

    impl Rng {
        /// A state from any seed (xorshift's state must not be zero): one step of splitmix64, so that
        /// near seeds start far apart.
        fn new(seed: u64) -> Rng {
            let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            Rng((z ^ (z >> 31)) | 1)
        }

        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        /// Heads or tails (the high bit: xorshift*'s best).
        fn coin(&mut self) -> bool {
            self.next() >> 63 == 1
        }

        /// A number in `low..=high`.
        fn between(&mut self, low: i64, high: i64) -> i64 {
            let span = high.wrapping_sub(low) as u64;
            match span.checked_add(1) {
                Some(width) => low.wrapping_add((self.next() % width) as i64),
                None => self.next() as i64,
            }
        }
    }

    /// A value built from a shape.
    fn dynamic(shape: &Value, rng: &mut Rng) -> Value {
        let Some((kind, arguments)) = shape.as_object().and_then(|shape| shape.iter().next()) else {
            return Value::Null;
        };
        let at = |index: usize| arguments.get(index).and_then(Value::as_i64).unwrap_or(0);
        match kind.as_str() {
            "const" => arguments.clone(),
            "string" => {
                let length = rng.between(at(0), at(1));
                Value::String((0..length).map(|_| char::from(b'a' + (rng.next() % 26) as u8)).collect())
            }
            "integer" => Value::from(rng.between(at(0), at(1))),
            "number" => Value::from(rng.between(at(0) * 100, at(1) * 100) as f64 / 100.0),
            "boolean" => Value::Bool(rng.coin()),
            "one" => match arguments.as_array().filter(|shapes| !shapes.is_empty()) {
                Some(shapes) => {
                    let index = rng.between(0, shapes.len() as i64 - 1) as usize;
                    dynamic(&shapes[index], rng)
                }
                None => Value::Null,
            },
            "object" => {
                let mut object = serde_json::Map::new();
                for entry in arguments.as_array().into_iter().flatten() {
                    let (Some(name), required) = (entry[0].as_str(), entry[1].as_bool() == Some(true)) else {
                        continue;
                    };
                    if required || rng.coin() {
                        object.insert(name.to_owned(), dynamic(&entry[2], rng));
                    }
                }
                Value::Object(object)
            }
            "array" => {
                let count = rng.between(at(0), at(1));
                Value::Array((0..count).map(|_| dynamic(&arguments[2], rng)).collect())
            }
            _ => Value::Null,
        }
    }
}
