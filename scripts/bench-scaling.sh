#!/usr/bin/env bash
# Scaling benchmark (issue 20): one article of each pathological shape at
# several sizes, analysed from scratch; prints wall seconds, the pipeline's own
# ingest and analyse seconds, and peak RSS.
#
#   scripts/bench-scaling.sh [SIZES_MB...]     (default: 1 5 10)
#   SHAPES="divs line" scripts/bench-scaling.sh 50    (only some shapes)
#
# Shapes:
#   divs     nested <div>s around one paragraph (HTML extraction)
#   line     one line of plain text, no sentence end, no date
#   said     plain text, many sentences with "said" and names
#   dates    a JSONL record with `published` whose text is one sentence with many dates
#
# Needs python3 and GNU time (/usr/bin/time). Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1 5 10}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
cargo build --release -q -p storyline-cli
bin=target/release/storyline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_input() { # shape mb path
    python3 - "$1" "$2" "$3" <<'PY'
import json, random, sys
shape, mb, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
size = mb * 1_000_000
random.seed(7)
words = ("the minister council budget river harbour bridge cars traffic engineers "
         "inspection cable report committee water police city mayor Smith Jones Paris").split()
def filler(n):
    out, total = [], 0
    while total < n:
        w = random.choice(words); out.append(w); total += len(w) + 1
    return " ".join(out)[:n]
if shape == "divs":
    para = "<p>The minister said on Monday that the budget would rise by ten percent.</p>"
    n = (size - len(para)) // 11
    body = "<div>" * n + para + "</div>" * n
    text = "<html><head><title>T</title></head><body>" + body + "</body></html>"
    ext = ".html"
elif shape == "line":
    text = filler(size)
elif shape == "said":
    names = ["Anna Lind", "Teo Brandt", "Mira Kovan", "Sam Ortiz", "Priya Nair"]
    parts, total = [], 0
    while total < size:
        s = f"{random.choice(names)} said the {filler(60)} would change. "
        parts.append(s); total += len(s)
    text = "".join(parts)
else:  # dates
    months = ["January", "March", "May", "July", "September", "November"]
    parts, total = [], 0
    while total < size:
        s = f"on {random.randint(1, 28)} {random.choice(months)} {random.randint(1990, 2024)} {filler(30)}, "
        parts.append(s); total += len(s)
    text = json.dumps({"title": "Dates", "published": "2024-01-02",
                       "text": "The council met " + "".join(parts) + "and adjourned."}) + "\n"
with open(path, "w") as f:
    f.write(text)
PY
}

printf '%-6s %6s %9s %9s %9s %10s %8s\n' shape MB wall_s ingest_s analyse_s peak_MB peak/in
for shape in ${SHAPES:-divs line said dates}; do
    case $shape in divs) ext=html ;; dates) ext=jsonl ;; *) ext=txt ;; esac
    for mb in "${sizes[@]}"; do
        input="$work/$shape-$mb.$ext"
        make_input "$shape" "$mb" "$input"
        rm -f "$work/db"
        if ! /usr/bin/time -f '%e %M' -o "$work/time" \
            "$bin" analyze "$input" --db "$work/db" --json >"$work/out" 2>"$work/err"; then
            printf '%-6s %6s  failed: %s\n' "$shape" "$mb" "$(tail -1 "$work/err")"
            continue
        fi
        read -r wall kb <"$work/time"
        python3 - "$shape" "$mb" "$wall" "$kb" "$work/out" "$(stat -c %s "$input")" <<'PY'
import json, sys
shape, mb, wall, kb, out, size = sys.argv[1:]
s = json.load(open(out)).get("seconds", {})
peak = int(kb) / 1024
print(f"{shape:<6} {mb:>6} {float(wall):>9.2f} {s.get('ingest', 0):>9.2f} "
      f"{s.get('analyse', 0):>9.2f} {peak:>10.0f} {peak * 1024 * 1024 / int(size):>7.1f}x")
PY
    done
done
