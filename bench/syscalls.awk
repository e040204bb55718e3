# Syscalls per frame from an `strace -f -o FILE` of a bench run: counts every call (a line
# "PID name(" — an "<unfinished ...>" call counts once, its "<... resumed>" line not again)
# between the look-ups of /v4j-bench-window-start/NAME and /v4j-bench-window-end/NAME, which
# bench/probe.c and v4j's BenchWindow make when their window opens and closes (the marker calls
# themselves are not counted). Prints "NAME<TAB>syscall<TAB>per frame", and "NAME<TAB>(all)<TAB>per frame".
# Usage: awk -v frames=N -f bench/syscalls.awk FILE
/v4j-bench-window-start\// {
  name = $0; sub(/.*v4j-bench-window-start\//, "", name); sub(/".*/, "", name)
  counting = 1; total = 0; delete count; next
}
/v4j-bench-window-end\// {
  if (counting) {
    for (s in count) printf "%s\t%s\t%.2f\n", name, s, count[s] / frames
    printf "%s\t(all)\t%.2f\n", name, total / frames
  }
  counting = 0; next
}
counting && /^[0-9]+ +[a-z_0-9]+\(/ {
  s = $2; sub(/\(.*/, "", s); count[s]++; total++
}
