# The table of ./v4j bench --serve from serve.tsv ("server clients rep key=value..."): per server
# and client count the median of the repetitions, then v4j's ratios to ustreamer. Exit 1 when a
# cell could not be filled (an error row, or a server with no row for a client count).
function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n == 0 ? "" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
}
function cell(s, n, k,    v) { v = vals[s, n, k]; if (v == "") return "?"; if (v ~ /-/) return "-"; return median(v) }
{
  if ($4 ~ /^error=/) { errors = errors sprintf("%s with %d clients (repetition %d): %s\n", $1, $2, $3, substr($4, 7)); next }
  split($4, f, " ")
  for (i in f) { split(f[i], kv, "="); vals[$1, $2, kv[1]] = vals[$1, $2, kv[1]] " " kv[2] }
  seen[$1, $2] = 1
}
END {
  name["ustreamer"] = "ustreamer " ENVIRON["USTREAMER_VERSION"]; name["v4j"] = "v4j serve"
  print "v4j bench --serve: " header
  printf "%-16s %7s %9s %6s %14s %13s %9s %8s %9s\n", "server", "clients", "fps/client", "CPU %", "CPU ms/frame",
    "age ms (p95)", "first ms", "RSS MiB", "encoded/s"
  split("ustreamer v4j", servers, " "); split("0 1 4", counts, " ")
  for (s = 1; s <= 2; s++) for (c = 1; c <= 3; c++) {
    sv = servers[s]; n = counts[c]
    if (!((sv, n) in seen)) { missing = missing " " sv "/" n; continue }
    printf "%-16s %7d %9s %6s %14s %13s %9s %8s %9s\n", name[sv], n, n ? cell(sv, n, "fps") : "-", cell(sv, n, "cpu_pct"),
      cell(sv, n, "cpu_ms_per_frame"), n ? cell(sv, n, "age_ms") " (" cell(sv, n, "p95_ms") ")" : "-",
      cell(sv, n, "first_ms"), cell(sv, n, "rss_mib"), cell(sv, n, "encoded_per_s")
  }
  for (c = 2; c <= 3; c++) {
    n = counts[c]; u = cell("ustreamer", n, "cpu_ms_per_frame"); v = cell("v4j", n, "cpu_ms_per_frame")
    if (u + 0 > 0 && v != "?" && v != "-") ratios = ratios sprintf("%s%d client%s %.2fx", ratios ? ", " : "", n, n > 1 ? "s" : "", v / u)
  }
  if (ratios) print "v4j serve / ustreamer, CPU per served frame: " ratios
  printf "with no client: ustreamer %s %% CPU, v4j serve %s %% CPU and %s frames encoded a second\n",
    cell("ustreamer", 0, "cpu_pct"), cell("v4j", 0, "cpu_pct"), cell("v4j", 0, "encoded_per_s")
  if (errors != "") printf "%s", errors
  if (missing != "") print "no result for" missing
  exit (errors != "" || missing != "")
}
