//! Checking the configured public base URL of links.

/// A public base URL that cannot prefix links.
#[derive(Debug, thiserror::Error)]
#[error(
    "invalid public base URL {url:?}: expected http:// or https://, a host, an optional port and \
     path, no query or fragment"
)]
pub struct InvalidBaseUrl {
    url: String,
}

/// `url` without a trailing slash, if it is `http(s)://host[:port][/path]`.
pub(super) fn checked(url: &str) -> Result<String, InvalidBaseUrl> {
    let invalid = || InvalidBaseUrl {
        url: url.to_owned(),
    };
    let parsed: http::Uri = url.parse().map_err(|_| invalid())?;
    let scheme_ok = matches!(parsed.scheme_str(), Some("http" | "https"));
    let host_ok = parsed
        .authority()
        .is_some_and(|a| !a.host().is_empty() && !a.as_str().contains('@'));
    if !scheme_ok || !host_ok || parsed.query().is_some() || url.contains('#') {
        return Err(invalid());
    }
    Ok(url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::checked;

    #[test]
    fn only_plain_http_bases_are_taken() {
        assert_eq!(
            checked("https://calls.example.com/").unwrap(),
            "https://calls.example.com"
        );
        assert_eq!(
            checked("http://127.0.0.1:8080/report").unwrap(),
            "http://127.0.0.1:8080/report"
        );
        for bad in [
            "calls.example.com",
            "ftp://calls.example.com",
            "http://",
            "http://user@calls.example.com",
            "http://calls.example.com/?x=1",
            "http://calls.example.com/#x",
        ] {
            assert!(checked(bad).is_err(), "{bad}");
        }
    }
}
