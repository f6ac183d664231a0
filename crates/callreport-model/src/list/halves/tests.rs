//! Two halves against the whole body: the same page whenever they join, and a join at every
//! real boundary between rows of a page the one-pass decoder reads.

use proptest::prelude::*;
use serde_json::Value;

use super::{MIN_BODY, PageHalves};
use crate::generate::list_body;
use crate::list::CallPage;
use crate::response::Response;

/// The page two halves cut at `cut` make, decoded one after the other.
fn joined(body: &str, cut: usize) -> Option<Response<CallPage>> {
    let halves = PageHalves::cut_at(body.as_bytes(), cut);
    halves.decode_front()?.join(halves.decode_back()?)
}

fn whole(body: &str) -> Option<Response<CallPage>> {
    Response::<CallPage>::decode(body.as_bytes()).ok()
}

/// The generated rows of a page, with `tricky` text (which may look like a row boundary) in
/// each row's custom fields.
fn rows(seed: u64, count: usize, tricky: &str) -> Vec<String> {
    rows_with(seed, count, &Value::from(tricky))
}

/// The generated rows of a page, with `note` in each row's custom fields.
fn rows_with(seed: u64, count: usize, note: &Value) -> Vec<String> {
    let page: Value = serde_json::from_str(&list_body(seed, count)).expect("a generated page");
    let Some(Value::Array(rows)) = page.get("data").cloned() else {
        panic!("a generated page has data");
    };
    rows.into_iter()
        .map(|mut row| {
            if let Some(Value::Object(custom)) = row.get_mut("cstm") {
                custom.insert("note".to_owned(), note.clone());
            }
            row.to_string()
        })
        .collect()
}

/// A body of `rows` between `before` and `after` (envelope text), and where each row ends.
fn body_of(rows: &[String], before: &str, after: &str) -> (String, Vec<usize>) {
    let mut body = format!("{{{before}\"data\":[");
    let mut ends = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if index > 0 {
            body.push(',');
        }
        body.push_str(row);
        ends.push(body.len());
    }
    body.push_str(&format!("]{after}}}"));
    (body, ends)
}

#[test]
fn every_boundary_between_rows_joins_to_the_whole_page() {
    let rows = rows(11, 6, "plain");
    let (body, ends) = body_of(&rows, r#""ttl":6,"#, r#","pg":1,"lmt":1000,"nxt":"abc""#);
    let expected = whole(&body).expect("the page decodes");
    let boundaries = &ends[..ends.len() - 1];
    for &cut in boundaries {
        assert_eq!(joined(&body, cut).as_ref(), Some(&expected), "cut at {cut}");
    }
    // Every other place either refuses or, right before `]`, still gives the same page.
    for cut in 0..=body.len() + 1 {
        if let Some(page) = joined(&body, cut) {
            assert_eq!(page, expected, "cut at {cut}");
            assert!(ends.contains(&cut), "a join at {cut}, which ends no row");
        }
    }
}

#[test]
fn only_a_boundary_between_rows_joins() {
    let rows = rows(5, 120, r#"a},{"sid":"forged"}"#);
    let (body, ends) = body_of(&rows, "", "");
    let expected = whole(&body).expect("the page decodes");
    let (mut joins, mut at) = (0, 0);
    // Rows' forged boundaries, boundaries between their legs, and the real ones.
    while let Some(offset) = body[at..].find("},{") {
        let cut = at + offset + 1;
        if let Some(page) = joined(&body, cut) {
            assert_eq!(page, expected, "cut at {cut}");
            assert!(ends.contains(&cut), "a join at {cut}, which ends no row");
            joins += 1;
        }
        at = cut;
    }
    assert_eq!(joins, rows.len() - 1);
}

#[test]
fn a_forged_row_start_is_found_and_refused() {
    let probe = rows(5, 1, "");
    let first_key = &probe[0][..probe[0].find(':').expect("a key")];
    // Inside a string a row's start cannot be forged (its quote would end the string); an
    // object inside a row that begins with the same key can look like one.
    let forged: Value = serde_json::from_str(&format!("[{{\"a\":1}},{first_key}:1}}]"))
        .expect("a forged row start");
    let rows = rows_with(5, 200, &forged);
    let (mut forged_cuts, mut real_cuts) = (0, 0);
    // A cursor of growing length before `data` moves the middle through a row.
    for padding in (0..rows[0].len() * 2).step_by(40) {
        let before = format!(r#""nxt":"{}","#, "n".repeat(padding));
        let (body, ends) = body_of(&rows, &before, "");
        let expected = whole(&body).expect("the page decodes");
        let halves = PageHalves::cut(body.as_bytes()).expect("a cut");
        if ends.contains(&halves.cut) {
            real_cuts += 1;
            let joined = halves
                .decode_front()
                .expect("front")
                .join(halves.decode_back().expect("back"));
            assert_eq!(joined, Some(expected));
        } else {
            forged_cuts += 1;
            assert!(halves.decode_front().is_none(), "a forged cut is refused");
        }
    }
    assert!(
        forged_cuts > 0 && real_cuts > 0,
        "{forged_cuts} forged, {real_cuts} real"
    );
}

#[test]
fn a_cut_found_in_a_large_page_joins() {
    let body = list_body(3, 400);
    assert!(body.len() >= MIN_BODY);
    let halves = PageHalves::cut(body.as_bytes()).expect("a large page has a cut");
    let front = halves.decode_front().expect("the front half decodes");
    let back = halves.decode_back().expect("the back half decodes");
    assert!(!front.0.calls.is_empty() && !back.0.calls.is_empty());
    let joined = front.join(back);
    assert_eq!(joined, whole(&body));
}

#[test]
fn a_small_page_is_not_cut() {
    let body = list_body(3, 20);
    assert!(body.len() < MIN_BODY);
    assert!(PageHalves::cut(body.as_bytes()).is_err());
}

#[test]
fn halves_of_two_bodies_do_not_join() {
    let first = list_body(3, 400);
    let second = list_body(4, 400);
    let first = PageHalves::cut(first.as_bytes()).expect("a cut");
    let second = PageHalves::cut(second.as_bytes()).expect("a cut");
    let front = first.decode_front().expect("the front half decodes");
    let back = second.decode_back().expect("the back half decodes");
    assert!(front.join(back).is_none());
}

#[test]
fn a_cut_after_the_opening_bracket_is_refused() {
    // `[,{…}]` is not JSON: the back half alone would read it.
    let rows = rows(2, 2, "plain");
    let body = format!(r#"{{"data":[,{}]}}"#, rows.join(","));
    assert!(whole(&body).is_none());
    assert!(joined(&body, "{\"data\":[".len()).is_none());
}

#[test]
fn a_repeated_key_across_the_halves_is_refused() {
    let rows = rows(2, 4, "plain");
    let (body, ends) = body_of(&rows, r#""ttl":4,"#, r#","ttl":5"#);
    assert!(joined(&body, ends[1]).is_none());
    // The whole body takes the general path, which keeps one of them.
    assert!(whole(&body).is_some());
}

/// Text for a custom field: plain, or made of the characters a boundary is made of.
fn custom_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ]{0,8}",
        proptest::collection::vec(
            prop::sample::select(vec!["}", ",", "{", "\"", "\\", "]", " ", "é", "a"]),
            0..12
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn halves_agree_with_the_whole_body(
        seed in any::<u64>(),
        count in 1_usize..8,
        tricky in custom_text(),
        before in prop::sample::select(vec!["", r#""ttl":3,"#, r#""pg":2, "#, r#""code":1,"#]),
        after in prop::sample::select(vec!["", r#","nxt":"n1""#, r#" ,"lmt":10 "#, r#","data":[]"#]),
        cut in any::<prop::sample::Index>(),
    ) {
        let rows = rows(seed, count, &tricky);
        let (body, ends) = body_of(&rows, before, after);
        let expected = whole(&body);
        let cut = cut.index(body.len() + 1);
        if let Some(page) = joined(&body, cut) {
            prop_assert_eq!(Some(page), expected.clone(), "cut at {}", cut);
        }
        // At a real boundary the halves answer whenever the one-pass decoder does.
        let fast = crate::list::fast::decode(&body);
        for &end in &ends[..ends.len() - 1] {
            prop_assert_eq!(joined(&body, end), fast.clone(), "cut at {}", end);
        }
    }
}

#[test]
fn a_large_page_with_every_envelope_key_joins() {
    let rows = rows(9, 300, "x");
    let (body, _) = body_of(&rows, r#""ttl":900,"pg":1,"#, r#","lmt":300,"nxt":"c2""#);
    let halves = PageHalves::cut(body.as_bytes()).expect("a cut");
    let page = halves
        .decode_front()
        .expect("front")
        .join(halves.decode_back().expect("back"))
        .expect("the halves join");
    assert_eq!(Some(&page), whole(&body).as_ref());
    let crate::response::Reply::Data(data) = &page.reply else {
        panic!("a page");
    };
    assert_eq!(data.calls.len(), 300);
    assert_eq!((data.total, data.next.as_deref()), (Some(900), Some("c2")));
}
