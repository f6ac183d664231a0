//! Keys a record carries that this version does not know.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// Unknown keys of a record, kept verbatim and written back out.
///
/// The provider adds fields without notice; keeping them makes every decode lossless.
/// `Debug` lists the keys only: an unknown value may be personal or secret.
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Extra(BTreeMap<String, Value>);

impl Extra {
    /// No unknown keys.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of an unknown key.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Adds or replaces a key; returns the old value.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) -> Option<Value> {
        self.0.insert(key.into(), value)
    }

    /// Removes a key.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.0.remove(key)
    }

    /// Whether there are no unknown keys.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of unknown keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The keys and values, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter()
    }

    /// Writes every unknown key into a JSON object (a request body, a response body).
    pub fn write_into(&self, object: &mut serde_json::Map<String, Value>) {
        for (key, value) in &self.0 {
            object.insert(key.clone(), value.clone());
        }
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl FromIterator<(String, Value)> for Extra {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl IntoIterator for Extra {
    type Item = (String, Value);
    type IntoIter = std::collections::btree_map::IntoIter<String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Extra;

    #[test]
    fn debug_shows_keys_only() {
        let mut extra = Extra::new();
        extra.insert("secretish", json!("919000012345"));
        assert_eq!(format!("{extra:?}"), "{\"secretish\"}");
        assert_eq!(
            serde_json::to_value(&extra).unwrap(),
            json!({"secretish": "919000012345"})
        );
    }
}
