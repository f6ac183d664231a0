//! Windows resolved in the chosen zone (India time by default), whatever the machine's zone.

use crate::client::Served;

/// A fixed "now", so that `yesterday` is a day the demo data covers.
const AS_OF: &str = "2025-11-02 12:00";

fn yesterday(served: &Served, machine_zone: &str, extra: &[&str]) -> (String, String) {
    let mut args = vec![
        "list",
        "--since",
        "yesterday",
        "--until",
        "yesterday",
        "--as-of",
        AS_OF,
        "--limit",
        "0",
        "--jsonl",
    ];
    args.extend_from_slice(extra);
    let output = served.run(&args, &[("TZ", machine_zone)]);
    assert!(output.status.success(), "{output:?}");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn yesterday_is_the_same_window_on_a_utc_and_an_indian_machine() {
    let served = Served::start(3000);
    let (utc_machine, utc_log) = yesterday(&served, "UTC", &[]);
    let (ist_machine, ist_log) = yesterday(&served, "Asia/Kolkata", &[]);
    assert!(utc_machine.lines().count() > 10, "{utc_log}");
    assert_eq!(utc_machine, ist_machine);
    // The log says which window the run covered, in which zone.
    let window = "window: 2025-11-01 00:00:00 to 2025-11-01 23:59:59 IST";
    assert!(utc_log.contains(window), "{utc_log}");
    assert!(ist_log.contains(window), "{ist_log}");
    // Every call listed started that day, India time.
    for line in utc_machine.lines() {
        let call: serde_json::Value = serde_json::from_str(line).unwrap();
        let started = call["started_at"].as_str().unwrap();
        assert!(started.starts_with("2025-11-01T"), "{started}");
        assert!(started.ends_with("+05:30"), "{started}");
    }
    // Asked for UTC days, the window moves by five and a half hours, and says so.
    let (in_utc, utc_zone_log) = yesterday(&served, "Asia/Kolkata", &["--tz", "UTC"]);
    assert_ne!(in_utc, utc_machine);
    assert!(
        utc_zone_log.contains("window: 2025-11-01 00:00:00 to 2025-11-01 23:59:59 UTC"),
        "{utc_zone_log}"
    );
}

#[test]
fn reports_show_times_in_the_chosen_zone() {
    let served = Served::start(300);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.csv");
    let path_text = path.to_str().unwrap();
    let output = served.run(
        &[
            "export",
            "-o",
            path_text,
            "--columns",
            "call_id,started_at",
            "--tz",
            "UTC",
        ],
        &[],
    );
    assert!(output.status.success(), "{output:?}");
    let csv = std::fs::read_to_string(&path).unwrap();
    assert_eq!(csv.lines().next(), Some("Call ID,Date and time (UTC)"));
    // The provider's example call, at 16:13:18 India time.
    assert!(
        csv.contains("kyrnwv1c8ps5zq6jcwaxtzicv,2025-11-22 10:43:18"),
        "{csv}"
    );
    let list = served.run(&["list", "--limit", "1", "--tz", "UTC"], &[]);
    let table = String::from_utf8(list.stdout).unwrap();
    assert!(table.contains("Date and time (UTC)"), "{table}");
    assert!(table.contains(" UTC\n"), "{table}");
}
