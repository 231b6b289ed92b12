//! The house rules of the source tree, checked on every `cargo test`:
//!
//! - no module cycle: in every crate, at every level of its module tree, the sibling modules
//!   of one parent refer to each other (`crate::a::…`, `super::a::…`) without a cycle;
//! - no source file over 400 lines, tests excluded (test files and a file's trailing
//!   `#[cfg(test)] mod tests { … }` do not count).
//!
//! Read from the source text (the `use` graph), not from a tool to install, so CI needs
//! nothing more than cargo. docs/ARCHITECTURE.md explains the layers these protect.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

/// A source file of a crate: its module path (`["tui", "update", "list"]`) and its text with
/// comments and test code removed.
struct Source {
    file: PathBuf,
    module: Vec<String>,
    code: String,
    lines: usize,
}

/// The `src` folders of the crates of this repository.
fn crate_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("src")];
    if let Ok(entries) = fs::read_dir(root.join("crates")) {
        let mut crates: Vec<PathBuf> = entries.flatten().map(|e| e.path().join("src")).filter(|p| p.is_dir()).collect();
        crates.sort();
        dirs.extend(crates);
    }
    dirs
}

/// Every non-test `.rs` file under `src`, with its module path.
fn read_crate(src: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    walk(src, src, &mut out);
    out
}

fn walk(src: &Path, dir: &Path, out: &mut Vec<Source>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let test_children = test_only_children(dir);
    for path in paths {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if test_children.contains(&stem) {
            continue;
        }
        if path.is_dir() {
            walk(src, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap_or_default();
            let (code, lines) = without_tests_and_comments(&text);
            out.push(Source { module: module_path(src, &path), file: path, code, lines });
        }
    }
}

/// The child modules a folder's module declares as `#[cfg(test)] mod name;` (test files).
fn test_only_children(dir: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let parents = [dir.join("mod.rs"), dir.join("lib.rs"), dir.join("main.rs"), dir.with_extension("rs")];
    for parent in parents {
        let Ok(text) = fs::read_to_string(&parent) else { continue };
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            if pair[0] == "#[cfg(test)]"
                && let Some(name) = pair[1].strip_prefix("mod ").or_else(|| pair[1].strip_prefix("pub mod "))
                && let Some(name) = name.strip_suffix(';')
            {
                names.insert(name.to_string());
            }
        }
    }
    names
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are `["a", "b"]`; `lib.rs` and `main.rs` are the root.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if !matches!(stem, "mod" | "lib" | "main") {
            parts.push(stem.to_string());
        }
    }
    parts
}

/// The code of a file without comments and without its trailing test module, and how many
/// lines that is.
fn without_tests_and_comments(text: &str) -> (String, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    for (i, pair) in lines.windows(2).enumerate() {
        if pair[0].trim() == "#[cfg(test)]" && pair[1].trim_start().starts_with("mod tests") {
            end = i;
            break;
        }
    }
    let code: Vec<&str> = lines[..end]
        .iter()
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect();
    (code.join("\n"), end)
}

/// The absolute module paths a file refers to: `crate::a::b` and `super::…::a::b`, including
/// the names inside one level of braces (`crate::{a, b::c}`).
fn references(source: &Source) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let code = &source.code;
    for (at, _) in code.match_indices("crate::").chain(code.match_indices("super::")) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == ':') {
            continue; // `$crate::`, `foo_crate::`, or the middle of `super::super::`
        }
        let (base, rest) = resolve_prefix(&source.module, &code[at..]);
        for tail in path_tails(rest) {
            let mut path = base.clone();
            path.extend(tail);
            out.push(path);
        }
    }
    out
}

/// `crate::` is the root; each `super::` goes one level up from the file's module.
fn resolve_prefix<'a>(module: &[String], mut rest: &'a str) -> (Vec<String>, &'a str) {
    if let Some(r) = rest.strip_prefix("crate::") {
        return (Vec::new(), r);
    }
    let mut depth = module.len();
    while let Some(r) = rest.strip_prefix("super::") {
        depth = depth.saturating_sub(1);
        rest = r;
    }
    (module[..depth].to_vec(), rest)
}

/// The module paths named at the start of `rest`: `a::b::C` gives `[a, b, C]`; `{a, b::c}` gives
/// `[a]` and `[b, c]`.
fn path_tails(rest: &str) -> Vec<Vec<String>> {
    if let Some(inner) = rest.strip_prefix('{') {
        let mut depth = 0usize;
        let mut end = inner.len();
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = i;
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let mut tails = Vec::new();
        let mut depth = 0usize;
        let mut start = 0;
        let group = &inner[..end];
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    tails.extend(path_tails(group[start..i].trim()));
                    start = i + 1;
                }
                _ => {}
            }
        }
        tails.extend(path_tails(group[start..].trim()));
        return tails;
    }
    let mut segments = Vec::new();
    let mut rest = rest;
    loop {
        let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        segments.push(rest[..len].to_string());
        match rest[len..].strip_prefix("::") {
            Some(r) if !r.starts_with('{') => rest = r,
            Some(r) => {
                return path_tails(r).into_iter().map(|t| segments.iter().cloned().chain(t).collect()).collect();
            }
            None => break,
        }
    }
    vec![segments]
}

/// Edges between sibling modules: for each parent module, child → child it refers to, with a
/// file that shows it.
type Edges = BTreeMap<Vec<String>, BTreeMap<String, BTreeMap<String, PathBuf>>>;

fn sibling_edges(sources: &[Source]) -> Edges {
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut edges = Edges::new();
    for source in sources {
        for target in references(source) {
            // The longest common prefix is the parent; the next segment on each side are the
            // siblings (the target's must be a module of this crate, not a type).
            let common = source.module.iter().zip(&target).take_while(|(a, b)| a == b).count();
            let (Some(from), Some(to)) = (source.module.get(common), target.get(common)) else { continue };
            let parent = source.module[..common].to_vec();
            let mut to_module = parent.clone();
            to_module.push(to.clone());
            if !modules.contains(&to_module) {
                continue;
            }
            edges
                .entry(parent)
                .or_default()
                .entry(from.clone())
                .or_default()
                .entry(to.clone())
                .or_insert_with(|| source.file.clone());
        }
    }
    edges
}

/// One cycle among siblings, if there is one: `a → b → a`.
fn find_cycle(graph: &BTreeMap<String, BTreeMap<String, PathBuf>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, PathBuf>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|m| m.keys()) {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

fn cycles_in(sources: &[Source]) -> Vec<String> {
    let mut found = Vec::new();
    for (parent, mut graph) in sibling_edges(sources) {
        // Each cycle found is reported, then one of its edges set aside to look for the next.
        while let Some(cycle) = find_cycle(&graph) {
            let evidence: Vec<String> = cycle
                .windows(2)
                .map(|pair| format!("{} → {} ({})", pair[0], pair[1], graph[&pair[0]][&pair[1]].display()))
                .collect();
            let inside = if parent.is_empty() { "the crate root".to_string() } else { parent.join("::") };
            found.push(format!("cycle in {inside}: {}\n    {}", cycle.join(" → "), evidence.join("\n    ")));
            if let Some(targets) = graph.get_mut(&cycle[0]) {
                targets.remove(&cycle[1]);
            }
        }
    }
    found
}

#[test]
fn no_module_refers_back_to_a_module_that_refers_to_it() {
    let mut found = Vec::new();
    for src in crate_sources() {
        found.extend(cycles_in(&read_crate(&src)).into_iter().map(|c| format!("{}: {c}", src.display())));
    }
    assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
}

#[test]
fn no_source_file_is_over_400_lines_outside_its_tests() {
    let mut long = Vec::new();
    for src in crate_sources() {
        for source in read_crate(&src) {
            if source.lines > MAX_LINES {
                long.push(format!("{} ({} lines)", source.file.display(), source.lines));
            }
        }
    }
    assert!(long.is_empty(), "files over {MAX_LINES} lines (split each by job):\n{}", long.join("\n"));
}

#[test]
fn the_cycle_check_sees_a_cycle_and_names_it() {
    let file = |module: &[&str], code: &str| Source {
        file: PathBuf::from(format!("{}.rs", module.join("/"))),
        module: module.iter().map(|m| m.to_string()).collect(),
        code: code.to_string(),
        lines: 1,
    };
    let acyclic = [
        file(&["a"], "use crate::b::Thing;"),
        file(&["b"], "use crate::c::{self, Other};"),
        file(&["c"], ""),
        file(&["c", "x"], "use super::y::Y;"),
        file(&["c", "y"], "use crate::c::z;"),
        file(&["c", "z"], ""),
    ];
    assert!(cycles_in(&acyclic).is_empty(), "{:?}", cycles_in(&acyclic));
    let upward = [file(&["a"], "use crate::b::Thing;"), file(&["b"], "pub fn f() { crate::a::g() }")];
    let found = cycles_in(&upward);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("a → b → a"), "{found:?}");
    let nested = [
        file(&["c"], ""),
        file(&["c", "x"], "use super::y::Y;"),
        file(&["c", "y"], "use crate::{a, c::x::X};"),
        file(&["a"], ""),
    ];
    let found = cycles_in(&nested);
    assert!(found.len() == 1 && found[0].contains("cycle in c: x → y → x"), "{found:?}");
}
