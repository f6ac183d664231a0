//! `detail`: every view, both credential styles, `rType` as text or array, and isolation.

use callreport_model::{Call, CallStatus};
use callreport_store::demo::MAIN;
use serde_json::{Value, json};

use crate::support::on_each_backend;
use crate::support::{
    CALLS, HOST, OTHER_RECORDING_TOKEN, OTHER_TOKEN, OTHER_USER, TestServer, with_session,
    with_token,
};

const DETAIL: &str = "/api/v2/CallReport/detail";

/// The main demo account's calls, as the demo stored them.
fn demo_calls() -> Vec<Call> {
    MAIN.generator()
        .take(usize::try_from(CALLS).unwrap())
        .collect()
}

/// A recorded, charged call answered by an agent.
fn recorded_call() -> Call {
    demo_calls()
        .into_iter()
        .find(|c| c.recordings().next().is_some() && c.amount > 0.0 && c.first_agent.is_some())
        .unwrap()
}

on_each_backend! {
async fn all_detail_is_the_stored_document_byte_for_byte() {
    let server = TestServer::start().await;
    for call in demo_calls().iter().step_by(37) {
        for body in [
            with_session(json!({"clId": call.id.as_str(), "rType": "allDetail"})),
            with_token(json!({"clId": call.id.as_str(), "rType": ["allDetail"]})),
            // What nearly every code sample on the provider's page sends; the page's example
            // answer to it is the raw document.
            with_session(json!({"clId": call.id.as_str(), "rType": ["dtl"]})),
            with_token(json!({"clId": call.id.as_str(), "rType": "dtl"})),
        ] {
            let reply = server.post_json(DETAIL, &body).await;
            assert_eq!(reply.text(), format!("{{\"data\":{}}}", call.to_json()));
        }
    }
}
}

on_each_backend! {
async fn the_standard_view_is_derived_from_the_document() {
    let server = TestServer::start().await;
    let call = recorded_call();
    let expected_status = CallStatus::new(call.status.code()).to_string();
    for body in [
        with_session(json!({"clId": call.id.as_str()})),
        with_token(json!({"clId": call.id.as_str(), "rType": []})),
        with_session(json!({"clId": call.id.as_str(), "userId": MAIN.user_id})),
    ] {
        let data = server.post_json(DETAIL, &body).await.json()["data"].clone();
        assert_eq!(data["callId"], call.id.as_str());
        assert_eq!(data["customerNumber"], call.customer_number.as_str());
        assert_eq!(
            data["date"],
            call.started_at.format("%Y-%m-%d %H:%M:%S").to_string()
        );
        let talk = call.durations.customer.as_secs();
        let duration = format!("{:02}:{:02}:{:02}", talk / 3600, talk / 60 % 60, talk % 60);
        assert_eq!(data["duration"], duration);
        assert_eq!(data["status"], expected_status);
        assert_eq!(data["callType"], call.call_type.as_str());
        assert!(
            data["agent"]
                .as_str()
                .is_some_and(|name| !name.starts_with("agent "))
        );
        let found = call.recordings().next().unwrap();
        assert_eq!(
            data["recording"],
            found.locator.url(&format!("http://{HOST}"))
        );
    }
}
}

on_each_backend! {
async fn the_agents_recordings_and_deductions_views() {
    let server = TestServer::start().await;
    let call = recorded_call();
    let document: Value = serde_json::from_str(&call.to_json()).unwrap();
    let id = call.id.as_str();

    let agents = server
        .post_json(DETAIL, &with_session(json!({"clId": id, "rType": "agts"})))
        .await
        .json();
    assert_eq!(
        agents,
        json!({"data": {
            "clId": id,
            "mAgt": document["mAgt"],
            "tAgtCnt": document["tAgtCnt"],
            "ctcc": document["ctcc"],
        }})
    );

    let recordings = server
        .post_json(DETAIL, &with_token(json!({"clId": id, "rType": ["rcrd"]})))
        .await
        .json();
    let legs = document["ctcc"].as_array().unwrap();
    let recorded = legs.iter().position(|leg| leg["rcrd"] != "").unwrap();
    assert_eq!(
        recordings,
        json!({"data": {
            "clId": id,
            "rcrdAr": [{"ndId": format!("#{}", recorded + 1), "rcrd": legs[recorded]["rcrd"]}],
        }})
    );

    let deductions = server
        .post_json(DETAIL, &with_session(json!({"clId": id, "rType": "ddLog"})))
        .await
        .json();
    let data = &deductions["data"];
    assert_eq!(data["clId"], id);
    assert_eq!(data["amt"], document["amt"]);
    let entries = data["ddLog"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["ddTy"], "call");
    assert_eq!(entries[0]["amt"], document["amt"]);
    let minutes = call.durations.customer.as_secs().div_ceil(60).max(1);
    assert_eq!(entries[0]["pls"], json!(minutes));
    assert!(entries[0]["tm"].as_i64().unwrap() > call.started_at.timestamp_millis());

    let free = demo_calls().into_iter().find(|c| c.amount == 0.0).unwrap();
    let reply = server
        .post_json(
            DETAIL,
            &with_session(json!({"clId": free.id.as_str(), "rType": "ddLog"})),
        )
        .await;
    assert_eq!(reply.json()["data"]["ddLog"], json!([]));
}
}

on_each_backend! {
async fn unknown_calls_and_other_accounts_calls_are_no_data() {
    let server = TestServer::start().await;
    let other_call = callreport_model::generate::Generator::new(77)
        .user_id(callreport_model::UserId::new(OTHER_USER).unwrap())
        .recording_token(OTHER_RECORDING_TOKEN)
        .next()
        .unwrap();
    let mine = recorded_call();
    let asks = [
        with_session(json!({"clId": other_call.id.as_str()})),
        with_token(json!({"clId": "nosuchcall"})),
        json!({"userId": OTHER_USER, "token": OTHER_TOKEN, "clId": mine.id.as_str()}),
    ];
    for ask in asks {
        for view in [
            None,
            Some("agts"),
            Some("rcrd"),
            Some("ddLog"),
            Some("allDetail"),
        ] {
            let mut body = ask.clone();
            if let Some(view) = view {
                body["rType"] = json!(view);
            }
            let reply = server.post_json(DETAIL, &body).await;
            assert_eq!(reply.text(), r#"{"data":[]}"#, "{body}");
        }
    }
    // The other account sees its own call.
    let own = json!({"userId": OTHER_USER, "token": OTHER_TOKEN, "clId": other_call.id.as_str()});
    let reply = server.post_json(DETAIL, &own).await;
    assert_eq!(reply.json()["data"]["callId"], other_call.id.as_str());
}
}
