//! The one table of dependency boundaries: for each build a user can pick, what it must not
//! pull in, and why.

/// A package, or one feature of a package, that a build must not enable.
#[derive(Debug)]
pub(crate) struct Forbidden {
    /// The package.
    pub(crate) package: &'static str,
    /// The feature; `None` forbids the package itself.
    pub(crate) feature: Option<&'static str>,
    /// Why it does not belong there.
    pub(crate) why: &'static str,
}

/// One build a user can pick and what it must not pull in.
#[derive(Debug)]
pub(crate) struct Boundary {
    /// The build, in words.
    pub(crate) what: &'static str,
    /// The package whose tree is read.
    pub(crate) package: &'static str,
    /// Feature arguments for `cargo tree -p <package>`.
    pub(crate) features: &'static [&'static str],
    /// What it must not list.
    pub(crate) forbidden: &'static [Forbidden],
}

pub(crate) const fn package(package: &'static str, why: &'static str) -> Forbidden {
    Forbidden {
        package,
        feature: None,
        why,
    }
}

pub(crate) const fn feature(
    package: &'static str,
    feature: &'static str,
    why: &'static str,
) -> Forbidden {
    Forbidden {
        package,
        feature: Some(feature),
        why,
    }
}

const SERVER_ONLY: &str = "server-side only: the client must not compile or link it";
const NO_IO: &str = "the model and the formats do no I/O";
const GENERATOR: &str = "the demo-data generator is for demos, tests and benchmarks";

/// What no client build (async or blocking) may pull in.
const NOT_IN_A_CLIENT: &[Forbidden] = &[
    package("rusqlite", SERVER_ONLY),
    package("rust_xlsxwriter", SERVER_ONLY),
    package("callreport-formatting", SERVER_ONLY),
    package("callreport-store", SERVER_ONLY),
    package("object_store", SERVER_ONLY),
    feature("callreport-model", "generate", GENERATOR),
    feature("hyper", "server", SERVER_ONLY),
    feature("hyper-util", "server", SERVER_ONLY),
    feature("hyper-util", "server-auto", SERVER_ONLY),
    feature("hyper-util", "server-graceful", SERVER_ONLY),
];

/// The one table of dependency boundaries.
pub(crate) const BOUNDARIES: &[Boundary] = &[
    Boundary {
        what: "the client alone",
        package: "callreport-http",
        features: &["--no-default-features", "--features", "client"],
        forbidden: NOT_IN_A_CLIENT,
    },
    Boundary {
        what: "the blocking client",
        package: "callreport-http",
        features: &["--no-default-features", "--features", "blocking"],
        forbidden: NOT_IN_A_CLIENT,
    },
    Boundary {
        what: "the test server",
        package: "callreport-http",
        features: &["--no-default-features", "--features", "testing"],
        forbidden: &[package(
            "reqwest",
            "the test server serves any client and needs none of its own",
        )],
    },
    Boundary {
        what: "the server alone",
        package: "callreport-http",
        features: &["--no-default-features", "--features", "server"],
        forbidden: &[package(
            "reqwest",
            "client-side only: the server must not compile or link it",
        )],
    },
    Boundary {
        what: "the model",
        package: "callreport-model",
        features: &[],
        forbidden: &[
            package("tokio", NO_IO),
            package("hyper", NO_IO),
            package("reqwest", NO_IO),
            package("rusqlite", NO_IO),
            feature("callreport-model", "generate", GENERATOR),
        ],
    },
    Boundary {
        what: "the formats",
        package: "callreport-formatting",
        features: &[],
        forbidden: &[
            package("callreport-http", NO_IO),
            package("callreport-store", NO_IO),
            package("tokio", NO_IO),
            package("reqwest", NO_IO),
            package("rusqlite", NO_IO),
            feature("callreport-model", "generate", GENERATOR),
        ],
    },
];
