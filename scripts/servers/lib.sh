# Shared helpers for scripts/servers/*.sh and scripts/test (sourced, not run).

# port_busy PORT: true when something listens on 127.0.0.1:PORT
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# require_free_ports PORT...: exits 1 naming the first busy port
require_free_ports() {
  local p
  for p in "$@"; do
    if port_busy "$p"; then echo "port $p on 127.0.0.1 is already in use" >&2; exit 1; fi
  done
}

# elapsed T0: seconds since T0 (from `date +%s.%N`), one decimal
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b - a}'; }

# env_out NAME=VALUE...: append lines to the file named by $IMAGECATALOG_ENV_OUT (if set).
# Convention (shared by every start script and scripts/test): one NAME=VALUE per line, NAME matching
# [A-Z_][A-Z0-9_]*, the value taken literally up to the end of the line (no quoting, no expansion);
# blank lines and lines starting with # are ignored. scripts/test exports every line.
env_out() {
  [ -n "${IMAGECATALOG_ENV_OUT:-}" ] || return 0
  local kv
  for kv in "$@"; do printf '%s\n' "$kv" >> "$IMAGECATALOG_ENV_OUT"; done
}

# s3proxy_jar VERSION: where Maven keeps the runnable s3proxy jar (S3PROXY_JAR overrides)
s3proxy_jar() {
  if [ -n "${S3PROXY_JAR:-}" ]; then echo "$S3PROXY_JAR"; return; fi
  local repo=${IMAGECATALOG_M2_REPO:-$HOME/.m2/repository}
  echo "$repo/org/gaul/s3proxy/$1/s3proxy-$1-jar-with-dependencies.jar"
}

# export_env_file FILE: exports every NAME=VALUE line of FILE (the env_out convention above); values are
# taken literally (no shell expansion), so any character but a newline is safe.
export_env_file() {
  local line name
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in '' | '#'*) continue ;; esac
    name=${line%%=*}
    if ! [[ $name =~ ^[A-Z_][A-Z0-9_]*$ ]] || [ "$name" = "$line" ]; then
      echo "bad line in $1 (want NAME=VALUE): $line" >&2; return 1
    fi
    export "$name=${line#*=}"
  done < "$1"
}
