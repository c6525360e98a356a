#!/usr/bin/env bash
# Renders what runs one `gatetune sweep` as N shards on a cluster, with the installed tool:
#   kubernetes — an Indexed Job of N pods (each `--shard i/N` into a shared volume) and a second
#                Job that merges the shards once the first has completed;
#   slurm      — a job-array batch script (one task per shard); the same script with the argument
#                `merge` joins the shards, queued behind the array.
# The result is written to standard output; how to submit it is in its header comment.
#
#   scripts/render-shards.sh kubernetes|slurm --shards N [options] -- SWEEP-ARGUMENTS…
#
# SWEEP-ARGUMENTS are those of `gatetune sweep` (a preset, --vary, --seeds, …) without --shard and
# --out, which every shard gets from the script. Exit 0 rendered, 2 usage error.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/render-shards.sh kubernetes|slurm --shards N [options] -- SWEEP-ARGUMENTS…

Renders the manifest (kubernetes) or batch script (slurm) that runs `gatetune sweep
SWEEP-ARGUMENTS` as N shards with the installed gatetune, and the step that merges them.

Options:
  --shards N        number of shards (1..10000), required
  --name NAME       job name (default gatetune-sweep; lower-case letters, digits and '-')
  --results DIR     where the shards and the merged sweep.csv go
                    (default /results on kubernetes, results on slurm)
  --cpus C          CPUs per shard, passed on as `gatetune sweep --jobs C` (default 1)
  --image IMAGE     kubernetes: container image with the gatetune package installed
                    (default gatetune:latest)
  --claim PVC       kubernetes: persistent volume claim mounted at --results
                    (default gatetune-results)
  -h, --help        this help

Example:
  scripts/render-shards.sh kubernetes --shards 8 --image registry.example.com/gatetune:0.1.0 \
      -- load --seeds 5 --vary db_pool.pool_size=5..50:5 --vary server.workers=1..10 > sweep.yaml
EOF
}

fail() {  # usage error: what is wrong, then where to look
  echo "render-shards: $*" >&2
  echo "Run 'scripts/render-shards.sh --help' for the options." >&2
  exit 2
}

[ $# -ge 1 ] || { usage >&2; exit 2; }
case "$1" in
  -h | --help) usage; exit 0 ;;
  kubernetes | slurm) target="$1"; shift ;;
  *) fail "unknown target '$1' (allowed: kubernetes, slurm)" ;;
esac

shards="" name="gatetune-sweep" results="" cpus=1 image="gatetune:latest" claim="gatetune-results"
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    -h | --help) usage; exit 0 ;;
    --shards | --name | --results | --cpus | --image | --claim)
      [ $# -ge 2 ] || fail "$1 needs a value"
      case "$1" in
        --shards) shards="$2" ;; --name) name="$2" ;; --results) results="$2" ;;
        --cpus) cpus="$2" ;; --image) image="$2" ;; --claim) claim="$2" ;;
      esac
      shift 2 ;;
    *) fail "unknown option '$1' (the sweep's own arguments go after '--')" ;;
  esac
done
sweep=("$@")

[[ "$shards" =~ ^[0-9]+$ ]] && ((10#$shards >= 1 && 10#$shards <= 10000)) ||
  fail "--shards must be a whole number from 1 to 10000, got '${shards}'"
shards=$((10#$shards))
[[ "$cpus" =~ ^[0-9]+$ ]] && ((10#$cpus >= 1 && 10#$cpus <= 1024)) ||
  fail "--cpus must be a whole number from 1 to 1024, got '$cpus'"
cpus=$((10#$cpus))
[[ "$name" =~ ^[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?$ ]] ||
  fail "--name must be lower-case letters, digits and '-', starting and ending with a letter or digit (at most 52), got '$name'"
((${#sweep[@]})) || fail "no sweep arguments after '--' (at least the preset, e.g. -- load --vary server.workers=1..8)"
for arg in "${sweep[@]}"; do
  case "$arg" in
    --shard | --shard=* | --out | --out=* | -o) fail "'$arg' is set per shard by the script; leave it out of the sweep arguments" ;;
    --jobs | --jobs=* | -j) fail "'$arg': give the CPUs per shard with --cpus (passed on as --jobs)" ;;
  esac
  [[ "$arg" != *[[:cntrl:]]* ]] || fail "a sweep argument contains a control character"
done
if [ -z "$results" ]; then
  [ "$target" = kubernetes ] && results=/results || results=results
fi
[[ "$results" != *[[:cntrl:]]* && "$results" != *\'* ]] || fail "--results must not contain quotes or control characters"

# The sweep command every shard runs, shell-quoted once; each target adds its own --shard/--out.
printf -v quoted ' %q' "${sweep[@]}"
sweep_command="gatetune sweep${quoted} --jobs $cpus"
printf -v results_q '%q' "$results"

json_string() {  # a shell command as a JSON string, which YAML reads as the same string
  local s="${1//\\/\\\\}"
  printf '"%s"' "${s//\"/\\\"}"
}

render_kubernetes() {
  local shard_cmd merge_cmd
  shard_cmd="i=\$((JOB_COMPLETION_INDEX + 1)) && exec $sweep_command --shard \"\$i/$shards\" --out $results_q/shard-\$i.csv"
  merge_cmd="exec gatetune merge $results_q/shard-*.csv --out $results_q/sweep.csv"
  cat <<EOF
# Rendered by scripts/render-shards.sh: \`gatetune sweep\` as $shards shards (an Indexed Job), then
# the merge. The image needs the gatetune package installed; the claim $claim is mounted at
# $results in both Jobs. Submit:
#   kubectl apply -f THIS.yaml -l gatetune/step=sweep
#   kubectl wait --for=condition=complete --timeout=24h job/$name
#   kubectl apply -f THIS.yaml -l gatetune/step=merge
apiVersion: batch/v1
kind: Job
metadata:
  name: $name
  labels: { gatetune/step: sweep }
spec:
  completionMode: Indexed
  completions: $shards
  parallelism: $shards
  backoffLimit: $shards
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: shard
          image: $(json_string "$image")
          command: ["bash", "-c"]
          args: [$(json_string "$shard_cmd")]
          resources:
            requests: { cpu: "$cpus" }
          volumeMounts:
            - { name: results, mountPath: $(json_string "$results") }
      volumes:
        - name: results
          persistentVolumeClaim: { claimName: $(json_string "$claim") }
---
apiVersion: batch/v1
kind: Job
metadata:
  name: $name-merge
  labels: { gatetune/step: merge }
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: merge
          image: $(json_string "$image")
          command: ["bash", "-c"]
          args: [$(json_string "$merge_cmd")]
          volumeMounts:
            - { name: results, mountPath: $(json_string "$results") }
      volumes:
        - name: results
          persistentVolumeClaim: { claimName: $(json_string "$claim") }
EOF
}

render_slurm() {
  cat <<EOF
#!/bin/bash
# Rendered by scripts/render-shards.sh: \`gatetune sweep\` as a job array of $shards tasks (one shard
# each) with the installed gatetune, and the merge. Submit from the directory that is to hold
# $results:
#   mkdir -p $results_q
#   job=\$(sbatch --parsable THIS.sbatch)
#   sbatch --dependency=afterok:\$job --array=0 --job-name=$name-merge THIS.sbatch merge
#SBATCH --job-name=$name
#SBATCH --array=1-$shards
#SBATCH --cpus-per-task=$cpus
set -euo pipefail
if [ "\${1:-}" = merge ]; then
  exec gatetune merge $results_q/shard-*.csv --out $results_q/sweep.csv
fi
exec $sweep_command \\
  --shard "\$SLURM_ARRAY_TASK_ID/$shards" --out $results_q/shard-"\$SLURM_ARRAY_TASK_ID".csv
EOF
}

"render_$target"
