//! Every way a call document can be refused says where and why, without leaking personal data.

use callreport_model::{Call, CallDetail, CallPage, Reply, Response};
use serde_json::{Value, json};

fn seed_call() -> Value {
    let body = include_str!("../fixtures/detail/seed_example_response.json");
    serde_json::from_str::<Value>(body).unwrap()["data"].clone()
}

fn error_for(path: &[&str], value: Value) -> String {
    let mut document = seed_call();
    let mut slot = &mut document;
    for key in path {
        slot = match key.parse::<usize>() {
            Ok(index) => &mut slot[index],
            Err(_) => &mut slot[*key],
        };
    }
    *slot = value;
    Call::from_json(&document.to_string())
        .unwrap_err()
        .to_string()
}

#[test]
fn each_field_names_its_path() {
    let cases = [
        (
            vec!["clId"],
            json!(""),
            "clId: expected a call id (1 to 64 letters, digits, '-' or '_'), got \"<not well formed>\"",
        ),
        (
            vec!["tm"],
            json!(-99_999_999_999_999_999_i64),
            "tm: expected milliseconds since the Unix epoch, got -99999999999999999",
        ),
        (
            vec!["dur", "q"],
            json!("1:2"),
            "dur.q: expected a duration HH:MM:SS, got \"1:2\"",
        ),
        (
            vec!["ctcc", "0", "sTm"],
            json!("25:99"),
            "ctcc[0].sTm: expected a time h:mm:ss am/pm, got \"25:99\"",
        ),
        (
            vec!["ctcc", "0", "sDt"],
            json!("2025-11-22"),
            "ctcc[0].sDt: expected a date dd/mm/yy, got \"2025-11-22\"",
        ),
        (
            vec!["ctcc", "0", "rty"],
            json!("many"),
            "ctcc[0].rty: expected a whole number as text, got \"many\"",
        ),
        (
            vec!["ctcc", "0", "agt"],
            json!(true),
            "ctcc[0].agt: expected an agent id (a whole number), got true",
        ),
        (
            vec!["clDt"],
            json!("22-11-2025"),
            "clDt: expected a date dd/Mon/yyyy, got \"22-11-2025\"",
        ),
        (
            vec!["clTm"],
            json!(5),
            "clTm: expected a time h:mm:ss am/pm, got 5",
        ),
        (
            vec!["st"],
            json!(70_000),
            "st: expected a status code from 0 to 65535, got nothing (the key is missing)",
        ),
        (
            vec!["amt"],
            json!("free"),
            "amt: expected an amount (a number), got \"free\"",
        ),
        (
            vec!["ivrAr"],
            json!([1, "x"]),
            "ivrAr: expected an array of IVR ids, got an array of 2 items",
        ),
        (
            vec!["chIs"],
            json!("maybe"),
            "chIs: expected true or false, got \"maybe\"",
        ),
        (
            vec!["ndDt"],
            json!({}),
            "ndDt: expected an array, got an object with 0 keys",
        ),
        (
            vec!["clTy"],
            json!(3),
            "clTy: expected a call type such as \"IBD\", got 3",
        ),
        (
            vec!["fAtnd"],
            json!(1),
            "fAtnd: expected who answered first, such as \"Agent\", got 1",
        ),
        (
            vec!["uid"],
            json!("a b"),
            "uid: expected a user id (no spaces, '/', '\\' or '*'), got \"<not well formed>\"",
        ),
        (
            vec!["exc"],
            json!("x"),
            "exc: expected a whole number, got \"x\"",
        ),
        (
            vec!["tAgtCnt"],
            json!(-1),
            "tAgtCnt: expected a whole number, got -1",
        ),
        (
            vec!["cNm"],
            json!([]),
            "cNm: expected text, got an array of 0 items",
        ),
        (
            vec!["dur"],
            json!("00:00:00"),
            "dur: invalid type: string \"00:00:00\", expected a Durations object",
        ),
    ];
    for (path, value, message) in cases {
        assert_eq!(error_for(&path, value), message, "{path:?}");
    }
}

#[test]
fn personal_and_secret_values_are_described_not_shown() {
    let number = error_for(&["cNum"], json!({"n": "919000012345"}));
    assert_eq!(
        number,
        "cNum: expected a phone number, got an object with 1 keys"
    );
    let api = error_for(&["api"], json!(42));
    assert_eq!(
        api,
        "api: expected a JSON object encoded as a string, got a number"
    );
    let locator = error_for(
        &["ctcc", "0", "rcrd"],
        json!("s3cr3t*mp3*1*2025*11*22*a/b.mp3"),
    );
    assert_eq!(
        locator,
        "ctcc[0].rcrd: expected a usable recording locator (recording locator: the file name part contains a path separator), got a string of 31 characters"
    );
    assert!(!locator.contains("s3cr3t"));
}

#[test]
fn a_bad_row_does_not_sink_the_page() {
    let mut bad = seed_call();
    bad["ctc"][0]["sDt"] = json!("yesterday");
    let body = json!({"data": [seed_call(), bad, seed_call()]}).to_string();
    let Reply::Data(page) = Response::<CallPage>::decode(body.as_bytes()).unwrap().reply else {
        panic!("expected a page")
    };
    assert_eq!(page.calls.len(), 2);
    assert_eq!(page.rejected.len(), 1);
    assert_eq!(page.rejected[0].index, 1);
    assert_eq!(page.rejected[0].error.path(), "[1].ctc[0].sDt");
    let shown = format!("{page:?}");
    assert!(
        !shown.contains("{{mobile}}") && !shown.contains("919376162321"),
        "{shown}"
    );
}

#[test]
fn malformed_pages_and_views_are_errors_not_panics() {
    let rows = Response::<CallPage>::decode(br#"{"data": [1, {"clId": "a"}]}"#).unwrap();
    let Reply::Data(rows) = rows.reply else {
        panic!("expected a page")
    };
    let errors: Vec<String> = rows
        .rejected
        .iter()
        .map(|row| row.error.to_string())
        .collect();
    assert_eq!(
        errors,
        [
            "[0]: invalid type: integer `1`, expected a CallDocument object",
            "[1].tm: expected milliseconds since the Unix epoch, got nothing (the key is missing)"
        ]
    );
    let cases: [(&str, &str); 3] = [
        (
            r#"{"data": {"a": 1}}"#,
            "data: expected an array of call documents",
        ),
        (
            r#"{"data": [], "ttl": "lots"}"#,
            "ttl: expected a whole number, got \"lots\"",
        ),
        (
            r#"{"data": [], "ttl": -1}"#,
            "ttl: expected a whole number, got -1",
        ),
    ];
    for (body, message) in cases {
        let error = Response::<CallPage>::decode(body.as_bytes()).unwrap_err();
        assert_eq!(error.to_string(), message);
    }
    let detail = Response::<CallDetail>::decode(br#"{"data": {"rcrdAr": 5}}"#).unwrap_err();
    assert_eq!(
        detail.to_string(),
        "data.rcrdAr: invalid type: integer `5`, expected a sequence"
    );
}
