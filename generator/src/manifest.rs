//! `specs/specs.toml`: the list of bundled specs, their module names and the endpoints to generate.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{Diagnostics, Location, SourceFile};
use crate::endpoint::Endpoint;
use crate::ir::Parts;

/// One spec of the manifest, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecEntry {
    /// The Rust module (and derived-OpenAPI file) name: a snake_case identifier.
    pub module: String,
    /// Human title, used in the generated module's doc comment.
    pub title: String,
    /// The documents, as listed: paths or glob patterns relative to the manifest's folder, in order (the
    /// caller expands the patterns; one document for most specs, an operations page and its model pages
    /// for others).
    pub documents: Vec<String>,
    pub endpoints: Vec<EndpointEntry>,
    /// `[spec.pagination."METHOD /path"]` tables: how an endpoint pages, where the document is silent or
    /// recognition would be wrong (see `normalise::pagination`).
    pub pagination: Vec<PaginationOverride>,
    /// `overlays`: OpenAPI Overlay 1.0 documents that correct the derived document, relative to the
    /// manifest's folder, applied in order.
    pub overlays: Vec<String>,
    /// `strict = true`: every warning about the spec is an error.
    pub strict: bool,
    /// `emit = ["types", "client"]`: the parts of the module to write (default: all).
    pub parts: Parts,
    /// Where the entry is, for errors about it.
    pub location: Location,
}

/// An endpoint to generate, `GET /conversations`, and where it is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointEntry {
    pub endpoint: Endpoint,
    /// Where the endpoint is listed, for "not in the document" errors.
    pub location: Location,
}

/// What an operation's `x-pagination` says ([`crate::oas::PAGINATION_EXTENSION`]), and what a
/// `[spec.pagination."METHOD /path"]` table of the manifest says. Places in the request are `query.<name>`,
/// `header.<name>` or `body.<property>`; places in the page are JSON pointers into the success response's body
/// (`/meta/nextToken`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationSpec {
    pub style: PageStyleName,
    /// The page's items: a pointer to an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// Cursor style: where the next request carries the cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Cursor style: where the page gives the next cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_from: Option<String>,
    /// Offset style: where the request carries the offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    /// Offset style: a link or token that is absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// A boolean in the page: `false` on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_more: Option<String>,
    /// Where the request carries the page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<String>,
    /// `recognised`, `document` or `specs.toml`: where the description comes from (written by the generator;
    /// a derived document read again keeps what it says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageStyleName {
    Cursor,
    Offset,
    /// Only in the manifest: the operation does not page, whatever was recognised.
    None,
}

/// A manifest entry stating an operation's pagination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationOverride {
    pub endpoint: Endpoint,
    pub spec: PaginationSpec,
    pub location: Location,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(default)]
    spec: Vec<Spanned<RawSpec>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    module: Spanned<String>,
    title: String,
    #[serde(default)]
    document: Option<Spanned<String>>,
    #[serde(default)]
    documents: Option<Spanned<Vec<Spanned<String>>>>,
    endpoints: Vec<Spanned<String>>,
    #[serde(default)]
    pagination: std::collections::BTreeMap<Spanned<String>, Spanned<PaginationSpec>>,
    #[serde(default)]
    overlays: Vec<Spanned<String>>,
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    emit: Option<Spanned<Vec<Spanned<String>>>>,
}

/// Parses and checks the manifest; every problem is a located diagnostic.
pub fn parse_manifest(file: &SourceFile, diags: &mut Diagnostics) -> Vec<SpecEntry> {
    let raw: RawManifest = match toml::from_str(&file.text) {
        Ok(raw) => raw,
        Err(error) => {
            let location = error.span().map_or_else(|| file.start(), |span| file.location_of_offset(span.start));
            diags.error_at(&location, format!("invalid specs manifest: {}", error.message()));
            return Vec::new();
        }
    };
    let mut specs = Vec::new();
    let mut modules = std::collections::BTreeMap::<String, Location>::new();
    for spanned in raw.spec {
        let location = file.location_of_offset(spanned.span().start);
        let raw = spanned.into_inner();
        let module_location = file.location_of_offset(raw.module.span().start);
        let module = raw.module.into_inner();
        check_module_name(&module, &module_location, diags);
        if let Some(first) = modules.get(&module) {
            diags.error_at(&module_location, format!("module `{module}` is listed twice (first at {first})"));
        } else {
            modules.insert(module.clone(), module_location);
        }
        let documents: Vec<Spanned<String>> = match (raw.document, raw.documents) {
            (Some(one), None) => vec![one],
            (None, Some(many)) => {
                let at = file.location_of_offset(many.span().start);
                let many = many.into_inner();
                if many.is_empty() {
                    diags.error_at(&at, format!("spec `{module}`: `documents` lists nothing"));
                }
                many
            }
            (Some(_), Some(many)) => {
                let at = file.location_of_offset(many.span().start);
                diags.error_at(&at, format!("spec `{module}`: give `document` or `documents`, not both"));
                Vec::new()
            }
            (None, None) => {
                diags.error_at(&location, format!("spec `{module}` names no `document` (or `documents`)"));
                Vec::new()
            }
        };
        for document in &documents {
            let text = document.get_ref();
            if !is_inside(text) {
                let at = file.location_of_offset(document.span().start);
                diags.error_at(&at, format!("document `{text}` must be a relative path inside the specs folder"));
            }
        }
        let mut overlays: Vec<String> = Vec::new();
        for overlay in raw.overlays {
            let at = file.location_of_offset(overlay.span().start);
            let text = overlay.into_inner();
            if !is_inside(&text) || text.contains(['*', '?', '[']) {
                diags.error_at(
                    &at,
                    format!("overlay `{text}` must be a relative path of a file inside the specs folder"),
                );
            } else if overlays.contains(&text) {
                diags.error_at(&at, format!("overlay `{text}` is listed twice"));
            } else {
                overlays.push(text);
            }
        }
        let documents: Vec<String> = documents.into_iter().map(Spanned::into_inner).collect();
        let mut endpoints: Vec<EndpointEntry> = Vec::new();
        for endpoint in raw.endpoints {
            let at = file.location_of_offset(endpoint.span().start);
            match Endpoint::parse(endpoint.get_ref()) {
                Ok(endpoint) => {
                    if endpoints.iter().any(|e| e.endpoint == endpoint) {
                        diags.error_at(&at, format!("endpoint `{endpoint}` is listed twice"));
                    } else {
                        endpoints.push(EndpointEntry { endpoint, location: at });
                    }
                }
                Err(message) => diags.error_at(&at, message),
            }
        }
        if endpoints.is_empty() {
            diags.error_at(&location, format!("spec `{module}` lists no endpoints"));
        }
        let mut pagination = Vec::new();
        for (endpoint, spec) in raw.pagination {
            let at = file.location_of_offset(endpoint.span().start);
            match Endpoint::parse(endpoint.get_ref()) {
                Ok(endpoint) if endpoints.iter().any(|e| e.endpoint == endpoint) => {
                    let location = file.location_of_offset(spec.span().start);
                    pagination.push(PaginationOverride { endpoint, spec: spec.into_inner(), location });
                }
                Ok(endpoint) => diags.error_at(
                    &at,
                    format!("pagination for `{endpoint}`: the endpoint is not in this spec's `endpoints`"),
                ),
                Err(message) => diags.error_at(&at, message),
            }
        }
        let strict = raw.strict;
        let parts = match raw.emit {
            None => Parts::ALL,
            Some(emit) => {
                let at = file.location_of_offset(emit.span().start);
                let names = emit.into_inner();
                match Parts::from_names(names.iter().map(|name| name.get_ref().as_str())) {
                    Ok(parts) => parts,
                    Err((index, message)) => {
                        let at = names.get(index).map_or(at, |name| file.location_of_offset(name.span().start));
                        diags.error_at(&at, format!("spec `{module}`: `emit`: {message}"));
                        Parts::ALL
                    }
                }
            }
        };
        specs.push(SpecEntry {
            module,
            title: raw.title,
            documents,
            endpoints,
            pagination,
            overlays,
            strict,
            parts,
            location,
        });
    }
    if specs.is_empty() {
        diags.error_at(&file.start(), "the manifest lists no specs (expected `[[spec]]` tables)");
    }
    specs
}

/// Whether a listed path stays inside the manifest's folder (relative, no `..`).
fn is_inside(path: &str) -> bool {
    !(path.is_empty() || path.starts_with('/') || path.split('/').any(|part| part == ".."))
}

/// A manifest with one spec (`docgen init`): its module, title, documents (as listed, relative to the
/// manifest's folder) and every endpoint, one a line.
pub fn starter_manifest(module: &str, title: &str, documents: &[String], endpoints: &[Endpoint]) -> String {
    let quote = |text: &str| toml::Value::String(text.to_owned()).to_string();
    let mut out = String::from(
        "# The specs `docgen codegen` generates. Written by `docgen init`; edit freely (drop endpoints you do not\n\
         # need, add `pagination`, `overlays`, `strict = true` or `emit = [\"types\", \"client\"]`).\n\n[[spec]]\n",
    );
    out.push_str(&format!("module = {}\ntitle = {}\n", quote(module), quote(title)));
    match documents {
        [one] => out.push_str(&format!("document = {}\n", quote(one))),
        many => {
            let listed: Vec<String> = many.iter().map(|d| quote(d)).collect();
            out.push_str(&format!("documents = [{}]\n", listed.join(", ")));
        }
    }
    out.push_str("endpoints = [\n");
    for endpoint in endpoints {
        out.push_str(&format!("  {},\n", quote(&endpoint.to_string())));
    }
    out.push_str("]\n");
    out
}

fn check_module_name(module: &str, location: &Location, diags: &mut Diagnostics) {
    let valid = module.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && module.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid || crate::naming::value_name(module) != module || module == "runtime" {
        diags.error_at(
            location,
            format!("module name `{module}` must be a snake_case Rust identifier (not a keyword, not `runtime`)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_specs_and_locates_errors() {
        let text = "[[spec]]\nmodule = \"a_b\"\ntitle = \"A\"\ndocument = \"a.md\"\nendpoints = [\"GET /x\", \"FETCH /y\", \"GET /x\"]\n\n[[spec]]\nmodule = \"Bad-Name\"\ntitle = \"B\"\ndocument = \"../b.md\"\nendpoints = []\n";
        let file = SourceFile::new("specs/specs.toml", text);
        let mut diags = Diagnostics::new();
        let specs = parse_manifest(&file, &mut diags);
        assert_eq!(specs.len(), 2);
        assert_eq!(specs[0].endpoints.len(), 1);
        assert_eq!(specs[0].endpoints[0].location.line, 5);
        let rendered = diags.to_string();
        assert!(rendered.contains("specs/specs.toml:5:"), "{rendered}");
        assert!(rendered.contains("`FETCH` is not an HTTP method"), "{rendered}");
        assert!(rendered.contains("listed twice"), "{rendered}");
        assert!(rendered.contains("specs/specs.toml:8:10: error: module name `Bad-Name`"), "{rendered}");
        assert!(rendered.contains("relative path"), "{rendered}");
        assert!(rendered.contains("lists no endpoints"), "{rendered}");
    }

    #[test]
    fn reads_pagination_statements() {
        let text = "[[spec]]\nmodule = \"a\"\ntitle = \"A\"\ndocument = \"a.md\"\nendpoints = [\"GET /x\"]\n\n[spec.pagination.\"GET /x\"]\nstyle = \"offset\"\nitems = \"/results\"\noffset = \"query.offset\"\n\n[spec.pagination.\"GET /y\"]\nstyle = \"none\"\n\n[spec.pagination.\"GET /x \"]\nstyle = \"sideways\"\n";
        let file = SourceFile::new("specs/specs.toml", text);
        let mut diags = Diagnostics::new();
        let specs = parse_manifest(&file, &mut diags);
        let rendered = diags.to_string();
        // An unknown style is a TOML error at its value; nothing else is read then.
        assert!(rendered.contains("specs/specs.toml:16:9:"), "{rendered}");
        assert!(rendered.contains("sideways"), "{rendered}");
        assert!(specs.is_empty());

        let text = text.split("\n\n[spec.pagination.\"GET /x \"]").next().unwrap_or_default();
        let file = SourceFile::new("specs/specs.toml", text);
        let mut diags = Diagnostics::new();
        let specs = parse_manifest(&file, &mut diags);
        let rendered = diags.to_string();
        assert!(rendered.contains("specs/specs.toml:12:18: error: pagination for `GET /y`"), "{rendered}");
        assert_eq!(specs[0].pagination.len(), 1);
        let stated = &specs[0].pagination[0];
        assert_eq!(stated.endpoint.to_string(), "GET /x");
        assert_eq!(stated.spec.items.as_deref(), Some("/results"));
        assert_eq!(stated.spec.offset.as_deref(), Some("query.offset"));
    }

    #[test]
    fn reads_several_documents() {
        let text = "[[spec]]\nmodule = \"a\"\ntitle = \"A\"\ndocuments = [\"api/*.md\", \"models/\"]\nendpoints = [\"GET /x\"]\n\n[[spec]]\nmodule = \"b\"\ntitle = \"B\"\ndocument = \"b.md\"\ndocuments = [\"c.md\"]\nendpoints = [\"GET /x\"]\n\n[[spec]]\nmodule = \"c\"\ntitle = \"C\"\nendpoints = [\"GET /x\"]\n";
        let file = SourceFile::new("specs/specs.toml", text);
        let mut diags = Diagnostics::new();
        let specs = parse_manifest(&file, &mut diags);
        assert_eq!(specs[0].documents, ["api/*.md", "models/"]);
        let rendered = diags.to_string();
        assert!(
            rendered.contains("specs/specs.toml:11:13: error: spec `b`: give `document` or `documents`, not both"),
            "{rendered}"
        );
        assert!(rendered.contains("specs/specs.toml:14:1: error: spec `c` names no `document`"), "{rendered}");
    }

    #[test]
    fn reads_the_parts_to_emit() {
        let text = "[[spec]]\nmodule = \"a\"\ntitle = \"A\"\ndocument = \"a.md\"\nendpoints = [\"GET /x\"]\nemit = [\"types\", \"client\"]\n\n[[spec]]\nmodule = \"b\"\ntitle = \"B\"\ndocument = \"b.md\"\nendpoints = [\"GET /x\"]\n\n[[spec]]\nmodule = \"c\"\ntitle = \"C\"\ndocument = \"c.md\"\nendpoints = [\"GET /x\"]\nemit = [\"types\", \"mock\"]\n";
        let file = SourceFile::new("specs/specs.toml", text);
        let mut diags = Diagnostics::new();
        let specs = parse_manifest(&file, &mut diags);
        assert_eq!(specs[0].parts, Parts { server: false, mock: false, client: true });
        assert_eq!(specs[1].parts, Parts::ALL, "every part unless the spec says otherwise");
        assert_eq!(
            diags.to_string(),
            "specs/specs.toml:19:18: error: spec `c`: `emit`: `mock` needs `server`: the example-backed service \
             answers through the server's router\n"
        );
    }

    #[test]
    fn reads_overlays_and_strict_mode() {
        let text = "[[spec]]\nmodule = \"a\"\ntitle = \"A\"\ndocument = \"a.md\"\nendpoints = [\"GET /x\"]\noverlays = [\"a.overlay.yaml\", \"fixes/b.yaml\"]\nstrict = true\n\n[[spec]]\nmodule = \"b\"\ntitle = \"B\"\ndocument = \"b.md\"\nendpoints = [\"GET /x\"]\n";
        let file = SourceFile::new("specs/specs.toml", text);
        let mut diags = Diagnostics::new();
        let specs = parse_manifest(&file, &mut diags);
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(specs[0].overlays, ["a.overlay.yaml", "fixes/b.yaml"]);
        assert!(specs[0].strict);
        assert!(specs[1].overlays.is_empty());
        assert!(!specs[1].strict, "not strict unless the spec says so");

        let text = "[[spec]]\nmodule = \"a\"\ntitle = \"A\"\ndocument = \"a.md\"\nendpoints = [\"GET /x\"]\noverlays = [\"../a.yaml\", \"b.yaml\", \"b.yaml\", \"*.yaml\"]\n";
        let file = SourceFile::new("specs/specs.toml", text);
        let mut diags = Diagnostics::new();
        let specs = parse_manifest(&file, &mut diags);
        assert_eq!(specs[0].overlays, ["b.yaml"]);
        let rendered = diags.to_string();
        assert!(
            rendered.contains("specs/specs.toml:6:13: error: overlay `../a.yaml` must be a relative path"),
            "{rendered}"
        );
        assert!(rendered.contains("specs/specs.toml:6:36: error: overlay `b.yaml` is listed twice"), "{rendered}");
        assert!(
            rendered.contains("specs/specs.toml:6:46: error: overlay `*.yaml` must be a relative path of a file"),
            "{rendered}"
        );

        let file = SourceFile::new("specs/specs.toml", "[[spec]]\nmodule = \"a\"\ntitle = \"A\"\ndocument = \"a.md\"\nendpoints = [\"GET /x\"]\nstrict = \"yes\"\n");
        let mut diags = Diagnostics::new();
        parse_manifest(&file, &mut diags);
        assert!(diags.to_string().starts_with("specs/specs.toml:6:10: error: invalid specs manifest"), "{diags}");
    }

    #[test]
    fn toml_syntax_error_is_located() {
        let file = SourceFile::new("specs/specs.toml", "[[spec]]\nmodule = \n");
        let mut diags = Diagnostics::new();
        parse_manifest(&file, &mut diags);
        assert!(diags.to_string().starts_with("specs/specs.toml:2:"), "{diags}");
    }
}
