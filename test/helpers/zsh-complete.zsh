#!/usr/bin/env zsh -f
# zsh-complete.zsh DIRECTORY OUTPUT LINE...
#
# Types each LINE and TAB into an interactive zsh (on a pseudo-terminal, through zsh/zpty) whose
# completion system (compinit) has DIRECTORY first in fpath, so that it autoloads the _glance
# found there, as an installed completion is loaded. Every match the completion system offers is
# appended to OUTPUT as MATCH<TAB>DESCRIPTION, and a line `.done` after each LINE's. Exits 0 once
# every LINE is done, 1 when one takes more than 20 seconds. $ZCOMPDUMP, if set, is the
# completion system's dump file.
zmodload zsh/zpty || exit 1
directory=$1 output=$2
shift 2
: >$output

zpty glance zsh -f -i
zpty -w glance "CAPTURE=${(q)output}; ZCOMPDUMP=${(q)ZCOMPDUMP}; fpath=(${(q)directory} \$fpath); source ${(q)${0:A:h}}/zsh-capture.zsh"

integer done_lines=0 waited
typeset -a written
for line in "$@"; do
  # ^U: the previous line is cleared first.
  zpty -w -n glance $'\C-u'"$line"$'\t'
  (( done_lines++ ))
  waited=0
  while written=("${(@f)$(<$output)}"); (( ${#${(@M)written:#.done}} < done_lines )); do
    if (( waited++ > 2000 )); then
      zpty -d glance
      exit 1
    fi
    # What the shell shows is read and dropped: a full terminal would stop it.
    while zpty -rt glance chunk 2>/dev/null; do :; done
    sleep 0.01
  done
done
zpty -d glance
exit 0
