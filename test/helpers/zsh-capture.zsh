# Sourced by zsh-complete.zsh in the interactive zsh it drives: loads the completion system and
# records what it offers instead of showing it. $CAPTURE is the file the matches go to; the
# completion system's dump file is $ZCOMPDUMP, or none (slower: every function is looked up).
PS1='' RPS1=''
autoload -Uz compinit
if [[ -n $ZCOMPDUMP ]]; then
  compinit -u -d $ZCOMPDUMP
else
  compinit -u -D
fi

zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
bindkey -e

# compadd as the completion functions call it, plus a copy of the matches that survive the
# prefix typed (-A), with their descriptions (-D), into $CAPTURE. Calls that only ask for the
# matches (-O, -A, -D) are the completion system's own bookkeeping and are passed through.
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"
    return
  fi
  local -a __hits __descriptions
  local __name
  if (( $@[(I)-d] )); then
    __name=${@[$(( ${@[(i)-d]} + 1 ))]}
    if [[ $__name == \(* ]]; then
      eval "__descriptions=$__name"
    else
      __descriptions=("${(@P)__name}")
    fi
  fi
  builtin compadd -A __hits -D __descriptions "$@"
  local i
  for (( i = 1; i <= $#__hits; i++ )); do
    print -r -- "$__hits[i]"$'\t'"${__descriptions[i]}" >>$CAPTURE
  done
  builtin compadd "$@"
}

# TAB: complete, then mark the end of this line's matches.
_capture_tab() {
  zle complete-word
  print -r -- .done >>$CAPTURE
}
zle -N _capture_tab
bindkey '^I' _capture_tab
