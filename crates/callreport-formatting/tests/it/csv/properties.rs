//! For arbitrary calls, the CSV parses back into the same cells and the same number of rows.

use std::time::Duration;

use callreport_formatting::{Column, CsvOptions, Format, Report};
use callreport_model::{
    AgentId, Call, CallDurations, CallId, CallStatus, CallType, IST, PhoneNumber,
};
use chrono::{DateTime, TimeZone};
use proptest::prelude::*;

use super::parse;
use crate::support::{calls, write};

/// A call of arbitrary values, built on a generated one (for its legs and recording).
fn arbitrary_call() -> impl Strategy<Value = Call> {
    (
        (
            0usize..20,
            "[A-Za-z0-9_-]{1,64}",
            946_684_800i64..4_102_444_800,
            any::<String>(),
        ),
        (
            any::<u16>(),
            any::<String>(),
            proptest::option::of(any::<String>()),
        ),
        (0u64..10_000_000, 0u64..10_000_000, 0u64..10_000_000),
        (-1.0e6f64..1.0e6, proptest::option::of(any::<u64>())),
    )
        .prop_map(
            |(
                (base, id, seconds, call_type),
                (status, number, name),
                (q, c, a),
                (amount, agent),
            )| {
                let base = &calls(20)[base];
                let started_at = DateTime::from_timestamp(seconds, 0)
                    .unwrap()
                    .with_timezone(&IST);
                let mut call = Call::new(
                    CallId::new(id).unwrap(),
                    started_at,
                    CallType::from_wire(&call_type),
                );
                call.status = CallStatus::new(status);
                call.customer_number = PhoneNumber::new(number);
                call.customer_name = name;
                call.durations = CallDurations::new(
                    Duration::from_secs(q),
                    Duration::from_secs(c),
                    Duration::from_secs(a),
                );
                call.amount = amount;
                call.first_agent = agent.map(AgentId::new);
                call.agent_legs.clone_from(&base.agent_legs);
                call.customer_legs.clone_from(&base.customer_legs);
                call
            },
        )
}

fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn hms(seconds: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// The cells a call should read back as, computed without the crate's renderer.
fn expected(call: &Call, base_url: &str) -> Vec<String> {
    let recording = call.recordings().next().map(|r| r.locator.url(base_url));
    Column::ALL
        .iter()
        .map(|column| match column {
            Column::CallId => text_cell(call.id.as_str()),
            Column::StartedAt => IST
                .from_utc_datetime(&call.started_at.naive_utc())
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            Column::CallType => text_cell(call.call_type.as_str()),
            Column::Status => text_cell(
                &call
                    .status
                    .label()
                    .map_or_else(|| format!("status {}", call.status.code()), str::to_owned),
            ),
            Column::CustomerNumber => text_cell(call.customer_number.as_str()),
            Column::CustomerName => text_cell(call.customer_name.as_deref().unwrap_or("")),
            Column::FirstAgent => call
                .first_agent
                .map(|a| a.get().to_string())
                .unwrap_or_default(),
            Column::QueueTime => hms(call.durations.queue.as_secs()),
            Column::TalkTime => hms(call.durations.customer.as_secs()),
            Column::AgentOnCallTime => hms(call.durations.agent_on_call.as_secs()),
            Column::Amount => format!("{:.2}", call.amount),
            Column::Legs => (call.agent_legs.len() + call.customer_legs.len()).to_string(),
            Column::RecordingUrl => recording.clone().unwrap_or_default(),
            other => panic!("a column this test does not know: {other}"),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn csv_parses_back_into_the_same_cells(calls in proptest::collection::vec(arbitrary_call(), 0..12)) {
        let report = Report::new("Property").with_recording_base_url("http://127.0.0.1:8080");
        let (out, summary) = write(&Format::Csv(CsvOptions::new()), &report, &calls);
        let rows = parse(&String::from_utf8(out).unwrap());
        prop_assert_eq!(rows.len(), calls.len() + 1);
        prop_assert_eq!(summary.totals.calls, calls.len() as u64);
        let titles: Vec<&str> = Column::ALL.iter().map(|c| c.title()).collect();
        prop_assert_eq!(&rows[0], &titles);
        for (row, call) in rows[1..].iter().zip(&calls) {
            prop_assert_eq!(row, &expected(call, "http://127.0.0.1:8080"));
        }
    }
}
