//! Views derived from a call, and recordings found in any view.

use callreport_model::{
    Call, CallDetail, DetailView, RecordingsView, Reply, Response, StandardContext,
};

const SEED: &str = include_str!("../fixtures/detail/seed_example_response.json");

fn seed_call() -> Call {
    match Response::<Call>::decode(SEED.as_bytes()).unwrap().reply {
        Reply::Data(call) => call,
        other => panic!("expected a call, got {other:?}"),
    }
}

#[test]
fn the_seed_document_yields_its_recording_from_the_legs() {
    let call = seed_call();
    let found: Vec<_> = call.recordings().collect();
    assert_eq!(found.len(), 1, "shared by both legs, listed once");
    assert_eq!(found[0].leg, 1);
    let detail = CallDetail::All(Box::new(call.clone()));
    assert_eq!(detail.recordings(), vec![found[0].locator.clone()]);
    let view = RecordingsView::from(&call);
    assert_eq!(view.recordings.len(), 1);
    assert_eq!(view.recordings[0].node_id.as_deref(), Some("#1"));
}

#[test]
fn every_view_derives_encodes_and_is_recognised_again() {
    let call = seed_call();
    let context = StandardContext::new("http://127.0.0.1:8080").agent_name(Some("Asha"));
    let locator = call.recordings().next().unwrap().locator.clone();
    for view in DetailView::EVERY {
        let detail = CallDetail::derive(call.clone(), view, context);
        assert_eq!(detail.view(), Some(view));
        let body = Response::data(detail.clone()).to_bytes();
        let again = Response::<CallDetail>::decode(&body).unwrap();
        assert_eq!(again.reply, Reply::Data(detail.clone()), "{view}");
        let expected = match view {
            DetailView::Deductions => Vec::new(),
            _ => vec![locator.clone()],
        };
        assert_eq!(detail.recordings(), expected, "{view}");
    }
}

#[test]
fn the_standard_view_links_the_recording_and_names_the_agent() {
    let call = seed_call();
    let context = StandardContext::new("http://127.0.0.1:8080").agent_name(Some("Asha"));
    let CallDetail::Standard(view) = CallDetail::derive(call, DetailView::Standard, context) else {
        panic!("expected the standard view")
    };
    assert_eq!(view.agent.as_deref(), Some("Asha"));
    let link = view.recording.unwrap();
    assert!(
        link.expose()
            .starts_with("http://127.0.0.1:8080/api/v2/recording/directstream/")
    );
    assert_eq!(format!("{link}"), "***", "the link carries a token");
}
