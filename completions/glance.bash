# bash completion for glance (the TypeScript python-glanceclient replacement).
#
#   source completions/glance.bash
# or install it as /usr/share/bash-completion/completions/glance.
#
# Subcommands come from `glance bash-completion`, once per shell; after a subcommand, its own
# options (and the global ones) come from `glance bash-completion <subcommand>`.

_glance() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD-1]}
  if [ -z "${_glance_subcommands:-}" ]; then
    local word
    _glance_subcommands=""
    for word in $(glance bash-completion 2>/dev/null); do
      case $word in
        -*) ;;
        *) _glance_subcommands="$_glance_subcommands $word" ;;
      esac
    done
  fi

  local subcommand="" index
  for ((index = 1; index < COMP_CWORD; index++)); do
    case " $_glance_subcommands " in
      *" ${COMP_WORDS[index]} "*)
        subcommand=${COMP_WORDS[index]}
        break
        ;;
    esac
  done

  if [ -n "$subcommand" ] && [ "$subcommand" != help ]; then
    local flags
    flags=$(glance bash-completion "$subcommand" 2>/dev/null)
    if [[ $cur == -* ]]; then
      mapfile -t COMPREPLY < <(compgen -W "$flags" -- "$cur")
    else
      # Option values and image files: let bash complete file names.
      COMPREPLY=()
    fi
  elif [ "$prev" = help ] || [[ $cur != -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$_glance_subcommands" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -W "$(glance bash-completion help 2>/dev/null)" -- "$cur")
  fi
  return 0
}
complete -o default -F _glance glance
