//! Type cells (`OpenAI.Error[]`, `string | null`) read with the one grammar of type strings into this
//! reader's own type expression.

use serde_json::Value;

use crate::derive::page::type_expr;

/// A type as written in a `Type` cell or a heading.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum TypeExpr {
    String(Option<&'static str>),
    Integer(Option<&'static str>),
    Number(Option<&'static str>),
    Boolean,
    /// A free-form object (`object`, `map`, `dict`).
    Object,
    Any,
    /// `enum`: the values come from the `_Enum:_`/`_Constant:_` markers.
    Enum,
    Null,
    Named(String),
    /// Literal values (`"asc" | "desc"`).
    Literals(Vec<Value>),
    Array(Box<TypeExpr>),
    Map(Box<TypeExpr>),
    /// A union of two or more non-null members.
    Union(Vec<TypeExpr>),
    Nullable(Box<TypeExpr>),
}

impl TypeExpr {
    /// The named type this expression is, possibly through arrays and nullability (`X[] | null` → `X`).
    pub(super) fn named(&self) -> Option<&str> {
        match core_type(self) {
            TypeExpr::Named(name) => Some(name),
            _ => None,
        }
    }
}

/// The expression under arrays and nullability.
pub(super) fn core_type(expr: &TypeExpr) -> &TypeExpr {
    match expr {
        TypeExpr::Array(inner) | TypeExpr::Nullable(inner) => core_type(inner),
        other => other,
    }
}

/// Reads a type string with the one grammar of type strings ([`crate::derive::page::type_expr`]) into this reader's
/// model. Type names are capitalised or namespaced (`PageOrder`, `OpenAI.Error`); a lowercase word the
/// grammar does not know (`strng`) is more likely a typo than a name, and is refused.
pub(super) fn parse_type(text: &str) -> Result<TypeExpr, String> {
    from_grammar(crate::derive::page::type_expr::parse_exact(text)?)
}

fn from_grammar(expr: type_expr::TypeExpr) -> Result<TypeExpr, String> {
    use type_expr::TypeExpr as G;
    Ok(match expr {
        G::Primitive(kind, format) => {
            let format = format.as_deref().map(static_format);
            match kind {
                "string" => TypeExpr::String(format.flatten()),
                "integer" => TypeExpr::Integer(format.flatten()),
                "number" => TypeExpr::Number(format.flatten()),
                "boolean" => TypeExpr::Boolean,
                _ => TypeExpr::Null,
            }
        }
        G::Array(inner) => TypeExpr::Array(Box::new(from_grammar(*inner)?)),
        G::Map(inner) => TypeExpr::Map(Box::new(from_grammar(*inner)?)),
        G::Object => TypeExpr::Object,
        G::Any => TypeExpr::Any,
        G::Enum => TypeExpr::Enum,
        G::Literals(values) => TypeExpr::Literals(values),
        G::Named(name) => {
            let named = name.starts_with(|c: char| c.is_uppercase()) || (name.contains('.') && !name.ends_with('.'));
            if !named {
                return Err(format!("unknown type `{name}`"));
            }
            TypeExpr::Named(name)
        }
        // The grammar has flattened unions, merged literals and made `null` members nullability already.
        G::Nullable(inner) => TypeExpr::Nullable(Box::new(from_grammar(*inner)?)),
        G::Union(members) => TypeExpr::Union(members.into_iter().map(from_grammar).collect::<Result<_, _>>()?),
    })
}

/// The formats this reader's model names.
fn static_format(format: &str) -> Option<&'static str> {
    ["date-time", "date", "uuid", "uri", "email", "binary", "byte", "password", "int32", "int64", "float", "double"]
        .into_iter()
        .find(|known| *known == format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_grammar() {
        use TypeExpr as T;
        let named = |n: &str| T::Named(n.to_owned());
        let cases: Vec<(&str, TypeExpr)> = vec![
            ("string", T::String(None)),
            ("OpenAI.Error[]", T::Array(Box::new(named("OpenAI.Error")))),
            ("string | null", T::Nullable(Box::new(T::String(None)))),
            ("null | string", T::Nullable(Box::new(T::String(None)))),
            ("string or null", T::Nullable(Box::new(T::String(None)))),
            ("X[] | null", T::Nullable(Box::new(T::Array(Box::new(named("X")))))),
            ("(A | null)[]", T::Array(Box::new(T::Nullable(Box::new(named("A")))))),
            ("array<integer>", T::Array(Box::new(T::Integer(None)))),
            ("array of strings", T::Array(Box::new(T::String(None)))),
            ("map<string, X>", T::Map(Box::new(named("X")))),
            ("\"a\" | \"b\"", T::Literals(vec![Value::from("a"), Value::from("b")])),
            ("1 | 2", T::Literals(vec![Value::from(1), Value::from(2)])),
            ("int64", T::Integer(Some("int64"))),
            ("date-time", T::String(Some("date-time"))),
            ("object", T::Object),
            ("string | integer", T::Union(vec![T::String(None), T::Integer(None)])),
            // The one grammar knows what every front-end's pages write.
            ("timestamp", T::String(Some("date-time"))),
            ("string (uri)", T::String(Some("uri"))),
            ("Page<Item>", named("Page")),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_type(text), Ok(expected), "{text}");
        }
        for bad in ["", "timestmp", "string ||", "X[", "\"open", "a b", "string, optional"] {
            assert!(parse_type(bad).is_err(), "{bad} should not parse");
        }
    }
}
