//! Rows per second of each format over 100,000 generated calls, written to a sink that
//! discards the bytes (xlsx still goes through its temporary files and the zip writer).

use std::hint::black_box;
use std::io;

use callreport_formatting::{
    CsvOptions, Format, PdfOptions, Report, TextOptions, XlsxOptions, write_calls,
};
use callreport_model::Call;
use callreport_model::generate::Generator;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const CALLS: usize = 100_000;

fn formats(c: &mut Criterion) {
    let calls: Vec<Call> = Generator::new(42).take(CALLS).collect();
    let report = Report::new("Benchmark").with_filter_summary("100,000 generated calls");
    let mut group = c.benchmark_group("write_100k_calls");
    group.throughput(Throughput::Elements(CALLS as u64));
    group.sample_size(10);
    for format in [
        Format::Csv(CsvOptions::new()),
        Format::Xlsx(XlsxOptions::new()),
        Format::Pdf(PdfOptions::new()),
        Format::Text(TextOptions::new()),
        Format::JsonLines,
    ] {
        group.bench_function(format.name(), |b| {
            b.iter(|| {
                let summary = write_calls(&format, &report, io::sink(), black_box(&calls))
                    .expect("writing to a sink succeeds");
                assert_eq!(summary.totals.calls, CALLS as u64);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, formats);
criterion_main!(benches);
