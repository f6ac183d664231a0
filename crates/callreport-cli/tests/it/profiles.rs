//! Named profiles from the config file, secrets from owner-only files, and completions.

use std::os::unix::fs::PermissionsExt;

use crate::client::Served;

#[test]
fn a_profile_gives_the_url_and_a_secret_file_the_session() {
    let served = Served::start(300);
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("session");
    std::fs::write(&secret, "demo-session-10000001\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profile.nightly]\nbase-url = \"{}\"\nssid-file = \"{}\"\ntz = \"UTC\"\n",
            served.base_url(),
            secret.display()
        ),
    )
    .unwrap();
    let env = [
        ("CALLREPORT_BASE_URL", ""),
        ("CALLREPORT_SSID", ""),
        ("CALLREPORT_CONFIG", config.to_str().unwrap()),
    ];
    let output = served.run(
        &["count", "--profile", "nightly", "--since", "2025-11-01"],
        &env,
    );
    let log = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{log}");
    assert!(
        log.contains("window: from 2025-11-01 00:00:00 UTC"),
        "{log}"
    );
    assert_ne!(String::from_utf8(output.stdout).unwrap().trim(), "0");
    // The same through the environment variable.
    let mut with_variable = env.to_vec();
    with_variable.push(("CALLREPORT_PROFILE", "nightly"));
    assert!(served.run(&["count"], &with_variable).status.success());
    // A profile that does not exist names the ones that do.
    let missing = served.run(&["count", "--profile", "weekly"], &env);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8(missing.stderr)
            .unwrap()
            .contains("it defines: nightly")
    );
    // A secret file others can read is refused, and its content never shown.
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let refused = served.run(&["count", "--profile", "nightly"], &env);
    let message = String::from_utf8(refused.stderr).unwrap();
    assert_eq!(refused.status.code(), Some(2), "{message}");
    assert!(message.contains("readable by its owner alone"), "{message}");
    assert!(!message.contains("demo-session-10000001"), "{message}");
}

#[test]
fn completions_and_the_man_page_are_generated() {
    let served = Served::start(50);
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef callreport"),
        ("fish", "complete -c callreport"),
    ] {
        let output = served.run(&["completions", shell], &[]);
        assert!(output.status.success());
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(script.contains(marker), "{shell}");
        assert!(script.contains("recordings"), "{shell}");
        assert!(script.contains("--since"), "{shell}");
    }
    let man = served.run(&["completions", "man"], &[]);
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH callreport"),
        "{page}"
    );
    assert!(page.contains("CALLREPORT_SSID"));
}
