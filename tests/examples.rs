//! Every example the bundled documents carry deserializes into its generated type and serializes back to
//! an equal JSON value. The examples are found in the derived OpenAPI documents; each one must be covered
//! by the table below, so a new example in a document cannot go untested.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

type Check = fn(&Value) -> Result<Value, String>;

fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

/// (module, JSON pointer of the example in the derived OpenAPI) → the generated type it must fit.
fn covered() -> BTreeMap<(&'static str, &'static str), Check> {
    let mut table: BTreeMap<(&'static str, &'static str), Check> = BTreeMap::new();
    table.insert(
        ("wassist", "/components/schemas/PaginatedConversationList/properties/count/example"),
        round_trip::<i64>,
    );
    table.insert(
        ("wassist", "/components/schemas/PaginatedConversationList/properties/next/example"),
        round_trip::<Option<String>>,
    );
    table.insert(
        ("wassist", "/components/schemas/PaginatedConversationList/properties/previous/example"),
        round_trip::<Option<String>>,
    );
    table.insert(
        ("trillet", "/paths/~1v1~1api~1conversations/get/responses/200/content/application~1json/example"),
        round_trip::<Vec<vendor_apis::trillet::GetAllConversationsResponseItem>>,
    );
    table.insert(
        ("vectara", "/paths/~1v1~1list-conversations/post/requestBody/content/application~1json/example"),
        round_trip::<vendor_apis::vectara::ListConversationsRequestBody>,
    );
    for example in ["example1", "example2"] {
        let pointer: &'static str = Box::leak(
            format!(
                "/paths/~1v1~1list-conversations/post/responses/200/content/application~1json/examples/{example}/value"
            )
            .into_boxed_str(),
        );
        table.insert(("vectara", pointer), round_trip::<vendor_apis::vectara::ListConversationsResponseBody>);
    }
    table
}

/// Every `example` and `examples` value in a derived document, by JSON pointer.
fn examples_in(value: &Value, pointer: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                if key == "example" {
                    out.push((child_pointer, child.clone()));
                } else if key == "examples" && pointer.contains("/content/") {
                    if let Value::Object(named) = child {
                        for (name, example) in named {
                            out.push((format!("{child_pointer}/{name}/value"), example["value"].clone()));
                        }
                    }
                } else {
                    examples_in(child, child_pointer, out);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                examples_in(item, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_documented_example_round_trips_through_its_type() {
    let generation = docgen_tests::generation();
    let table = covered();
    let mut checked = 0;
    let mut uncovered = Vec::new();
    for spec in &generation.specs {
        let openapi = docgen_tests::derived_document(&generation, &spec.module);
        let document = serde_json::to_value(&openapi).expect("derived OpenAPI as JSON");
        let mut found = Vec::new();
        examples_in(&document, String::new(), &mut found);
        for (pointer, example) in found {
            let module: &str = &spec.module;
            let key = table.keys().find(|(m, p)| *m == module && *p == pointer).copied();
            let Some(key) = key else {
                uncovered.push(format!("{module}:{pointer}"));
                continue;
            };
            let back =
                table[&key](&example).unwrap_or_else(|e| panic!("{module}:{pointer} does not fit its type: {e}"));
            assert_eq!(back, example, "{module}:{pointer} changes in a round trip");
            checked += 1;
        }
    }
    assert!(uncovered.is_empty(), "examples not covered by the table in tests/examples.rs:\n{}", uncovered.join("\n"));
    assert_eq!(checked, table.len(), "every table entry names an example that exists");
}

/// An optional property whose schema does not allow `null` refuses it (absent is `None`); one that allows it
/// reads `null` as `None`.
#[test]
fn null_is_refused_where_the_schema_does_not_allow_it() {
    use vendor_apis::{trillet, wassist};
    let absent: trillet::GetAllConversationsResponseItem = serde_json::from_str("{}").expect("absent is fine");
    assert_eq!(absent.id, None);
    let error = serde_json::from_str::<trillet::GetAllConversationsResponseItem>(r#"{"_id": null}"#)
        .expect_err("null is not a string");
    assert!(error.to_string().starts_with("invalid type: null, expected a string"), "{error}");
    let contact: wassist::ConversationContact =
        serde_json::from_str(r#"{"phoneNumber": "1", "name": null}"#).expect("`name` is nullable");
    assert_eq!(contact.name, None);
}

/// A string enum reads only its documented strings and writes its value: an unknown string names the values
/// (as serde words it), and what is not a string is refused (serde's derived reader also took
/// `{"asc": null}`).
#[test]
fn string_enums_read_only_their_strings() {
    use vendor_apis::azure_ai_foundry::PageOrder;
    assert_eq!(serde_json::from_str::<PageOrder>(r#""desc""#).expect("a value"), PageOrder::Desc);
    assert_eq!(serde_json::to_string(&PageOrder::Asc).expect("writes"), r#""asc""#);
    let value: PageOrder = serde_json::from_value(serde_json::json!("asc")).expect("from a JSON value too");
    assert_eq!(value, PageOrder::Asc);
    let unknown = serde_json::from_str::<PageOrder>(r#""up""#).expect_err("not a value");
    assert!(unknown.to_string().starts_with("unknown variant `up`, expected `asc` or `desc`"), "{unknown}");
    for not_a_string in [r#"{"asc": null}"#, "1", "null", r#"["asc"]"#] {
        let error = serde_json::from_str::<PageOrder>(not_a_string).expect_err("not a string");
        assert!(error.to_string().contains("expected one of asc, desc"), "{not_a_string}: {error}");
    }
}
