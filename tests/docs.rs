//! The README's scheme table and the registry agree.

use std::collections::BTreeSet;

#[test]
fn readme_lists_every_registered_scheme() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find("## Supported schemes")
        .expect("a scheme section");
    let end = readme[start..]
        .find("\n## ")
        .map_or(readme.len(), |i| start + i);
    let documented: BTreeSet<String> = readme[start..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .map(str::trim)
        .filter(|id| {
            !id.is_empty()
                && *id != "id"
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_owned)
        .collect();
    let registered: BTreeSet<String> = hashbridge::Registry::default()
        .schemes()
        .map(|s| s.id().to_owned())
        .collect();
    let undocumented: Vec<_> = registered.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&registered).collect();
    assert!(
        undocumented.is_empty(),
        "registered but not in the README: {undocumented:?}"
    );
    assert!(
        unknown.is_empty(),
        "in the README but not registered: {unknown:?}"
    );
}
