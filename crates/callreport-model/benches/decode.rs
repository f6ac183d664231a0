//! Decoding a `list` page of 1,000 generated raw call documents into domain values, against
//! parsing the same bytes into `serde_json::Value` (the baseline) and against the parser's scan
//! alone (the floor), in the same run.

use std::hint::black_box;

use callreport_model::generate::list_body;
use callreport_model::{CallPage, Reply, Response};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const CALLS: usize = 1_000;

fn decode(c: &mut Criterion) {
    let body = list_body(42, CALLS).into_bytes();
    let page = Response::<CallPage>::decode(&body).expect("the generated page decodes");
    let Reply::Data(page) = page.reply else {
        panic!("the generated page has data")
    };
    assert_eq!(page.calls.len(), CALLS);

    for (name, throughput) in [
        ("decode_page_bytes", Throughput::Bytes(body.len() as u64)),
        ("decode_page_calls", Throughput::Elements(CALLS as u64)),
    ] {
        let mut group = c.benchmark_group(name);
        group.throughput(throughput);
        group.bench_function("domain", |b| {
            b.iter(|| Response::<CallPage>::decode(black_box(&body)).expect("decodes"));
        });
        group.bench_function("serde_json_value", |b| {
            b.iter(|| {
                serde_json::from_slice::<serde_json::Value>(black_box(&body)).expect("parses")
            });
        });
        group.bench_function("scan_only", |b| {
            b.iter(|| {
                serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&body)).expect("parses")
            });
        });
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
