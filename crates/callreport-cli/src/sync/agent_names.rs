//! Agent names. A list page gives agent ids only; the standard detail view of a call names its
//! first agent. Each agent a run meets is asked for once, through the first of its calls.

use std::collections::BTreeSet;

use callreport_model::{Call, CallId};

/// The agents asked for so far in this run.
#[derive(Default)]
pub(crate) struct AgentNames {
    asked: BTreeSet<u64>,
}

impl AgentNames {
    /// The first agents of `calls` not asked for yet, each with one call it answered first;
    /// they count as asked from now on.
    pub(crate) fn unasked(&mut self, calls: &[Call]) -> Vec<(u64, CallId)> {
        calls
            .iter()
            .filter_map(|call| {
                let agent = call.first_agent?.get();
                self.asked.insert(agent).then(|| (agent, call.id.clone()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use callreport_model::generate::Generator;

    use super::*;

    #[test]
    fn each_agent_is_asked_for_once_through_its_first_call() {
        let calls: Vec<Call> = Generator::new(7).take(200).collect();
        let mut names = AgentNames::default();
        let (first, second) = calls.split_at(100);
        let asked_first = names.unasked(first);
        let asked_second = names.unasked(second);
        let agents: BTreeSet<u64> = calls
            .iter()
            .filter_map(|call| call.first_agent.map(|agent| agent.get()))
            .collect();
        assert!(
            agents.len() > 1,
            "the generator's calls reach several agents"
        );
        assert_eq!(asked_first.len() + asked_second.len(), agents.len());
        for (agent, call_id) in asked_first.iter().chain(&asked_second) {
            let first_call = calls
                .iter()
                .find(|call| call.first_agent.map(|a| a.get()) == Some(*agent))
                .unwrap();
            assert_eq!(&first_call.id, call_id);
        }
        assert!(names.unasked(&calls).is_empty());
    }
}
