#!/usr/bin/env bash
# The shell steps of the scopelint GitHub Action (action.yml at the repository root).
#
#   run.sh install   install scopelint: INPUT_VERSION empty -> from the action's own checkout
#                    (ACTION_PATH), a version number -> scopelint==VERSION, else a pip
#                    requirement as given (git+https://...@v0.1.0)
#   run.sh check     scopelint check INPUT_ARGS INPUT_PATHS: SARIF to $RUNNER_TEMP when
#                    INPUT_SARIF is true (the next step uploads it), else GitHub annotations
#   run.sh fix       scopelint fix --diff INPUT_ARGS INPUT_PATHS: the diff to $RUNNER_TEMP
#                    (the next step uploads it as an artifact) and to the job summary
#   run.sh finish    exit with INPUT_EXIT_CODE, scopelint's status (after the uploads)
#
# check and fix never fail their step: they write exit-code (and sarif-file or diff-file) to
# $GITHUB_OUTPUT and a summary to $GITHUB_STEP_SUMMARY, so that the uploads run first.
# SCOPELINT and PIP name the commands (tests run them from a checkout).
set -euo pipefail
set -f  # INPUT_PATHS and INPUT_ARGS are split into words, never globbed

read -r -a scopelint <<<"${SCOPELINT:-scopelint}"
read -r -a pip <<<"${PIP:-python -m pip}"
read -r -a paths <<<"$(echo "${INPUT_PATHS:-.}" | tr '\n' ' ')"
read -r -a args <<<"$(echo "${INPUT_ARGS:-}" | tr '\n' ' ')"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
output="${GITHUB_OUTPUT:-/dev/null}"
max_summary_chars=60000  # GitHub allows 1 MiB per step summary; a diff past this is cut

run_scopelint() {  # scopelint's exit status without failing the step (set -e)
  local status=0
  "${scopelint[@]}" "$@" || status=$?
  return "$status"
}

case "${1:-}" in
  install)
    version="${INPUT_VERSION:-}"
    if [[ -z "$version" ]]; then
      requirement="${ACTION_PATH:?ACTION_PATH names the checkout of the action}"
    elif [[ "$version" =~ ^[0-9][0-9A-Za-z.+-]*$ ]]; then
      requirement="scopelint==$version"
    else
      requirement="$version"
    fi
    "${pip[@]}" install --disable-pip-version-check "$requirement"
    ;;
  check)
    status=0
    if [[ "${INPUT_SARIF:-true}" == "true" ]]; then
      sarif="$temp/scopelint.sarif"
      run_scopelint check --format sarif --output-file "$sarif" "${args[@]}" "${paths[@]}" || status=$?
      [[ -f "$sarif" ]] && echo "sarif-file=$sarif" >>"$output"
    else
      # workflow commands on stdout: GitHub shows them as annotations
      run_scopelint check --format github "${args[@]}" "${paths[@]}" || status=$?
    fi
    {
      echo "### scopelint check"
      echo
      statistics="$(run_scopelint check --statistics "${args[@]}" "${paths[@]}" 2>/dev/null || true)"
      case "$status" in
        0) echo "No findings." ;;
        1) echo "Findings per rule:"; echo; echo '```'; echo "$statistics"; echo '```' ;;
        *) echo "scopelint could not check everything (exit status $status): see the step's log." ;;
      esac
    } >>"$summary"
    echo "exit-code=$status" >>"$output"
    ;;
  fix)
    status=0
    diff="$temp/scopelint.diff"
    run_scopelint fix --diff "${args[@]}" "${paths[@]}" >"$diff" || status=$?
    echo "diff-file=$diff" >>"$output"
    {
      echo "### scopelint fix"
      echo
      if [[ -s "$diff" ]]; then
        echo "The fixes scopelint would apply (\`scopelint fix\` applies them; the diff is also an artifact):"
        echo
        echo '```diff'
        head -c "$max_summary_chars" "$diff"
        echo '```'
      else
        echo "Nothing to fix."
      fi
    } >>"$summary"
    echo "exit-code=$status" >>"$output"
    ;;
  finish)
    exit "${INPUT_EXIT_CODE:-0}"
    ;;
  *)
    echo "usage: run.sh install|check|fix|finish" >&2
    exit 2
    ;;
esac
