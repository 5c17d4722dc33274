# Sourced by the scripts/compare-*.sh side-by-side benchmarks: runs each side
# pinned to one core under /usr/bin/time, so every run records the whole
# process's CPU seconds and peak resident memory beside the figures the tool
# prints itself. The compare scripts alternate the two sides ROUNDS times
# (default 3) and summarise with scripts/side_by_side.py.
#
#   CORE=1 ROUNDS=5 scripts/compare-dedupe.sh 20000
#
# Needs taskset (util-linux) and GNU time (/usr/bin/time, Debian package `time`).

core=${CORE:-0}
rounds=${ROUNDS:-3}
for tool in taskset /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install util-linux time)" >&2; exit 2; }
done

# pinned WORK NAME ROUND COMMAND... : runs COMMAND on core $core, its standard
# output to WORK/NAME-ROUND.json and "user system max_rss_kib" to WORK/NAME-ROUND.time.
pinned() {
    local work=$1 name=$2 round=$3
    shift 3
    echo "== round $round of $rounds: $name (core $core)" >&2
    taskset -c "$core" /usr/bin/time -f '%U %S %M' -o "$work/$name-$round.time" "$@" \
        >"$work/$name-$round.json"
}
