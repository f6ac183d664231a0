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
