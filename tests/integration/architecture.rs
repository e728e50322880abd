//! The module graph of `src/`: every `crate::`, `super::` and `self::` path is resolved to the
//! module it names; imports point down the layers, and sibling modules may not import each
//! other in a cycle. A cycle still to untie is listed; a new one, or a listed one gone, fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Cycles still to untie, each as its sorted sibling modules. Empty: every knot is untied; a new cycle fails the test.
const KNOWN_CYCLES: &[&[&str]] = &[];

/// Every module of `src/` (`a::b` for `src/a/b.rs`) with its source, test modules cut off.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                let name: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                let name = match name.as_slice() {
                    [only] if only == "lib" || only == "main" => String::new(),
                    _ => name.join("::"),
                };
                let text = std::fs::read_to_string(&path).unwrap();
                let text = match text.find("#[cfg(test)]\nmod tests") {
                    Some(at) => text[..at].to_owned(),
                    None => text,
                };
                out.insert(name, text);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// The paths a source names that start at `crate`, `super` or `self`.
fn paths(text: &str) -> Vec<Vec<&str>> {
    let in_path = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
    let mut found = Vec::new();
    for (at, _) in text.match_indices("::") {
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| !in_path(*c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let token = &text[start..];
        if !["crate::", "super::", "self::"]
            .iter()
            .any(|p| token.starts_with(p))
        {
            continue;
        }
        let end = token.find(|c: char| !in_path(c)).unwrap_or(token.len());
        found.push(token[..end].split("::").filter(|s| !s.is_empty()).collect());
    }
    found.sort();
    found.dedup();
    found
}

/// The module `path` (seen in module `from`) names: its longest prefix that is a module.
fn resolve(modules: &BTreeMap<String, String>, from: &str, path: &[&str]) -> Option<String> {
    let mut base: Vec<&str> = if from.is_empty() {
        Vec::new()
    } else {
        from.split("::").collect()
    };
    let mut rest = path;
    match rest.first() {
        Some(&"crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some(&"self") => rest = &rest[1..],
        _ => {
            while rest.first() == Some(&"super") {
                base.pop();
                rest = &rest[1..];
            }
        }
    }
    let full: Vec<&str> = base.into_iter().chain(rest.iter().copied()).collect();
    (1..=full.len())
        .rev()
        .map(|n| full[..n].join("::"))
        .find(|name| modules.contains_key(name))
}

/// Strongly connected components of more than one module (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, v: &'g str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in self.graph.get(v).into_iter().flatten() {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w.as_str()]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w.as_str()) {
                    let low = self.low[v].min(self.index[w.as_str()]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    component.push(w.to_owned());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found.sort();
    walk.found
}

fn parent(name: &str) -> &str {
    name.rsplit_once("::").map_or("", |(p, _)| p)
}

/// `name` cut to `depth` segments.
fn at_depth(name: &str, depth: usize) -> String {
    name.split("::").take(depth).collect::<Vec<_>>().join("::")
}

/// Every import edge between modules that are not nested in each other.
fn edges(modules: &BTreeMap<String, String>) -> BTreeSet<(String, String)> {
    let mut edges = BTreeSet::new();
    for (from, text) in modules {
        for path in paths(text) {
            let Some(to) = resolve(modules, from, &path) else {
                continue;
            };
            let nested = to.starts_with(&format!("{from}::"))
                || from.starts_with(&format!("{to}::"))
                || from.is_empty();
            if to != *from && !nested {
                edges.insert((from.clone(), to));
            }
        }
    }
    edges
}

/// The layers of `src/`, lowest first: a module may import its own layer and those below.
const LAYERS: &[&[&str]] = &[
    &[
        "domain",
        "wire",
        "http",
        "fs_private",
        "rate",
        "theme_archive",
    ],
    &["qlik", "store", "emulator"],
    &["provision"],
    &["ops"],
    &["server"],
    &["api", "cli", "app", "embed_main"],
];

fn layer(module: &str) -> Option<usize> {
    let top = module.split("::").next().unwrap_or_default();
    LAYERS.iter().position(|l| l.contains(&top))
}

/// Whether an import from `from` to `to` climbs the layers.
fn upward(from: &str, to: &str) -> bool {
    matches!((layer(from), layer(to)), (Some(a), Some(b)) if b > a)
}

#[test]
fn imports_point_down_the_layers() {
    let modules = modules();
    let climbing: Vec<String> = edges(&modules)
        .into_iter()
        .filter(|(from, to)| upward(from, to))
        .map(|(from, to)| format!("{from} → {to}"))
        .collect();
    assert!(
        climbing.is_empty(),
        "imports against the layering: {climbing:#?}"
    );
    assert!(upward("store::customers", "ops::error") && !upward("server::rest", "ops::menu"));
    let unplaced: Vec<&String> = modules
        .keys()
        .filter(|m| !m.is_empty() && layer(m).is_none())
        .collect();
    assert!(unplaced.is_empty(), "modules in no layer: {unplaced:?}");
}

#[test]
fn sibling_modules_import_each_other_in_no_new_cycle() {
    let modules = modules();
    let edges = edges(&modules);
    assert!(
        edges.len() > 300,
        "the graph was read: {} edges",
        edges.len()
    );
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for depth in 1..=4 {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in &edges {
            let (a, b) = (at_depth(a, depth), at_depth(b, depth));
            if a != b && parent(&a) == parent(&b) {
                graph.entry(a).or_default().insert(b);
            }
        }
        found.extend(cycles(&graph));
    }
    let known: BTreeSet<Vec<String>> = KNOWN_CYCLES
        .iter()
        .map(|c| c.iter().map(|s| (*s).to_owned()).collect())
        .collect();
    // A cycle inside a known one (fewer members at a deeper level) is the same knot.
    let new: Vec<_> = found
        .iter()
        .filter(|c| !known.iter().any(|k| c.iter().all(|m| k.contains(m))))
        .collect();
    let gone: Vec<_> = known.iter().filter(|k| !found.contains(*k)).collect();
    assert!(new.is_empty(), "new module cycles: {new:?}");
    assert!(
        gone.is_empty(),
        "untied, remove from KNOWN_CYCLES: {gone:?}"
    );
}

#[test]
fn paths_resolve_to_the_module_they_name() {
    let mut modules = BTreeMap::new();
    for m in ["", "a", "a::b", "a::c", "d"] {
        modules.insert(m.to_owned(), String::new());
    }
    let cases: [(&str, &[&str], Option<&str>); 5] = [
        ("a::b", &["super", "c", "Thing"], Some("a::c")),
        ("a::b", &["crate", "d", "f"], Some("d")),
        ("a", &["self", "b", "X"], Some("a::b")),
        ("a::b", &["super", "super", "d"], Some("d")),
        ("a::b", &["crate", "nowhere"], None),
    ];
    for (from, path, want) in cases {
        assert_eq!(
            resolve(&modules, from, path).as_deref(),
            want,
            "{from} {path:?}"
        );
    }
    assert_eq!(
        paths("use crate::a::b::{X, Y}; let z = super::c::f(); std::mem::drop(q);"),
        vec![vec!["crate", "a", "b"], vec!["super", "c", "f"]]
    );
}
