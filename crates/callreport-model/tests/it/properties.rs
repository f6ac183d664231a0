//! Properties: domain -> wire -> domain identity; decoding arbitrary JSON never panics;
//! recording locators round-trip.

use std::time::Duration;

use callreport_model::{
    AgentId, AgentLeg, Call, CallCount, CallDetail, CallDurations, CallId, CallPage, CallStatus,
    CallType, CustomerLeg, FirstAttendant, LegTiming, OriginatingRequest, PhoneNumber,
    RecordingLocator, Response, UserId,
};
use chrono::{DateTime, NaiveDate, NaiveTime};
use proptest::prelude::*;
use serde_json::Value;

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 आशावर्मा_.-]{1,12}"
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn seconds() -> impl Strategy<Value = Duration> {
    (0_u64..400_000).prop_map(Duration::from_secs)
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (2000_i32..2099, 1_u32..=12, 1_u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn time() -> impl Strategy<Value = NaiveTime> {
    (0_u32..24, 0_u32..60, 0_u32..60)
        .prop_map(|(h, m, s)| NaiveTime::from_hms_opt(h, m, s).unwrap())
}

fn locator() -> impl Strategy<Value = RecordingLocator> {
    (
        "[a-zA-Z0-9{}=+%-]{1,20}",
        "[a-z0-9]{1,4}",
        "[0-9]{1,10}",
        date(),
        any::<bool>(),
        "[a-zA-Z0-9 _-]{1,30}(\\.mp3)?",
    )
        .prop_map(|(token, format, user, day, padded, file)| {
            let date = if padded {
                day.format("%Y*%m*%d")
            } else {
                day.format("%Y*%-m*%-d")
            };
            RecordingLocator::parse(&format!("{token}*{format}*{user}*{date}*{file}")).unwrap()
        })
}

fn timing() -> impl Strategy<Value = LegTiming> {
    (
        opt_text(),
        seconds(),
        proptest::option::of(date()),
        proptest::option::of(time()),
        (seconds(), seconds(), seconds()),
        0_u32..5,
        proptest::option::of(locator()),
    )
        .prop_map(
            |(
                node,
                ring,
                start_date,
                start_time,
                (talk, call_duration, answer),
                retries,
                recording,
            )| {
                let mut timing = LegTiming::default();
                timing.node = node;
                timing.ring = ring;
                timing.start_date = start_date;
                timing.start_time = start_time;
                timing.talk = talk;
                timing.call_duration = call_duration;
                timing.answer = answer;
                timing.retries = retries;
                timing.recording = recording;
                timing
            },
        )
}

fn extra_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        text().prop_map(Value::from),
    ]
}

prop_compose! {
    fn call()(
        id in "[a-z0-9]{5,27}",
        millis in 946_684_800_000_i64..4_102_444_800_000,
        call_type in prop_oneof![proptest::sample::select(CallType::KNOWN.to_vec()), "[A-Z]{2,6}".prop_map(|t| CallType::from_wire(&t))],
        status in any::<u16>(),
        number in "[0-9+]{0,14}|\\{\\{mobile\\}\\}",
        names in (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        durations in (seconds(), seconds(), seconds()),
        cents in 0_u32..100_000,
        ivr_ids in proptest::collection::vec(1_i64..10_000, 0..3),
        agents in (proptest::option::of(1_u64..500), 0_u32..9, proptest::option::of(any::<i64>())),
        flags in (any::<bool>(), proptest::option::of(0_usize..3), proptest::option::of(text())),
        printed in (proptest::option::of(date()), proptest::option::of(time())),
        agent_legs in proptest::collection::vec((proptest::option::of(1_u64..500), timing()), 0..3),
        customer_legs in proptest::collection::vec(("[0-9]{10,12}", opt_text(), timing()), 0..2),
        extra in proptest::collection::btree_map("x_[a-z]{1,6}", extra_value(), 0..3),
    ) -> Call {
        let started_at = DateTime::from_timestamp_millis(millis).unwrap().with_timezone(&callreport_model::IST);
        let mut call = Call::new(CallId::new(id).unwrap(), started_at, call_type);
        call.user_id = Some(UserId::new("29791451").unwrap());
        call.status = CallStatus::new(status);
        call.customer_number = PhoneNumber::new(number);
        (call.customer_name, call.operator, call.circle, call.push_webhook_url, call.push_webhook_status) = names;
        call.durations = CallDurations::new(durations.0, durations.1, durations.2);
        call.amount = f64::from(cents) / 100.0;
        call.ivr_ids = ivr_ids;
        call.first_agent = agents.0.map(AgentId::new);
        call.agent_count = agents.1;
        call.exc = agents.2;
        call.ch_is = flags.0;
        call.first_attended = flags.1.map(|i| [FirstAttendant::Agent, FirstAttendant::From, FirstAttendant::To][i].clone());
        call.originating_request = flags.2.map(|text| OriginatingRequest::from_raw(format!("{{\"customer\":\"{text}\"}}")));
        (call.date, call.time) = printed;
        call.agent_legs = agent_legs.into_iter().map(|(agent, timing)| AgentLeg::new(agent.map(AgentId::new), timing)).collect();
        call.customer_legs = customer_legs
            .into_iter()
            .map(|(number, node_type, timing)| {
                let mut leg = CustomerLeg::new(PhoneNumber::new(number), timing);
                leg.node_type = node_type;
                leg
            })
            .collect();
        for (key, value) in extra {
            call.extra.insert(key, value);
        }
        call
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        Just(Value::from("00:00:00")),
        Just(Value::from("4:13:18 pm")),
        Just(Value::from("22/11/25")),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("clId".to_owned()),
                    Just("tm".to_owned()),
                    Just("ctcc".to_owned()),
                    Just("dur".to_owned()),
                    Just("data".to_owned()),
                    Just("rcrdAr".to_owned()),
                    Just("status".to_owned()),
                    Just("code".to_owned()),
                    "[a-zA-Z]{1,6}"
                ],
                inner,
                0..6
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn push_sample() -> Value {
    serde_json::from_str(include_str!("../fixtures/push/ctc_both_answered.json")).unwrap()
}

/// Every key path of the push sample, legs and credits included, for damaging one at a time.
fn push_paths() -> Vec<Vec<String>> {
    fn walk(value: &Value, prefix: &[String], out: &mut Vec<Vec<String>>) {
        let Value::Object(map) = value else { return };
        for (key, inner) in map {
            let mut path = prefix.to_vec();
            path.push(key.clone());
            out.push(path.clone());
            match inner {
                Value::Array(items) => {
                    if let Some(first) = items.first() {
                        path.push("0".to_owned());
                        walk(first, &path, out);
                    }
                }
                other => walk(other, &path, out),
            }
        }
    }
    let mut out = Vec::new();
    walk(&push_sample(), &[], &mut out);
    out
}

fn seed_document() -> Value {
    let body = include_str!("../fixtures/detail/seed_example_response.json");
    serde_json::from_str::<Value>(body).unwrap()["data"].clone()
}

proptest! {
    #[test]
    fn domain_wire_domain_is_identity(call in call()) {
        let json = call.to_json();
        let back = Call::from_json(&json).unwrap();
        prop_assert_eq!(&back, &call);
        prop_assert_eq!(back.to_json(), json);
    }

    #[test]
    fn decoding_arbitrary_json_never_panics(value in json_value()) {
        let body = value.to_string();
        let _ = Call::from_json(&body);
        let _ = Response::<CallDetail>::decode(body.as_bytes());
        let _ = Response::<CallPage>::decode(body.as_bytes());
        let _ = Response::<CallCount>::decode(body.as_bytes());
        let wrapped = serde_json::json!({"data": value}).to_string();
        let _ = Response::<CallDetail>::decode(wrapped.as_bytes());
        let _ = Response::<CallPage>::decode(wrapped.as_bytes());
    }

    #[test]
    fn decoding_a_damaged_seed_never_panics(key in proptest::sample::select(seed_document().as_object().unwrap().keys().cloned().collect::<Vec<_>>()), value in json_value()) {
        let mut document = seed_document();
        document[&key] = value;
        let body = serde_json::json!({"data": [document]}).to_string();
        let page = Response::<CallPage>::decode(body.as_bytes()).unwrap();
        let callreport_model::Reply::Data(page) = page.reply else { panic!("a list page") };
        prop_assert_eq!(page.len(), 1);
    }

    #[test]
    fn a_damaged_push_report_decodes_or_names_a_field(path in proptest::sample::select(push_paths()), value in json_value()) {
        let mut report = push_sample();
        let mut slot = &mut report;
        for part in &path {
            slot = if slot.is_array() {
                &mut slot[part.parse::<usize>().unwrap()]
            } else {
                &mut slot[part.as_str()]
            };
        }
        *slot = value;
        let body = report.to_string();
        callreport_model::fuzzing::decode_push_report(body.as_bytes());
        if let Err(error) = callreport_model::PushReport::from_json(body.as_bytes()) {
            prop_assert!(!error.path().is_empty(), "{}", error);
        }
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = Response::<CallDetail>::decode(&bytes);
        let _ = Response::<CallPage>::decode(&bytes);
        callreport_model::fuzzing::decode_push_report(&bytes);
    }

    #[test]
    fn locators_round_trip(locator in locator()) {
        let text = locator.to_string_exposed();
        prop_assert_eq!(&RecordingLocator::parse(&text).unwrap(), &locator);
        prop_assert_eq!(&RecordingLocator::from_path(&locator.path()).unwrap(), &locator);
        let shown = format!("{:?}", locator);
        prop_assert!(shown.contains("Secret(***)"));
    }
}
