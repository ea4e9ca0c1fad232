#!/usr/bin/env zsh -f
# zsh-complete.zsh DIRECTORY OUTPUT LINE
#
# Types LINE and TAB into an interactive zsh (on a pseudo-terminal, through zsh/zpty) whose
# completion system (compinit) has DIRECTORY first in fpath, so that it autoloads the _glance
# found there, as an installed completion is loaded. Every match the completion system offers is
# appended to OUTPUT as MATCH<TAB>DESCRIPTION; the last line is `.done`. Exits 0 once that line is
# written, 1 after 20 seconds without it.
zmodload zsh/zpty || exit 1
directory=$1 output=$2 line=$3
: >$output

zpty glance zsh -f -i
zpty -w glance "CAPTURE=${(q)output}; fpath=(${(q)directory} \$fpath); source ${(q)${0:A:h}}/zsh-capture.zsh"
zpty -w -n glance "$line"$'\t'

integer waited=0
while (( waited < 200 )); do
  if [[ -s $output && $(tail -n 1 -- $output) == .done ]]; then
    zpty -d glance
    exit 0
  fi
  zpty -rt glance chunk 2>/dev/null
  sleep 0.1
  (( waited++ ))
done
zpty -d glance
exit 1
