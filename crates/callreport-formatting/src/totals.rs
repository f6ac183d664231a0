//! Running totals over the calls of a report.

use std::time::Duration;

use callreport_model::Call;

/// Row count, summed durations and amount of the calls written so far.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Totals {
    /// How many calls.
    pub calls: u64,
    /// Total queue time.
    pub queue: Duration,
    /// Total talk time.
    pub talk: Duration,
    /// Total agent-on-call time.
    pub agent_on_call: Duration,
    /// Total amount charged.
    pub amount: f64,
    /// Total number of legs, agent side and customer side.
    pub legs: u64,
}

impl Totals {
    /// Totals of no calls.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts `call` in.
    pub fn add(&mut self, call: &Call) {
        self.calls += 1;
        self.queue += call.durations.queue;
        self.talk += call.durations.customer;
        self.agent_on_call += call.durations.agent_on_call;
        self.amount += call.amount;
        self.legs += legs(call);
    }

    /// Average queue time per call (zero for no calls).
    #[must_use]
    pub fn average_queue(&self) -> Duration {
        self.average(self.queue)
    }

    /// Average talk time per call (zero for no calls).
    #[must_use]
    pub fn average_talk(&self) -> Duration {
        self.average(self.talk)
    }

    /// Average agent-on-call time per call (zero for no calls).
    #[must_use]
    pub fn average_agent_on_call(&self) -> Duration {
        self.average(self.agent_on_call)
    }

    fn average(&self, total: Duration) -> Duration {
        if self.calls == 0 {
            return Duration::ZERO;
        }
        let nanos = total.as_nanos() / u128::from(self.calls);
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

/// The number of legs of a call, agent side and customer side together.
pub(crate) fn legs(call: &Call) -> u64 {
    (call.agent_legs.len() + call.customer_legs.len()) as u64
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use callreport_model::generate::Generator;

    use super::Totals;

    #[test]
    fn sums_and_averages() {
        let calls: Vec<_> = Generator::new(5).take(10).collect();
        let mut totals = Totals::new();
        calls.iter().for_each(|call| totals.add(call));
        let talk: Duration = calls.iter().map(|c| c.durations.customer).sum();
        assert_eq!(totals.calls, 10);
        assert_eq!(totals.talk, talk);
        assert_eq!(totals.average_talk(), talk / 10);
        assert_eq!(Totals::new().average_queue(), Duration::ZERO);
    }
}
