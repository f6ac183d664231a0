//! Which handler a path goes to.

use callreport_model::{Endpoint, RECORDING_PATH};

/// The Call Report path prefix, compared without regard to case (`CallReport`, `callreport`).
pub(crate) const API_PREFIX: &str = "/api/v2/callreport/";

/// The path of the liveness route, also the benchmarks' baseline.
pub(crate) const HEALTH_PATH: &str = "/health";

/// Where a request goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// A Call Report endpoint.
    Api(Endpoint),
    /// An export's file (`exports/<expId>/file`).
    ExportFile,
    /// A recording stream.
    Recording,
    /// The liveness route.
    Health,
    /// Nothing here.
    NotFound,
}

impl Route {
    /// The route for a request path (without the query).
    pub(crate) fn of(path: &str) -> Self {
        if let Some(rest) = strip_prefix_ignoring_case(path, API_PREFIX) {
            if rest.starts_with("exports/") && rest.ends_with("/file") {
                return Self::ExportFile;
            }
            let segment = rest.strip_suffix('/').unwrap_or(rest);
            return Endpoint::from_segment(segment).map_or(Self::NotFound, Self::Api);
        }
        if path.starts_with(RECORDING_PATH) {
            return Self::Recording;
        }
        if path == HEALTH_PATH {
            return Self::Health;
        }
        Self::NotFound
    }

    /// The methods the route takes, for `Allow`.
    pub(crate) fn allow(self) -> &'static str {
        match self {
            Self::Api(_) => "POST, OPTIONS",
            Self::Recording | Self::Health | Self::ExportFile => "GET, HEAD, OPTIONS",
            Self::NotFound => "OPTIONS",
        }
    }
}

fn strip_prefix_ignoring_case<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let head = path.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &path[prefix.len()..])
}

/// The path as it may be logged: recording paths carry a token, so only their prefix shows.
pub(crate) fn loggable(path: &str) -> &str {
    if path.starts_with(RECORDING_PATH) {
        RECORDING_PATH
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use callreport_model::Endpoint;

    use super::{Route, loggable};

    #[test]
    fn paths_match_ignoring_case_with_an_optional_trailing_slash() {
        let cases = [
            ("/api/v2/CallReport/detail", Route::Api(Endpoint::Detail)),
            (
                "/api/v2/callreport/reportcount/",
                Route::Api(Endpoint::ReportCount),
            ),
            (
                "/API/V2/CALLREPORT/MASKLIST",
                Route::Api(Endpoint::MaskList),
            ),
            ("/api/v2/CallReport/detail//", Route::NotFound),
            ("/api/v2/CallReport/", Route::NotFound),
            ("/api/v2/CallReport", Route::NotFound),
            (
                "/api/v2/recording/directstream/t/mp3/1/2025/11/22/f.mp3",
                Route::Recording,
            ),
            ("/health", Route::Health),
            ("/", Route::NotFound),
        ];
        for (path, route) in cases {
            assert_eq!(Route::of(path), route, "{path}");
        }
        assert_eq!(
            loggable("/api/v2/recording/directstream/secret/mp3"),
            "/api/v2/recording/directstream/"
        );
    }
}
