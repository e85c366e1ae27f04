//! No dependency that ships in the portal may be under a copyleft licence:
//! the portal is MIT OR Apache-2.0 and must stay freely reusable by any city.
//! Test-only dependencies are never distributed; they may be under the
//! file-level MPL-2.0 (the `webdriver` crate under fantoccini), never GPL.
//! Reads `cargo metadata`.

use std::collections::{HashMap, HashSet};
use std::process::Command;

/// A licence expression is acceptable when at least one alternative of every
/// `OR` choice is permissive; a copyleft licence with no alternative is not.
fn acceptable(expr: &str) -> bool {
    const COPYLEFT: [&str; 6] = ["GPL", "AGPL", "LGPL", "MPL", "EUPL", "CDDL"];
    // Each `OR` alternative may be chosen; the expression is fine if any alternative is free of copyleft.
    // Old manifests write alternatives with `/` ("MIT/Apache-2.0"); it means OR.
    expr.replace('/', " OR ")
        .split(" OR ")
        .map(|alt| alt.trim_matches(|c| c == '(' || c == ')'))
        .any(|alt| {
            !COPYLEFT
                .iter()
                .any(|bad| alt.split(" AND ").any(|term| term.contains(bad)))
        })
}

/// Packages reachable from the workspace through normal and build
/// dependencies only: what the portal binary is built from.
fn shipped(meta: &serde_json::Value) -> HashSet<String> {
    let nodes: HashMap<&str, &serde_json::Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let mut seen = HashSet::new();
    let mut todo: Vec<String> = meta["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect();
    while let Some(id) = todo.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        for dep in nodes[id.as_str()]["deps"].as_array().unwrap() {
            let not_dev_only = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].as_str() != Some("dev"));
            if not_dev_only {
                todo.push(dep["pkg"].as_str().unwrap().to_string());
            }
        }
    }
    seen
}

#[test]
fn no_dependency_is_copyleft() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Only the packages built for this machine are downloaded (offline), so
    // ask for this platform's dependency graph: what the binary built here ships.
    let rustc = Command::new("rustc").arg("-vV").output().expect("rustc -vV runs");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("rustc names its host");
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
            &host,
        ])
        .arg("--manifest-path")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let shipped = shipped(&meta);
    let mut offenders = Vec::new();
    let mut checked = 0;
    for p in meta["packages"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap_or("?");
        let ships = shipped.contains(p["id"].as_str().unwrap_or(""));
        match p["license"].as_str() {
            Some(l) => {
                checked += 1;
                let test_only_mpl = !ships && l.replace('/', " OR ").split(" OR ").any(|a| a.trim() == "MPL-2.0");
                if !acceptable(l) && !test_only_mpl {
                    offenders.push(format!("{name}: {l}"));
                }
            }
            None if p["source"].is_null() => {} // our own workspace crates
            None => offenders.push(format!("{name}: no licence declared")),
        }
    }
    assert!(checked > 50, "metadata lists the dependency tree");
    assert!(
        shipped.len() > 50 && shipped.len() < checked,
        "dev-only dependencies are told apart"
    );
    assert!(offenders.is_empty(), "copyleft or undeclared licences: {offenders:?}");
}

#[test]
fn the_licence_rule_itself() {
    assert!(acceptable("MIT OR Apache-2.0"));
    assert!(acceptable("Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT"));
    assert!(acceptable("(MIT OR Apache-2.0) AND Unicode-3.0"));
    assert!(!acceptable("GPL-3.0"));
    assert!(!acceptable("AGPL-3.0-only"));
    assert!(acceptable("MIT OR LGPL-2.1"));
    assert!(acceptable("Apache-2.0 / MIT / MPL-2.0"));
    assert!(!acceptable("MPL-2.0"));
}
