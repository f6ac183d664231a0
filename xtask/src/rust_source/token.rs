//! A Rust file as a tree of tokens with line numbers, without its test-only code and its docs.
//!
//! Tokenising (not parsing) is enough for the source checks and sees inside macro calls, where
//! `format!` strings and `$crate::…` paths live. Comments are gone; doc comments, which the
//! tokenizer turns into `#[doc = "…"]`, are dropped too.

use std::str::FromStr;

use anyhow::{Result, anyhow};
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// One token, or a delimited group of them.
#[derive(Clone, Debug)]
pub(crate) enum Token {
    /// An identifier or keyword (`r#` removed).
    Ident(String, usize),
    /// One punctuation character; `joint` when the next character belongs to the same operator.
    Punct(char, bool, usize),
    /// A literal as written in the source (`"a\"b"`, `r#"…"#`, `7u8`).
    Literal(String, usize),
    /// `( … )`, `[ … ]`, `{ … }` or an invisible group.
    Group(Delimiter, Vec<Token>, usize),
}

impl Token {
    /// Whether this is the identifier `name`.
    pub(crate) fn is_ident(&self, name: &str) -> bool {
        matches!(self, Self::Ident(ident, _) if ident == name)
    }

    /// Whether this is the punctuation `c`.
    pub(crate) fn is_punct(&self, c: char) -> bool {
        matches!(self, Self::Punct(p, _, _) if *p == c)
    }
}

/// Whether `tokens[at..]` starts with `::`.
pub(crate) fn is_path_separator(tokens: &[Token], at: usize) -> bool {
    matches!(
        (tokens.get(at), tokens.get(at + 1)),
        (
            Some(Token::Punct(':', true, _)),
            Some(Token::Punct(':', _, _))
        )
    )
}

/// The tokens of `source` with test-only items and doc attributes removed, or `None` when the
/// whole file is test-only (`#![cfg(test)]`).
///
/// # Errors
/// The source does not tokenise (an unclosed string or bracket).
pub(crate) fn tokenize(source: &str) -> Result<Option<Vec<Token>>> {
    let stream = TokenStream::from_str(source).map_err(|error| anyhow!("{error}"))?;
    let tokens: Vec<Token> = stream.into_iter().map(convert).collect();
    if has_inner_test_cfg(&tokens) {
        return Ok(None);
    }
    Ok(Some(without_tests(tokens)))
}

/// Every token of `source`, tests and doc attributes included (for checks that look at test
/// code too).
///
/// # Errors
/// The source does not tokenise (an unclosed string or bracket).
pub(crate) fn tokenize_all(source: &str) -> Result<Vec<Token>> {
    let stream = TokenStream::from_str(source).map_err(|error| anyhow!("{error}"))?;
    Ok(stream.into_iter().map(convert).collect())
}

fn convert(tree: TokenTree) -> Token {
    let line = tree.span().start().line;
    match tree {
        TokenTree::Ident(ident) => {
            let name = ident.to_string();
            Token::Ident(name.strip_prefix("r#").unwrap_or(&name).to_owned(), line)
        }
        TokenTree::Punct(punct) => {
            Token::Punct(punct.as_char(), punct.spacing() == Spacing::Joint, line)
        }
        TokenTree::Literal(literal) => Token::Literal(literal.to_string(), line),
        TokenTree::Group(group) => Token::Group(
            group.delimiter(),
            group.stream().into_iter().map(convert).collect(),
            line,
        ),
    }
}

/// `#![cfg(test)]` at the top of the file.
fn has_inner_test_cfg(tokens: &[Token]) -> bool {
    tokens.windows(3).any(|window| match window {
        [
            Token::Punct('#', _, _),
            Token::Punct('!', _, _),
            Token::Group(Delimiter::Bracket, attr, _),
        ] => is_test_only(attr),
        _ => false,
    })
}

/// Drops, at every depth, doc attributes and each item or statement marked test-only.
fn without_tests(tokens: Vec<Token>) -> Vec<Token> {
    let mut kept = Vec::with_capacity(tokens.len());
    let mut rest = tokens.into_iter().peekable();
    while let Some(token) = rest.next() {
        if token.is_punct('#') {
            let inner = rest.next_if(|next| next.is_punct('!'));
            if let Some(Token::Group(Delimiter::Bracket, attr, _)) = rest.peek() {
                if is_doc(attr) {
                    rest.next();
                    continue;
                }
                if inner.is_none() && is_test_only(attr) {
                    skip_item(&mut rest);
                    continue;
                }
            }
            kept.push(token);
            kept.extend(inner);
            continue;
        }
        kept.push(match token {
            Token::Group(delimiter, inside, line) => {
                Token::Group(delimiter, without_tests(inside), line)
            }
            other => other,
        });
    }
    kept
}

/// Skips the rest of an attributed item: further attributes, then up to its closing `;` or its
/// body `{ … }`.
fn skip_item(rest: &mut std::iter::Peekable<std::vec::IntoIter<Token>>) {
    for token in rest.by_ref() {
        match token {
            Token::Punct(';', _, _) | Token::Group(Delimiter::Brace, _, _) => return,
            _ => {}
        }
    }
}

/// `doc = …`: a doc comment.
fn is_doc(attr: &[Token]) -> bool {
    matches!(attr, [first, Token::Punct('=', _, _), ..] if first.is_ident("doc"))
}

/// `test`, `tokio::test(…)`, `cfg(test)` or `cfg(all(test, …))`.
fn is_test_only(attr: &[Token]) -> bool {
    let path_end = attr
        .iter()
        .position(|token| !matches!(token, Token::Ident(..) | Token::Punct(':', _, _)))
        .unwrap_or(attr.len());
    if attr[..path_end]
        .last()
        .is_some_and(|last| last.is_ident("test"))
    {
        return true;
    }
    match attr {
        [cfg, Token::Group(Delimiter::Parenthesis, predicate, _)] if cfg.is_ident("cfg") => {
            requires_test(predicate)
        }
        _ => false,
    }
}

fn requires_test(predicate: &[Token]) -> bool {
    match predicate {
        [test] => test.is_ident("test"),
        [all, Token::Group(Delimiter::Parenthesis, inside, _)] if all.is_ident("all") => {
            inside.split(|token| token.is_punct(',')).any(requires_test)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{Token, tokenize};

    fn idents(tokens: &[Token]) -> Vec<String> {
        let mut names = Vec::new();
        for token in tokens {
            match token {
                Token::Ident(name, _) => names.push(name.clone()),
                Token::Group(_, inside, _) => names.extend(idents(inside)),
                _ => {}
            }
        }
        names
    }

    #[test]
    fn test_code_and_docs_are_dropped() {
        let source = "/// kept_out_doc\nfn kept() {}\n#[cfg(test)]\nmod tests { fn gone() {} }\n\
            #[cfg(all(test, unix))] use gone_too;\n#[cfg(any(test, feature = \"x\"))] fn maybe() {}\n\
            impl A { #[test] fn gone_again() {} fn stays() {} }";
        let tokens = tokenize(source).unwrap().unwrap();
        assert_eq!(
            idents(&tokens),
            [
                "fn", "kept", "cfg", "any", "test", "feature", "fn", "maybe", "impl", "A", "fn",
                "stays"
            ]
        );
    }

    #[test]
    fn a_test_only_file_is_none() {
        assert!(
            tokenize("//! docs\n#![cfg(test)]\nfn x() {}")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn lines_are_counted_from_one() {
        let tokens = tokenize("\n\nfn x() {}").unwrap().unwrap();
        assert!(matches!(tokens[0], Token::Ident(_, 3)), "{tokens:?}");
    }
}
