//! No dependency may be under a copyleft licence: the portal is MIT OR
//! Apache-2.0 and must stay freely reusable by any city. Reads `cargo metadata`.

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

#[test]
fn no_dependency_is_copyleft() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline", "--manifest-path"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut offenders = Vec::new();
    let mut checked = 0;
    for p in meta["packages"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap_or("?");
        match p["license"].as_str() {
            Some(l) => {
                checked += 1;
                if !acceptable(l) {
                    offenders.push(format!("{name}: {l}"));
                }
            }
            None if p["source"].is_null() => {} // our own workspace crates
            None => offenders.push(format!("{name}: no licence declared")),
        }
    }
    assert!(checked > 50, "metadata lists the dependency tree");
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
