//! Circles in a directed graph: its strongly connected components of more than one node
//! (Tarjan's algorithm).

use std::collections::{BTreeMap, BTreeSet};

/// Every strongly connected component of more than one node, each sorted, in order of their
/// smallest node.
pub(crate) fn circles<V>(nodes: usize, edges: &BTreeMap<(usize, usize), V>) -> Vec<Vec<usize>> {
    let mut successors = vec![Vec::new(); nodes];
    for &(from, to) in edges.keys() {
        successors[from].push(to);
    }
    let mut search = Search {
        successors,
        index: vec![None; nodes],
        low: vec![0; nodes],
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for node in 0..nodes {
        if search.index[node].is_none() {
            search.visit(node);
        }
    }
    let mut found = search.found;
    for component in &mut found {
        component.sort_unstable();
    }
    found.sort();
    found
}

struct Search {
    successors: Vec<Vec<usize>>,
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    stack: Vec<usize>,
    on_stack: BTreeSet<usize>,
    next: usize,
    found: Vec<Vec<usize>>,
}

impl Search {
    fn visit(&mut self, node: usize) {
        self.index[node] = Some(self.next);
        self.low[node] = self.next;
        self.next += 1;
        self.stack.push(node);
        self.on_stack.insert(node);
        for successor in self.successors[node].clone() {
            match self.index[successor] {
                None => {
                    self.visit(successor);
                    self.low[node] = self.low[node].min(self.low[successor]);
                }
                Some(index) if self.on_stack.contains(&successor) => {
                    self.low[node] = self.low[node].min(index);
                }
                Some(_) => {}
            }
        }
        if Some(self.low[node]) == self.index[node] {
            let mut component = Vec::new();
            while let Some(member) = self.stack.pop() {
                self.on_stack.remove(&member);
                component.push(member);
                if member == node {
                    break;
                }
            }
            if component.len() > 1 {
                self.found.push(component);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::circles;

    #[test]
    fn finds_each_circle_and_nothing_else() {
        let edges: BTreeMap<(usize, usize), ()> =
            [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3), (5, 0)]
                .into_iter()
                .map(|edge| (edge, ()))
                .collect();
        assert_eq!(circles(6, &edges), [vec![0, 1, 2], vec![3, 4]]);
        let chain: BTreeMap<(usize, usize), ()> =
            [((0, 1), ()), ((1, 2), ())].into_iter().collect();
        assert!(circles(3, &chain).is_empty());
    }
}
