//! Which fields of the domain JSON (the serde form of [`Call`](crate::Call) and of the views)
//! hold durations. They are written as whole seconds; a tool that shows them to people can add
//! the unit without knowing the types.

/// Fields that hold a duration wherever they appear: the standard view's `duration`, a leg's
/// `ring`, `talk`, `call_duration` and `answer`.
pub const DURATION_FIELDS: &[&str] = &["duration", "ring", "talk", "call_duration", "answer"];

/// The object whose every field is a duration ([`CallDurations`](crate::CallDurations)).
pub const DURATIONS_OBJECT: &str = "durations";

/// Whether the field at `path` of the domain JSON (`agent_legs[0].call_duration`,
/// `durations.queue`) holds a duration in whole seconds.
///
/// ```
/// use callreport_model::is_duration_field;
///
/// assert!(is_duration_field("durations.queue"));
/// assert!(is_duration_field("customer_legs[0].call_duration"));
/// assert!(!is_duration_field("customer_number"));
/// ```
#[must_use]
pub fn is_duration_field(path: &str) -> bool {
    let mut segments = path.rsplit('.');
    let field = segments.next().unwrap_or_default();
    let parent = segments.next().unwrap_or_default();
    DURATION_FIELDS.contains(&field) || parent == DURATIONS_OBJECT
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::{DURATION_FIELDS, is_duration_field};
    use crate::generate::Generator;
    use crate::{CallDetail, DetailView, StandardContext};

    fn walk(path: &str, value: &Value, out: &mut Vec<(String, Value)>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(&child_path, child, out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(&format!("{path}[{index}]"), child, out);
                }
            }
            leaf => out.push((path.to_owned(), leaf.clone())),
        }
    }

    #[test]
    fn every_duration_field_holds_whole_seconds_and_every_name_occurs() {
        let mut leaves = Vec::new();
        for call in Generator::new(7).take(50) {
            walk("", &serde_json::to_value(&call).unwrap(), &mut leaves);
            for view in DetailView::EVERY {
                let detail = CallDetail::derive(call.clone(), view, StandardContext::default());
                walk("", &serde_json::to_value(&detail).unwrap(), &mut leaves);
            }
        }
        let durations: Vec<&(String, Value)> = leaves
            .iter()
            .filter(|(path, _)| is_duration_field(path))
            .collect();
        for (path, value) in &durations {
            assert!(value.is_u64(), "{path}: {value}");
        }
        for name in DURATION_FIELDS {
            assert!(
                durations
                    .iter()
                    .any(|(path, _)| path.rsplit('.').next() == Some(name)),
                "{name} never occurs"
            );
        }
    }
}
