# The table of ./v4j bench, from what bench/run collected in target/bench/:
#   runs.tsv      ROW<TAB>REP<TAB>frames= seconds= cpu_ns= thread_ns= dropped= rss_kb= [alloc_bytes=] (or error=...)
#   syscalls.tsv  ROW<TAB>syscall<TAB>per frame (bench/syscalls.awk)
#   startup.tsv   COMMAND<TAB>REP<TAB>milliseconds
#   threads.tsv   REP<TAB>variant=ROW<TAB>thread name=µs per frame...
# Prints the aligned table (medians over the repetitions, each column on its own; min-max: the
# lowest and highest CPU µs/frame of the repetitions) and writes it
# as OUT.txt, OUT.tsv and OUT.md. Exits 1 when a cell could not be filled ("?", "failed",
# "not installed", or why strace could not count).
# Variables: out, header, have_gst, strace_problem.
BEGIN {
  nrows = split("floor v4l2-ctl gst-mmap gst-dmabuf raw-mmap raw-userptr raw-dmabuf stream-mmap stream-userptr stream-dmabuf", rows, " ")
  label["floor"] = "C loop (bench/floor.c)";               mem["floor"] = "MMAP"
  label["v4l2-ctl"] = "v4l2-ctl --stream-mmap";            mem["v4l2-ctl"] = "MMAP"
  label["gst-mmap"] = "gst v4l2src io-mode=mmap ! fakesink"; mem["gst-mmap"] = "MMAP"
  label["gst-dmabuf"] = "gst v4l2src io-mode=dmabuf ! fakesink"; mem["gst-dmabuf"] = "DMABUF"
  for (i = 5; i <= nrows; i++) {
    r = rows[i]; m = r; sub(/.*-/, "", m); mem[r] = toupper(m)
    label[r] = (r ~ /^raw/) ? "v4j Device/BufferQueue loop" : "v4j CaptureStream + listener"
  }
  ncols = split("program|memory|CPU µs/frame|min-max|thread µs/frame|fps|dropped|RSS MiB|heap B/frame|syscalls/frame|×C|×v4l2-ctl|thread ×C", head, "|")
}
FILENAME ~ /runs\.tsv$/ {
  r = $1
  if ($3 ~ /^error=/) { errors[r]++; err[r] = substr($3, 7); next }
  n = split($3, kv, " ")
  for (i = 1; i <= n; i++) { split(kv[i], p, "="); f[p[1]] = p[2] }
  k = ++runs[r]
  v[r, "cpu", k] = f["cpu_ns"] / 1000 / f["frames"]
  v[r, "thread", k] = f["thread_ns"] < 0 ? -1 : f["thread_ns"] / 1000 / f["frames"]
  v[r, "fps", k] = f["frames"] / f["seconds"]
  v[r, "dropped", k] = f["dropped"]
  v[r, "rss", k] = f["rss_kb"] / 1024
  v[r, "heap", k] = ("alloc_bytes" in f) ? f["alloc_bytes"] / f["frames"] : -2
  delete f
  next
}
FILENAME ~ /syscalls\.tsv$/ {
  if ($2 == "(all)") sys[$1] = $3
  else { nsys[$1]++; sysname[$1, nsys[$1]] = $2; sysper[$1, nsys[$1]] = $3 }
  next
}
FILENAME ~ /startup\.tsv$/ {
  if (!($1 in nstart)) startorder[++nstartcmds] = $1
  if ($3 ~ /^[0-9]+$/) start[$1, ++nstart[$1]] = $3; else { nstart[$1] += 0; startfail[$1]++ }
  next
}
FILENAME ~ /threads\.tsv$/ {
  r = $2; sub(/^variant=/, "", r); if (!(r in thr)) nthr++; thr[r] = ""
  for (i = 3; i <= NF && i <= 8; i++) thr[r] = thr[r] (i > 3 ? ", " : "") $i
  next
}
function median(r, what,   n, i, j, a, t) {
  n = runs[r]
  for (i = 1; i <= n; i++) a[i] = v[r, what, i]
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function lowest(r, what,   i, m) { m = v[r, what, 1]; for (i = 2; i <= runs[r]; i++) if (v[r, what, i] < m) m = v[r, what, i]; return m }
function highest(r, what,   i, m) { m = v[r, what, 1]; for (i = 2; i <= runs[r]; i++) if (v[r, what, i] > m) m = v[r, what, i]; return m }
function dlen(s,   t, n) { t = s; n = gsub(/[\200-\277]/, "", t); return length(s) - n }
function pad(s, w, left) { while (dlen(s) < w) s = left ? s " " : " " s; return s }
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f", a / b) : "?" }
END {
  cpuC = median("floor", "cpu"); cpuCtl = median("v4l2-ctl", "cpu"); thrC = median("floor", "thread")
  if (!runs["floor"]) cpuC = thrC = 0
  if (!runs["v4l2-ctl"]) cpuCtl = 0
  for (i = 1; i <= nrows; i++) {
    r = rows[i]
    cell[i, 1] = label[r]; cell[i, 2] = mem[r]
    # a row that has no figures says why in its first cell, and is reported as missing
    if (r ~ /^gst/ && !have_gst) { cell[i, 3] = "not installed"; for (c = 4; c <= ncols; c++) cell[i, c] = "-"; absent[i] = 1; continue }
    if (!runs[r]) { cell[i, 3] = "failed"; for (c = 4; c <= ncols; c++) cell[i, c] = "-"; absent[i] = 1; continue }
    cpu = median(r, "cpu"); thread = median(r, "thread")
    cell[i, 3] = sprintf("%.0f", cpu)
    cell[i, 4] = sprintf("%.0f-%.0f", lowest(r, "cpu"), highest(r, "cpu"))
    cell[i, 5] = thread < 0 ? "?" : sprintf("%.0f", thread)
    cell[i, 6] = sprintf("%.1f", median(r, "fps"))
    cell[i, 7] = sprintf("%d", median(r, "dropped"))
    cell[i, 8] = sprintf("%.1f", median(r, "rss"))
    heap = median(r, "heap")
    cell[i, 9] = heap == -2 ? "-" : sprintf("%.0f", heap)
    cell[i, 10] = strace_problem != "" ? strace_problem : (r in sys) ? sys[r] : "?"
    cell[i, 11] = ratio(cpu, cpuC); cell[i, 12] = ratio(cpu, cpuCtl); cell[i, 13] = ratio(thread, thrC)
  }
  for (c = 1; c <= ncols; c++) w[c] = dlen(head[c])
  for (i = 1; i <= nrows; i++) for (c = 1; c <= ncols; c++) if (dlen(cell[i, c]) > w[c]) w[c] = dlen(cell[i, c])
  txt = out ".txt"; tsv = out ".tsv"; md = out ".md"
  printf "" > txt; printf "" > tsv; printf "" > md
  print header > txt; print header > md; print "" > md
  line = ""; tline = ""; mline = "|"; sep = "|"
  for (c = 1; c <= ncols; c++) {
    line = line (c > 1 ? "  " : "") pad(head[c], w[c], c <= 2); tline = tline (c > 1 ? "\t" : "") head[c]
    mline = mline " " head[c] " |"; sep = sep (c <= 2 ? "---|" : "---:|")
  }
  print header; print line; print line > txt; print tline > tsv; print mline > md; print sep > md
  for (i = 1; i <= nrows; i++) {
    line = ""; tline = ""; mline = "|"; gaps = ""
    for (c = 1; c <= ncols; c++) {
      line = line (c > 1 ? "  " : "") pad(cell[i, c], w[c], c <= 2)
      tline = tline (c > 1 ? "\t" : "") cell[i, c]; mline = mline " " cell[i, c] " |"
      if (cell[i, c] == "?" || cell[i, c] == strace_problem) gaps = gaps (gaps == "" ? "" : ", ") head[c]
    }
    if (absent[i]) missing = missing " [" rows[i] ": " cell[i, 3] "]"
    else if (gaps != "") missing = missing " [" rows[i] ": " gaps "]"
    print line; print line > txt; print tline > tsv; print mline > md
  }
  # where the syscalls go, largest first
  print ""; print "syscalls per frame by call:"; print "" > md; print "Syscalls per frame by call:" > md; print "" > md
  for (i = 1; i <= nrows; i++) {
    r = rows[i]; n = nsys[r]; if (!n) continue
    for (a = 1; a <= n; a++) idx[a] = a
    for (a = 2; a <= n; a++) { t = idx[a]; for (b = a - 1; b >= 1 && sysper[r, idx[b]] + 0 < sysper[r, t] + 0; b--) idx[b + 1] = idx[b]; idx[b + 1] = t }
    s = ""
    for (a = 1; a <= n && a <= 8; a++) s = s (a > 1 ? ", " : "") sysname[r, idx[a]] " " sysper[r, idx[a]]
    printf "  %-15s %s\n", r, s; printf "  %-15s %s\n", r, s > txt; printf "- %s: %s\n", r, s > md
  }
  if (nthr) {
    print ""; print "v4j process CPU by thread, µs/frame (last repetition):"
    print "" > md; print "v4j process CPU by thread, µs/frame (last repetition):" > md; print "" > md
    for (i = 5; i <= nrows; i++) if (rows[i] in thr) {
      printf "  %-15s %s\n", rows[i], thr[rows[i]]; printf "  %-15s %s\n", rows[i], thr[rows[i]] > txt
      printf "- %s: %s\n", rows[i], thr[rows[i]] > md
    }
  }
  if (nstartcmds) {
    print ""; print "start-up, wall time start to exit of a one-frame capture (median ms):"
    print "" > md; print "Start-up, wall time start to exit of a one-frame capture (median ms):" > md; print "" > md
    for (i = 1; i <= nstartcmds; i++) {
      cmd = startorder[i]; n = nstart[cmd]
      for (a = 1; a <= n; a++) sv[a] = start[cmd, a]
      for (a = 2; a <= n; a++) { t = sv[a]; for (b = a - 1; b >= 1 && sv[b] > t; b--) sv[b + 1] = sv[b]; sv[b + 1] = t }
      ms = n ? (n % 2 ? sv[(n + 1) / 2] : (sv[n / 2] + sv[n / 2 + 1]) / 2) : "failed"
      if (cmd in startfail) ms = ms " (" startfail[cmd] " failed)"
      printf "  %-42s %s\n", cmd, ms; printf "  %-42s %s\n", cmd, ms > txt; printf "- `%s`: %s\n", cmd, ms > md
      delete sv
    }
  }
  for (r in errors) { printf "%s: %d run(s) failed: %s\n", r, errors[r], err[r]; printf "%s: %d run(s) failed: %s\n", r, errors[r], err[r] > txt }
  print ""; print "(also in " txt ", " tsv ", " md ")"
  if (missing != "") { print "bench: the table is incomplete:" missing > "/dev/stderr"; exit 1 }
}
