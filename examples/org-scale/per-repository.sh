#!/usr/bin/env bash
# scopelint in one repository of many: the step a job matrix or a multi-repository change
# tool (multi-gitter, turbolift) runs in each repository's checkout. See README.md here.
#
#   per-repository.sh inventory DIR   write DIR/<repository>.json (scopelint inventory --format json)
#   per-repository.sh fix             apply the safe fixes in place (the tool commits them
#                                     and opens the pull request); exit 0 whether or not
#                                     findings remain, 2 when scopelint failed
#
# The repository's name: $REPOSITORY (multi-gitter sets it to owner/name), else the folder
# name of the git work tree. $SCOPELINT names the command (default: scopelint); extra
# arguments of scopelint go in $SCOPELINT_ARGS (--select SL1, --unsafe-fixes, ...).
set -euo pipefail
set -f

read -r -a scopelint <<<"${SCOPELINT:-scopelint}"
read -r -a extra <<<"${SCOPELINT_ARGS:-}"
repository="${REPOSITORY:-$(basename "$(git rev-parse --show-toplevel 2>/dev/null || pwd)")}"

case "${1:-}" in
  inventory)
    out="${2:?usage: per-repository.sh inventory DIR}"
    mkdir -p "$out"
    # owner/name -> owner__name.json: one flat folder for the merge
    "${scopelint[@]}" inventory --format json --repository "$repository" \
      --output-file "$out/${repository//\//__}.json" "${extra[@]}" .
    ;;
  fix)
    "${scopelint[@]}" fix --exit-zero --show-fixes "${extra[@]}" .
    ;;
  *)
    echo "usage: per-repository.sh inventory DIR | fix" >&2
    exit 2
    ;;
esac
