//! An endpoint as one typed value, from the manifest to the router: its HTTP [`Method`] and its path.
//! Methods are parsed once, where text names them (the manifest, a document's path items, a page's request
//! line); every later stage matches on the enum and asks it for its spellings.

use std::fmt;

/// The HTTP methods OpenAPI 3.0 gives a path item field for, in the path item's order (which is also the
/// order the derived document and the generated code list a path's operations in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// Every method, in the path item's order.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The method a word names, in any case (`get`, `GET`, `Get`); `None` for any other word.
    pub fn parse(word: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|method| method.as_str().eq_ignore_ascii_case(word))
    }

    /// The method as HTTP writes it: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// The method as OpenAPI's path item fields and axum's routing functions name it: `get`.
    pub fn lower(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The methods, upper case, joined for a message: `GET, PUT, …`.
    pub fn list() -> String {
        Method::ALL.map(Method::as_str).join(", ")
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation's address: `GET /conversations`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Endpoint {
    pub method: Method,
    pub path: String,
}

impl Endpoint {
    pub fn new(method: Method, path: impl Into<String>) -> Endpoint {
        Endpoint { method, path: path.into() }
    }

    /// `"GET /conversations"` (the method in any case, one or more spaces between) → the endpoint; the
    /// error says what is wrong in a sentence that quotes `text`.
    pub fn parse(text: &str) -> Result<Endpoint, String> {
        let mut parts = text.split_whitespace();
        let (Some(method), Some(path), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("endpoint `{text}` must be `METHOD /path`, e.g. `GET /conversations`"));
        };
        let Some(method) = Method::parse(method) else {
            return Err(format!(
                "endpoint `{text}`: `{}` is not an HTTP method ({})",
                method.to_ascii_uppercase(),
                Method::list()
            ));
        };
        if !path.starts_with('/') {
            return Err(format!("endpoint `{text}`: the path must start with `/`"));
        }
        Ok(Endpoint::new(method, path))
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse_in_any_case_and_spell_both_ways() {
        assert_eq!(Method::parse("patch"), Some(Method::Patch));
        assert_eq!(Method::parse("Get"), Some(Method::Get));
        assert_eq!(Method::parse("FETCH"), None);
        for method in Method::ALL {
            assert_eq!(Method::parse(method.lower()), Some(method));
            assert_eq!(method.as_str().to_ascii_lowercase(), method.lower());
        }
        assert!(Method::Get < Method::Put && Method::Put < Method::Post && Method::Patch < Method::Trace);
    }

    #[test]
    fn endpoints_parse_and_print_as_the_manifest_writes_them() {
        let endpoint = Endpoint::parse("get  /conversations/{id}").expect("an endpoint");
        assert_eq!(endpoint, Endpoint::new(Method::Get, "/conversations/{id}"));
        assert_eq!(endpoint.to_string(), "GET /conversations/{id}");
        assert!(Endpoint::parse("FETCH /y").unwrap_err().contains("`FETCH` is not an HTTP method (GET, PUT,"));
        assert!(Endpoint::parse("GET x").unwrap_err().contains("must start with `/`"));
        assert!(Endpoint::parse("GET /x extra").unwrap_err().contains("must be `METHOD /path`"));
    }
}
