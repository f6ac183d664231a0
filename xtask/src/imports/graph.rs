//! The import graph of one crate target: which module's code uses which module.
//!
//! A reference is followed to the module where the named item lives: through child modules, and
//! through the `use` declarations (re-exports included) of each module on the way, so
//! `use crate::Call` where the root has `pub use call::Call` is an edge to `call`.
//!
//! Edges to an ancestor are left out: a module's ancestors are the namespaces it lives in, and
//! a child may use what its parent itself defines (`super::Shared`) without that being a circle,
//! as a parent may declare `mod child` and re-export from it. What an ancestor only re-exports
//! is followed to its real module, so a child reaching a sibling through the parent is still an
//! edge to that sibling.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::references::{Reference, references};
use crate::rust_source::CrateTree;

/// How deep `use` chains are followed before giving up (a chain cannot be longer in real code).
const MAX_HOPS: usize = 16;

/// Where one edge is written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Site {
    /// The file.
    pub(crate) file: PathBuf,
    /// The line.
    pub(crate) line: usize,
}

/// The modules of a target and the edges between them (by index into `paths`).
#[derive(Debug)]
pub(crate) struct Graph {
    /// Each module's path from the crate root.
    pub(crate) paths: Vec<Vec<String>>,
    /// `(from, to)` → where the code makes that edge.
    pub(crate) edges: BTreeMap<(usize, usize), BTreeSet<Site>>,
}

struct Resolver<'a> {
    tree: &'a CrateTree,
    index: BTreeMap<&'a [String], usize>,
    /// Per module: a name a module-level `use` binds → the path it was bound to.
    bound: Vec<BTreeMap<String, Vec<String>>>,
}

/// The import graph of `tree`.
pub(crate) fn graph(tree: &CrateTree) -> Graph {
    let found: Vec<Vec<Reference>> = tree
        .modules
        .iter()
        .map(|module| references(&module.tokens, &module.children))
        .collect();
    let bound = found
        .iter()
        .map(|references| {
            references
                .iter()
                .filter_map(|r| Some((r.binds.clone()?, r.segments.clone())))
                .collect()
        })
        .collect();
    let index = tree
        .modules
        .iter()
        .enumerate()
        .map(|(i, module)| (module.path.as_slice(), i))
        .collect();
    let resolver = Resolver { tree, index, bound };
    let mut edges: BTreeMap<(usize, usize), BTreeSet<Site>> = BTreeMap::new();
    for (from, references) in found.iter().enumerate() {
        let from_path = &tree.modules[from].path;
        for reference in references {
            let Some(to) = resolver
                .absolute(from, &reference.segments, 0)
                .and_then(|path| resolver.locate(&path, 0))
            else {
                continue;
            };
            if to == from || from_path.starts_with(&tree.modules[to].path) {
                continue;
            }
            edges.entry((from, to)).or_default().insert(Site {
                file: tree.modules[from].file.clone(),
                line: reference.line,
            });
        }
    }
    Graph {
        paths: tree.modules.iter().map(|m| m.path.clone()).collect(),
        edges,
    }
}

impl Resolver<'_> {
    /// `segments`, written in module `at`, as a path from the crate root; `None` when it starts
    /// outside the crate (another crate, a prelude name, a local item this check does not track).
    fn absolute(&self, at: usize, segments: &[String], hops: usize) -> Option<Vec<String>> {
        let module = &self.tree.modules[at];
        let (first, rest) = segments.split_first()?;
        match first.as_str() {
            "crate" => Some(rest.to_vec()),
            "self" => Some([module.path.as_slice(), rest].concat()),
            "super" => {
                let mut base = module.path.clone();
                let mut rest = segments;
                while let Some(("super", after)) = rest.split_first().map(|(s, a)| (s.as_str(), a))
                {
                    base.pop()?;
                    rest = after;
                }
                Some([base.as_slice(), rest].concat())
            }
            name if module.children.iter().any(|child| child == name) => {
                Some([module.path.as_slice(), segments].concat())
            }
            name => {
                let target = self.bound[at].get(name)?;
                if hops >= MAX_HOPS || target.as_slice() == segments {
                    return None;
                }
                let base = self.absolute(at, target, hops + 1)?;
                Some([base.as_slice(), rest].concat())
            }
        }
    }

    /// The module where the item at `path` (from the crate root) lives.
    fn locate(&self, path: &[String], hops: usize) -> Option<usize> {
        let mut current = *self.index.get([].as_slice())?;
        for (depth, segment) in path.iter().enumerate() {
            let module = &self.tree.modules[current];
            if module.children.contains(segment) {
                let child = [module.path.as_slice(), std::slice::from_ref(segment)].concat();
                current = *self.index.get(child.as_slice())?;
                continue;
            }
            if let Some(target) = self.bound[current].get(segment)
                && hops < MAX_HOPS
                && let Some(base) = self.absolute(current, target, hops + 1)
            {
                let followed = [base.as_slice(), &path[depth + 1..]].concat();
                return self.locate(&followed, hops + 1).or(Some(current));
            }
            return Some(current);
        }
        Some(current)
    }
}
