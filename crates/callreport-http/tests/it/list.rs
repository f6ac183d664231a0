//! `list`, `masklist` and `reportCount`: filters, paging, sorting, masking, isolation.

use std::collections::BTreeSet;

use callreport_model::{Call, IST};
use callreport_store::demo::MAIN;
use chrono::TimeZone;
use serde_json::{Value, json};

use crate::support::on_each_backend;
use crate::support::{
    CALLS, OTHER_CALLS, OTHER_TOKEN, OTHER_USER, TestServer, with_session, with_token,
};

const LIST: &str = "/api/v2/CallReport/list";
const MASKLIST: &str = "/api/v2/CallReport/masklist";
const COUNT: &str = "/api/v2/CallReport/reportCount";

fn demo_calls() -> Vec<Call> {
    MAIN.generator()
        .take(usize::try_from(CALLS).unwrap())
        .collect()
}

fn ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["clId"].as_str().unwrap().to_owned())
        .collect()
}

/// Ids of `calls`, newest first, ties by id descending: the default order.
fn newest_first(calls: &[&Call]) -> Vec<String> {
    let mut sorted: Vec<&&Call> = calls.iter().collect();
    sorted.sort_by(|a, b| (b.started_at, &b.id).cmp(&(a.started_at, &a.id)));
    sorted.iter().map(|c| c.id.as_str().to_owned()).collect()
}

on_each_backend! {
async fn the_first_page_is_100_calls_newest_first() {
    let server = TestServer::start().await;
    assert_eq!(server.demo.as_ref().unwrap().summary.calls, CALLS);
    let calls = demo_calls();
    let page = server
        .post_json(LIST, &with_session(json!({})))
        .await
        .json();
    assert_eq!(
        (page["ttl"].clone(), page["pg"].clone(), page["lmt"].clone()),
        (json!(300), json!(1), json!(100))
    );
    let all: Vec<&Call> = calls.iter().collect();
    assert_eq!(ids(&page), newest_first(&all)[..100]);
    let first: Value = serde_json::from_str(
        &calls
            .iter()
            .find(|c| c.id.as_str() == ids(&page)[0])
            .unwrap()
            .to_json(),
    )
    .unwrap();
    assert_eq!(page["data"][0], first);
}
}

on_each_backend! {
async fn pages_cover_every_call_once_in_each_sort() {
    let server = TestServer::start().await;
    let calls = demo_calls();
    for (sort, order) in [
        ("tm", "desc"),
        ("tm", "asc"),
        ("dur", "desc"),
        ("amt", "asc"),
    ] {
        let mut seen = Vec::new();
        for page in 1..=5 {
            let body = with_token(json!({"pg": page, "lmt": 64, "srt": sort, "ord": order}));
            let reply = server.post_json(LIST, &body).await.json();
            assert_eq!(reply["ttl"], json!(300));
            seen.extend(ids(&reply));
        }
        let unique: BTreeSet<&String> = seen.iter().collect();
        assert_eq!((seen.len(), unique.len()), (300, 300), "{sort} {order}");
        let key = |id: &String| {
            let call = calls.iter().find(|c| c.id.as_str() == id).unwrap();
            match sort {
                "dur" => call.durations.customer.as_secs_f64(),
                "amt" => call.amount,
                _ => call.started_at.timestamp() as f64,
            }
        };
        for pair in seen.windows(2) {
            let (a, b) = (key(&pair[0]), key(&pair[1]));
            let ordered = if order == "asc" {
                a < b || (a == b && pair[0] < pair[1])
            } else {
                a > b || (a == b && pair[0] > pair[1])
            };
            assert!(ordered, "{sort} {order}: {pair:?}");
        }
    }
    let beyond = server
        .post_json(LIST, &with_session(json!({"pg": 9, "lmt": 100})))
        .await
        .json();
    assert_eq!(beyond, json!({"data": [], "ttl": 300, "pg": 9, "lmt": 100}));
}
}

/// A filter and the calls it must match.
type Case = (Value, Box<dyn Fn(&Call) -> bool>);

fn cases(calls: &[Call]) -> Vec<Case> {
    let at = |d, h, m, s| IST.with_ymd_and_hms(2025, 11, d, h, m, s).unwrap();
    let from = at(1, 10, 0, 0);
    let to = at(1, 11, 0, 0);
    let number = calls[5].customer_number.as_str().to_owned();
    let suffix = number[number.len() - 4..].to_owned();
    vec![
        (
            json!({"frmDt": "2025-11-01 10:00:00", "toDt": "2025-11-01 11:00:00"}),
            Box::new(move |c: &Call| {
                c.started_at >= from && c.started_at < to + chrono::Duration::seconds(1)
            }),
        ),
        (
            json!({"agts": [24, "31"]}),
            Box::new(|c: &Call| {
                c.agent_legs
                    .iter()
                    .filter_map(|l| l.agent)
                    .chain(c.first_agent)
                    .any(|a| a.get() == 24 || a.get() == 31)
            }),
        ),
        (
            json!({"minDur": 60, "maxDur": 300}),
            Box::new(|c: &Call| (60..=300).contains(&c.durations.customer.as_secs())),
        ),
        (
            json!({"minDur": 30, "durTy": "q"}),
            Box::new(|c: &Call| c.durations.queue.as_secs() >= 30),
        ),
        (
            json!({"maxDur": 100, "durTy": "agtOnCl"}),
            Box::new(|c: &Call| c.durations.agent_on_call.as_secs() <= 100),
        ),
        (
            json!({"clTy": ["IBD", "CTC"]}),
            Box::new(|c: &Call| ["IBD", "CTC"].contains(&c.call_type.as_str())),
        ),
        (
            json!({"clTy": "OBD", "st": [3, 5, 9]}),
            Box::new(|c: &Call| {
                c.call_type.as_str() == "OBD" && [3, 5, 9].contains(&c.status.code())
            }),
        ),
        (
            json!({"cNum": suffix.clone()}),
            Box::new(move |c: &Call| c.customer_number.as_str().ends_with(&suffix)),
        ),
        (
            json!({"cstm": {"disposition": "sale"}}),
            Box::new(|c: &Call| {
                c.extra.get("cstm").and_then(|f| f.get("disposition")) == Some(&json!("sale"))
            }),
        ),
        (
            json!({"clTy": ["IBD"], "cstm": {"disposition": "nope"}}),
            Box::new(|_: &Call| false),
        ),
    ]
}

on_each_backend! {
async fn every_filter_matches_exactly_the_calls_it_names() {
    let server = TestServer::start().await;
    let calls = demo_calls();
    for (filter, matches) in cases(&calls) {
        let expected: Vec<&Call> = calls.iter().filter(|c| matches(c)).collect();
        let count = server
            .post_json(COUNT, &with_session(filter.clone()))
            .await
            .json();
        assert_eq!(count, json!({"data": {"cnt": expected.len()}}), "{filter}");
        let mut body = with_token(filter.clone());
        body["lmt"] = json!(1000);
        let page = server.post_json(LIST, &body).await.json();
        assert_eq!(ids(&page), newest_first(&expected), "{filter}");
        assert_eq!(page["ttl"], json!(expected.len()));
    }
}
}

on_each_backend! {
async fn masklist_masks_numbers_and_names_everywhere() {
    let server = TestServer::start().await;
    let calls = demo_calls();
    let body = with_session(json!({"lmt": 1000}));
    let plain = server.post_json(LIST, &body).await.json();
    let reply = server.post_json(MASKLIST, &body).await;
    let masked = reply.json();
    assert_eq!(ids(&masked), ids(&plain));
    assert_eq!(masked["ttl"], json!(300));
    for call in &calls {
        assert!(!reply.text().contains(call.customer_number.as_str()));
    }
    for row in masked["data"].as_array().unwrap() {
        let number = row["cNum"].as_str().unwrap();
        assert!(
            number.starts_with("91") && number.contains("********"),
            "{number}"
        );
        assert_eq!(row["ctc"][0]["num"], row["cNum"]);
        if let Some(name) = row["cNm"].as_str().filter(|n| !n.is_empty()) {
            assert!(name.contains('*'), "{name}");
        }
    }
}
}

on_each_backend! {
async fn accounts_never_see_or_count_each_others_calls() {
    let server = TestServer::start().await;
    let other = json!({"userId": OTHER_USER, "token": OTHER_TOKEN, "lmt": 1000});
    let theirs = server.post_json(LIST, &other).await.json();
    let mine = server
        .post_json(LIST, &with_session(json!({"lmt": 1000})))
        .await
        .json();
    assert_eq!(theirs["ttl"], json!(OTHER_CALLS));
    assert_eq!(mine["ttl"], json!(CALLS));
    let theirs: BTreeSet<String> = ids(&theirs).into_iter().collect();
    let mine: BTreeSet<String> = ids(&mine).into_iter().collect();
    assert!(theirs.is_disjoint(&mine));
    let other_count = json!({"userId": OTHER_USER, "token": OTHER_TOKEN});
    let count = server.post_json(COUNT, &other_count).await.json();
    assert_eq!(count, json!({"data": {"cnt": OTHER_CALLS}}));
    for row in server.post_json(MASKLIST, &other).await.json()["data"]
        .as_array()
        .unwrap()
    {
        assert_eq!(row["uid"], OTHER_USER);
    }
}
}

on_each_backend! {
async fn a_page_repeats_its_cursor_in_a_header_and_the_last_page_has_none() {
    let server = TestServer::start().await;
    for path in [LIST, MASKLIST] {
        let first = server
            .post_json(path, &with_session(json!({"lmt": 200})))
            .await;
        let cursor = first.json()["nxt"].as_str().unwrap().to_owned();
        assert_eq!(
            first.header(callreport_model::NEXT_CURSOR_HEADER),
            Some(cursor.as_str())
        );
        let last = server
            .post_json(path, &with_session(json!({"lmt": 200, "aftr": cursor})))
            .await;
        assert_eq!(ids(&last.json()).len(), 100);
        assert_eq!(last.json().get("nxt"), None);
        assert_eq!(last.header(callreport_model::NEXT_CURSOR_HEADER), None);
    }
}
}
