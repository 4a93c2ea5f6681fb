//! docgen in a user's own repository, as the README's quick start runs it: `docgen init` on a real page
//! (read from `../shared/docs-corpus`, copied into a scratch repository outside the workspace), `docgen
//! codegen` writing a crate that compiles, `docgen codegen --check` clean, then failing once the page changes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `docgen` binary of this workspace, run in `dir` (built by cargo if it is not yet).
fn docgen(root: &Path, dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(["run", "--quiet", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .args(["--package", "docgen", "--bin", "docgen", "--"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run docgen")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn a_users_repository_from_init_to_a_failing_check() {
    let root = docgen_tests::root();
    let page = root.join(xtask::fidelity::DEFAULT_DIR).join("cases/e01_upstash_qstash_get_schedule/get.mdx");
    let repo: PathBuf = std::env::temp_dir().join(format!("docgen-user-repo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(repo.join("docs")).expect("a scratch repository");
    std::fs::copy(&page, repo.join("docs/get.mdx")).expect("the page");

    let init = docgen(&root, &repo, &["init", "docs/"]);
    assert!(init.status.success(), "{}", text(&init));
    let manifest = std::fs::read_to_string(repo.join("specs.toml")).expect("init writes specs.toml");
    assert!(manifest.contains("documents = [\"docs/\"]") || manifest.contains("document = \"docs/\""), "{manifest}");
    assert!(manifest.contains("\"GET /v2/schedules/{scheduleId}\""), "{manifest}");
    let again = docgen(&root, &repo, &["init", "docs/get.mdx"]);
    assert_eq!(again.status.code(), Some(2), "init never overwrites a manifest: {}", text(&again));

    let codegen = docgen(&root, &repo, &["codegen", "--crate-name", "qstash-api"]);
    assert!(codegen.status.success(), "{}", text(&codegen));
    let crate_dir = repo.join("generated");
    let cargo_toml = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("a crate");
    assert!(cargo_toml.contains("name = \"qstash-api\""), "{cargo_toml}");
    let module = std::fs::read_to_string(crate_dir.join("src/get_schedule.rs")).expect("the spec's module");
    assert!(!module.lines().next().unwrap_or_default().contains(&repo.display().to_string()), "no absolute path");

    // The crate compiles, with the workspace's locked versions (and its scratch crates' build folder).
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("copy the lock file");
    let check = docgen_tests::support::scratch_cargo("check", &crate_dir)
        .args(["--quiet", "--all-features"])
        .output()
        .expect("run cargo check");
    assert!(check.status.success(), "the generated crate does not compile:\n{}", text(&check));

    let clean = docgen(&root, &repo, &["codegen", "--crate-name", "qstash-api", "--check"]);
    assert!(clean.status.success(), "{}", text(&clean));
    assert!(text(&clean).contains("generated/ is up to date"), "{}", text(&clean));

    let page_text = std::fs::read_to_string(repo.join("docs/get.mdx")).expect("the page");
    let changed = page_text.replacen("The id of the schedule", "The schedule's id", 1);
    assert_ne!(changed, page_text, "the page names the field this test changes");
    std::fs::write(repo.join("docs/get.mdx"), changed).expect("edit the page");
    let stale = docgen(&root, &repo, &["codegen", "--crate-name", "qstash-api", "--check"]);
    assert_eq!(stale.status.code(), Some(1), "{}", text(&stale));
    let report = text(&stale);
    assert!(report.contains("stale: generated/src/get_schedule.rs"), "{report}");
    assert!(report.contains("The schedule's id"), "the diff shows the change: {report}");
    let _ = std::fs::remove_dir_all(&repo);
}
