//! Decoding a `list` page of 1,000 generated raw call documents into domain values, against
//! parsing the same bytes into `serde_json::Value` (the baseline) and against the parser's scan
//! alone (the floor), in the same run; then one page decoded whole against the same page
//! decoded in two halves on two threads (`PageHalves`), which measures how much sooner a page
//! is ready when a second core is free.

use std::hint::black_box;

use callreport_model::generate::list_body;
use callreport_model::{CallPage, PageHalves, Reply, Response};
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

    // Last, so that the groups above run in the heap state they always had.
    let mut group = c.benchmark_group("decode_page_halves");
    group.throughput(Throughput::Elements(CALLS as u64));
    group.bench_function("whole", |b| {
        b.iter(|| Response::<CallPage>::decode(black_box(&body)).expect("decodes"));
    });
    group.bench_function("two_threads", |b| {
        b.iter(|| {
            let halves = PageHalves::cut(black_box(body.as_slice())).expect("a cut");
            std::thread::scope(|threads| {
                let back = threads.spawn(|| halves.decode_back());
                let front = halves.decode_front();
                let back = back.join().expect("the back half does not panic");
                front.zip(back).and_then(|(front, back)| front.join(back))
            })
            .expect("the halves join")
        });
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
