//! The report filter as SQL: a `WHERE` clause over `calls c` and its parameters.

use callreport_model::{ReportFilter, SortKey, SortOrder};
use rusqlite::types::Value;

use crate::call_columns::{SortValue, after_comparison, duration_column, sort_column};
use crate::text_range::prefix_end;

/// A `WHERE` clause and its positional parameters.
#[derive(Debug, Default)]
pub(crate) struct Clause {
    pub(crate) sql: String,
    pub(crate) params: Vec<Value>,
}

impl Clause {
    fn and(&mut self, condition: &str, params: impl IntoIterator<Item = Value>) {
        if !self.sql.is_empty() {
            self.sql.push_str(" AND ");
        }
        self.sql.push_str(condition);
        self.params.extend(params);
    }
}

/// `?, ?, ?` for `count` parameters.
fn placeholders(count: usize) -> String {
    vec!["?"; count].join(", ")
}

fn whole(n: u64) -> Value {
    Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The conditions selecting `account`'s calls that `filter` matches.
pub(crate) fn clause(account: i64, filter: &ReportFilter) -> Clause {
    let mut clause = Clause::default();
    clause.and("c.account = ?", [Value::Integer(account)]);
    // Start times are whole seconds on the wire, and both ends are inclusive.
    let from = filter.from.map(|at| at.timestamp_millis());
    let to = filter.to.map(|at| at.timestamp_millis() + 999);
    if let Some(from) = from {
        clause.and("c.started_ms >= ?", [Value::Integer(from)]);
    }
    if let Some(to) = to {
        clause.and("c.started_ms <= ?", [Value::Integer(to)]);
    }
    if !filter.call_types.is_empty() {
        let sql = format!("c.call_type IN ({})", placeholders(filter.call_types.len()));
        let types = filter
            .call_types
            .iter()
            .map(|t| Value::Text(t.as_str().to_owned()));
        clause.and(&sql, types);
    }
    if !filter.statuses.is_empty() {
        let sql = format!("c.status IN ({})", placeholders(filter.statuses.len()));
        let codes = filter
            .statuses
            .iter()
            .map(|s| Value::Integer(s.code().into()));
        clause.and(&sql, codes);
    }
    let column = duration_column(filter.duration_kind);
    if let Some(min) = filter.min_duration {
        clause.and(&format!("c.{column} >= ?"), [whole(min.as_secs())]);
    }
    if let Some(max) = filter.max_duration {
        clause.and(&format!("c.{column} <= ?"), [whole(max.as_secs())]);
    }
    if let Some(digits) = &filter.customer_number {
        ends_with(&mut clause, digits);
    }
    if !filter.agents.is_empty() {
        let mut sql = format!(
            "c.id IN (SELECT a.call FROM call_agents a WHERE a.account = ? AND a.agent IN ({})",
            placeholders(filter.agents.len())
        );
        let mut params = vec![Value::Integer(account)];
        params.extend(filter.agents.iter().map(|a| whole(a.get())));
        if let Some(from) = from {
            sql.push_str(" AND a.started_ms >= ?");
            params.push(Value::Integer(from));
        }
        if let Some(to) = to {
            sql.push_str(" AND a.started_ms <= ?");
            params.push(Value::Integer(to));
        }
        sql.push(')');
        clause.and(&sql, params);
    }
    for (name, value) in &filter.fields {
        clause.and(
            "c.id IN (SELECT f.call FROM call_fields f \
             WHERE f.account = ? AND f.name = ? AND f.value = ?)",
            [
                Value::Integer(account),
                Value::Text(name.clone()),
                Value::Text(value.clone()),
            ],
        );
    }
    clause
}

/// Customer numbers are stored reversed, so "ends with these digits" is a range of an index.
fn ends_with(clause: &mut Clause, digits: &str) {
    let reversed: String = digits.chars().rev().collect();
    match prefix_end(&reversed) {
        Some(end) => clause.and(
            "c.number_rev >= ? AND c.number_rev < ?",
            [Value::Text(reversed), Value::Text(end)],
        ),
        None => {
            let length = i64::try_from(reversed.chars().count()).unwrap_or(i64::MAX);
            clause.and(
                "substr(c.number_rev, 1, ?) = ?",
                [Value::Integer(length), Value::Text(reversed)],
            );
        }
    }
}

/// The condition "after `cursor`" in the given order, on the sort column and the call id.
pub(crate) fn after(
    clause: &mut Clause,
    sort: SortKey,
    order: SortOrder,
    value: f64,
    call_id: &str,
) {
    let comparison = after_comparison(order);
    let column = sort_column(sort);
    let value = match SortValue::of(sort, value) {
        SortValue::Real(real) => Value::Real(real),
        SortValue::Whole(whole) => Value::Integer(whole),
    };
    clause.and(
        &format!("({column}, c.call_id) {comparison} (?, ?)"),
        [value, Value::Text(call_id.to_owned())],
    );
}
