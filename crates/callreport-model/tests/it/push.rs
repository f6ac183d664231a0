//! Push reports: one snapshot of the decoded call per fixture, form and JSON deliveries alike,
//! and the errors of malformed reports.

use std::fs;
use std::path::Path;

use callreport_model::{
    Call, CallStatus, CallType, DecodeError, FirstAttendant, PushReport, RecordingLocator,
};
use serde_json::{Value, json};

fn fixture(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/push")
            .join(name),
    )
    .unwrap()
}

fn sample() -> Value {
    serde_json::from_slice(&fixture("ctc_both_answered.json")).unwrap()
}

fn decode(value: &Value) -> Result<PushReport, DecodeError> {
    PushReport::from_json(value.to_string().as_bytes())
}

#[test]
fn push_fixtures_as_calls() {
    insta::glob!("../fixtures", "push/*.json", |path| {
        let report = PushReport::from_json(&fs::read(path).unwrap()).unwrap();
        let stored = report.call.to_json();
        assert_eq!(
            Call::from_json(&stored).unwrap(),
            report.call,
            "reads back as stored"
        );
        let call: Value = serde_json::from_str(&stored).unwrap();
        insta::assert_json_snapshot!(call);
    });
}

#[test]
fn a_form_delivery_decodes_as_its_json() {
    let form = PushReport::decode(
        Some("application/x-www-form-urlencoded; charset=UTF-8"),
        &fixture("ctc_both_answered.form"),
    )
    .unwrap();
    let json =
        PushReport::decode(Some("application/json"), &fixture("ctc_both_answered.json")).unwrap();
    assert_eq!(form, json);
    assert_eq!(form.call.id.as_str(), "2aa2bb2c2175466151100000001");
    let mislabelled = PushReport::decode(
        Some("application/x-www-form-urlencoded"),
        &fixture("ctc_both_answered.json"),
    )
    .unwrap();
    assert_eq!(mislabelled, json);
}

#[test]
fn the_sample_maps_every_kept_field() {
    let report = decode(&sample()).unwrap();
    let call = &report.call;
    assert_eq!(call.user_id.as_ref().unwrap().as_str(), "12345678");
    assert_eq!(call.call_type, CallType::ClickToCall);
    assert_eq!(call.status, CallStatus::new(3));
    assert_eq!(call.customer_number.as_str(), "919000000002");
    assert_eq!(call.started_at.to_rfc3339(), "2025-08-08T19:28:32+05:30");
    assert_eq!(call.durations.customer.as_secs(), 8);
    assert_eq!(call.durations.agent_on_call.as_secs(), 0);
    assert_eq!(call.first_attended, Some(FirstAttendant::From));
    assert_eq!(call.first_agent, None);
    assert_eq!(call.exc, Some(75));
    assert!(call.amount.abs() < f64::EPSILON);
    let api = call.originating_request.as_ref().unwrap().parse().unwrap();
    assert_eq!(api["reqId"], "rAbcd_1754661511_X_yZq");
    assert_eq!(
        report.first_answer_at.unwrap().to_rfc3339(),
        "2025-08-08T19:28:35+05:30"
    );
    let legs = &call.customer_legs;
    assert_eq!(legs.len(), 2);
    assert_eq!(legs[1].number.as_str(), "919000000001");
    assert_eq!(legs[1].timing.node.as_deref(), Some("#1"));
    assert_eq!(legs[1].timing.ring.as_secs(), 3);
    assert_eq!(legs[1].timing.talk.as_secs(), 8);
    assert_eq!(legs[1].timing.call_duration.as_secs(), 3 + 16);
    assert_eq!(legs[1].timing.answer.as_secs(), 3);
    assert_eq!(
        legs[1].timing.started_at().unwrap().to_rfc3339(),
        "2025-08-08T19:28:35+05:30"
    );
    assert!(call.agent_legs.is_empty());
    assert_eq!(call.agent_count, 0);
    assert_eq!(
        report.unmapped.get("masterNumCTC"),
        Some(&json!("919000000001"))
    );
}

#[test]
fn recordings_are_kept_as_paths_and_no_locator_is_made() {
    let report = decode(&sample()).unwrap();
    assert_eq!(report.recordings.len(), 1);
    let recording = &report.recordings[0];
    assert!(
        recording
            .file
            .starts_with("/202508/2aa2bb2c2175466151100000001_")
    );
    assert_eq!(recording.node.as_deref(), Some("to"));
    assert_eq!(
        recording.started_at.unwrap().to_rfc3339(),
        "2025-08-08T19:28:43+05:30"
    );
    assert!(!format!("{recording:?}").contains("9000000002"));
    assert_eq!(report.call.recordings().count(), 0);
    assert!(RecordingLocator::parse(&recording.file).is_err());
}

#[test]
fn zero_times_mean_none() {
    let report = PushReport::from_json(&fixture("unanswered_zero_times.json")).unwrap();
    assert_eq!(report.first_answer_at, None);
    let leg = &report.call.customer_legs[0];
    assert_eq!(leg.timing.start_date, None);
    assert_eq!(leg.timing.start_time, None);
    assert_eq!(leg.timing.answer.as_secs(), 0);
    assert_eq!(report.call.first_attended, None);
}

#[test]
fn agent_legs_count_distinct_agents() {
    let report = PushReport::from_json(&fixture("inbound_agent_legs.json")).unwrap();
    let call = &report.call;
    assert_eq!(call.call_type, CallType::Inbound);
    assert_eq!(call.agent_legs.len(), 2);
    assert_eq!(call.agent_legs[1].agent.unwrap().get(), 24);
    assert_eq!(call.agent_legs[1].timing.retries, 1);
    assert_eq!(call.agent_count, 2);
    assert_eq!(call.first_agent.unwrap().get(), 24);
    assert_eq!(call.first_attended, Some(FirstAttendant::Agent));
    assert!((call.amount - 1.5).abs() < f64::EPSILON);
    assert_eq!(call.ivr_ids, vec![101]);
}

#[test]
fn odd_but_valid_values_are_kept() {
    let mut report = sample();
    report["ivrExecuteFlow"] = json!({"node": [1]});
    report["api_para"] = json!("{\"reqId\":\"r1\"}");
    report["masterAgent"] = json!("0");
    report["ivrIdArr"] = json!(["7", 8]);
    let call = decode(&report).unwrap().call;
    assert_eq!(call.ivr_execute_flow.as_deref(), Some("{\"node\":[1]}"));
    assert_eq!(
        call.originating_request.unwrap().raw(),
        "{\"reqId\":\"r1\"}"
    );
    assert_eq!(call.first_agent, None);
    assert_eq!(call.ivr_ids, vec![7, 8]);
    report["ivrExecuteFlow"] = json!("flow-1");
    report["api_para"] = json!({});
    let call = decode(&report).unwrap().call;
    assert_eq!(call.ivr_execute_flow.as_deref(), Some("flow-1"));
    assert_eq!(call.originating_request, None);
}

#[test]
fn numbers_sent_as_strings_are_read() {
    let mut report = sample();
    report["callStatus"] = json!("3");
    report["talkDuration"] = json!("8");
    report["totalCreditsUsed"]["amount"] = json!("0.25");
    let call = decode(&report).unwrap().call;
    assert_eq!(call.status.code(), 3);
    assert_eq!(call.durations.customer.as_secs(), 8);
    assert!((call.amount - 0.25).abs() < f64::EPSILON);
}

/// Each malformed report fails with the path of its field.
#[test]
fn malformed_reports_name_the_field() {
    let cases: [(&str, Value, &str); 10] = [
        ("callId", Value::Null, "callId"),
        ("callId", json!("a/b"), "callId"),
        ("ivrSTime", json!("0000-00-00 00:00:00"), "ivrSTime"),
        ("ivrSTime", json!("08/08/2025 19:28"), "ivrSTime"),
        ("firstAnswerTime", json!("yesterday"), "firstAnswerTime"),
        ("callStatus", json!("three"), "callStatus"),
        ("talkDuration", json!(-3), "talkDuration"),
        ("userId", json!("a b"), "userId"),
        ("nHDetail", json!("none"), "nHDetail"),
        ("api_para", json!([1]), "api_para"),
    ];
    for (key, value, path) in cases {
        let mut report = sample();
        report[key] = value;
        let error = decode(&report).unwrap_err();
        assert_eq!(error.path(), path, "{key}: {error}");
    }
    let mut report = sample();
    report["nHDetail"][1]["answerSTime"] = json!("2025-08-08 25:00:00");
    assert_eq!(
        decode(&report).unwrap_err().to_string(),
        "nHDetail[1].answerSTime: expected a time YYYY-MM-DD HH:MM:SS, got \"2025-08-08 25:00:00\""
    );
    // A leg's start date is kept with two year digits (found by the push-report fuzzer: a
    // year 8090 was stored as `90` and read back as 2090).
    report = sample();
    report["nHDetail"][1]["answerSTime"] = json!("8090-08-08 19:28:32");
    assert_eq!(
        decode(&report).unwrap_err().to_string(),
        "nHDetail[1].answerSTime: expected a time in the years 2000 to 2099 (a leg's start date \
         is kept with two year digits)"
    );
    report = sample();
    report["recordings"][0]["file"] = json!("");
    assert_eq!(decode(&report).unwrap_err().path(), "recordings[0].file");
    report = sample();
    report["totalCreditsUsed"]["amount"] = json!({});
    assert_eq!(
        decode(&report).unwrap_err().path(),
        "totalCreditsUsed.amount"
    );
}

#[test]
fn a_phone_number_is_not_echoed_in_errors() {
    let mut report = sample();
    report["cNumber"] = json!(["919000000002"]);
    let error = decode(&report).unwrap_err();
    assert_eq!(error.path(), "cNumber");
    assert!(!error.to_string().contains("919000000002"), "{error}");
}

#[test]
fn bodies_that_are_not_reports() {
    assert_eq!(
        PushReport::from_json(b"").unwrap_err().to_string(),
        "the body is empty"
    );
    assert!(PushReport::from_json(b"{\"callId\":").is_err());
    assert!(PushReport::from_json(b"[]").is_err());
    assert!(PushReport::from_json(b"{} x").is_err());
    let form = PushReport::from_form(b"report=%7B%7D").unwrap_err();
    assert_eq!(form.to_string(), "push_report: the form field is missing");
    let form = PushReport::from_form(b"push_report=%7B%22callId%22%3A%5B%5D%7D").unwrap_err();
    assert_eq!(form.path(), "push_report.callId");
}
