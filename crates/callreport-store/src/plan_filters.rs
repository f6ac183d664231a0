//! Filters the query-plan tests of both backends check: each backend's test adds those its
//! planner must also serve from an index.

use callreport_model::{AgentId, CallType, IST, ReportFilter};
use chrono::{NaiveDate, TimeZone};

/// Filters narrow enough that every backend must answer them from indexes: `day` (India
/// time) alone and with call types, an agent, a customer number's end, a custom field.
pub(crate) fn selective(day: NaiveDate) -> Vec<(&'static str, ReportFilter)> {
    let at = |hour, minute, second| {
        IST.from_local_datetime(&day.and_hms_opt(hour, minute, second).unwrap_or_default())
            .single()
            .unwrap_or_else(|| IST.timestamp_nanos(0))
    };
    let (from, to) = (at(0, 0, 0), at(23, 59, 59));
    vec![
        ("a day", ReportFilter::new().between(from, to)),
        (
            "call types in a day",
            ReportFilter::new()
                .between(from, to)
                .call_types([CallType::Inbound, CallType::Outbound]),
        ),
        ("agents", ReportFilter::new().agents([AgentId::new(24)])),
        (
            "customer number",
            ReportFilter::new().customer_number("2345"),
        ),
        (
            "custom field",
            ReportFilter::new().field("disposition", "sale"),
        ),
    ]
}
