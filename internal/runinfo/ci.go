package runinfo

import "strings"

// ciBranchVars are the CI variables that name the branch when HEAD is
// detached, in the order they are tried. A pull request's source branch
// comes before the variables that name its target or a merge ref. when, if
// set, must hold for the variable to count (GitHub's and GitLab's ref
// names are tags too).
var ciBranchVars = []struct {
	name string
	when func(getenv func(string) string) bool
}{
	// GitHub Actions: HEAD_REF is set for pull requests only.
	{"GITHUB_HEAD_REF", nil},
	{"GITHUB_REF_NAME", func(env func(string) string) bool {
		return env("GITHUB_REF_TYPE") == "branch" || strings.HasPrefix(env("GITHUB_REF"), "refs/heads/")
	}},
	// GitLab CI.
	{"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", nil},
	{"CI_COMMIT_BRANCH", nil},
	{"CI_COMMIT_REF_NAME", func(env func(string) string) bool { return env("CI_COMMIT_TAG") == "" }},
	{"BUILDKITE_BRANCH", nil},
	{"CIRCLE_BRANCH", nil},
	{"TRAVIS_PULL_REQUEST_BRANCH", nil},
	{"TRAVIS_BRANCH", nil},
	{"BITBUCKET_BRANCH", nil},
	// Azure Pipelines: full refs, "refs/heads/" is trimmed below.
	{"SYSTEM_PULLREQUEST_SOURCEBRANCH", nil},
	{"BUILD_SOURCEBRANCH", func(env func(string) string) bool {
		return strings.HasPrefix(env("BUILD_SOURCEBRANCH"), "refs/heads/")
	}},
	{"DRONE_SOURCE_BRANCH", nil},
	{"DRONE_BRANCH", nil},
	{"CI_COMMIT_SOURCE_BRANCH", nil}, // Woodpecker pull requests
	{"SEMAPHORE_GIT_PR_BRANCH", nil},
	{"SEMAPHORE_GIT_BRANCH", nil},
	{"APPVEYOR_PULL_REQUEST_HEAD_REPO_BRANCH", nil},
	{"APPVEYOR_REPO_BRANCH", nil},
	// Jenkins: CHANGE_BRANCH for pull requests, BRANCH_NAME in multibranch
	// pipelines (TeamCity's convention too), GIT_BRANCH from the git
	// plugin as "origin/main".
	{"CHANGE_BRANCH", nil},
	{"BRANCH_NAME", nil},
	{"GIT_BRANCH", nil},
}

// ciBranch returns the branch the CI's variables name, and the variable.
func ciBranch(getenv func(string) string) (branch, source string) {
	for _, v := range ciBranchVars {
		b := strings.TrimSpace(getenv(v.name))
		if b == "" || (v.when != nil && !v.when(getenv)) {
			continue
		}
		b = strings.TrimPrefix(b, "refs/heads/")
		if v.name == "GIT_BRANCH" {
			b = strings.TrimPrefix(b, "origin/")
		}
		return b, v.name
	}
	return "", ""
}
