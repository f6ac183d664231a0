//! Rows per second of each format over 100,000 generated calls, written to a sink that
//! discards the bytes (xlsx still goes through its temporary files and the zip writer); then
//! the PDF writer on Latin-only, mixed-script and never-repeating names, in the same run.

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

/// The generated calls' names are in eleven scripts; these give the same calls Latin names
/// only, or a name that never repeats (so every row is shaped: the cache's worth).
fn pdf_scripts(c: &mut Criterion) {
    const LATIN: [&str; 4] = ["Asha Verma", "Rahul Sharma", "Priya Nair", "Gurpreet Singh"];
    let mixed: Vec<Call> = Generator::new(42).take(CALLS).collect();
    let latin: Vec<Call> = mixed
        .iter()
        .enumerate()
        .map(|(i, call)| {
            let mut call = call.clone();
            call.customer_name = Some(LATIN[i % LATIN.len()].to_owned());
            call
        })
        .collect();
    let unique: Vec<Call> = mixed
        .iter()
        .take(CALLS / 10)
        .enumerate()
        .map(|(i, call)| {
            let mut call = call.clone();
            call.customer_name = Some(format!("प्रिया {i}"));
            call
        })
        .collect();
    let report = Report::new("Benchmark");
    let format = Format::Pdf(PdfOptions::new());
    let mut group = c.benchmark_group("pdf_scripts");
    group.sample_size(10);
    for (name, calls) in [
        ("latin", &latin),
        ("mixed", &mixed),
        ("unique_names", &unique),
    ] {
        group.throughput(Throughput::Elements(calls.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let summary = write_calls(&format, &report, io::sink(), black_box(calls))
                    .expect("writing to a sink succeeds");
                assert_eq!(summary.replaced_characters, 0);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, formats, pdf_scripts);
criterion_main!(benches);
