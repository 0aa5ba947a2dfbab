#!/usr/bin/env bash
# Print the path of a working Python 3.10 (Rasa 3.6 supports 3.8-3.10), or explain how to get one.
set -u
candidates=()
[ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for p in "$root"/versions/3.10*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
fi
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10)
for p in "${candidates[@]}"; do
  # A pyenv shim exists on PATH but refuses to run unless its version is selected: try it.
  if [ -x "$p" ] && out=$("$p" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) \
     && [ "$out" = "3.10" ]; then
    echo "$p"; exit 0
  fi
done
cat >&2 <<'MSG'
No working Python 3.10 found (Rasa 3.6 needs Python 3.8-3.10; this project uses 3.10).
Install one, then run make again:
  - with pyenv:   pyenv install 3.10.13
  - on Debian/Ubuntu: sudo apt-get install python3.10 python3.10-venv
Or point PYTHON310 at an existing interpreter: make run PYTHON310=/path/to/python3.10
MSG
exit 1
