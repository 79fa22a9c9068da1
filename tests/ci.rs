//! The example CI jobs in `docs/ci/`: valid YAML, publishing `public/` as a static site,
//! and running exactly [`CI_COMMANDS`] — the commands that
//! `ci_commands_pass_on_the_bundled_site` runs here on the bundled site.

use std::path::Path;

use serde_norway::Value;

use crate::harness::*;

/// The tebiki commands of a publishing job, in order, as written in the job files.
pub const CI_COMMANDS: [&str; 2] = ["tebiki check --strict", "tebiki build"];

fn load(name: &str) -> Value {
    let path = repo().join("docs/ci").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{}: not valid YAML: {e}", path.display()))
}

/// The lines of shell scripts that run tebiki (first word `tebiki`).
fn tebiki_lines<'a>(scripts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    scripts
        .into_iter()
        .flat_map(str::lines)
        .map(str::trim)
        .filter(|line| line.split_whitespace().next() == Some("tebiki"))
        .map(str::to_owned)
        .collect()
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

#[test]
fn github_workflow_runs_the_ci_commands_and_deploys_to_pages() {
    let doc = load("github-actions.yml");
    let on = doc.get("on").expect("the workflow says when it runs (`on`)");
    assert!(on.get("push").is_some(), "runs on push: {on:?}");
    let permissions = doc.get("permissions").expect("permissions for Pages");
    assert_eq!(str_of(permissions, "pages"), Some("write"));
    assert_eq!(str_of(permissions, "id-token"), Some("write"));

    let jobs = doc.get("jobs").and_then(Value::as_mapping).expect("jobs");
    let build = &doc["jobs"]["build"];
    let steps = build["steps"].as_sequence().expect("build steps");
    assert!(str_of(build, "runs-on").is_some());
    let runs: Vec<&str> = steps.iter().filter_map(|s| str_of(s, "run")).collect();
    assert_eq!(tebiki_lines(runs.iter().copied()), CI_COMMANDS, "the build job's tebiki commands");
    let uses = |step: &Value, action: &str| str_of(step, "uses").is_some_and(|u| u.starts_with(&format!("{action}@")));
    let upload = steps
        .iter()
        .find(|s| uses(s, "actions/upload-pages-artifact"))
        .expect("the build job uploads the site with actions/upload-pages-artifact");
    assert_eq!(str_of(&upload["with"], "path"), Some("public"));
    let install = runs.iter().find(|r| r.contains("cargo install")).expect("a step installs tebiki");
    assert!(install.contains("--locked") && install.contains("--git"), "{install}");

    let deploy = &doc["jobs"]["deploy"];
    assert_eq!(str_of(deploy, "needs"), Some("build"));
    assert_eq!(str_of(&deploy["environment"], "name"), Some("github-pages"));
    let deploy_steps = deploy["steps"].as_sequence().expect("deploy steps");
    assert!(deploy_steps.iter().any(|s| uses(s, "actions/deploy-pages")), "deploys with actions/deploy-pages");

    // No other job runs tebiki differently.
    for (name, job) in jobs {
        let runs: Vec<&str> =
            job["steps"].as_sequence().into_iter().flatten().filter_map(|s| str_of(s, "run")).collect();
        let lines = tebiki_lines(runs);
        assert!(lines.is_empty() || lines == CI_COMMANDS, "job {name:?} runs {lines:?}");
    }
}

#[test]
fn gitlab_job_runs_the_ci_commands_and_publishes_public() {
    let doc = load("gitlab-ci.yml");
    let pages = doc.get("pages").expect("GitLab Pages publishes the job named `pages`");
    let script = |job: &Value| -> Vec<String> {
        let lines: Vec<&str> = job["script"].as_sequence().expect("script").iter().filter_map(Value::as_str).collect();
        tebiki_lines(lines)
    };
    assert_eq!(script(pages), CI_COMMANDS, "the pages job's tebiki commands");
    let paths: Vec<&str> =
        pages["artifacts"]["paths"].as_sequence().expect("artifacts: paths").iter().filter_map(Value::as_str).collect();
    assert_eq!(paths, ["public"]);
    let setup: Vec<&str> = doc["default"]["before_script"]
        .as_sequence()
        .expect("before_script")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(setup.iter().any(|l| l.contains("cargo install --git") && l.contains("--locked")), "{setup:?}");

    for (name, job) in doc.as_mapping().unwrap() {
        if job.get("script").is_some() {
            assert_eq!(script(job), CI_COMMANDS, "job {name:?}");
        }
    }
}

#[test]
fn ci_commands_pass_on_the_bundled_site() {
    let site = TempDir::new("ci-commands");
    copy_tree(&repo().join("content"), &site.path().join("content"));
    for command in CI_COMMANDS {
        let mut words = command.split_whitespace();
        assert_eq!(words.next(), Some("tebiki"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
            .args(words)
            .current_dir(site.path())
            .output()
            .expect("run tebiki");
        assert!(
            out.status.success(),
            "`{command}` failed on the bundled site:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for page in ["index.html", "404.html", "ja/index.html", "en/index.html", "ja/p2p-trouble-disclosure/index.html"] {
        assert!(site.path().join("public").join(page).is_file(), "public/{page}");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}
