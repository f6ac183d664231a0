//! The paths a module's code names: `use` trees, and `crate::…`, `super::…`, `self::…` or
//! `child_module::…` paths written in code (macro calls and `$crate::…` included).

use proc_macro2::Delimiter;

use crate::rust_source::{Token, is_path_separator};

/// A path a module refers to, as written (relative to the module).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reference {
    /// The path's segments (`["super", "api", "find"]`).
    pub(crate) segments: Vec<String>,
    /// The name a module-level `use` binds (`find`, or the `as` name); `None` for a glob, a
    /// `use … as _`, a `use` inside a function, or a path in code.
    pub(crate) binds: Option<String>,
    /// The line the path is written on.
    pub(crate) line: usize,
}

/// Every reference in a module's tokens. `children` are the module's child modules, which code
/// may name without a `use`.
pub(crate) fn references(tokens: &[Token], children: &[String]) -> Vec<Reference> {
    let mut found = Vec::new();
    collect(tokens, children, true, &mut found);
    found
}

fn collect(tokens: &[Token], children: &[String], module_level: bool, found: &mut Vec<Reference>) {
    let mut at = 0;
    while at < tokens.len() {
        let token = &tokens[at];
        if token.is_ident("use") && !preceded_by_path_punct(tokens, at) {
            let end = tokens[at..]
                .iter()
                .position(|t| t.is_punct(';'))
                .map_or(tokens.len(), |offset| at + offset);
            let mut leaves = Vec::new();
            use_tree(&tokens[at + 1..end], Vec::new(), &mut leaves);
            for mut leaf in leaves {
                if !module_level {
                    leaf.binds = None;
                }
                found.push(leaf);
            }
            at = end + 1;
            continue;
        }
        match token {
            Token::Group(_, inside, _) => collect(inside, children, false, found),
            Token::Ident(name, line)
                if starts_path(name, children)
                    && !preceded_by_path_punct(tokens, at)
                    && is_path_separator(tokens, at + 1) =>
            {
                let mut segments = vec![name.clone()];
                let mut next = at + 1;
                while is_path_separator(tokens, next) {
                    let Some(Token::Ident(segment, _)) = tokens.get(next + 2) else {
                        break;
                    };
                    segments.push(segment.clone());
                    next += 3;
                }
                found.push(Reference {
                    segments,
                    binds: None,
                    line: *line,
                });
                at = next;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
}

fn starts_path(name: &str, children: &[String]) -> bool {
    matches!(name, "crate" | "super" | "self") || children.iter().any(|child| child == name)
}

/// After `::` (the middle of a longer path), `.` (a method), or `$` (a macro variable, unless
/// `$crate`).
fn preceded_by_path_punct(tokens: &[Token], at: usize) -> bool {
    let Some(previous) = at.checked_sub(1).and_then(|i| tokens.get(i)) else {
        return false;
    };
    previous.is_punct(':')
        || previous.is_punct('.')
        || (previous.is_punct('$') && !tokens[at].is_ident("crate"))
}

/// The leaves of one use tree (`a::b::{self, c as d, e::*}`), each with the full path.
fn use_tree(tokens: &[Token], prefix: Vec<String>, leaves: &mut Vec<Reference>) {
    let mut path = prefix;
    let mut at = 0;
    if is_path_separator(tokens, 0) {
        at = 2;
    }
    while let Some(token) = tokens.get(at) {
        match token {
            Token::Ident(name, line) => {
                path.push(name.clone());
                if is_path_separator(tokens, at + 1) {
                    at += 3;
                    continue;
                }
                let alias = match tokens.get(at + 1..at + 3) {
                    Some([as_keyword, Token::Ident(alias, _)]) if as_keyword.is_ident("as") => {
                        Some(alias.clone())
                    }
                    _ => None,
                };
                if name == "self" {
                    path.pop();
                }
                let binds = match alias {
                    Some(alias) => Some(alias).filter(|alias| alias != "_"),
                    None => path.last().cloned(),
                };
                leaves.push(Reference {
                    segments: path,
                    binds,
                    line: *line,
                });
                return;
            }
            Token::Punct('*', _, line) => {
                leaves.push(Reference {
                    segments: path,
                    binds: None,
                    line: *line,
                });
                return;
            }
            Token::Group(Delimiter::Brace, inside, _) => {
                for branch in inside.split(|t| t.is_punct(',')) {
                    if !branch.is_empty() {
                        use_tree(branch, path.clone(), leaves);
                    }
                }
                return;
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Reference, references};
    use crate::rust_source::Token;

    fn tokens(source: &str) -> Vec<Token> {
        crate::rust_source::tokenize(source).unwrap().unwrap()
    }

    fn simple(found: &[Reference]) -> Vec<(String, Option<&str>)> {
        found
            .iter()
            .map(|r| (r.segments.join("::"), r.binds.as_deref()))
            .collect()
    }

    #[test]
    fn use_trees_become_one_reference_per_leaf() {
        let found = references(
            &tokens(
                "use super::respond::{self, Body};\nuse crate::x::{y as z, w::*};\nuse ::ext::E;",
            ),
            &[],
        );
        assert_eq!(
            simple(&found),
            [
                ("super::respond".to_owned(), Some("respond")),
                ("super::respond::Body".to_owned(), Some("Body")),
                ("crate::x::y".to_owned(), Some("z")),
                ("crate::x::w".to_owned(), None),
                ("ext::E".to_owned(), Some("E")),
            ]
        );
        assert_eq!(found[2].line, 2);
    }

    #[test]
    fn paths_in_code_and_macros() {
        let found = references(
            &tokens(
                "fn f() { use crate::a::B; crate::c::d(); let x = super::super::r::P.len(); \
                 child::go(); other::skip(); x.child::<u8>(); m!($crate::w::$t); }",
            ),
            &["child".to_owned()],
        );
        assert_eq!(
            simple(&found),
            [
                ("crate::a::B".to_owned(), None),
                ("crate::c::d".to_owned(), None),
                ("super::super::r::P".to_owned(), None),
                ("child::go".to_owned(), None),
                ("crate::w".to_owned(), None),
            ]
        );
    }
}
