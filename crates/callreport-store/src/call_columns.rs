//! The columns of the `calls` table that filters and sorts name: the same in every backend's
//! schema, so both build their queries from these.

use callreport_model::{DurationKind, SortKey, SortOrder};

/// The column a duration range applies to.
pub(crate) fn duration_column(kind: DurationKind) -> &'static str {
    match kind {
        DurationKind::Queue => "queue_s",
        DurationKind::AgentOnCall => "agent_s",
        _ => "talk_s",
    }
}

/// `ORDER BY` for a sort, ties broken by call id in the same direction.
pub(crate) fn order_by(sort: SortKey, order: SortOrder) -> String {
    let direction = match order {
        SortOrder::Ascending => "ASC",
        _ => "DESC",
    };
    format!("{} {direction}, c.call_id {direction}", sort_column(sort))
}

/// The column a sort key orders by.
pub(crate) fn sort_column(sort: SortKey) -> &'static str {
    match sort {
        SortKey::TalkTime => "c.talk_s",
        SortKey::Amount => "c.amount",
        _ => "c.started_ms",
    }
}

/// The comparison that keeps the rows after a cursor, in `order`.
pub(crate) fn after_comparison(order: SortOrder) -> &'static str {
    match order {
        SortOrder::Ascending => ">",
        _ => "<",
    }
}

/// A cursor's sort value as its column holds it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum SortValue {
    /// The amount.
    Real(f64),
    /// A time or a duration.
    Whole(i64),
}

impl SortValue {
    /// The value a cursor carries for `sort`.
    pub(crate) fn of(sort: SortKey, value: f64) -> Self {
        if sort == SortKey::Amount {
            Self::Real(value)
        } else {
            #[allow(
                clippy::cast_possible_truncation,
                reason = "the cursor came from a whole-number column"
            )]
            Self::Whole(value as i64)
        }
    }
}
