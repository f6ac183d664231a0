//! Which requests get a fault: a queue of planned faults, and an optional script.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;

use callreport_model::Endpoint;

use crate::server::route::Route;
use crate::testing::fault::{Action, Fault};
use crate::testing::received::ReceivedRequest;

/// The requests a planned fault applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum On {
    /// Every request.
    Any,
    /// Requests to one Call Report endpoint.
    Endpoint(Endpoint),
    /// Recording downloads.
    Recordings,
    /// Export file downloads.
    ExportFiles,
}

impl On {
    fn matches(self, request: &ReceivedRequest) -> bool {
        let route = Route::of(request.path());
        match self {
            Self::Any => true,
            Self::Endpoint(endpoint) => route == Route::Api(endpoint),
            Self::Recordings => route == Route::Recording,
            Self::ExportFiles => route == Route::ExportFile,
        }
    }
}

/// A script: request number `n` (from 0) and the request, to the fault to answer it with
/// (`None`: the server's own answer).
pub(crate) type ScriptFn = dyn Fn(usize, &ReceivedRequest) -> Option<Fault> + Send + Sync;

/// The faults still to answer with.
#[derive(Default)]
pub(crate) struct Script {
    planned: VecDeque<Planned>,
    script: Option<Arc<ScriptFn>>,
}

struct Planned {
    on: On,
    remaining: usize,
    fault: Fault,
}

impl Script {
    pub(crate) fn plan(&mut self, on: On, times: usize, fault: Fault) {
        if times > 0 {
            self.planned.push_back(Planned {
                on,
                remaining: times,
                fault,
            });
        }
    }

    pub(crate) fn set_script(&mut self, script: Arc<ScriptFn>) {
        self.script = Some(script);
    }

    pub(crate) fn clear(&mut self) {
        self.planned.clear();
        self.script = None;
    }

    /// How to answer request number `number`: the script's fault, else the first planned fault
    /// that applies (used up once), else the server's own answer.
    pub(crate) fn answer(&mut self, number: usize, request: &ReceivedRequest) -> Action {
        if let Some(script) = &self.script
            && let Some(fault) = script(number, request)
        {
            return fault.0;
        }
        let Some(index) = self
            .planned
            .iter()
            .position(|planned| planned.on.matches(request))
        else {
            return Action::Forward;
        };
        let planned = &mut self.planned[index];
        planned.remaining -= 1;
        let action = planned.fault.0.clone();
        if planned.remaining == 0 {
            self.planned.remove(index);
        }
        action
    }
}

impl fmt::Debug for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Script")
            .field("planned", &self.planned.len())
            .field("script", &self.script.is_some())
            .finish()
    }
}
