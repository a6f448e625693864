//! JSON input shared by the API formats: a file may hold one value, or
//! several back to back (`gh api --paginate` prints one array per page), and
//! errors must say line and column. Also small accessors for the loose,
//! version-dependent shapes real APIs return.

use serde_json::Value;

use super::ImportError;

/// Every top-level JSON value in `text`, in order.
pub(crate) fn values(text: &str) -> Result<Vec<Value>, ImportError> {
    let mut out = Vec::new();
    let stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    for value in stream {
        match value {
            Ok(value) => out.push(value),
            Err(err) => {
                let what = err.to_string();
                // serde_json appends " at line L column C"; we print our own.
                let what = match what.find(" at line ") {
                    Some(end) => what[..end].to_string(),
                    None => what,
                };
                return Err(ImportError::new(format!("malformed JSON: {what}"))
                    .format("json")
                    .at(err.line().max(1), err.column().max(1)));
            }
        }
    }
    if out.is_empty() {
        return Err(ImportError::new("empty input: no JSON value").format("json"));
    }
    Ok(out)
}

/// Top-level values with arrays spread out: `[a, b][c]` and `a [b, c]`
/// both give `a, b, c`.
pub(crate) fn flatten(values: &[Value]) -> Vec<&Value> {
    let mut out = Vec::new();
    for value in values {
        match value {
            Value::Array(items) => out.extend(items.iter()),
            other => out.push(other),
        }
    }
    out
}

/// A string field, if present and a non-empty string.
pub(crate) fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key)?.as_str().filter(|s| !s.is_empty())
}

/// A string at a path of keys.
pub(crate) fn str_path<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut v = value;
    for key in path {
        v = v.get(key)?;
    }
    v.as_str().filter(|s| !s.is_empty())
}

/// An identifier that APIs give as a number or a string.
pub(crate) fn id_field(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_to_back_arrays_are_a_stream() {
        let values = values("[1,2]\n[3]{\"a\":4}").unwrap();
        assert_eq!(values.len(), 3);
        assert_eq!(flatten(&values).len(), 4);
    }

    #[test]
    fn malformed_json_says_line_and_column() {
        let err = values("[\n  {\"a\": 1,}\n]").unwrap_err();
        assert_eq!(err.position, Some((2, 11)));
        assert!(err.message.starts_with("malformed JSON"), "{}", err.message);
    }

    #[test]
    fn ids_may_be_numbers_or_strings() {
        let v: Value = serde_json::json!({"a": 7, "b": "x", "c": null});
        assert_eq!(id_field(&v, "a").as_deref(), Some("7"));
        assert_eq!(id_field(&v, "b").as_deref(), Some("x"));
        assert_eq!(id_field(&v, "c"), None);
    }
}
