//! The `filter` query parameter of Qlik's users and groups lists: RFC 7644 §3.4.2.2 filter
//! expressions (`eq`, `co`, … joined by `and`/`or`, `not (…)`, parentheses), case-insensitive.

#[cfg(test)]
mod tests;

use super::collection::Selector;
use super::error::QlikError;
use super::paging::Query;

/// What a list's `filter` parameter selects: items whose `attribute` values (read by the
/// attribute's name) match it; a filter that does not parse or is not `allowed` is a 400
/// with `code`.
pub fn selector<T: 'static>(
    query: &Query,
    allowed: Allowed<'static>,
    attribute: fn(&T, &str) -> Vec<String>,
    code: &str,
) -> Result<Selector<T>, QlikError> {
    let wanted = query
        .get("filter")
        .map(|f| Filter::parse(f, allowed))
        .transpose()
        .map_err(|e| QlikError::bad_request(code, format!("filter: {e}")))?;
    Ok(Box::new(move |item, _| {
        wanted
            .as_ref()
            .is_none_or(|f| f.matches(&|a| attribute(item, a)))
    }))
}

/// A comparison operator of RFC 7644.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
}

impl Op {
    fn parse(word: &str) -> Option<Self> {
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => Self::Eq,
            "ne" => Self::Ne,
            "co" => Self::Co,
            "sw" => Self::Sw,
            "ew" => Self::Ew,
            _ => return None,
        })
    }

    fn holds(self, actual: &str, wanted: &str) -> bool {
        let (actual, wanted) = (actual.to_lowercase(), wanted.to_lowercase());
        match self {
            Self::Eq => actual == wanted,
            Self::Ne => actual != wanted,
            Self::Co => actual.contains(&wanted),
            Self::Sw => actual.starts_with(&wanted),
            Self::Ew => actual.ends_with(&wanted),
        }
    }
}

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Compare {
        attribute: String,
        op: Op,
        value: String,
    },
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

/// Which operators a list allows on which attribute (`("subject", &[Op::Eq, Op::Co])`).
pub type Allowed<'a> = &'a [(&'a str, &'a [Op])];

impl Filter {
    /// Parses `text` and checks every comparison against `allowed`; the error says what is
    /// wrong in words a caller can act on.
    pub fn parse(text: &str, allowed: Allowed<'_>) -> Result<Self, String> {
        let tokens = tokenize(text)?;
        let mut parser = Parser { tokens, at: 0 };
        let filter = parser.or()?;
        if let Some(extra) = parser.tokens.get(parser.at) {
            return Err(format!("unexpected {extra:?} in filter"));
        }
        filter.check(allowed)?;
        Ok(filter)
    }

    fn check(&self, allowed: Allowed<'_>) -> Result<(), String> {
        match self {
            Self::Compare { attribute, op, .. } => {
                let ops = allowed
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(attribute))
                    .map(|(_, ops)| *ops)
                    .ok_or_else(|| format!("attribute {attribute:?} cannot be filtered on"))?;
                if ops.contains(op) {
                    Ok(())
                } else {
                    Err(format!("operator {op:?} is not supported on {attribute:?}"))
                }
            }
            Self::And(a, b) | Self::Or(a, b) => a.check(allowed).and_then(|()| b.check(allowed)),
            Self::Not(inner) => inner.check(allowed),
        }
    }

    /// True when a resource whose attribute values `values(attribute)` gives (several for a
    /// multi-valued attribute such as `assignedGroups.id`) satisfies the filter.
    pub fn matches(&self, values: &dyn Fn(&str) -> Vec<String>) -> bool {
        match self {
            Self::Compare {
                attribute,
                op,
                value,
            } => {
                let actual = values(&attribute.to_ascii_lowercase());
                match op {
                    Op::Ne => actual.iter().all(|a| op.holds(a, value)),
                    _ => actual.iter().any(|a| op.holds(a, value)),
                }
            }
            Self::And(a, b) => a.matches(values) && b.matches(values),
            Self::Or(a, b) => a.matches(values) || b.matches(values),
            Self::Not(inner) => !inner.matches(values),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Text(String),
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                tokens.push(if c == '(' { Token::Open } else { Token::Close });
            }
            '"' => tokens.push(Token::Text(string_at(text, start, &mut chars)?)),
            _ => {
                let mut end = start;
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                tokens.push(Token::Word(text[start..end].to_owned()));
            }
        }
    }
    Ok(tokens)
}

/// Reads the JSON string starting at byte `start`, consuming it from `chars`.
fn string_at(
    text: &str,
    start: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<String, String> {
    chars.next();
    let mut escaped = false;
    for (i, c) in chars.by_ref() {
        match (escaped, c) {
            (false, '\\') => escaped = true,
            (false, '"') => {
                return serde_json::from_str(&text[start..=i])
                    .map_err(|e| format!("invalid string in filter: {e}"));
            }
            _ => escaped = false,
        }
    }
    Err("unterminated string in filter".to_owned())
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn keyword(&mut self, word: &str) -> bool {
        let found = matches!(self.tokens.get(self.at), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word));
        if found {
            self.at += 1;
        }
        found
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.factor()?;
        while self.keyword("and") {
            left = Filter::And(Box::new(left), Box::new(self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Filter, String> {
        if self.keyword("not") {
            return self.group().map(|f| Filter::Not(Box::new(f)));
        }
        if self.tokens.get(self.at) == Some(&Token::Open) {
            return self.group();
        }
        let attribute = match self.next() {
            Some(Token::Word(w)) => w,
            other => return Err(format!("expected an attribute, found {other:?}")),
        };
        let op = match self.next() {
            Some(Token::Word(w)) => {
                Op::parse(&w).ok_or_else(|| format!("unsupported operator {w:?}"))?
            }
            other => {
                return Err(format!(
                    "expected an operator after {attribute}, found {other:?}"
                ));
            }
        };
        match self.next() {
            Some(Token::Text(value)) => Ok(Filter::Compare {
                attribute,
                op,
                value,
            }),
            other => Err(format!(
                "expected a quoted value after {attribute} {op:?}, found {other:?}"
            )),
        }
    }

    fn group(&mut self) -> Result<Filter, String> {
        if self.next() != Some(Token::Open) {
            return Err("expected (".to_owned());
        }
        let inner = self.or()?;
        match self.next() {
            Some(Token::Close) => Ok(inner),
            other => Err(format!("expected ), found {other:?}")),
        }
    }
}
