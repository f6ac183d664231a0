//! The report filter as PostgreSQL: a `WHERE` clause over `calls c` and its parameters.

use callreport_model::{ReportFilter, SortKey, SortOrder};
use tokio_postgres::types::ToSql;

use crate::call_columns::{SortValue, after_comparison, duration_column, sort_column};
use crate::text_range::prefix_end;

/// A parameter of a built query.
pub(crate) type Param = Box<dyn ToSql + Send + Sync>;

/// A `WHERE` clause and its numbered parameters.
#[derive(Debug, Default)]
pub(crate) struct Clause {
    pub(crate) sql: String,
    pub(crate) params: Vec<Param>,
}

impl Clause {
    /// The placeholder of the next parameter, which it takes.
    pub(crate) fn bind(&mut self, value: impl ToSql + Send + Sync + 'static) -> String {
        self.params.push(Box::new(value));
        format!("${}", self.params.len())
    }

    fn and(&mut self, condition: &str) {
        if !self.sql.is_empty() {
            self.sql.push_str(" AND ");
        }
        self.sql.push_str(condition);
    }

    /// The parameters, as the driver takes them.
    pub(crate) fn values(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|param| param.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

fn whole(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The conditions selecting `account`'s calls that `filter` matches.
pub(crate) fn clause(account: i64, filter: &ReportFilter) -> Clause {
    let mut clause = Clause::default();
    let p = clause.bind(account);
    clause.and(&format!("c.account = {p}"));
    // Start times are whole seconds on the wire, and both ends are inclusive.
    let from = filter.from.map(|at| at.timestamp_millis());
    let to = filter.to.map(|at| at.timestamp_millis() + 999);
    if let Some(from) = from {
        let p = clause.bind(from);
        clause.and(&format!("c.started_ms >= {p}"));
    }
    if let Some(to) = to {
        let p = clause.bind(to);
        clause.and(&format!("c.started_ms <= {p}"));
    }
    if !filter.call_types.is_empty() {
        let types: Vec<String> = filter
            .call_types
            .iter()
            .map(|t| t.as_str().to_owned())
            .collect();
        let p = clause.bind(types);
        clause.and(&format!("c.call_type = ANY({p}::text[])"));
    }
    if !filter.statuses.is_empty() {
        let codes: Vec<i64> = filter
            .statuses
            .iter()
            .map(|s| i64::from(s.code()))
            .collect();
        let p = clause.bind(codes);
        clause.and(&format!("c.status = ANY({p})"));
    }
    let column = duration_column(filter.duration_kind);
    if let Some(min) = filter.min_duration {
        let p = clause.bind(whole(min.as_secs()));
        clause.and(&format!("c.{column} >= {p}"));
    }
    if let Some(max) = filter.max_duration {
        let p = clause.bind(whole(max.as_secs()));
        clause.and(&format!("c.{column} <= {p}"));
    }
    if let Some(digits) = &filter.customer_number {
        // Numbers are stored reversed, so "ends with" is a prefix: a range of the index.
        let reversed: String = digits.chars().rev().collect();
        match prefix_end(&reversed) {
            Some(end) => {
                let p = clause.bind(reversed);
                let end = clause.bind(end);
                clause.and(&format!("c.number_rev >= {p} AND c.number_rev < {end}"));
            }
            None => {
                let p = clause.bind(reversed);
                clause.and(&format!("starts_with(c.number_rev, {p})"));
            }
        }
    }
    if !filter.agents.is_empty() {
        let agents: Vec<i64> = filter.agents.iter().map(|a| whole(a.get())).collect();
        let a = clause.bind(account);
        let ids = clause.bind(agents);
        let mut sql = format!(
            "(c.started_ms, c.id) IN (SELECT a.started_ms, a.call FROM call_agents a \
             WHERE a.account = {a} AND a.agent = ANY({ids})"
        );
        if let Some(from) = from {
            let p = clause.bind(from);
            sql.push_str(&format!(" AND a.started_ms >= {p}"));
        }
        if let Some(to) = to {
            let p = clause.bind(to);
            sql.push_str(&format!(" AND a.started_ms <= {p}"));
        }
        sql.push(')');
        clause.and(&sql);
    }
    for (name, value) in &filter.fields {
        let a = clause.bind(account);
        let n = clause.bind(name.clone());
        let v = clause.bind(value.clone());
        clause.and(&format!(
            "(c.started_ms, c.id) IN (SELECT f.started_ms, f.call FROM call_fields f \
             WHERE f.account = {a} AND f.name = {n} AND f.value = {v})"
        ));
    }
    clause
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
    let p = match SortValue::of(sort, value) {
        SortValue::Real(real) => clause.bind(real),
        SortValue::Whole(whole) => clause.bind(whole),
    };
    let id = clause.bind(call_id.to_owned());
    clause.and(&format!("({column}, c.call_id) {comparison} ({p}, {id})"));
}
