//! Corrections without editing the vendor's document: OpenAPI Overlay 1.0 documents
//! (<https://spec.openapis.org/overlay/v1.0.0>) applied to the derived OpenAPI, after derive and before
//! normalise.
//!
//! - An overlay is read as YAML (JSON is YAML) and checked: `overlay: 1.0.x`, an `info` with `title` and
//!   `version`, one or more `actions`, each with a `target` that is an RFC 9535 JSONPath query
//!   (`serde_json_path`), and `update` and/or `remove`. Anything else is a located error.
//! - Actions apply in order, each to the document as the actions before it left it. `remove: true` takes
//!   every node the target selects out of its object or array (`update` is then ignored). `update` is
//!   merged into every selected object, deeply (an object merges into an object of the same key; anything
//!   else replaces what is there), or appended to every selected array.
//! - A target that selects nothing is a warning at its action: the correction no longer applies, most likely
//!   because the document changed.
//! - The document records the overlays it went through: `info.x-docgen-overlays` lists their paths, in order.

use openapiv3::OpenAPI;
use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diagnostic::{Diagnostics, Location, SourceFile};
use crate::source_map::Embedding;
use crate::source_map::SourceMap;

/// The extension of the derived document's `info` that lists the overlays applied.
pub const APPLIED_KEY: &str = "x-docgen-overlays";

/// An overlay document, checked and ready to apply.
#[derive(Debug)]
pub struct Overlay {
    /// The overlay's path as shown in diagnostics, recorded in the derived document.
    pub path: String,
    pub actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug)]
pub struct Action {
    /// The target as written (for messages).
    pub target: String,
    query: JsonPath,
    /// The object to merge in, or the entry to append (`None` when the action has no `update`).
    pub update: Option<Value>,
    pub remove: bool,
    /// Where the action is in the overlay.
    pub location: Location,
}

/// One step of a node's place in the document: a key of an object or an index of an array.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

/// Reads and checks an overlay document. `None` when it is not a usable Overlay 1.0 document (every problem
/// is a located error in `diags`).
pub fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<Overlay> {
    if file.text.trim().is_empty() {
        diags.error_in(&file.path, "the overlay is empty: expected an Overlay 1.0 document (`overlay: 1.0.0`)");
        return None;
    }
    let value = match serde_yaml::from_str::<serde_yaml::Value>(&file.text) {
        Ok(value) => json_of_yaml(value),
        Err(error) => {
            let location = error.location().map_or_else(|| file.start(), |at| file.location(at.line(), at.column()));
            let text = error.to_string();
            let text = text.split_once(" at line ").map_or(text.as_str(), |(text, _)| text);
            diags.error_at(&location, format!("the overlay is not valid YAML or JSON: {text}"));
            return None;
        }
    };
    let map = SourceMap::of_text_indexed(file, &file.text, Embedding::whole_file(), false);
    let errors_before = diags.error_count();
    let mut check = Check { map: &map, diags };
    let Value::Object(root) = value else {
        check.error("", "an overlay is a mapping with `overlay`, `info` and `actions`".to_owned());
        return None;
    };
    match root.get("overlay") {
        Some(Value::String(version)) if is_version_1_0(version) => {}
        Some(other) => {
            let written = match other {
                Value::String(text) => format!("`overlay: {text}`"),
                other => format!("`overlay` is {}", short(other)),
            };
            check.error("/overlay", format!("{written}: docgen reads Overlay 1.0 documents (`overlay: 1.0.0`)"));
        }
        None => check.error("", "not an Overlay document: it has no `overlay: 1.0.0`".to_owned()),
    }
    match root.get("info") {
        Some(Value::Object(info)) => {
            for key in ["title", "version"] {
                if !matches!(info.get(key), Some(Value::String(_))) {
                    check.error("/info", format!("the overlay's `info` needs a `{key}` (a string)"));
                }
            }
        }
        Some(_) => check.error("/info", "`info` must be a mapping with `title` and `version`".to_owned()),
        None => check.error("", "the overlay has no `info` (with `title` and `version`)".to_owned()),
    }
    if let Some(extends) = root.get("extends").filter(|v| !v.is_string()) {
        check.error("/extends", format!("`extends` must be a string (a URI), not {}", short(extends)));
    }
    for key in root.keys().filter(|key| !["overlay", "info", "extends", "actions"].contains(&key.as_str())) {
        if !key.starts_with("x-") {
            check.error(&pointer_to(&[Step::Key(key.clone())]), format!("unknown overlay field `{key}`"));
        }
    }
    let mut actions = Vec::new();
    match root.get("actions") {
        Some(Value::Array(list)) if !list.is_empty() => {
            for (index, action) in list.iter().enumerate() {
                if let Some(action) = check.action(index, action) {
                    actions.push(action);
                }
            }
        }
        Some(_) => check.error("/actions", "`actions` must be a list of one or more actions".to_owned()),
        None => check.error("", "the overlay has no `actions`".to_owned()),
    }
    (diags.error_count() == errors_before).then(|| Overlay { path: file.path.clone(), actions })
}

/// The deepest nesting of brackets and parentheses a target may have: the JSONPath parser recurses once
/// a level, and a target is user input.
const MAX_TARGET_NESTING: usize = 32;

/// How deep a target nests `[`…`]` and `(`…`)` (counted over the whole text: a bracket inside a quoted
/// name counts too, which only makes the bound stricter).
fn nesting(target: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for byte in target.bytes() {
        match byte {
            b'[' | b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// `1.0.x`: the versions this reader takes.
fn is_version_1_0(version: &str) -> bool {
    version.strip_prefix("1.0.").is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

struct Check<'a> {
    map: &'a SourceMap,
    diags: &'a mut Diagnostics,
}

impl Check<'_> {
    fn error(&mut self, pointer: &str, message: String) {
        let location = self.map.locate(pointer);
        self.diags.error_at(&location, message);
    }

    fn warning(&mut self, pointer: &str, message: String) {
        let location = self.map.locate(pointer);
        self.diags.warning_at(&location, message);
    }

    fn action(&mut self, index: usize, action: &Value) -> Option<Action> {
        let at = format!("/actions/{index}");
        let Value::Object(action) = action else {
            self.error(
                &at,
                format!("action {}: an action is a mapping with `target` and `update` or `remove`", index + 1),
            );
            return None;
        };
        for key in action.keys() {
            if !["target", "description", "update", "remove"].contains(&key.as_str()) && !key.starts_with("x-") {
                self.error(&format!("{at}/{}", escape(key)), format!("unknown action field `{key}`"));
            }
        }
        if let Some(description) = action.get("description").filter(|v| !v.is_string()) {
            self.error(
                &format!("{at}/description"),
                format!("`description` must be a string, not {}", short(description)),
            );
        }
        let remove = match action.get("remove") {
            None => false,
            Some(Value::Bool(remove)) => *remove,
            Some(other) => {
                self.error(
                    &format!("{at}/remove"),
                    format!("`remove` must be `true` or `false`, not {}", short(other)),
                );
                false
            }
        };
        let update = action.get("update").cloned();
        if update.is_none() && !remove {
            self.warning(&at, "the action has neither `update` nor `remove: true`; it changes nothing".to_owned());
        }
        let query = match action.get("target") {
            Some(Value::String(target)) if nesting(target) > MAX_TARGET_NESTING => {
                let message = format!(
                    "`target` nests brackets and parentheses more than {MAX_TARGET_NESTING} deep; it is not read"
                );
                self.error(&format!("{at}/target"), message);
                None
            }
            Some(Value::String(target)) => match JsonPath::parse(target) {
                Ok(query) => Some((target.clone(), query)),
                Err(error) => {
                    let message = format!(
                        "`target: {target}` is not a JSONPath query (RFC 9535): at character {}, {}",
                        error.position(),
                        error.message()
                    );
                    self.error(&format!("{at}/target"), message);
                    None
                }
            },
            Some(other) => {
                self.error(
                    &format!("{at}/target"),
                    format!("`target` must be a JSONPath query string, not {}", short(other)),
                );
                None
            }
            None => {
                self.error(&at, format!("action {}: no `target` (a JSONPath query such as `$.paths`)", index + 1));
                None
            }
        };
        let (target, query) = query?;
        Some(Action { target, query, update, remove, location: self.map.locate(&at) })
    }
}

/// Applies `overlays` in order to a derived document and records them in its `info`. `None` when an action
/// cannot apply or the result is no OpenAPI document (located errors); a target that selects nothing is a
/// warning.
pub fn apply(openapi: OpenAPI, overlays: &[Overlay], diags: &mut Diagnostics) -> Option<OpenAPI> {
    if overlays.is_empty() {
        return Some(openapi);
    }
    let mut document = match serde_json::to_value(&openapi) {
        Ok(document) => document,
        Err(error) => {
            diags.error_in(&overlays[0].path, format!("internal error: cannot apply overlays: {error}"));
            return None;
        }
    };
    drop(openapi);
    let errors_before = diags.error_count();
    // The places each action changed, for an error in the result.
    let mut touched: Vec<(Vec<Step>, Location)> = Vec::new();
    for overlay in overlays {
        for action in &overlay.actions {
            let mut places: Vec<Vec<Step>> = action
                .query
                .query_located(&document)
                .locations()
                .map(|path| {
                    path.iter()
                        .map(|element| match element {
                            serde_json_path::PathElement::Name(name) => Step::Key((*name).to_owned()),
                            serde_json_path::PathElement::Index(index) => Step::Index(*index),
                        })
                        .collect()
                })
                .collect();
            if places.is_empty() {
                diags.warning_at(
                    &action.location,
                    format!(
                        "`target: {}` selects nothing in the derived document; the action is skipped",
                        action.target
                    ),
                );
                continue;
            }
            if action.remove {
                // Later places first (indices compare as numbers), so that taking one out never moves another;
                // a place inside one already taken out is gone with it.
                places.sort();
                places.dedup();
                for place in places.iter().rev() {
                    if !remove(&mut document, place) {
                        diags.error_at(
                            &action.location,
                            format!("`target: {}` selects the whole document, which cannot be removed", action.target),
                        );
                    }
                    touched.push((place.clone(), action.location.clone()));
                }
            } else if let Some(update) = &action.update {
                for place in &places {
                    let Some(node) = node_mut(&mut document, place) else { continue };
                    match (node, update) {
                        (Value::Object(node), Value::Object(update)) => merge(node, update),
                        (Value::Array(node), entry) => node.push(entry.clone()),
                        (Value::Object(_), other) => {
                            let message = format!(
                                "`target: {}` selects an object at `{}`; its `update` must be a mapping to merge into it, not {}",
                                action.target,
                                pointer_to(place),
                                short(other)
                            );
                            diags.error_at(&action.location, message);
                        }
                        (node, _) => {
                            let message = format!(
                                "`target: {}` selects {} at `{}`; `update` applies to objects and arrays (select the object that holds it)",
                                action.target,
                                short(node),
                                pointer_to(place)
                            );
                            diags.error_at(&action.location, message);
                        }
                    }
                    touched.push((place.clone(), action.location.clone()));
                }
            }
        }
    }
    if diags.error_count() > errors_before {
        return None;
    }
    if let Some(Value::Object(info)) = document.get_mut("info") {
        let paths = overlays.iter().map(|overlay| Value::String(overlay.path.clone())).collect();
        info.insert(APPLIED_KEY.to_owned(), Value::Array(paths));
    }
    use serde::Deserialize as _;
    match OpenAPI::deserialize(&document) {
        Ok(openapi) => Some(openapi),
        Err(error) => {
            // openapiv3's flattened maps hide where a failure is: the walk down the value finds it.
            let (pointer, message) = crate::derive::openapi::narrow::deepest_failure(&document, false)
                .unwrap_or_else(|| (String::new(), error.to_string()));
            let failing = steps_of(&pointer);
            let place =
                touched.iter().rev().find(|(steps, _)| failing.starts_with(steps) || steps.starts_with(&failing));
            let last = &overlays[overlays.len() - 1].path;
            let location = place.map_or_else(|| Location::new(last.clone(), 1, 1), |(_, at)| at.clone());
            let at = if pointer.is_empty() { "its root".to_owned() } else { format!("`{pointer}`") };
            diags.error_at(
                &location,
                format!("after the overlays, the document is no OpenAPI 3.0 document at {at}: {message}"),
            );
            None
        }
    }
}

/// The steps of a JSON pointer (an index is a key to [`node_mut`] only where the parent is an array, which
/// is all a comparison of places needs).
fn steps_of(pointer: &str) -> Vec<Step> {
    pointer
        .split('/')
        .skip(1)
        .map(|token| {
            let token = token.replace("~1", "/").replace("~0", "~");
            match token.parse::<usize>() {
                Ok(index) if !token.starts_with('0') || token == "0" => Step::Index(index),
                _ => Step::Key(token),
            }
        })
        .collect()
}

/// Merges `update` into `node`: a key both hold as objects is merged in turn; any other key of `update` is
/// set (replacing what `node` held), keeping the place of keys `node` had and appending new ones.
fn merge(node: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, value) in update {
        match (node.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(value)) => merge(existing, value),
            (Some(existing), _) => *existing = value.clone(),
            (None, _) => {
                node.insert(key.clone(), value.clone());
            }
        }
    }
}

fn node_mut<'a>(document: &'a mut Value, place: &[Step]) -> Option<&'a mut Value> {
    let mut node = document;
    for step in place {
        node = match (node, step) {
            (Value::Object(map), Step::Key(key)) => map.get_mut(key)?,
            (Value::Array(items), Step::Index(index)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Takes the node at `place` out of its parent; `false` for the document itself.
fn remove(document: &mut Value, place: &[Step]) -> bool {
    let Some((last, parent)) = place.split_last() else { return false };
    match (node_mut(document, parent), last) {
        (Some(Value::Object(map)), Step::Key(key)) => {
            map.shift_remove(key);
        }
        (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
            items.remove(*index);
        }
        _ => {}
    }
    true
}

fn pointer_to(place: &[Step]) -> String {
    let mut pointer = String::new();
    for step in place {
        pointer.push('/');
        match step {
            Step::Key(key) => pointer.push_str(&escape(key)),
            Step::Index(index) => pointer.push_str(&index.to_string()),
        }
    }
    pointer
}

fn escape(token: &str) -> String {
    crate::source_map::escape(token)
}

/// A value in a message: its kind, and short scalars as they are.
fn short(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) if s.chars().count() <= 40 => format!("`{s}`"),
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}

/// A YAML value as JSON: keys that are numbers or booleans (`200:`) become their text.
fn json_of_yaml(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(items.into_iter().map(json_of_yaml).collect()),
        serde_yaml::Value::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Null => "null".to_owned(),
                    other => serde_yaml::to_string(&other).unwrap_or_default().trim_end().to_owned(),
                };
                map.insert(key, json_of_yaml(value));
            }
            Value::Object(map)
        }
        serde_yaml::Value::Tagged(tagged) => json_of_yaml(tagged.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> OpenAPI {
        serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "summary": "A",
                "parameters": [
                    {"name": "p", "in": "query", "schema": {"type": "string"}},
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    {"name": "r", "in": "query", "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "ok"}}
            }}},
            "components": {"schemas": {"A": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": {"type": "string"}, "meta": {"type": "object", "description": "vague"}}
            }}}
        }))
        .expect("a document")
    }

    fn overlay(text: &str, diags: &mut Diagnostics) -> Option<Overlay> {
        parse(&SourceFile::new("specs/fix.overlay.yaml", text), diags)
    }

    fn applied(text: &str) -> (Option<serde_json::Value>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let parsed = overlay(text, &mut diags).expect("a valid overlay");
        let result = apply(document(), &[parsed], &mut diags).map(|api| serde_json::to_value(api).expect("JSON"));
        (result, diags.sorted().iter().map(ToString::to_string).collect())
    }

    const HEAD: &str = "overlay: 1.0.0\ninfo: {title: Fix, version: '1'}\nactions:\n";

    #[test]
    fn updates_merge_deeply_append_to_arrays_and_apply_in_order() {
        let text = format!(
            "{HEAD}  - target: $.components.schemas.A.properties.meta\n    update:\n      type: object\n      additionalProperties: {{type: string}}\n      x-note: {{a: 1}}\n  - target: $.components.schemas.A\n    update: {{properties: {{meta: {{x-note: {{b: 2}}}}}}}}\n  - target: $.components.schemas.A.required\n    update: extra\n  - target: $.info\n    update: {{title: Fixed}}\n"
        );
        let (result, diags) = applied(&text);
        assert_eq!(diags, Vec::<String>::new());
        let result = result.expect("applies");
        let meta = &result["components"]["schemas"]["A"]["properties"]["meta"];
        assert_eq!(meta["description"], "vague", "kept: the update merges, it does not replace");
        assert_eq!(meta["additionalProperties"], serde_json::json!({"type": "string"}));
        assert_eq!(meta["x-note"], serde_json::json!({"a": 1, "b": 2}), "objects merge at every level");
        assert_eq!(result["components"]["schemas"]["A"]["required"], serde_json::json!(["id", "name", "extra"]));
        assert_eq!(result["info"]["title"], "Fixed");
        assert_eq!(result["info"][APPLIED_KEY], serde_json::json!(["specs/fix.overlay.yaml"]));
    }

    #[test]
    fn removes_every_selected_node_even_several_of_one_array() {
        let text = format!(
            "{HEAD}  - target: $.paths['/a'].get.parameters[?@.name != 'q']\n    remove: true\n  - target: $.paths['/a'].get.summary\n    remove: true\n    update: {{ignored: true}}\n  - target: $.components.schemas.A.required[1]\n    remove: true\n"
        );
        let (result, diags) = applied(&text);
        assert_eq!(diags, Vec::<String>::new());
        let result = result.expect("applies");
        let operation = &result["paths"]["/a"]["get"];
        let names: Vec<&str> =
            operation["parameters"].as_array().expect("list").iter().filter_map(|p| p["name"].as_str()).collect();
        assert_eq!(names, ["q"]);
        assert!(operation.get("summary").is_none());
        assert_eq!(result["components"]["schemas"]["A"]["required"], serde_json::json!(["id"]));
    }

    #[test]
    fn a_target_that_selects_nothing_is_a_warning_at_its_action() {
        let text = format!(
            "{HEAD}  - target: $.info\n    update: {{x-a: 1}}\n  - target: $.paths['/gone']\n    remove: true\n"
        );
        let (result, diags) = applied(&text);
        assert!(result.is_some());
        assert_eq!(
            diags,
            ["specs/fix.overlay.yaml:6:5: warning: `target: $.paths['/gone']` selects nothing in the derived document; the action is skipped"]
        );
    }

    #[test]
    fn an_update_of_a_scalar_or_a_result_that_is_no_openapi_is_a_located_error() {
        let text = format!("{HEAD}  - target: $.info.title\n    update: {{a: 1}}\n");
        let (result, diags) = applied(&text);
        assert!(result.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].starts_with("specs/fix.overlay.yaml:4:5: error: `target: $.info.title` selects `t` at `/info/title`; `update` applies to objects and arrays"), "{diags:?}");

        let text = format!("{HEAD}  - target: $.info\n    update: {{x-ok: 1}}\n  - target: $.paths['/a'].get\n    update: {{responses: 3}}\n");
        let (result, diags) = applied(&text);
        assert!(result.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].starts_with("specs/fix.overlay.yaml:6:5: error: after the overlays, the document is no OpenAPI 3.0 document at `/paths/~1a/get/responses`"), "{diags:?}");
    }

    #[test]
    fn invalid_overlays_are_located_errors() {
        let deep = format!(
            "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: $[?{}@.a{}]\n    remove: true\n",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        let cases: &[(&str, &str)] = &[
            ("", "specs/fix.overlay.yaml: error: the overlay is empty"),
            ("overlay: [", "specs/fix.overlay.yaml:2:1: error: the overlay is not valid YAML or JSON"),
            ("- a\n", "specs/fix.overlay.yaml:1:1: error: an overlay is a mapping"),
            ("openapi: 3.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, remove: true}]\n", "1:1: error: not an Overlay document"),
            ("overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.a, remove: true}]\n", "1:1: error: `overlay: 1.1.0`: docgen reads Overlay 1.0 documents"),
            ("overlay: 1.0.0\ninfo: {title: t}\nactions: [{target: $.a, remove: true}]\n", "2:1: error: the overlay's `info` needs a `version`"),
            ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n", "3:1: error: `actions` must be a list of one or more actions"),
            ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: a.b\n    remove: true\n", "4:5: error: `target: a.b` is not a JSONPath query (RFC 9535)"),
            ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a[?match(@.b, 'c')]\n    remove: true\n", "4:5: error: `target: $.a[?match(@.b, 'c')]` is not a JSONPath query"),
            ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    remove: yes please\n", "5:5: error: `remove` must be `true` or `false`"),
            (&deep, "4:5: error: `target` nests brackets and parentheses more than 32 deep"),
            ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - update: {a: 1}\n", "4:5: error: action 1: no `target`"),
            ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    copy: $.b\n", "5:5: error: unknown action field `copy`"),
            ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.a, remove: true}]\nupdates: []\n", "4:1: error: unknown overlay field `updates`"),
        ];
        for (text, expected) in cases {
            let mut diags = Diagnostics::new();
            assert!(overlay(text, &mut diags).is_none(), "{text:?} is refused");
            let rendered = diags.to_string();
            assert!(rendered.contains(expected), "{text:?}: expected `{expected}` in:\n{rendered}");
        }
        // A valid overlay with an action that does nothing is a warning, not an error.
        let mut diags = Diagnostics::new();
        let text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    x-why: later\n";
        assert!(overlay(text, &mut diags).is_some());
        assert_eq!(diags.to_string(), "specs/fix.overlay.yaml:4:5: warning: the action has neither `update` nor `remove: true`; it changes nothing\n");
    }

    #[test]
    fn yaml_keys_that_are_numbers_are_their_text() {
        let text = format!(
            "{HEAD}  - target: $.paths['/a'].get.responses\n    update:\n      404: {{description: missing}}\n"
        );
        let (result, diags) = applied(&text);
        assert_eq!(diags, Vec::<String>::new());
        assert_eq!(result.expect("applies")["paths"]["/a"]["get"]["responses"]["404"]["description"], "missing");
    }
}
